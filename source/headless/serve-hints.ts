// What `serve`'s log adds to a line whose cause is serve's own setting, and how to change it. An app's mail library
// often says nothing useful (nodemailer reports a message sent when recipients over --max-recipients were refused;
// Python's login() says only "SMTP AUTH extension not supported"): the log line is where a developer learns it.
import type {RefusalLimit} from '../sandbox/events.js';
import type {SandboxSettings} from '../sandbox/settings.js';
import {groupDigits} from '../smtp/digits.js';

/** After a refusal of serve's own limit; `settings` undefined (not started yet) leaves the number out. */
export function limitHint(limit: RefusalLimit, settings: SandboxSettings | undefined): string {
	if (limit === 'max-size') {
		const bytes = settings ? ` of ${groupDigits(settings.maxSize)} bytes` : '';
		return ` (serve's --max-size${bytes}: start serve with a larger --max-size to take it)`;
	}
	const count = settings ? ` of ${groupDigits(settings.maxRecipients)}` : '';
	return ` (serve's --max-recipients${count}: a client may report the message sent without these recipients; start serve with a larger --max-recipients)`;
}

/**
 * After the disconnect of a client off loopback that was offered no AUTH (in clear), for an app that has a user name
 * and password set: how to give it TLS (`trust`: how to trust the certificate; undefined: serve offers no TLS), or
 * to set none. Logging in over the network in clear is not offered, whatever the flags.
 */
export function authNotOfferedHint(address: string, settings: SandboxSettings, trust: string | undefined, tlsPort: number | undefined): string {
	const why = `AUTH was not offered to ${address}: it is not on loopback and the session was not in TLS, so an app set to log in could not (Python: "SMTP AUTH extension not supported")`;
	const none = 'or set no user name and password in the app';
	if (settings.starttls) return `${why}; have it use STARTTLS (${trust}), ${none}`;
	if (tlsPort !== undefined) return `${why}; have it log in with TLS on the --tls-port ${tlsPort} (${trust}), ${none}`;
	return `${why}; start serve without --no-starttls (or with --tls-port) and have the app use TLS, trusting the certificate serve then names, ${none}`;
}

/** The address of an event's `remote` ("192.0.2.7:51234", "[2001:db8::1]:51234"), without its port. */
export const remoteAddress = (remote: string): string => remote.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
