// What `serve`'s log adds to a line whose cause is serve's own setting, and how to change it. An app's mail library
// often says nothing useful (nodemailer reports a message sent when recipients over --max-recipients were refused;
// Python's login() says only "SMTP AUTH extension not supported"): the log line is where a developer learns it.
import type {RefusalLimit} from '../sandbox/events.js';
import type {SandboxSettings} from '../sandbox/settings.js';
import {groupDigits} from '../smtp/digits.js';
import {unbracketed} from '../transport/host-port.js';

/** The command running the sandbox, named where a hint says to start it again with other flags. */
export type ServeCommand = 'serve' | 'inbox';

/** After a refusal of serve's own limit; `settings` undefined (not started yet) leaves the number out. */
export function limitHint(limit: RefusalLimit, settings: SandboxSettings | undefined, command: ServeCommand = 'serve'): string {
	if (limit === 'max-size') {
		const bytes = settings ? ` of ${groupDigits(settings.maxSize)} bytes` : '';
		return ` (${command}'s --max-size${bytes}: start ${command} with a larger --max-size to take it)`;
	}
	const count = settings ? ` of ${groupDigits(settings.maxRecipients)}` : '';
	return ` (${command}'s --max-recipients${count}: a client may report the message sent without these recipients; start ${command} with a larger --max-recipients)`;
}

/**
 * After the disconnect of a client off loopback that was offered no AUTH (in clear), for an app that has a user name
 * and password set: how to give it TLS (`trust`: how to trust the certificate; undefined: serve offers no TLS), or
 * to set none. Logging in over the network in clear is not offered, whatever the flags.
 */
export function authNotOfferedHint(address: string, settings: SandboxSettings, trust: string | undefined, tlsPort: number | undefined, command: ServeCommand = 'serve'): string {
	const why = `AUTH was not offered to ${address}: it is not on loopback and the session was not in TLS, so an app set to log in could not (Python: "SMTP AUTH extension not supported")`;
	const none = 'or set no user name and password in the app';
	if (settings.starttls) return `${why}; have it use STARTTLS (${trust}), ${none}`;
	if (tlsPort !== undefined) return `${why}; have it log in with TLS on the --tls-port ${tlsPort} (${trust}), ${none}`;
	return `${why}; start ${command} without --no-starttls (or with --tls-port) and have the app use TLS, trusting the certificate ${command} then names, ${none}`;
}

/** After a disconnect during a TLS handshake: the client may not trust the certificate. */
export const handshakeDisconnectHint = (trust: string, command: ServeCommand = 'serve'): string =>
	`(the client may not trust the certificate: ${trust}, or start ${command} with --no-starttls)`;

/** The address of an event's `remote` ("192.0.2.7:51234", "[2001:db8::1]:51234"), without its port. */
export const remoteAddress = (remote: string): string => unbracketed(remote.replace(/:\d+$/, ''));
