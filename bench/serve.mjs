// bench/serve: 1,000 small messages over 10 parallel connections (reused, RSET between messages) into
// `smtp-tui serve`, against a bare smtp-server that discards the data, in the same run. Each server runs in
// its own process; peak RSS is that process's VmHWM (Linux). Target: the sandbox keeps >= 80% of the rate.
// Usage: node bench/serve.mjs [--against DIR] [--multipart]   (needs dist/cli.js: npm run bench builds it)
// --against DIR: also serves from another build (DIR/cli.js, a copy of an older dist/), in the same interleaved
// rounds, so a change is measured against what it changes while the machine's load hits both alike.
// --multipart: the messages have a small PDF attached, whose parts serve reads for the attach mark where anything
// reads it (--save-dir, --http).
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import {pathToFileURL} from 'node:url';
import {root, table, tmp} from './lib.mjs';

const connections = 10;
const perConnection = 100;
const warmUps = 3;
const rounds = 5;
const header = 'From: bench@example.test\r\nTo: sink@example.test\r\nSubject: bench\r\nMessage-ID: <bench@example.test>\r\n';
const text = 'The quick brown fox jumps over the lazy dog.\r\n'.repeat(16);
const multipart = process.argv.includes('--multipart');
const body = multipart
	? `${header}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${text}--b\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n`
	: `${header}\r\n${text}`;

/** The bare baseline: smtp-server with nothing but a draining onData (run as `node bench/serve.mjs --bare-sink`). */
async function bareSink() {
	const {SMTPServer} = await import('smtp-server');
	const server = new SMTPServer({
		logger: false,
		disableReverseLookup: true,
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		onData(stream, _session, callback) {
			stream.on('data', () => undefined);
			stream.on('end', () => callback());
		},
	});
	server.on('error', () => undefined);
	server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on 127.0.0.1:${server.server.address().port}\n`));
	process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

async function startServer(name, args, env = {}) {
	// Output goes to a file, not to a pipe into this process: reading it here would slow the load generator.
	const log = path.join(tmp, `serve-${name.replace(/\W+/g, '-')}.log`);
	const fd = openSync(log, 'w');
	const child = spawn(process.execPath, args, {cwd: root, env: {...process.env, ...env}, stdio: ['ignore', fd, 'inherit']});
	closeSync(fd);
	let exited;
	child.once('exit', code => (exited = code));
	let port;
	while (port === undefined) {
		if (exited !== undefined) throw new Error(`${name} exited ${exited} before listening`);
		await new Promise(resolve => setTimeout(resolve, 20));
		const match = /listening on [\d.]+:(\d+)/.exec(readFileSync(log, 'utf8'));
		if (match) port = Number(match[1]);
	}
	return {
		name,
		port,
		/**
		 * CPU time used so far by all its threads (the GC's and libuv's too), from /proc (Linux), or undefined elsewhere:
		 * each thread's schedstat, in nanoseconds (the stat file's 10 ms steps are a tenth of a round).
		 */
		cpuMs() {
			const tasks = `/proc/${child.pid}/task`;
			if (!existsSync(tasks)) return undefined;
			let nanoseconds = 0;
			for (const task of readdirSync(tasks)) {
				try {
					nanoseconds += Number(readFileSync(path.join(tasks, task, 'schedstat'), 'utf8').split(' ')[0]);
				} catch {
					// A thread that ended meanwhile.
				}
			}
			return nanoseconds / 1e6;
		},
		peakRssMiB() {
			const status = `/proc/${child.pid}/status`;
			const kib = existsSync(status) ? /VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1] : undefined;
			return kib === undefined ? undefined : Number(kib) / 1024;
		},
		async stop() {
			child.kill('SIGTERM');
			const [code] = await once(child, 'exit');
			if (code !== 0) throw new Error(`${name} exited ${code} on SIGTERM`);
		},
	};
}

/** A raw SMTP session that counts whole replies; any reply of 400 or more fails the run. */
class Session {
	static async open(port) {
		const session = new Session(net.connect(port, '127.0.0.1'));
		await session.replies(1);
		session.socket.write('EHLO bench.example\r\n');
		await session.replies(1);
		return session;
	}

	constructor(socket) {
		this.socket = socket;
		this.buffer = '';
		this.complete = 0;
		this.wanted = 0;
		socket.on('data', chunk => {
			this.buffer += chunk.toString('latin1');
			let end;
			while ((end = this.buffer.indexOf('\r\n')) !== -1) {
				const line = this.buffer.slice(0, end);
				this.buffer = this.buffer.slice(end + 2);
				if (line[3] === '-') continue;
				if (Number(line.slice(0, 3)) >= 400) this.fail(new Error(`unexpected reply: ${line}`));
				else if (++this.complete === this.wanted) this.done();
			}
		});
		socket.on('error', error => this.fail(error));
	}

	/** Resolves once `count` more replies have arrived. */
	replies(count) {
		return new Promise((resolve, reject) => {
			this.wanted = this.complete + count;
			this.done = resolve;
			this.fail = reject;
		});
	}

	/** `count` messages, pipelining RSET (from the second on), MAIL, RCPT and DATA. */
	async send(count) {
		for (let n = 0; n < count; n++) {
			const waiting = this.replies(n === 0 ? 3 : 4);
			this.socket.write(`${n === 0 ? '' : 'RSET\r\n'}MAIL FROM:<bench@example.test>\r\nRCPT TO:<sink@example.test>\r\nDATA\r\n`);
			await waiting;
			const accepted = this.replies(1);
			this.socket.write(`${body}.\r\n`);
			await accepted;
		}
	}

	close() {
		this.socket.end('QUIT\r\n');
	}
}

/** Messages per second over established sessions (connection set-up is not timed). */
async function load(port) {
	const sessions = await Promise.all(Array.from({length: connections}, () => Session.open(port)));
	const start = process.hrtime.bigint();
	await Promise.all(sessions.map(s => s.send(perConnection)));
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	for (const s of sessions) s.close();
	return (connections * perConnection) / seconds;
}

/** `against`: another build's dist folder, whose serve runs beside this one's (see --against). */
export async function benchServe(against) {
	const cli = path.join(root, 'dist/cli.js');
	if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build (npm run bench does)');
	const otherCli = against && path.resolve(against, 'cli.js');
	if (otherCli && !existsSync(otherCli)) throw new Error(`--against: ${otherCli} is missing (give a dist folder)`);
	const xdg = path.join(tmp, 'serve-xdg');
	const saveDir = path.join(tmp, 'serve-save-dir');
	rmSync(saveDir, {recursive: true, force: true});
	mkdirSync(xdg, {recursive: true});
	const servers = [
		await startServer('bare smtp-server (discards)', [path.join(root, 'bench/serve.mjs'), '--bare-sink']),
		await startServer('smtp-tui serve', [cli, 'serve', '--port', '0'], {XDG_DATA_HOME: xdg}),
		await startServer('smtp-tui serve --save-dir', [cli, 'serve', '--port', '0', '--save-dir', saveDir, '--keep', '100'], {XDG_DATA_HOME: xdg}),
		...(otherCli ? [await startServer(`smtp-tui serve (${against})`, [otherCli, 'serve', '--port', '0'], {XDG_DATA_HOME: xdg})] : []),
	];
	const rates = servers.map(() => []);
	/** CPU milliseconds of each round, per server. */
	const cpu = servers.map(() => []);
	let rss;
	try {
		// The JIT needs a few thousand messages before either server runs at full speed.
		for (const server of servers) for (let n = 0; n < warmUps; n++) await load(server.port);
		// Interleaved rounds, so machine noise hits every server alike; the best round counts.
		for (let round = 0; round < rounds; round++) {
			for (const [index, server] of servers.entries()) {
				const before = server.cpuMs();
				rates[index].push(await load(server.port));
				cpu[index].push((server.cpuMs() ?? Number.NaN) - (before ?? Number.NaN));
			}
		}
		rss = servers.map(server => server.peakRssMiB());
	} finally {
		await Promise.all(servers.map(server => server.stop()));
	}
	const best = rates.map(list => Math.max(...list));
	// Each round runs the servers back to back, so the ratio within a round shares the machine's mood; the
	// median of those ratios is a second, steadier view of the same comparison (the target stays on the best).
	const median = list => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
	const perMessage = milliseconds => (milliseconds * 1000) / (connections * perConnection);
	const sum = list => list.reduce((total, value) => total + value, 0);
	const rows = servers.map((server, index) => ({
		server: server.name,
		messagesPerSecond: best[index],
		ofBare: best[index] / best[0],
		ofBarePerRound: median(rates[index].map((rate, round) => rate / rates[0][round])),
		cpuMicrosecondsPerMessage: Number.isNaN(sum(cpu[index])) ? undefined : perMessage(sum(cpu[index])) / rounds,
		// A round whose server shared the cores with a busy neighbour counts once, not in the average.
		cpuMedianMicrosecondsPerMessage: Number.isNaN(sum(cpu[index])) ? undefined : perMessage(median(cpu[index])),
		peakRssMiB: rss[index],
	}));
	return {rows, target: 0.8, met: rows[1].ofBare >= 0.8};
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	if (process.argv[2] === '--bare-sink') await bareSink();
	else {
		const args = process.argv.slice(2).filter(arg => arg !== '--multipart');
		const against = args[0] === '--against' ? args[1] : undefined;
		if (args.length > (against === undefined ? 0 : 2)) throw new Error('usage: node bench/serve.mjs [--against DIR] [--multipart]');
		const {rows, target, met} = await benchServe(against);
		console.log(`bench/serve: ${connections * perConnection} ${multipart ? 'multipart ' : ''}messages of ${body.length + 3} bytes over ${connections} reused connections (RSET between), best of ${rounds}`);
		console.log(
			table([
				['server', 'messages/s', 'x bare', 'x bare per round (median)', 'server CPU µs/msg', 'per round (median)', 'peak RSS MiB'],
				...rows.map(row => [
					row.server,
					row.messagesPerSecond.toFixed(0),
					row.ofBare.toFixed(2),
					row.ofBarePerRound.toFixed(2),
					row.cpuMicrosecondsPerMessage?.toFixed(0) ?? 'n/a',
					row.cpuMedianMicrosecondsPerMessage?.toFixed(0) ?? 'n/a',
					row.peakRssMiB?.toFixed(1) ?? 'n/a',
				]),
			]),
		);
		console.log(`target: smtp-tui serve >= ${target * 100}% of the bare sink's rate without --save-dir: ${met ? 'met' : 'MISSED'}`);
	}
}
