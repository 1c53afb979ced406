// The dashboard with --bdat (RFC 3030): against a server that offers CHUNKING the rail's DATA reads BDAT and step
// mode offers each chunk's BDAT line as a step (which chunk of how many, never editable), whose Esc keeps the connection (RSET comes next, not a close);
// against the sandbox, which offers no CHUNKING, the start note says DATA goes there.
import {afterEach, describe, expect, test} from 'vitest';
import {bdatMessage, bdatServer, newBdatSeen} from '../helpers/bdat-server.js';
import {confirmStep, KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';
import {startRawServer, type RawServer} from '../helpers/raw-server.js';
import {stopHint} from '../../source/ui/components/dashboard.js';
import {MESSAGE_STOP} from '../../source/ui/key-hints.js';

const open = ptySessions();
let server: RawServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe('the dashboard with --bdat', () => {
	test('step mode: each BDAT line is offered before it goes; the rail reads BDAT; the message arrives whole', async () => {
		const seen = newBdatSeen();
		server = await startRawServer(bdatServer({}, seen));
		const session = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--bdat', '--chunk-size', '100', '--mode', 'step', '--fresh']});
		await untilKeysWork(session, 'STEP');
		session.press(KEY.ctrl('s'));
		// EHLO, MAIL, RCPT: each a step; then the first chunk's line.
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO']) {
			await session.waitForText(`about to send: ${line}`);
			await confirmStep(session);
		}
		// Which chunk it is, and of how many (the typed message's size is exact): every line reads BDAT 100.
		const first = await session.waitForText(/about to send chunk 1 of \d+: BDAT 100\s/);
		const count = Number(/chunk 1 of (\d+)/.exec(first)![1]);
		expect(count).toBeGreaterThan(2);
		expect(first.split('\n')[0]).toContain('✔ RCPT ▸ BDAT ○ message');
		// e edits no chunk, and says why.
		session.press('e');
		await session.waitForText('e cannot edit a BDAT chunk: its count must match the octets that follow it');
		await confirmStep(session);
		for (let index = 2; ; index++) {
			const screen = await session.waitFor(s => s.includes(`about to send chunk ${index} of ${count}: BDAT`) || s.includes('✔ queued'), 10_000, `chunk ${index} of ${count}, or the end`);
			if (screen.includes('✔ queued')) break;
			await confirmStep(session);
			if (/BDAT \d+ LAST/.test(screen)) break;
		}
		await session.waitForText('✔ queued');
		expect(seen.chunks).toHaveLength(count);
		expect(seen.chunks.at(-1)?.line).toMatch(/^BDAT \d+ LAST$/);
		expect(seen.chunks.slice(0, -1).every(chunk => chunk.line === 'BDAT 100')).toBe(true);
		expect(bdatMessage(seen).toString('utf8')).toContain('Subject: Hello from smtp-tui');
	});

	test('Ctrl+P shows what BDAT sends: no stuffed dot, no final "."; before connecting it says BDAT goes only if CHUNKING is offered', async () => {
		server = await startRawServer(bdatServer({}, newBdatSeen()));
		const session = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--bdat', '--chunk-size', '100', '--mode', 'step', '--fresh'], cols: 100, rows: 30});
		await untilKeysWork(session, 'STEP');
		// A body line of a lone "." (as QA typed it): DATA would send it as "..", BDAT sends it as it is.
		session.press(...Array.from({length: 7}, () => KEY.down), '.', KEY.enter);
		session.press(KEY.ctrl('p'));
		const before = await session.waitForText(/BDAT: [\d,]+ octets in \d+ chunks of 100/);
		const composer = (screen: string) => screen.split('\n').map(row => row.slice(0, 45));
		expect(before).not.toContain('DATA: ');
		expect(composer(before).join(' ').replace(/[║\s]+/g, ' ')).toContain('with --bdat: shown as BDAT chunks, which go if the server offers CHUNKING; else by DATA');
		expect(composer(before).some(row => /^║ \.\s+║$/.test(row))).toBe(true);
		expect(composer(before).some(row => /^║ \.\.\s/.test(row))).toBe(false);
		// Connected, the server offers CHUNKING: BDAT for certain, the note gone.
		session.press(KEY.ctrl('p'));
		await session.waitFor(screen => !screen.includes('BDAT: '), 10_000, 'the preview to close');
		session.press(KEY.ctrl('s'));
		await session.waitForText('about to send: EHLO');
		await confirmStep(session);
		await session.waitForText('about to send: MAIL FROM');
		session.press(KEY.ctrl('p'));
		const after = await session.waitForText(/BDAT: [\d,]+ octets in \d+ chunks of 100/);
		expect(after).not.toContain('if the server offers CHUNKING');
		expect(after).not.toContain('DATA: ');
	});

	test('a chunk refused: the status row names BDAT, as the rail does, not DATA', async () => {
		server = await startRawServer(bdatServer({refuse: {chunk: 2, reply: '552 5.3.4 Message size exceeds fixed limit'}}, newBdatSeen()));
		const session = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--bdat', '--chunk-size', '100', '--fresh'], cols: 100, rows: 30});
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		// The status row, not the log's line: the log may be drawn a frame before the result reaches the status row.
		const screen = await session.waitForText(/✖ Not sent \((BDAT|DATA)\)/);
		expect(screen).toContain('✖ Not sent (BDAT): BDAT was refused at chunk 2');
		expect(screen).not.toContain('Not sent (DATA)');
	});

	test('against the sandbox: the start note says the message goes by DATA there', async () => {
		const session = open({args: ['--bdat']});
		await untilKeysWork(session);
		const log = (screen: string) => screen.split('\n').map(row => row.slice(46)).join(' ').replace(/[│\s]+/g, ' ');
		const screen = await session.waitFor(s => log(s).includes('with a warning'));
		expect(log(screen)).toContain('BDAT on (--bdat), but the sandbox offers no CHUNKING: its messages go by DATA, with a warning');
		// The preview shows DATA's bytes there, and says why.
		session.press(KEY.ctrl('p'));
		const preview = await session.waitForText('DATA: ');
		expect(preview.split('\n').map(row => row.slice(0, 45)).join(' ').replace(/[║\s]+/g, ' ')).toContain('with --bdat, but the sandbox offers no CHUNKING: the message goes by DATA');
	});

	test('--record is refused with --bdat, before the dashboard opens (its replay could not play the chunks)', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', '1', '--bdat', '--record', 'session.jsonl']});
		expect((await session.waitForExit()).code).toBe(1);
		expect(session.raw).toContain('smtp-tui: --record is not supported with --bdat yet: its replay could not play the chunks');
	});

	test('Esc at a BDAT line stops without closing; at the message after 354 it closes', () => {
		const proposal = (display: string) => ({command: {verb: 'RAW' as const, line: display}, display, fixed: true as const, step: 'message' as const});
		expect(stopHint(proposal('BDAT 100'))).toEqual({});
		expect(stopHint(proposal('(the message, about 400 bytes, ending with a lone ".")'))).toEqual({stopHint: MESSAGE_STOP});
	});
});
