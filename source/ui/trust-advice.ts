// The log's line after a refused certificate. The refusal's own advice is send's, in flags (--ca FILE, --insecure):
// in the dashboard they are the connection panel's CA file and Verify fields, used by the next Ctrl+S.
import {keyFor} from './keys/bindings.js';

/** `caGiven`: the refused connection trusted a CA file already, so another file is the fix, not "add one". */
export function trustAdvice(message: string, caGiven: boolean): string {
	const panel = `the connection panel (${keyFor('focus.next')} to it)`;
	const then = `then ${keyFor('session.send')}`;
	// Only the field the advice names: a CA file cannot make an expired certificate valid.
	if (message.includes('--ca')) {
		return caGiven
			? `set CA file in ${panel} to the file the advice above names (this one did not vouch for it), or Verify: off to test anyway; ${then}`
			: `set CA file in ${panel} to your CA's certificate (PEM), or Verify: off to test anyway; ${then}`;
	}
	// Not valid yet: a clock may be what is wrong, not the certificate.
	const fix = message.includes('certificate is not yet valid') ? 'check the clocks of this machine and the server' : 'the certificate itself must be fixed on the server';
	return `Verify: off in ${panel} tests anyway; ${fix}`;
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
