// `send --quiet` against hostile or broken servers: what reaches stderr is escaped, and one failure is one line.
import {afterEach, describe, expect, it} from 'vitest';
import {greetAndEhlo, startRawServer, type RawPeer, type RawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';

/** Characters that drive a terminal: ESC, BEL, C1 controls, and the right-to-left override. */
const TERMINAL_CONTROL = /[\x1b\x07\x80-\x9f\u202e]/;
const HOSTILE = '\x1b]0;PWN\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07 \x9b31m \u202eevil';

let server: RawServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function sendQuiet(script: (peer: RawPeer) => Promise<void>, extra: string[] = []) {
	server = await startRawServer(script);
	return runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'a@example.test', '--timeout', '5', '-q', ...extra]);
}

describe('send --quiet', () => {
	it('escapes a hostile banner as the transcript does', async () => {
		const result = await sendQuiet(async peer => {
			peer.write(`554 blocked ${HOSTILE}\r\n`);
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		expect(result.code).not.toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^failed \(banner\): the server refused service: 554 blocked /m);
		expect(result.stderr).not.toMatch(TERMINAL_CONTROL);
		expect(result.stderr).toContain('\\x1b]0;PWN\\x07\\x1b[2J');
		expect(result.stderr).toContain('\\u202eevil');
	});

	it('escapes a hostile RCPT refusal, after the error lines the summary does not say', async () => {
		const result = await sendQuiet(async peer => {
			await greetAndEhlo(peer, ['8BITMIME']);
			await peer.readLine();
			peer.write('250 ok\r\n');
			await peer.readLine();
			peer.write(`550 5.1.1 no ${HOSTILE}\r\n`);
			await peer.readLine();
			peer.end('221 bye\r\n');
		}, ['--insecure']);
		expect(result.code).toBe(24);
		// The --insecure error line is not in the summary: printed before it.
		expect(result.stderr).toMatch(/^certificate verification is OFF[^\n]*\nfailed \(rcpt\): [^\n]*\n$/);
		expect(result.stderr).not.toMatch(TERMINAL_CONTROL);
		expect(result.stderr).toContain('\\x1b]52;c;cHduZWQ=\\x07');
	});

	it('prints a STARTTLS injection once, as the summary, but still an error the summary does not say', async () => {
		const injecting = async (peer: RawPeer) => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n250 injected\r\n');
			await peer.closed();
		};
		const once = await sendQuiet(injecting);
		expect(once.code).not.toBe(0);
		expect(once.stderr).toMatch(/^failed \(tls\): the server sent more data after its 220 reply to STARTTLS[^\n]*\n$/);
		await server!.close();

		const insecure = await sendQuiet(injecting, ['--insecure']);
		expect(insecure.stderr).toMatch(/^certificate verification is OFF[^\n]*\nfailed \(tls\): the server sent more data after its 220 reply to STARTTLS[^\n]*\n$/);
	});
});
