// bench/dashboard: the full-screen dashboard in a pseudo-terminal (@lydell/node-pty), in the same run as its
// baselines. (a) Start-up: from spawn to the end of the first complete frame (the footer is its last row; Ink
// closes each frame with the synchronized-output end marker), against `node -e 0` spawned the same way, to its
// exit. Target <= 1.6x. (b) Key-to-frame: from a PageUp/PageDown written to the pty to the end of the frame it
// causes, with the protocol log holding ~100,000 lines, against the same with a near-empty log. Target <= 30 ms
// median. The log is filled by a raw TCP server that answers each manual-mode NOOP with a multi-line 250 reply
// just under the reply parser's 64 KiB limit (9,000 lines each).
// (c) Bytes to the terminal (what crosses an SSH link): a letter typed, two idle seconds and a PgUp/PgDn, each
// beside a whole frame's bytes. No target: incremental rendering rewrites only the changed rows (a letter is one),
// nothing is written while nothing is awaited, and a page of the log rewrites the log's rows.
// (d) Big screens: (b) and (c) again at 250×70 and 300×90 (an ultrawide monitor, a 4K screen with a small font),
// beside 100×30: Ink rewrites a changed row whole, so a page of the log costs more the wider and taller it is.
// Usage: node bench/dashboard.mjs [--keys | --start]   (--keys: (b) to (d) only, --start: (a) only; needs dist/cli.js:
// npm run bench builds it)
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import pty from '@lydell/node-pty';
import {bundleLikeDist, root, table} from './lib.mjs';

const cli = path.join(root, 'dist/cli.js');
// The smallest Ink app, bundled like dist/: what Node, Ink, React and yoga cost before any code of ours.
const minimal = await bundleLikeDist('minimal-ink', {entryPoints: [path.join(root, 'bench/minimal-ink.jsx')]});
const startRuns = 15;
const keyPresses = 30;
const linesPerReply = 9000;
const targetLines = 100_000;
const FRAME_END = '\u001B[?2026l';
const ENTER = '\u001B[?1049h';
// The footer's last key: the end of a first frame in auto mode (and the minimal Ink app's); manual mode offers no Ctrl+S.
const FOOTER = 'Ctrl+S send';
const MANUAL_FOOTER = 'Ctrl+G help';
const KEYS = {pageUp: '\u001B[5~', pageDown: '\u001B[6~', enter: '\r', ctrlG: '\u0007', escape: '\u001B'};

const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

// XDG folders for the whole run (the sandbox certificate lives in the data folder): the user's are never touched,
// and the first (warm-up) start makes the certificate the later ones reuse, as on a user's second run.
const xdgHome = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-bench-xdg-'));
const xdg = Object.fromEntries(['DATA', 'CONFIG', 'CACHE', 'STATE'].map(kind => [`XDG_${kind}_HOME`, path.join(xdgHome, kind.toLowerCase())]));

/** Sessions not closed yet: closed (and their folders removed) whatever happens. */
const open = new Set();

const DEFAULT_SIZE = {columns: 100, rows: 30};
const BIG_SIZES = [
	{columns: 250, rows: 70},
	{columns: 300, rows: 90},
];

/** One program in a pty (100×30 unless `size` says) with a throwaway state folder; output kept as one string. */
function spawnPty(file, args, size = DEFAULT_SIZE) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-bench-'));
	// One state folder for the run: the sandbox certificate in it is made once (warm-up), as for a user.
	const env = {...process.env, ...xdg, TERM: 'xterm-256color', SMTP_TUI_STATE_DIR: path.join(xdgHome, 'smtp-tui-state'), SMTP_TUI_CONFIG_DIR: dir};
	delete env.CI;
	delete env.NO_COLOR;
	const term = pty.spawn(file, args, {name: 'xterm-256color', cols: size.columns, rows: size.rows, cwd: dir, env});
	const session = {
		/** Settles on exit; waits fail at once then. */
		onExit: undefined,
		term,
		output: '',
		exited: false,
		/** Called on every chunk; set by whoever waits. */
		onChunk: undefined,
		exit: new Promise(resolve => term.onExit(resolve)),
		async close() {
			open.delete(session);
			if (!session.exited) term.kill('SIGKILL');
			await session.exit;
			rmSync(dir, {recursive: true, force: true});
		},
	};
	open.add(session);
	term.onData(data => {
		session.output += data;
		session.onChunk?.(data);
	});
	void session.exit.then(() => {
		session.exited = true;
		session.onExit?.();
	});
	return session;
}

/** Resolves when `check(output)` holds, checked on every chunk; rejects after `timeout` ms. */
function waitOutput(session, check, timeout = 20_000, what = 'output') {
	return new Promise((resolve, reject) => {
		const fail = reason => {
			clearTimeout(timer);
			session.onChunk = undefined;
			session.onExit = undefined;
			reject(new Error(`${reason} waiting for ${what}; last output: ${JSON.stringify(session.output.slice(-600))}`));
		};
		const timer = setTimeout(() => fail(`timed out after ${timeout} ms`), timeout);
		const test = () => {
			if (!check(session.output)) return;
			clearTimeout(timer);
			session.onChunk = undefined;
			session.onExit = undefined;
			resolve(nowMs());
		};
		session.onChunk = test;
		session.onExit = () => fail('the program exited');
		test();
		if (session.exited) fail('the program had exited');
	});
}

/** The output holds a complete frame showing `text` (its sync end marker comes after it). */
const frameWith = text => output => {
	const at = output.lastIndexOf(text);
	return at !== -1 && output.indexOf(FRAME_END, at) !== -1;
};

async function startUp(hostArgs) {
	const node = [];
	const dashboard = [];
	const withHost = [];
	const toEnter = [];
	const floor = [];
	// CPU time at the end of the first frame (all threads), where /proc has it: the dashboard's, --host's, the floor's.
	const cpu = {dashboard: [], withHost: [], floor: []};
	// Alternate them so drift (cache, CPU frequency) hits both alike; the first pair warms the caches.
	for (let run = 0; run <= startRuns; run++) {
		const bare = spawnPty(process.execPath, ['-e', '0']);
		const bareStart = nowMs();
		await bare.exit;
		const bareTime = nowMs() - bareStart;
		await bare.close();

		const app = spawnPty(process.execPath, [cli]);
		const appStart = nowMs();
		// Where the time goes: the alternate screen is entered just before Ink's first render.
		const entered = waitOutput(app, output => output.includes(ENTER), 20_000, 'the alternate screen');
		const enteredAt = (await entered) - appStart;
		const appTime = (await waitOutput(app, frameWith(FOOTER), 20_000, 'the first frame')) - appStart;
		const appCpu = cpuMs(app);
		await app.close();

		const bareInk = spawnPty(process.execPath, [minimal]);
		const bareInkStart = nowMs();
		const bareInkTime = (await waitOutput(bareInk, frameWith(FOOTER), 20_000, 'the minimal Ink app')) - bareInkStart;
		const bareInkCpu = cpuMs(bareInk);
		await bareInk.close();

		// The same without the in-process sandbox (--host): what the sandbox's start adds.
		const remote = spawnPty(process.execPath, [cli, ...hostArgs]);
		const remoteStart = nowMs();
		const remoteTime = (await waitOutput(remote, frameWith(FOOTER), 20_000, 'the first frame (--host)')) - remoteStart;
		const remoteCpu = cpuMs(remote);
		await remote.close();
		if (run === 0) continue;
		node.push(bareTime);
		dashboard.push(appTime);
		toEnter.push(enteredAt);
		withHost.push(remoteTime);
		floor.push(bareInkTime);
		if (appCpu !== undefined) cpu.dashboard.push(appCpu);
		if (remoteCpu !== undefined) cpu.withHost.push(remoteCpu);
		if (bareInkCpu !== undefined) cpu.floor.push(bareInkCpu);
	}
	const cpuMedians = cpu.dashboard.length === 0 ? undefined : Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, median(values)]));
	return {cpu: cpuMedians, node: median(node), floor: median(floor), dashboard: median(dashboard), dashboardP90: percentile(dashboard, 0.9), withHost: median(withHost), toEnter: median(toEnter)};
}

/** A raw SMTP server: greets, answers every NOOP with a 9,000-line 250 reply (under 64 KiB), QUIT with 221. */
async function startFloodServer() {
	const lines = Array.from({length: linesPerReply - 1}, (_, i) => `250-${i % 10}`).join('\r\n');
	const server = net.createServer(socket => {
		// Counted per connection: each session waits for its own `flood N done`.
		let replies = 0;
		// Numbered too: a log of identical RSET rows scrolled by three is the same screen, which Ink writes nothing of.
		let others = 0;
		socket.on('error', () => undefined);
		socket.write('220 bench.test ESMTP flood\r\n');
		let buffer = '';
		socket.on('data', chunk => {
			buffer += chunk;
			for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
				const line = buffer.slice(0, end).toUpperCase();
				buffer = buffer.slice(end + 2);
				if (line.startsWith('NOOP')) {
					replies++;
					socket.write(`${lines}\r\n250 flood ${replies} done\r\n`);
				} else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
				else socket.write(`250 ok ${++others}\r\n`);
			}
		});
	});
	await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
	return {port: server.address().port, close: () => new Promise(resolve => server.close(resolve))};
}

/**
 * Keys reach the app once Ink has turned raw mode on: probe with Ctrl+G (help) until it opens, then close it. A probe
 * waits 3 s: on a loaded machine a help opened after a shorter wait was closed again by the next probe.
 */
async function untilKeysWork(session) {
	for (let attempt = 0; ; attempt++) {
		const mark = session.output.length;
		session.term.write(KEYS.ctrlG);
		try {
			await waitOutput(session, output => frameWith('[Keys]')(output.slice(mark)), 3000, 'the help');
			break;
		} catch (error) {
			if (attempt === 10) throw error;
		}
	}
	const mark = session.output.length;
	session.term.write(KEYS.escape);
	await waitOutput(session, output => frameWith(MANUAL_FOOTER)(output.slice(mark)), 5000, 'the help to close');
}

/** Resolves once nothing has been written for 60 ms: nothing else is being drawn when a key goes out. */
async function quiet(session) {
	for (let last = session.output.length; ; last = session.output.length) {
		await sleep(60);
		if (session.output.length === last) return;
	}
}

/** The bytes written from `mark` to the end of the first frame after it. */
const frameBytes = (session, mark) => Buffer.byteLength(session.output.slice(mark, session.output.indexOf(FRAME_END, mark) + FRAME_END.length));

/**
 * What goes to the terminal (over SSH, the link): a whole frame (the first), a letter typed on the command line
 * (and its Backspace), and two seconds with nothing awaited.
 */
async function terminalBytes(session) {
	const whole = frameBytes(session, 0);
	const letter = [];
	for (const key of ['x', '\u007F']) {
		await quiet(session);
		const mark = session.output.length;
		session.term.write(key);
		await waitOutput(session, output => output.indexOf(FRAME_END, mark) !== -1, 5000, 'a frame after the key');
		letter.push(frameBytes(session, mark));
	}
	await quiet(session);
	const mark = session.output.length;
	await sleep(2000);
	return {whole, letter: Math.max(...letter), idle: Buffer.byteLength(session.output.slice(mark))};
}

/**
 * The program's CPU time so far in ms, all its threads (Linux: /proc, in ns), or undefined: on a loaded machine the
 * wall time of a key or a start is the scheduler's as much as ours, its CPU time is ours.
 */
function cpuMs(session) {
	const tasks = `/proc/${session.term.pid}/task`;
	if (!existsSync(tasks)) return undefined;
	return readdirSync(tasks).reduce((sum, task) => sum + Number(readFileSync(path.join(tasks, task, 'schedstat'), 'utf8').split(' ')[0]) / 1e6, 0);
}

/**
 * Median time from a PageUp/PageDown to the end of the frame it causes (the log must be longer than a page), its
 * bytes, and the program's CPU time per key.
 */
async function keyToFrame(session) {
	const times = [];
	const bytes = [];
	const cpuStart = cpuMs(session);
	for (let press = 0; press < keyPresses + 2; press++) {
		await quiet(session);
		const mark = session.output.length;
		// Up a page, down a page: every key changes what the log shows (it is at least two pages long).
		const key = press % 2 === 0 ? KEYS.pageUp : KEYS.pageDown;
		const start = nowMs();
		session.term.write(key);
		const end = await waitOutput(session, output => output.indexOf(FRAME_END, mark) !== -1, 5000, 'a frame after the key');
		if (press >= 2) times.push(end - start);
		if (press >= 2) bytes.push(frameBytes(session, mark));
	}
	const cpu = cpuStart === undefined ? undefined : (cpuMs(session) - cpuStart) / (keyPresses + 2);
	return {median: median(times), p90: percentile(times, 0.9), bytes: Math.round(median(bytes)), cpu};
}

async function latency(server, noops, size = DEFAULT_SIZE) {
	const session = spawnPty(process.execPath, [cli, '--mode', 'manual', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--helo', 'bench'], size);
	try {
		await waitOutput(session, frameWith(MANUAL_FOOTER), 20_000, 'the first frame');
		await untilKeysWork(session);
		const written = noops === 0 ? await terminalBytes(session) : undefined;
		// Fill the log: each NOOP brings 9,000 reply lines; wait for each reply's last line before the next.
		for (let i = 1; i <= noops; i++) {
			session.term.write(`NOOP${KEYS.enter}`);
			await waitOutput(session, frameWith(`flood ${i} done`), 60_000, `reply ${i}`);
		}
		// The short log still has to be longer than two pages to scroll: RSETs, three log rows each (20 at 30 rows).
		if (noops === 0) {
			for (let i = 0; i < Math.max(20, Math.ceil((size.rows * 2) / 3) + 2); i++) {
				const mark = session.output.length;
				session.term.write(`RSET${KEYS.enter}`);
				await waitOutput(session, output => frameWith('250 ok ')(output.slice(mark)), 10_000, 'a reply to RSET');
			}
		}
		return {...(await keyToFrame(session)), written};
	} finally {
		await session.close();
	}
}

const keysOnly = process.argv.includes('--keys');
const startOnly = process.argv.includes('--start');
const server = await startFloodServer();
const noops = Math.ceil(targetLines / linesPerReply);
let start;
let small;
let large;
const big = [];
try {
	if (!keysOnly) start = await startUp(['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls']);
	if (!startOnly) {
		small = await latency(server, 0);
		large = await latency(server, noops);
		for (const size of BIG_SIZES) big.push({size, small: await latency(server, 0, size), large: await latency(server, noops, size)});
	}
} finally {
	await Promise.all([...open].map(session => session.close()));
	await server.close();
	rmSync(xdgHome, {recursive: true, force: true});
}

const ms = value => value.toFixed(1);
const logLines = noops * linesPerReply;
console.log(`bench/dashboard: 100×30 pseudo-terminal (targets: first frame <= 1.6x node -e 0; key-to-frame <= 30 ms median at 100k log lines)`);
const keyRow = small && [`PgUp/PgDn to frame, median of ${keyPresses}`, 'log ~60 lines', `${ms(small.median)} (p90 ${ms(small.p90)})`, `log ~${logLines.toLocaleString('en')} lines`, `${ms(large.median)} (p90 ${ms(large.p90)})`, (large.median / small.median).toFixed(2)];
if (start) {
	console.log(
		table([
			['measure', 'baseline', 'ms', 'dashboard', 'ms', 'ratio'],
			[`start-up, median of ${startRuns}`, 'node -e 0 (to exit)', ms(start.node), 'first frame, sandbox', `${ms(start.dashboard)} (p90 ${ms(start.dashboardP90)})`, (start.dashboard / start.node).toFixed(2)],
			[`start-up, median of ${startRuns}`, 'node -e 0 (to exit)', ms(start.node), 'first frame, --host', ms(start.withHost), (start.withHost / start.node).toFixed(2)],
			[`start-up, median of ${startRuns}`, 'node -e 0 (to exit)', ms(start.node), 'minimal Ink app', ms(start.floor), (start.floor / start.node).toFixed(2)],
			...(keyRow ? [keyRow] : []),
		]),
	);
	if (start.cpu) console.log(`start-up CPU time (all threads, to the end of the first frame, medians): dashboard ${ms(start.cpu.dashboard)} ms, --host ${ms(start.cpu.withHost)} ms, the minimal Ink app (floor) ${ms(start.cpu.floor)} ms: the dashboard ${(start.cpu.dashboard / start.cpu.floor).toFixed(2)}x the floor's`);
	console.log(`start-up split (dashboard with sandbox, medians): ${ms(start.toEnter)} ms until the alternate screen (loading, flags, sandbox, draft), then ${ms(start.dashboard - start.toEnter)} ms to the end of the first frame (Ink's first render)`);
} else console.log(table([['measure', 'baseline', 'ms', 'dashboard', 'ms', 'ratio'], keyRow]));
if (small) {
	const {written} = small;
	const ofFrame = bytes => `${((bytes / written.whole) * 100).toFixed(0)}%`;
	console.log(
		table([
			['bytes to the terminal (manual mode, --host)', 'B', 'of a whole frame'],
			['a whole frame (the first)', String(written.whole), '100%'],
			['a letter typed on the command line', String(written.letter), ofFrame(written.letter)],
			['2 s idle, nothing awaited', String(written.idle), ofFrame(written.idle)],
			['PgUp/PgDn in the log, median (log ~60 lines)', String(small.bytes), ofFrame(small.bytes)],
			[`PgUp/PgDn in the log, median (log ~${logLines.toLocaleString('en')} lines)`, String(large.bytes), ofFrame(large.bytes)],
		]),
	);
	// Big screens beside the default size, each measured in this run (the target is the same 30 ms).
	const sizes = [{size: DEFAULT_SIZE, small, large}, ...big];
	const bySize = (label, cell) => [label, ...sizes.map(cell)];
	console.log(
		table([
			bySize('big screens (manual mode, --host)', ({size}) => `${size.columns}×${size.rows}`),
			bySize(`PgUp/PgDn to frame, log ~60 lines, ms`, run => `${ms(run.small.median)} (p90 ${ms(run.small.p90)})`),
			bySize(`PgUp/PgDn to frame, log ~${logLines.toLocaleString('en')} lines, ms`, run => `${ms(run.large.median)} (p90 ${ms(run.large.p90)})`),
			bySize(`CPU per PgUp/PgDn, log ~${logLines.toLocaleString('en')} lines, ms`, run => (run.large.cpu === undefined ? 'n/a' : ms(run.large.cpu))),
			bySize(`PgUp/PgDn, B (log ~${logLines.toLocaleString('en')} lines)`, run => String(run.large.bytes)),
			bySize('a letter typed, B', run => String(run.small.written.letter)),
			bySize('a whole frame (the first), B', run => String(run.small.written.whole)),
			bySize('2 s idle, B', run => String(run.small.written.idle)),
		]),
	);
}
