// bench/ssh-link: what the dashboard and `smtp-tui inbox` write to their terminal per action, which is what crosses a
// slow SSH link, at 100×30 and 200×50, in a pseudo-terminal (@lydell/node-pty) read by a headless xterm. Beside each
// figure, in the same run: the least a terminal could be sent for the rows that changed (each changed row's text,
// its runs of five or more blanks as a 5-byte cursor move, 8 bytes to reach it, no colours), and for a page of the
// log what `less` writes for a page of a file at the same size. Also an idle minute with a TLS session open (the
// minute clock runs then): 0 bytes expected.
// Usage: node bench/ssh-link.mjs   (needs dist/cli.js: npm run bench builds it)
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {has, root, table} from './lib.mjs';

const cli = path.join(root, 'dist/cli.js');
const SIZES = [
	{columns: 100, rows: 30},
	{columns: 200, rows: 50},
];
const IDLE_MS = 61_000;
const KEYS = {down: '\u001B[B', pageUp: '\u001B[5~', pageDown: '\u001B[6~', tab: '\t', enter: '\r', escape: '\u001B', ctrl: letter => String.fromCodePoint(letter.codePointAt(0) - 96)};
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-bench-ssh-'));
const env = {...process.env, TERM: 'xterm-256color', LC_ALL: 'C.UTF-8', SMTP_TUI_STATE_DIR: path.join(home, 'state'), SMTP_TUI_CONFIG_DIR: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'xdg')};
delete env.CI;
delete env.NO_COLOR;

/** A program in a pty of `size`, its output kept and fed to a headless xterm (the screen a user sees). */
function spawnScreen(file, args, size) {
	const terminal = new xterm.Terminal({cols: size.columns, rows: size.rows, allowProposedApi: true});
	const term = pty.spawn(file, args, {name: 'xterm-256color', cols: size.columns, rows: size.rows, cwd: home, env});
	const screen = {term, output: '', parsed: Promise.resolve()};
	term.onData(data => {
		screen.output += data;
		screen.parsed = new Promise(resolve => terminal.write(data, resolve));
	});
	screen.lines = () => {
		const buffer = terminal.buffer.active;
		return Array.from({length: terminal.rows}, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
	};
	screen.exit = new Promise(resolve => term.onExit(resolve));
	screen.close = async () => {
		term.kill('SIGKILL');
		await screen.exit;
		terminal.dispose();
	};
	return screen;
}

/** Resolves once nothing has been written for `ms` and xterm has read it all. */
async function quiet(screen, ms = 400) {
	for (let last = screen.output.length; ; last = screen.output.length) {
		await sleep(ms);
		if (screen.output.length === last) break;
	}
	await screen.parsed;
}

async function until(screen, check, what, timeout = 20_000) {
	const deadline = Date.now() + timeout;
	while (!check(screen.lines().join('\n'))) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${screen.lines().join('\n')}`);
		await sleep(50);
	}
}

/** The least bytes for `after`'s rows that differ from `before`'s (see the header). */
const leastFor = (before, after) => after.reduce((sum, row, index) => (row === before[index] ? sum : sum + Buffer.byteLength(row.trimEnd().replaceAll(/ {5,}/g, '12345')) + 8), 0);

/**
 * Runs `action`, waits for the screen to settle: the bytes written, the rows changed, the least for them. `whole`:
 * the screen is drawn anew (the least is every row's).
 */
async function measure(screen, action, settleMs = 400, whole = false) {
	await quiet(screen);
	const before = screen.lines();
	const mark = screen.output.length;
	await action();
	await quiet(screen, settleMs);
	const after = screen.lines();
	const was = whole ? [] : before;
	return {bytes: Buffer.byteLength(screen.output.slice(mark)), rows: after.filter((row, index) => row !== was[index]).length, least: leastFor(was, after)};
}

/** Ctrl+G until the help opens (keys reach the app once Ink has set raw mode), then Esc. */
async function untilKeysWork(screen) {
	for (let attempt = 0; !screen.lines().join('\n').includes('[Keys]'); attempt++) {
		if (attempt === 20) throw new Error('keys never reached the dashboard');
		screen.term.write(KEYS.ctrl('g'));
		await sleep(500);
	}
	screen.term.write(KEYS.escape);
	await until(screen, text => !text.includes('[Keys]'), 'the help to close');
}

async function dashboard(size) {
	const screen = spawnScreen(process.execPath, [cli, '--fresh'], size);
	try {
		await until(screen, text => /sandbox at 127\.0\.0\.1:\d+/.test(text) && /Ctrl\+G help/.test(text), 'the dashboard');
		await untilKeysWork(screen);
		const rows = {};
		await measure(screen, () => screen.term.write(KEYS.down.repeat(4)));
		rows.subject = await measure(screen, () => screen.term.write('x'));
		await measure(screen, () => screen.term.write(KEYS.down.repeat(3)));
		rows.body = await measure(screen, () => screen.term.write('y'));
		rows.enter = await measure(screen, () => screen.term.write(KEYS.enter));
		rows.help = await measure(screen, () => screen.term.write(KEYS.ctrl('g')));
		await measure(screen, () => screen.term.write(KEYS.escape));
		rows.send = await measure(screen, () => screen.term.write(KEYS.ctrl('s')), 1500);
		rows.tab = await measure(screen, () => screen.term.write(KEYS.tab));
		rows.pageUp = await measure(screen, () => screen.term.write(KEYS.pageUp));
		await measure(screen, () => screen.term.write('\u001B[F'));
		// QUIT and its reply: log lines arriving while the log follows its tail.
		rows.quit = await measure(screen, () => screen.term.write(KEYS.ctrl('x')), 1000);
		rows.fg = await measure(screen, () => screen.term.kill('SIGCONT'), 400, true);
		return rows;
	} finally {
		await screen.close();
	}
}

async function inbox(size) {
	const screen = spawnScreen(process.execPath, [cli, 'inbox', '--port', '0', '--no-starttls'], size);
	try {
		await until(screen, text => /listening on 127\.0\.0\.1:\d+/.test(text), 'the inbox');
		const port = /listening on 127\.0\.0\.1:(\d+)/.exec(screen.lines().join('\n'))[1];
		const send = subject => spawnSync(process.execPath, [cli, 'send', '--host', '127.0.0.1', '--port', port, '--no-starttls', '--from', 'app@example.test', '--to', 'user@example.test', '--subject', subject, '--body', 'hello'], {env, encoding: 'utf8'});
		await measure(screen, () => send('first'), 800);
		const arrives = await measure(screen, () => send('second'), 800);
		const opens = await measure(screen, () => screen.term.write(KEYS.enter));
		return {arrives, opens};
	} finally {
		await screen.close();
	}
}

/** What `less` writes for a page forward in a file of log-like lines, at `size`. */
async function lessPage(size) {
	const file = path.join(home, 'log.txt');
	writeFileSync(file, Array.from({length: 2000}, (_, i) => `01:28:${String(i % 60).padStart(2, '0')} ← 250-line ${i} of a reply, as the protocol log shows one`).join('\n'));
	const screen = spawnScreen('less', [file], size);
	try {
		await until(screen, text => text.includes('line 0 of'), 'less');
		return await measure(screen, () => screen.term.write(' '));
	} finally {
		await screen.close();
	}
}

/** A dashboard with a TLS session open (the minute clock runs), left alone for IDLE_MS: its bytes. */
async function idleMinute() {
	const screen = spawnScreen(process.execPath, [cli, '--fresh'], SIZES[0]);
	try {
		await until(screen, text => /sandbox at 127\.0\.0\.1:\d+/.test(text), 'the dashboard');
		await untilKeysWork(screen);
		screen.term.write(KEYS.ctrl('s'));
		await until(screen, text => text.includes('✔ queued'), 'the send');
		await quiet(screen, 1000);
		const mark = screen.output.length;
		await sleep(IDLE_MS);
		return Buffer.byteLength(screen.output.slice(mark));
	} finally {
		await screen.close();
	}
}

try {
	const idle = idleMinute();
	const results = [];
	for (const size of SIZES) results.push({size, dashboard: await dashboard(size), inbox: await inbox(size), less: has('less') ? await lessPage(size) : undefined});
	const idleBytes = await idle;
	const cell = figures => (figures ? `${figures.bytes} (${figures.rows} rows; least ${figures.least}, ${(figures.bytes / Math.max(figures.least, 1)).toFixed(1)}x)` : 'n/a');
	const row = (label, pick) => [label, ...results.map(result => cell(pick(result)))];
	console.log('bench/ssh-link: bytes written to the terminal per action (rows changed on screen; the least those rows could cost, and the ratio)');
	console.log(
		table([
			['action', ...results.map(({size}) => `${size.columns}×${size.rows}, B`)],
			row('a letter in Subject', result => result.dashboard.subject),
			row('a letter in the body', result => result.dashboard.body),
			row('Enter in the body (the lines below move)', result => result.dashboard.enter),
			row('the help opened (Ctrl+G)', result => result.dashboard.help),
			row('Ctrl+S: a send (step rail, log following, inbox)', result => result.dashboard.send),
			row('Tab to the log (every row\'s border changes)', result => result.dashboard.tab),
			row('PgUp in the log', result => result.dashboard.pageUp),
			row('baseline: less, a page forward', result => result.less),
			row('Ctrl+X: QUIT and 221 while following the tail', result => result.dashboard.quit),
			row('fg (SIGCONT): the whole frame again', result => result.dashboard.fg),
			row('inbox: a message arrives', result => result.inbox.arrives),
			row('inbox: Enter opens it', result => result.inbox.opens),
		]),
	);
	console.log(`idle ${IDLE_MS / 1000} s with a TLS session open (100×30): ${idleBytes} B`);
} finally {
	rmSync(home, {recursive: true, force: true});
}
