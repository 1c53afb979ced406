// The command an empty `smtp-tui inbox` offers to try it with: `smtp-tui send` aimed at this server as it was started
// (its address and port, its certificate as --ca), so that the first try is delivered rather than refused at the
// certificate (a bare `send --server 127.0.0.1 --port N` does STARTTLS, and the sandbox's certificate is its own).
import {isWildcard} from '../headless/own-addresses.js';
import type {Sandbox} from '../sandbox/server.js';
import {shellWord} from '../text/shell-word.js';

/** Where a client on this machine reaches a listener: loopback for one on every address. */
function reachHere(host: string): string {
	return isWildcard(host) ? '127.0.0.1' : host;
}

/** The flags that trust the server's TLS, or leave it out where no file holds its certificate. */
function trustFlags({certificate, settings}: Pick<Sandbox, 'certificate' | 'settings'>): string[] {
	if (!settings.starttls || !certificate) return [];
	// A certificate made for this run only is in no file: plain SMTP where the server allows it, else unverified
	// (send logs in only inside TLS).
	if (certificate.notKept !== undefined) return [settings.requireTls || settings.requireAuth ? '--insecure' : '--no-starttls'];
	return ['--ca', shellWord(certificate.path)];
}

/** The login, where the server asks for one: the demo password is public; one of the user's own, send asks for. */
function loginFlags({settings}: Pick<Sandbox, 'settings'>): string[] {
	if (!settings.requireAuth) return [];
	if (settings.anyLogin) return ['--user', 'you', '--password', 'any'];
	return ['--user', shellWord(settings.user), ...(settings.password === 'demo' ? ['--password', 'demo'] : [])];
}

/** `smtp-tui send …` that reaches this sandbox from this machine and is delivered. */
export function trySendCommand(sandbox: Pick<Sandbox, 'listeners' | 'certificate' | 'settings'>): string {
	const [listener] = sandbox.listeners;
	const lmtp = sandbox.settings.lmtp ? ['--lmtp'] : [];
	// A Unix socket offers no STARTTLS.
	const where = listener?.socket !== undefined ? ['--socket', shellWord(listener.socket)] : ['--server', reachHere(listener?.host ?? '127.0.0.1'), '--port', String(listener?.port ?? 2525), ...trustFlags(sandbox)];
	return ['smtp-tui send', ...where, ...lmtp, ...loginFlags(sandbox), '--to', 'you@example.test'].join(' ');
}
