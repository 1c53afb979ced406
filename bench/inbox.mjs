// bench/inbox: 300 messages from nodemailer with `pool: true` (5 connections, STARTTLS), as an app's test suite sends
// them, into `smtp-tui inbox` drawn in a pseudo-terminal (100x30), against `smtp-tui serve --json` (its log to a file)
// in the same run: the time from the first send to the last 250, the server's CPU time, and for an inbox the frames it
// drew meanwhile (Ink's synchronized-output starts) and the bytes they took. Rounds alternate the two,
// so the machine's noise hits both alike; the median round counts. Target: the inbox within 1.5x serve's time.
// `--old DIR`: a third row, the inbox of another build (DIR/dist/cli.js), to compare a change before and after.
// Usage: node bench/inbox.mjs [--old DIR]   (needs dist/cli.js: npm run bench builds it)
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs';
import {once} from 'node:events';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import pty from '@lydell/node-pty';
import nodemailer from 'nodemailer';
import {root, table, tmp} from './lib.mjs';

const messages = 300;
const connections = 5;
const rounds = 5;
const target = 1.5;
const text = 'Hello,\n\nThank you for signing up. Confirm your address with the link below within 24 hours.\n\nhttps://app.test/confirm?token=abc123\n\nThe app team\n';
const html = `<p>Hello,</p><p>Thank you for signing up. Confirm your address with <a href="https://app.test/confirm?token=abc123">this link</a> within 24 hours.</p><p>The app team</p>`;

const old = process.argv.indexOf('--old') === -1 ? undefined : path.resolve(process.argv[process.argv.indexOf('--old') + 1]);
const cli = path.join(root, 'dist/cli.js');
for (const file of [cli, ...(old ? [path.join(old, 'dist/cli.js')] : [])]) if (!existsSync(file)) throw new Error(`${file} is missing: build it (npm run bench does)`);
// The sandbox's certificate lives in the data folder: made once here, never the user's.
const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-bench-inbox-'));
const env = {...process.env, XDG_DATA_HOME: path.join(home, 'data'), SMTP_TUI_STATE_DIR: path.join(home, 'state'), SMTP_TUI_CONFIG_DIR: path.join(home, 'config')};

/** CPU time (user + system) of a process so far, from /proc (Linux; 10 ms resolution), or NaN elsewhere. */
function cpuMs(pid) {
	const stat = `/proc/${pid}/stat`;
	if (!existsSync(stat)) return Number.NaN;
	const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitFor(read, what) {
	const started = Date.now();
	for (;;) {
		const found = read();
		if (found !== undefined) return found;
		if (Date.now() - started > 30_000) throw new Error(`no ${what} within 30 s`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/** `smtp-tui serve --json`, its output to a file (read here only for the port). */
async function startServe() {
	const log = path.join(tmp, 'inbox-serve.log');
	const fd = openSync(log, 'w');
	const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--json'], {env, stdio: ['ignore', fd, 'inherit']});
	closeSync(fd);
	const port = await waitFor(() => /"port":(\d+)/.exec(readFileSync(log, 'utf8'))?.[1], 'port from serve');
	return {name: 'smtp-tui serve --json', port: Number(port), pid: child.pid, stop: async () => (child.kill('SIGTERM'), await once(child, 'exit'))};
}

/** `smtp-tui inbox` in a pty, its output read (as a terminal would) and dropped once the port is on screen. */
async function startInbox(name, file) {
	const terminal = pty.spawn(process.execPath, [file, 'inbox', '--port', '0'], {name: 'xterm-256color', cols: 100, rows: 30, cwd: home, env});
	let seen = '';
	const drawn = {frames: 0, bytes: 0};
	terminal.onData(data => {
		if (seen.length < 100_000) seen += data;
		drawn.frames += data.split(FRAME_START).length - 1;
		drawn.bytes += Buffer.byteLength(data);
	});
	const port = await waitFor(() => /listening on 127\.0\.0\.1:(\d+)/.exec(seen)?.[1], `port from ${name}`);
	let exited = false;
	terminal.onExit(() => (exited = true));
	return {
		name,
		port: Number(port),
		pid: terminal.pid,
		drawn,
		async stop() {
			terminal.kill('SIGTERM');
			await waitFor(() => (exited ? true : undefined), `${name} exiting`);
		},
	};
}

/** Where Ink begins a frame (synchronized output). */
const FRAME_START = '\u001B[?2026h';

/** Wall time from the first send to the last 250, and the server's CPU time and frames (an inbox's) meanwhile. */
async function burst(server) {
	const transport = nodemailer.createTransport({host: '127.0.0.1', port: server.port, pool: true, maxConnections: connections, maxMessages: Infinity, tls: {rejectUnauthorized: false}});
	const cpuBefore = cpuMs(server.pid);
	const drawnBefore = server.drawn && {...server.drawn};
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({length: messages}, (_, index) =>
			transport.sendMail({from: 'App <noreply@app.test>', to: `user${index}@example.test`, subject: `Confirm your address (${index + 1})`, text, html}),
		),
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const cpu = cpuMs(server.pid) - cpuBefore;
	transport.close();
	const drawn = drawnBefore && {frames: server.drawn.frames - drawnBefore.frames, bytes: server.drawn.bytes - drawnBefore.bytes};
	return {seconds, cpuMs: cpu, ...drawn};
}

const servers = [await startServe(), await startInbox('smtp-tui inbox (pty 100x30)', cli), ...(old ? [await startInbox(`smtp-tui inbox of ${path.basename(old)}`, path.join(old, 'dist/cli.js'))] : [])];
const results = servers.map(() => []);
try {
	// A first burst each warms the JIT (and fills the inbox's list with 300, as after a test suite's first run).
	for (const server of servers) await burst(server);
	for (let round = 0; round < rounds; round++) {
		// Each round in another order, so no server always follows the same one.
		const order = round % 2 === 0 ? servers.map((_, index) => index) : servers.map((_, index) => index).reverse();
		for (const index of order) results[index].push(await burst(servers[index]));
	}
} finally {
	for (const server of servers) await server.stop();
	rmSync(home, {recursive: true, force: true});
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = servers.map((server, index) => {
	const seconds = median(results[index].map(result => result.seconds));
	const drawn = results[index][0].frames === undefined ? {} : {frames: median(results[index].map(result => result.frames)), kib: median(results[index].map(result => result.bytes)) / 1024};
	return {name: server.name, seconds, cpuMs: median(results[index].map(result => result.cpuMs)), ofServe: seconds / median(results[0].map(result => result.seconds)), ...drawn};
});
console.log(`bench/inbox: ${messages} messages (text and HTML) from nodemailer, pool of ${connections} connections with STARTTLS; median of ${rounds} alternated rounds after one warm-up each`);
const perSecond = row => (row.frames === undefined ? '-' : (row.frames / row.seconds).toFixed(1));
console.log(
	table([
		['server', 'seconds', 'x serve', 'server CPU ms', 'frames', 'frames/s', 'KiB drawn', 'all rounds (s)'],
		...rows.map((row, index) => [row.name, row.seconds.toFixed(2), row.ofServe.toFixed(2), row.cpuMs.toFixed(0), row.frames ?? '-', perSecond(row), row.kib?.toFixed(0) ?? '-', results[index].map(result => result.seconds.toFixed(2)).join(' ')]),
	]),
);
const met = rows[1].ofServe <= target;
console.log(`target: the inbox within ${target}x serve's time: ${met ? 'met' : 'MISSED'}`);
process.exitCode = met ? 0 : 1;
