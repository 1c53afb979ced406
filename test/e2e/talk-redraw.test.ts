// `smtp-tui talk`: a reply that arrives while the user is typing is printed above the line typed, and the line comes
// again under it as it was, cursor in place: on a narrow terminal too, where it wraps, and edits after it redraw it
// where it now is (readline's own redraw moved up into the reply's rows and cleared them).
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, type PtySession} from '../helpers/pty.js';
import {greetAndEhlo, startRawServer} from '../helpers/raw-server.js';

const open = ptySessions();

/**
 * talk on a 40-column terminal, NOOP sent and its reply held; `keys` typed one at a time meanwhile (readline redraws
 * a line as it wraps), then the reply let go. `edit` runs once the line is back; then Enter. Returns the lines the
 * server read after NOOP, and the screen's rows from the reply on, as `edit` left them.
 */
async function typedWhileAwaited(keys: readonly string[], edit: (session: PtySession) => Promise<void>): Promise<{sent: string; rows: string[]}> {
	let answerNoop!: () => void;
	const noopAnswered = new Promise<void>(resolve => (answerNoop = resolve));
	const sent: string[] = [];
	const raw = await startRawServer(async peer => {
		await greetAndEhlo(peer);
		await peer.readLine();
		await noopAnswered;
		peer.write('250 2.0.0 still here\r\n');
		sent.push(await peer.readLine());
		peer.write('250 2.1.0 ok\r\n');
		await peer.readLine();
		peer.end('221 bye\r\n');
	});
	try {
		const session = open({args: ['talk', '--host', '127.0.0.1', '--port', String(raw.port)], cols: 40});
		await session.waitForText(/^smtp> $/m);
		session.press('EHLO client.example.test', KEY.enter);
		await session.waitForText('# 250: hello accepted');
		await session.waitForText(/^smtp> $/m);
		session.press('NOOP', KEY.enter);
		await session.waitForText(' -> NOOP');
		// One at a time, as typed: each after readline has answered the one before (echoed it, or moved the cursor).
		for (const key of keys) {
			const before = session.raw.length;
			session.press(key);
			await session.waitFor(() => session.raw.length > before, 10_000, `readline's answer to ${JSON.stringify(key)}`);
		}
		await session.waitFor(screen => screen.trimEnd().endsWith('test>'), 10_000, 'the line typed ahead');
		answerNoop();
		await session.waitForText('still here');
		await session.waitFor(screen => screen.includes('smtp> MAIL FROM:'), 10_000, 'the prompt again');
		await edit(session);
		const screen = session.screenLines();
		const rows = screen.slice(screen.indexOf('<-  250 2.0.0 still here'));
		session.press(KEY.enter);
		await session.waitForText('2.1.0 ok');
		session.press('QUIT', KEY.enter);
		await session.waitForExit();
		return {sent: sent[0]!, rows};
	} finally {
		await raw.close();
	}
}

/** The reply to NOOP, on 40 columns. */
const REPLY = ['<-  250 2.0.0 still here', '    # 250: OK: nothing done, the connect', 'ion is alive; 2.0.0 success'];

describe('smtp-tui talk: a reply while typing', () => {
	test('a wrapped line with its cursor moved back stays whole under the reply, and a key goes where the cursor is', async () => {
		// 49 columns, on two rows, the cursor moved back on the second.
		const typed = 'MAIL FROM:<someone.with.a.long.name@example.test>';
		const {sent, rows} = await typedWhileAwaited([...typed, ...Array.from({length: 4}, () => KEY.left)], async session => {
			session.press('X');
			await session.waitForText('example.tXest>');
		});
		expect(rows.slice(0, 5)).toEqual([...REPLY, 'smtp> MAIL FROM:<someone.with.a.long.nam', 'e@example.tXest>']);
		expect(sent).toBe('MAIL FROM:<someone.with.a.long.name@example.tXest>');
	});

	test('a line on one row that the prompt makes wrap is edited in place, not drawn again below itself', async () => {
		// 37 columns typed ahead with no prompt; 43 with it.
		const typed = 'MAIL FROM:<someone.long@example.test>';
		const {sent, rows} = await typedWhileAwaited([...typed], async session => {
			session.press(KEY.backspace, KEY.backspace, '>');
			await session.waitFor(screen => screen.trimEnd().endsWith('s>'), 10_000, 'the line edited');
		});
		expect(rows.slice(0, 6)).toEqual([...REPLY, 'smtp> MAIL FROM:<someone.long@example.te', 's>', '']);
		expect(sent).toBe('MAIL FROM:<someone.long@example.tes>');
	});
});
