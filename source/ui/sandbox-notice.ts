// What the log says when the sandbox has started: where it listens, what this dashboard does there, and a certificate
// it could not keep.
import type {Sandbox} from '../sandbox/server.js';
import type {ConnectionSettings} from './components/connection-form.js';

/** The log's lines for a sandbox started on `port`, with the panel's settings (undefined while invalid). */
export function sandboxNotice(started: Sandbox, port: number, panel: ConnectionSettings | undefined): string[] {
	// The address first and short: at 80 columns the log shows ~30 characters of it.
	// A password of the user's own (--password) is never shown; the public demo one is, also for a --user of one's own.
	const {user, password} = started.settings;
	const account = user === 'demo' && password === 'demo' ? 'demo/demo' : password === 'demo' ? `as ${user}, password demo` : `as ${user}, with the password given`;
	// What this dashboard does there: the sandbox offers STARTTLS and AUTH, and the panel may use neither.
	const tls = panel?.security === 'none' ? 'no STARTTLS: security none' : 'STARTTLS';
	const login = panel?.user === '' ? `no AUTH: no user (${account} logs in by hand)` : `AUTH ${account}`;
	// No certificate fingerprint: cut to the log's three rows, it ended in a hint to show all, read at start with the
	// focus in the composer, where x is typed; each TLS start logs it whole (`certificate SHA-256: …`), beside the panel's.
	const lines = [`sandbox at 127.0.0.1:${port} (${tls}; ${login})`];
	// The certificate only matters where TLS is used.
	const notKept = panel?.security === 'none' ? undefined : started.certificate?.notKept;
	// What it means first: the log shows a long line's first rows only.
	if (notKept !== undefined) lines.push(`warning: the sandbox certificate could not be kept, so its fingerprint changes at every start (SMTP_TUI_STATE_DIR names a writable folder): ${notKept}`);
	return lines;
}
