// A refused certificate's remedy (tls-info's trustRemedy, decided once for send and the dashboard) in the dashboard's
// words: send's flags (--ca FILE, --insecure) are the connection panel's CA file and Verify fields here, used by the
// next Ctrl+S. The log's line and the presenter's next line word the same remedy for their place.
import type {TrustMessage} from '../session/tls-failure.js';
import {SOCKET_NO_NAME, type TrustRemedy, type WrongName} from '../transport/tls-info.js';
import {focusOrder} from './components/dashboard-state.js';
import {keyFor} from './keys/bindings.js';
import {keyToPanel, type FocusPlace} from './keys/key-to-panel.js';

/** Ctrl+S pressed in the composer, the panels of auto mode with the sandbox's inbox. */
const FROM_COMPOSER: FocusPlace = {focus: 'composer', order: focusOrder('auto', true)};

/** Host set to a name the certificate lists, in the panel's words: "a name it lists (e.g. localhost)". */
const listedName = (wrongName: WrongName) => `a name the certificate lists${wrongName.listed ? ` (e.g. ${wrongName.listed})` : ''}`;

/**
 * The Host fix when the name was wrong as well as the CA: both are said, or the next Ctrl+S is refused for the other.
 * None over a Unix socket, which no certificate can name (another Host would leave the socket).
 */
const hostToo = (wrongName: WrongName | undefined) => (wrongName && !wrongName.socket ? `, and Host to ${listedName(wrongName)}` : '');

/**
 * A room's `smtp-tui serve` (its greeting says so) has no CA: its own certificate.pem is the CA file to trust, which
 * "your CA's certificate" would leave a student looking for.
 */
const SANDBOX_FILE = "this sandbox's certificate.pem (the file its serve names, or your copy)";

/**
 * The advice after a refused certificate: the log's line after the refusal, and the footer's. `caGiven`: the refused
 * connection trusted a CA file already, so another file is the fix, not "add one". Undefined `remedy` (a recording made before remedies were kept): the certificate's own fix.
 * `wrongName`: the certificate does not list the Host either. `place`: where the focus is (the composer if not given).
 * `sandbox`: the server greeted as an smtp-tui sandbox.
 */
export function trustAdvice(remedy: TrustRemedy | undefined, caGiven: boolean, wrongName?: WrongName, place: FocusPlace = FROM_COMPOSER, sandbox = false): string {
	const key = keyToPanel(place);
	const panel = `the connection panel${key ? ` (${key} to it)` : ''}`;
	const then = `then ${keyFor('session.send')}`;
	const orTest = `or Verify: off to test anyway; ${then}`;
	const host = hostToo(wrongName);
	switch (remedy) {
		case 'add-ca':
		case 'missing-issuer':
		case 'other-ca':
		case 'own-certificate':
			if (sandbox) return `set CA file in ${panel} to ${SANDBOX_FILE}${host}, ${orTest}`;
			return caGiven
				? `set CA file in ${panel} to the CA that issued it${host}, ${orTest}`
				: `set CA file in ${panel} to your CA's certificate (PEM)${host}, ${orTest}`;
		case 'ca-not-root':
			return `set CA file in ${panel} to a file that also holds the root above that CA${host}, ${orTest}`;
		case 'name':
			return wrongName?.socket ? `${SOCKET_NO_NAME}: Verify: off in ${panel} connects anyway; ${then}` : `set Host in ${panel} to ${listedName(wrongName ?? {})}, ${orTest}`;
		// A CA file cannot make a certificate valid that is not yet: a clock may be what is wrong.
		case 'clock':
			return `Verify: off in ${panel} tests anyway; check the clocks of this machine and the server`;
		default:
			return `Verify: off in ${panel} tests anyway; the certificate itself must be fixed on the server`;
	}
}

/** The presenter's next line after the refusal: short, the log has the whole reason. `wrongName` and `sandbox` as for trustAdvice. */
export function trustNext(remedy: TrustRemedy | undefined, wrongName?: WrongName, sandbox = false): string {
	const host = wrongName && !wrongName.socket ? ` and Host to ${wrongName.listed ?? 'a name it lists'}` : '';
	const otherName = wrongName && !wrongName.socket ? ', nor for this host name' : '';
	if (sandbox && (remedy === 'missing-issuer' || remedy === 'add-ca' || remedy === 'other-ca' || remedy === 'own-certificate')) {
		return `next: the sandbox's certificate is not trusted yet${otherName}: set the panel's CA file to its certificate.pem (the file its serve names)${host} (or Verify: off)`;
	}
	switch (remedy) {
		// A leaf sent alone: a private CA (the likelier, and a CA file fixes it) or a missing intermediate (the server's fix).
		case 'missing-issuer':
			return `next: no trusted CA issued it${otherName}; set the panel's CA file to your CA (for an intermediate: it and its root)${host}, or Verify: off; or fix the server's chain`;
		case 'add-ca':
			return `next: the certificate is not trusted${otherName}; set CA file in the connection panel to your CA${host} (or Verify: off), then ${keyFor('session.send')}`;
		case 'ca-not-root':
			return `next: the CA file holds the issuing CA but not its root${otherName}; set the panel's CA file to one that also holds the root${host} (or Verify: off)`;
		case 'other-ca':
			return `next: the CA file did not issue this certificate${otherName}; set the panel's CA file to the one that did${host} (or Verify: off)`;
		case 'own-certificate':
			return `next: the CA file holds the server's own certificate${otherName}; set the panel's CA file to the CA that issued it${host} (or Verify: off)`;
		case 'name':
			if (wrongName?.socket) return 'next: a Unix socket has no host name to check the certificate against: set Verify: off in the connection panel to connect anyway';
			return `next: the certificate is for another name (see the log); connect by a name it lists${wrongName?.listed ? ` (e.g. ${wrongName.listed})` : ''} (or Verify: off in the connection panel)`;
		case 'clock':
			return 'next: the certificate is not valid yet (see the log for from when); check the clock of this machine and of the server, or set Verify: off in the connection panel';
		default:
			return 'next: the certificate is not trusted (see the log for why); it must be fixed on the server, or set Verify: off in the connection panel to test anyway';
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
		.replace(/connect by a name the certificate lists \(e\.g\. --host ([^)]+)\)/g, 'set Host (connection panel) to a name the certificate lists (e.g. $1)')
		.replace(/(?:use )?--insecure to (skip verification|test anyway)/g, 'Verify: off to $1');
}

/**
 * send's advice that names only what to set, which the log's next line (trustAdvice) gives in the panel's words:
 * said again in the error line, it would only say it twice.
 */
const SETTINGS_ONLY = [/^use --ca FILE to trust it, or --insecure to skip verification$/, /^use --insecure to skip verification$/, /^connect by a name the certificate lists(?: \(e\.g\. --host [^)]+\))?, or use --insecure to skip verification$/];

/** send's closing advice after what its hint tells ("…: give --ca the CA that issued it, or use --insecure …"): the next line gives it. */
const SETTINGS_TAIL = /(?:: give --ca the CA that issued it)?[,;] or use --insecure to (?:skip verification|test anyway)$/;

/** The dashboard's one name for a refused certificate, in panel, log and footer: "certificate not trusted: REASON". */
export const untrustedWords = (reason: string | undefined) => `certificate not trusted${reason ? `: ${reason}` : ''}`;

/**
 * The log's line for a refused certificate in the dashboard: "certificate not trusted for 127.0.0.1: self-signed
 * certificate; certificate: CN=localhost, …; SHA-256 …", the term the panel and the footer use. send's advice goes
 * where it only names flags (the next line says what to set in the panel); what more it tells (whose CA the chain
 * ends at, a CA file that holds the server's own certificate) stays, in the panel's words.
 */
export function dashboardTrustWords({host, reason, hint, rest}: TrustMessage): string {
	const told = hint.replace(SETTINGS_TAIL, '');
	const advice = SETTINGS_ONLY.some(only => only.test(hint)) ? '' : ` (${inPanelWords(told)})`;
	return `${untrustedWords(undefined)} for ${host}: ${reason}${advice}${rest}`;
}
