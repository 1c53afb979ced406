// A refused certificate's remedy (tls-info's trustRemedy, decided once for send and the dashboard) in the dashboard's
// words: send's flags (--ca FILE, --insecure) are the connection panel's CA file and Verify fields here, used by the
// next Ctrl+S. The log's line and the presenter's next line word the same remedy for their place.
import type {TrustRemedy} from '../transport/tls-info.js';
import {keyFor} from './keys/bindings.js';

/**
 * The log's line after the refusal. `caGiven`: the refused connection trusted a CA file already, so another file is
 * the fix, not "add one". Undefined `remedy` (a recording made before remedies were kept): the certificate's own fix.
 */
export function trustAdvice(remedy: TrustRemedy | undefined, caGiven: boolean): string {
	const panel = `the connection panel (${keyFor('focus.next')} to it)`;
	const then = `then ${keyFor('session.send')}`;
	const orTest = `or Verify: off to test anyway; ${then}`;
	switch (remedy) {
		case 'add-ca':
		case 'missing-issuer':
		case 'other-ca':
		case 'own-certificate':
			return caGiven
				? `set CA file in ${panel} to the file the advice above names (this one did not vouch for it), ${orTest}`
				: `set CA file in ${panel} to your CA's certificate (PEM), ${orTest}`;
		case 'ca-not-root':
			return `set CA file in ${panel} to a file that also holds the root above that CA, ${orTest}`;
		case 'name':
			return `set Host in ${panel} to a name the certificate lists, ${orTest}`;
		// A CA file cannot make a certificate valid that is not yet: a clock may be what is wrong.
		case 'clock':
			return `Verify: off in ${panel} tests anyway; check the clocks of this machine and the server`;
		default:
			return `Verify: off in ${panel} tests anyway; the certificate itself must be fixed on the server`;
	}
}

/** The presenter's next line after the refusal: short, the log has the whole reason. */
export function trustNext(remedy: TrustRemedy | undefined): string {
	switch (remedy) {
		// A leaf sent alone: a private CA (the likelier, and a CA file fixes it) or a missing intermediate (the server's fix).
		case 'missing-issuer':
			return "next: no trusted CA issued it; set the panel's CA file to your CA (for an intermediate: it and its root), or Verify: off; or fix the server's chain";
		case 'add-ca':
			return `next: the certificate is not trusted; set CA file in the connection panel to your CA (or Verify: off), then ${keyFor('session.send')}`;
		case 'ca-not-root':
			return "next: the CA file holds the issuing CA but not its root; set the panel's CA file to one that also holds the root (or Verify: off)";
		case 'other-ca':
			return "next: the CA file did not issue this certificate; set the panel's CA file to the one that did (or Verify: off)";
		case 'own-certificate':
			return "next: the CA file holds the server's own certificate; set the panel's CA file to the CA that issued it (or Verify: off)";
		case 'name':
			return 'next: the certificate is for another name (see the log); connect by a name it lists (or Verify: off in the connection panel)';
		case 'clock':
			return 'next: the certificate is not valid yet (see the log for from when); check the clock of this machine and of the server, or set Verify: off in the connection panel';
		default:
			return 'next: the certificate was refused (see the log for why); it must be fixed on the server, or set Verify: off in the connection panel to test anyway';
	}
}

/** A refusal's advice as the footer says it: send's flags are the connection panel's fields here. */
export function inPanelWords(message: string): string {
	if (!message.includes('--ca') && !message.includes('--insecure')) return message;
	return message
		.replace(/the (?:file|CA) given with --ca/g, 'the CA file')
		.replace(/use --ca FILE with its certificate/g, 'set CA file (connection panel) to its certificate')
		.replace(/use --ca FILE/g, 'set CA file (connection panel)')
		.replace(/give --ca /g, 'set CA file to ')
		.replace(/(?:use )?--insecure to (skip verification|test anyway)/g, 'Verify: off to $1');
}
