// What `serve`'s log adds to a line whose cause is serve's own setting, and how to change it. An app's mail library
// often says nothing useful (nodemailer reports a message sent when recipients over --max-recipients were refused;
// Python's login() says only "SMTP AUTH extension not supported"): the log line is where a developer learns it.
import type {RefusalLimit} from '../sandbox/events.js';
import {recipeFor} from '../sandbox/recipes.js';
import type {SandboxSettings} from '../sandbox/settings.js';
import {groupDigits} from '../smtp/digits.js';
import {shellWord} from '../text/shell-word.js';

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
 * After a recipient refused by an address recipe whose reply does not name it (nobody@, full@, grey@ answer as a real
 * server would): an app's own nobody@example.com gets it too, and would look like a bug of the app or the sandbox.
 * Only the recipe's own reply, which names the address (`text`: the reply's, without its code): a 503 for want of
 * MAIL, or a 501 to a bad parameter, is no recipe's doing.
 */
export function recipeHint(line: string | undefined, text: string): string {
	const address = /<([^>]*)>/.exec(line ?? '')?.[1];
	const recipe = address === undefined || !text.includes(`<${address}>:`) ? undefined : recipeFor(address);
	return recipe === 'nobody' || recipe === 'full' || recipe === 'grey'
		? ` (${recipe}@ is an address recipe: every sandbox answers it so, on any domain; smtp-tui serve --help lists them)`
		: '';
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

/**
 * After the disconnect of a client that began with a TLS handshake: an app set for implicit TLS (nodemailer's
 * secure: true, Python's SMTP_SSL, Django's EMAIL_USE_SSL), whose own error says only "wrong version number".
 */
export const IMPLICIT_TLS_CAUSE = 'the client began a TLS handshake, as on an implicit-TLS port (465), but this port speaks SMTP first';

/** What to set for a client set for implicit TLS: under a line that said IMPLICIT_TLS_CAUSE, its disconnect says this alone. */
export function implicitTlsRemedy(tlsPort: number | undefined, command: ServeCommand = 'serve'): string {
	const plain = 'set it to plain SMTP here, with STARTTLS or without (nodemailer: secure: false; Python: smtplib.SMTP, not SMTP_SSL; Django: EMAIL_USE_SSL = False)';
	return tlsPort === undefined ? `${plain}, or start ${command} with --tls-port N and point it there` : `point it at the --tls-port ${tlsPort}, or ${plain}`;
}

/** After the disconnect of a client that left at the EHLO reply of a --no-starttls server: it may require STARTTLS. */
export function noStarttlsHint(command: ServeCommand = 'serve'): string {
	return `the client left after EHLO, whose reply offered no STARTTLS (--no-starttls): an app set to require it gives up here (Python: "STARTTLS extension not supported by server"); set it to use no TLS (Django: EMAIL_USE_TLS = False; Rails: enable_starttls: false), or start ${command} without --no-starttls and give the app its certificate as CA`;
}

/**
 * After the port asked for was taken. With --save-dir DIR (and `flag` --port) that is most often the serve already
 * saving to DIR: --port 0 alone would start a second catcher on a port the app does not send to, which never shows
 * that one's mail. An inbox, there to show the mail an app sends to that port, is told so without --save-dir too.
 */
export function portTakenHint(flag: '--port' | '--tls-port', saveDir?: string, command: ServeCommand = 'serve'): string {
	if (saveDir === undefined && command === 'inbox' && flag === '--port') {
		return "another sandbox may be running there, showing the mail sent to that port in its own output (a serve's log, another inbox): stop it and start this inbox again to catch that mail here; --port 0 would start a second catcher, which gets only the mail sent to its own port (the top line names it)";
	}
	if (saveDir === undefined) return `another sandbox may be running there; ${flag} 0 picks a free port`;
	const dir = shellWord(saveDir);
	const list = `smtp-tui inbox --save-dir ${dir} --wait 0`;
	return command === 'inbox'
		? `another sandbox may be running there: if it is a serve saving to ${dir}, stop it and start this inbox again, which lists the mail saved there and catches the next (or, leaving it running, "${list}" lists what it saved); --port 0 would start a second catcher, which never gets that one's mail`
		: `another sandbox may be running there: if it saves to ${dir}, the mail is saved there already ("${list}" lists it); --port 0 starts a second sandbox on a free port, which gets only the mail sent to that port`;
}

/** After a disconnect during a TLS handshake: the client may not trust the certificate. */
export const handshakeDisconnectHint = (trust: string, command: ServeCommand = 'serve'): string =>
	`(the client may not trust the certificate: ${trust}, or start ${command} with --no-starttls)`;
