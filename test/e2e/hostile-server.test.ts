// A hostile server against every client mode, in a real terminal: its greeting, EHLO lines and every reply carry
// terminal escapes (clipboard write, link, title, alternate screen, bracketed paste's end, a C1 CSI, bidi and
// zero-width characters). Whatever the mode (send, talk, check, the dashboard, replay of a recording of it), the
// session ends as it should, and the terminal's title, clipboard, links and screen are as the program left them:
// none of the server's sequences reached it raw.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {startRawServer, type RawPeer, type RawServer} from '../helpers/raw-server.js';

const ESC = '\u001B';
const BEL = '\u0007';
/** What a hostile server puts in each reply's text: each piece changes the terminal if it reaches it raw. */
const HOSTILE = [
	`${ESC}]52;c;ZXZpbA==${BEL}`, // clipboard write (OSC 52)
	`${ESC}]8;;http://evil.test/${BEL}link${ESC}]8;;${BEL}`, // hyperlink (OSC 8)
	`${ESC}]0;PWNED${BEL}`, // window title
	`${ESC}[?1049l`, // leave the alternate screen (the dashboard's)
	`${ESC}[?1049h`, // enter it (a headless command's)
	`${ESC}[201~`, // bracketed paste's end
	'\u009B31m', // C1 CSI, as UTF-8
	'\u202Eevil\u2066', // bidi overrides
	'zero\u200Bwidth',
].join('');
/** Pieces of HOSTILE that smtp-tui itself never writes: any of them in the output came from the server. */
const MARKS = [`${ESC}]52;`, `${ESC}]8;;http://evil`, `${ESC}]0;PWNED`, `${ESC}[201~`, '\u009B', '\u202E', '\u2066', '\u200B'];

const open = ptySessions();
const servers: RawServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
});

/** A server that takes one message, every reply text hostile; STARTTLS is not offered. */
async function hostileServer(): Promise<RawServer> {
	const server = await startRawServer(async (peer: RawPeer) => {
		peer.write(`220 ${HOSTILE}\r\n`);
		for (;;) {
			const line = (await peer.readLine()).toUpperCase();
			if (line.startsWith('EHLO')) peer.write(`250-${HOSTILE}\r\n250-X-${HOSTILE}\r\n250 PIPELINING\r\n`);
			else if (line === 'DATA') {
				peer.write(`354 ${HOSTILE}\r\n`);
				await peer.readData();
				peer.write(`250 ${HOSTILE}\r\n`);
			} else if (line === 'QUIT') return peer.end(`221 ${HOSTILE}\r\n`);
			else peer.write(`250 ${HOSTILE}\r\n`);
		}
	});
	servers.push(server);
	return server;
}

/** What the terminal was asked to do by way of the program's output: the effects a hostile reply aims at. */
function watch(session: PtySession): {titles: string[]; clipboard: string[]; links: string[]} {
	const seen = {titles: [] as string[], clipboard: [] as string[], links: [] as string[]};
	session.terminal.onTitleChange(title => seen.titles.push(title));
	session.terminal.parser.registerOscHandler(52, data => (seen.clipboard.push(data), true));
	session.terminal.parser.registerOscHandler(8, data => (seen.links.push(data), true));
	return seen;
}

/** The server's sequences found in everything the program wrote, and what they did to the terminal. */
function leaks(session: PtySession, seen: ReturnType<typeof watch>): string[] {
	return [
		...MARKS.filter(mark => session.raw.includes(mark)).map(mark => `raw ${JSON.stringify(mark)} in the output`),
		...seen.titles.filter(title => title.includes('PWNED')).map(title => `title set to ${JSON.stringify(title)}`),
		...seen.clipboard.map(data => `clipboard written: ${JSON.stringify(data)}`),
		...seen.links.filter(link => link.includes('evil')).map(link => `link opened: ${JSON.stringify(link)}`),
	];
}

const TARGET = (port: number) => ['--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--timeout', '5'];
const ENVELOPE = ['--from', 'a@example.test', '--to', 'b@example.test'];

describe('a hostile server\'s escapes never reach the terminal raw', () => {
	test('send: the message is queued (exit 0) and the transcript shows the escapes as text', async () => {
		const server = await hostileServer();
		const session = open({args: ['send', ...TARGET(server.port), ...ENVELOPE]});
		const seen = watch(session);
		expect((await session.waitForExit()).code).toBe(0);
		expect(leaks(session, seen)).toEqual([]);
		expect(session.bufferType()).toBe('normal');
		expect(session.raw).toContain('\\x1b]0;PWNED\\x07');
	});

	test('talk: a typed session ends at QUIT (exit 0)', async () => {
		const server = await hostileServer();
		const session = open({args: ['talk', ...TARGET(server.port)]});
		const seen = watch(session);
		await session.waitForText('now:');
		session.press(`EHLO client.example.test${KEY.enter}`);
		await session.waitForText('250 PIPELINING');
		session.press(`NOOP${KEY.enter}`, `QUIT${KEY.enter}`);
		expect((await session.waitForExit()).code).toBe(0);
		expect(leaks(session, seen)).toEqual([]);
		expect(session.bufferType()).toBe('normal');
	});

	test('check: the port is open (exit 0), its banner quoted as text', async () => {
		const server = await hostileServer();
		const session = open({args: ['check', `127.0.0.1:${server.port}`, '--timeout', '5']});
		const seen = watch(session);
		expect((await session.waitForExit()).code).toBe(0);
		expect(leaks(session, seen)).toEqual([]);
		expect(session.bufferType()).toBe('normal');
	});

	/** Ctrl+S in the dashboard, until `done` shows; then Ctrl+C: the alternate screen held until then, and left. */
	async function sendAndLeave(args: string[], done: string): Promise<void> {
		const session = open({args});
		const seen = watch(session);
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		await session.waitForText(done);
		expect(session.bufferType()).toBe('alternate');
		session.press(KEY.ctrl('c'));
		expect((await session.waitForExit()).code).toBe(0);
		expect(leaks(session, seen)).toEqual([]);
		expect(session.bufferType()).toBe('normal');
	}

	test('the dashboard and a replay of its recording: the message is queued, the alternate screen kept until Ctrl+C leaves it', async () => {
		const server = await hostileServer();
		const recording = path.join(tempDir(), 'hostile.jsonl');
		await sendAndLeave([...TARGET(server.port), '--record', recording], 'queued (250)');
		expect(readFileSync(recording, 'utf8')).toContain('PWNED');
		await sendAndLeave(['replay', recording, '--instant', '--mode', 'auto'], 'end of the recording: Ctrl+S');
	}, 60_000);
});

describe('the dashboard\'s advice when EHLO fails without a refusal', () => {
	/** The dashboard against a server that greets and then answers EHLO with `answer` (nothing: silence). */
	async function afterEhlo(answer: string): Promise<string> {
		const server = await startRawServer(async peer => {
			peer.write('220 raw.test ESMTP\r\n');
			await peer.readLine();
			peer.write(answer);
			await peer.closed();
		});
		servers.push(server);
		const session = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--timeout', '1']});
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		return session.waitForText('Not sent (EHLO)');
	}

	test('a reply that breaks SMTP (mixed codes) is said to, not that our EHLO name was refused', async () => {
		const screen = await afterEhlo('250-raw.test\r\n550 no\r\n');
		expect(screen).toContain('broke SMTP');
		expect(screen).not.toContain('refused our EHLO');
	});

	test('a reply begun and never ended in time is no refusal of the EHLO name', async () => {
		const screen = await afterEhlo('250-raw.test\r\n');
		expect(screen).not.toContain('refused our EHLO');
		expect(screen).not.toContain('change the EHLO name');
	});
});
