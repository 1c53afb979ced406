// README's "Quick tour": its lines that draw a screen, run as written in a real terminal (the built CLI): each shows
// what its comment says, and quits as the footer says, exit 0. A line of `inbox` that names no port listens on a free
// one here (a test takes no fixed port). The tour's other lines: test/headless/readme-quick-tour.test.ts.
import {describe, expect, test} from 'vitest';
import {tourLines, words} from '../helpers/readme-quick-tour.js';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';

const open = ptySessions();

/** The tour's line that starts so (it must be there, whole). */
function line(start: string): string[] {
	const found = tourLines().find(text => text === start || text.startsWith(`${start} `));
	if (found === undefined) throw new Error(`no "${start}" line in the Quick tour`);
	return words(found);
}

async function quits(session: PtySession, ...keys: string[]): Promise<void> {
	session.press(...keys);
	expect((await session.waitForExit()).code).toBe(0);
}

describe("README's Quick tour in a terminal", () => {
	test('the dashboard against the provider: its target and login shown; Ctrl+S first asks for the password', async () => {
		const session = open({args: line('smtp-tui --host smtp.example.com')});
		await untilKeysWork(session);
		expect(session.screenText()).toContain('STARTTLS required · smtp.example.com:587');
		session.press(KEY.ctrl('s'));
		await session.waitForText('Password: not set for me@example.com; type it');
		expect(session.screenText()).toContain('○ not connected');
		await quits(session, KEY.ctrl('c'));
	});

	test('the dashboard against port 25 of a mail server, in step mode', async () => {
		const session = open({args: line('smtp-tui --host mx.example.org')});
		await untilKeysWork(session, 'STEP');
		expect(session.screenText()).toContain('mx.example.org:25');
		await quits(session, KEY.ctrl('c'));
	});

	test('inbox: the sandbox with its inbox on the screen, STARTTLS and demo/demo; q quits', async () => {
		const session = open({args: [...line('smtp-tui inbox'), '--port', '0']});
		await session.waitForText(/listening on 127\.0\.0\.1:\d+ \(SMTP, STARTTLS\); AUTH demo\/demo/);
		await quits(session, 'q');
	});

	test("inbox with an app's settings: no TLS, any login, saving to ./mail", async () => {
		const session = open({args: [...line('smtp-tui inbox --no-starttls'), '--port', '0']});
		await session.waitForText(/listening on 127\.0\.0\.1:\d+ \(SMTP, no STARTTLS: --no-starttls\); AUTH any login/);
		await quits(session, 'q');
	});

	test('talk: the sandbox in-process, a prompt for SMTP typed by hand; Ctrl+D says QUIT', async () => {
		const session = open({args: line('smtp-tui talk')});
		await session.waitForText(/^smtp> $/m);
		expect(session.screenText()).toContain('<-  220 ');
		session.press(KEY.ctrl('d'));
		await session.waitForText('<-  221 ');
		expect((await session.waitForExit()).code).toBe(0);
	});

	test('replay: a bundled recording in the dashboard, with no network', async () => {
		const session = open({args: line('smtp-tui replay starttls-auth')});
		await untilKeysWork(session, 'STEP');
		expect(session.screenText()).toContain('REPLAY');
		await quits(session, KEY.ctrl('c'));
	});
});
