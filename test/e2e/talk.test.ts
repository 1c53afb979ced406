// `smtp-tui talk` at a terminal: the built CLI in a real pty, read through a headless xterm. Lines are appended,
// never redrawn: no alternate screen, no clearing.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {KEY, ptySessions} from '../helpers/pty.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const open = ptySessions();
let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
});

describe('smtp-tui talk in a terminal', () => {
	test('a typed command gets its reply appended under it; a 334 is answered unechoed; Ctrl+D says QUIT', async () => {
		const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(server.port)]});
		await session.waitForText(/^smtp> $/m);
		session.press('EHLO client.example.test', KEY.enter);
		await session.waitForText('    # 250: hello accepted');
		const screen = session.screenLines();
		const typed = screen.indexOf('smtp> EHLO client.example.test');
		expect(typed).toBeGreaterThan(-1);
		expect(screen[typed + 1]).toBe(' -> EHLO client.example.test');
		expect(screen[typed + 2]).toMatch(/^<- {2}250-/);

		session.press('AUTH LOGIN', KEY.enter);
		await session.waitForText(/^answer \(hidden\)> $/m);
		session.press('ZGVtbw==', KEY.enter);
		await session.waitForText('"Password:"');
		session.press('ZGVtbw==', KEY.enter);
		await session.waitForText('<-  235 ');
		// Neither the echo nor the transcript shows the answers.
		expect(session.screenText()).not.toContain('ZGVtbw==');
		expect(session.screenText()).toContain(' -> [redacted]');

		session.press(KEY.ctrl('d'));
		await session.waitForText('<-  221 ');
		expect((await session.waitForExit()).code).toBe(0);
		expect(session.bufferType()).toBe('normal');
		expect(session.raw).not.toContain('\u001B[?1049h');
		expect(session.raw).not.toContain('\u001B[2J');
	});
});
