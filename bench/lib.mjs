// Shared helpers of the benchmarks: timed child runs with peak RSS, a discard sink, test files.
import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {createWriteStream, existsSync, mkdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const tmp = path.join(root, '.bench-tmp');
mkdirSync(tmp, {recursive: true});

/**
 * Bundles source for Node 20 as dist/ is built (one ESM file, React in production, no devtools) into .bench-tmp/NAME.mjs,
 * and returns that file's path. `options`: esbuild's entryPoints or stdin, and anything to add.
 */
export async function bundleLikeDist(name, options) {
	const {build} = await import('esbuild');
	const outfile = path.join(tmp, `${name}.mjs`);
	await build({
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		jsx: 'automatic',
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': path.join(root, 'scripts/empty-module.js')},
		banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"},
		logLevel: 'warning',
		...options,
	});
	return outfile;
}

export function has(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/**
 * Run a command under /usr/bin/time for its peak RSS in MiB and its CPU time (user and system, in 10 ms steps: on
 * a loaded machine the wall time is the scheduler's as much as the program's); the wall time is taken here with the
 * monotonic clock (time's own %e has 10 ms steps, too coarse for curl's runs).
 */
export async function timed(command, args, options = {}) {
	const started = process.hrtime.bigint();
	const child = spawn('/usr/bin/time', ['-f', '%M %U %S', command, ...args], {stdio: ['ignore', 'ignore', 'pipe'], ...options});
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += chunk));
	const [code] = await once(child, 'exit');
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const [kib, user, system] = stderr.trim().split('\n').at(-1).split(' ').map(Number);
	if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`);
	return {seconds, cpuSeconds: user + system, rssMiB: kib / 1024};
}

const medianOf = values => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Of several timed runs: the median wall and CPU times and the highest peak RSS. */
export function summary(results) {
	return {seconds: medianOf(results.map(result => result.seconds)), cpuSeconds: medianOf(results.map(result => result.cpuSeconds)), rssMiB: Math.max(...results.map(result => result.rssMiB))};
}

/** Runs `run` `times` times: its summary. */
export async function repeated(times, run) {
	const results = [];
	for (let index = 0; index < times; index++) results.push(await run());
	return summary(results);
}

/** Start the discard sink in its own process; returns its port and a stop function. */
export async function startSink() {
	const child = spawn(process.execPath, [path.join(root, 'bench/sink.mjs')], {stdio: ['ignore', 'pipe', 'inherit']});
	const [chunk] = await once(child.stdout, 'data');
	return {port: Number(String(chunk).trim()), stop: () => child.kill()};
}

/**
 * A message file of about `megabytes` MB, some lines starting with a dot (to be stuffed). Lines end in CRLF, or
 * with `eol: '\n'` in a bare LF as files saved on Unix do (the client must add each CR). With `dots: false` no line
 * starts with a dot: in CRLF, the file is wire-ready (the DATA encoder would change none of its bytes).
 */
export async function messageFile(megabytes, eol = '\r\n', {dots = true} = {}) {
	const file = path.join(tmp, `message-${megabytes}mb${eol === '\n' ? '-lf' : ''}${dots ? '' : '-ready'}.eml`);
	if (existsSync(file) && statSync(file).size >= megabytes * 1e6) return file;
	const out = createWriteStream(file);
	out.write('From: bench@example.test\r\nTo: sink@example.test\r\nSubject: benchmark\r\nMessage-ID: <bench@example.test>\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\n\r\n'.replaceAll('\r\n', eol));
	const line = `The quick brown fox jumps over the lazy dog; 0123456789 abcdefghijklmnopqrstuv${eol}`;
	const dotted = `${dots ? '.' : '_'}a line that starts with a dot and must be stuffed on the wire.............${eol}`;
	const block = Buffer.from((line.repeat(49) + dotted).repeat(200));
	let written = 0;
	while (written < megabytes * 1e6) {
		if (!out.write(block)) await once(out, 'drain');
		written += block.length;
	}
	out.end();
	await once(out, 'finish');
	return file;
}

export function table(rows) {
	const widths = rows[0].map((_, i) => Math.max(...rows.map(r => String(r[i]).length)));
	return rows.map(r => r.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')).join('\n');
}
