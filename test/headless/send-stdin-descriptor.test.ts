// `send --data -` copies standard input into a private file before connecting, from its descriptor when it is a pipe
// or a file (`< message.eml`, read from where its offset stands), through one reused buffer. Read through a stream, each 64 KiB
// read left a dead buffer behind, and a 100 MB message peaked ~35 MiB above the same send of a small one; read from
// the descriptor into one reused buffer, it costs what `--data @FILE` does. Measured as the child's own peak RSS
// (reported by a preload at exit), against the same command's peak for a small message, so that neither the Node
// version nor the load moves the bound.
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {closeSync, openSync, readFileSync, writeFileSync} from 'node:fs';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {encodeData} from '../../source/smtp/data-encoder.js';
import {startRawServer, takeOneMessage} from '../helpers/raw-server.js';
import {cliNode, cliPath} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-stdin-memory');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MEBIBYTE = 1024 * 1024;

/** Writes a wire-ready message of `megabytes` MB to stdout, minding backpressure: a command before a pipe. */
const GENERATOR = `
	const total = Number(process.argv[1]) * 1e6;
	const block = Buffer.from('The quick brown fox jumps over the lazy dog; 0123456789 abcdefghijklmnopqrstuv\\r\\n'.repeat(800));
	let written = 0;
	process.stdout.write('From: a@example.test\\r\\nSubject: large\\r\\n\\r\\n');
	const more = () => {
		while (written < total) {
			written += block.length;
			if (!process.stdout.write(block)) return void process.stdout.once('drain', more);
		}
		process.stdout.end();
	};
	more();
`;

let sink: {port: number; stop: () => void};
let preload: string;

beforeAll(async () => {
	// The benchmark's discard sink, in its own process: it holds nothing of the message.
	const child = spawn(process.execPath, [path.join(root, 'bench/sink.mjs')], {stdio: ['ignore', 'pipe', 'inherit']});
	const [port] = (await once(child.stdout, 'data')) as [Buffer];
	sink = {port: Number(String(port).trim()), stop: () => child.kill()};
	preload = path.join(await tempDir(), 'peak.cjs');
	writeFileSync(preload, `process.on('exit', () => require('node:fs').writeSync(2, '\\npeak-rss-kib ' + process.resourceUsage().maxRSS + '\\n'));\n`);
});

afterAll(() => sink?.stop());

/** `send --data -` with `input` as its standard input; its exit code and peak RSS in MiB. */
async function peakOf(input: {pipeOf: number} | {file: string}): Promise<number> {
	const send = `"${cliNode}" --require "${preload}" "${cliPath}" send --host 127.0.0.1 --port ${sink.port} --no-starttls --from a@example.test --to b@example.test --data - --quiet`;
	const command = 'pipeOf' in input ? `"${process.execPath}" -e "$GENERATOR" ${input.pipeOf} | ${send}` : `${send} < "${input.file}"`;
	// A real pipe, as a shell makes one (Node's own stdio pipes are sockets).
	const child = spawn('sh', ['-c', command], {env: {...process.env, GENERATOR, NO_COLOR: '1'}, stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += chunk));
	const [code] = (await once(child, 'close')) as [number];
	expect({code, stderr: code === 0 ? '' : stderr}).toEqual({code: 0, stderr: ''});
	return Number(/peak-rss-kib (\d+)/.exec(stderr)![1]) / 1024;
}

describe('send --data -: a large message on standard input is never held in memory', () => {
	it('100 MB through a pipe peaks within 20 MiB of a 1 MB one', async () => {
		const small = await peakOf({pipeOf: 1});
		const large = await peakOf({pipeOf: 100});
		expect(large - small).toBeLessThan(20);
	}, 60_000);

	it('100 MB redirected from a file (< message.eml) peaks within 20 MiB of a 1 MB one', async () => {
		const dir = await tempDir();
		const files = {small: path.join(dir, 'small.eml'), large: path.join(dir, 'large.eml')};
		const line = Buffer.from(`${'x'.repeat(78)}\r\n`.repeat(Math.floor(MEBIBYTE / 80)));
		for (const [name, mebibytes] of [['small', 1], ['large', 100]] as const) {
			const fd = openSync(files[name], 'w');
			writeFileSync(fd, 'Subject: large\r\n\r\n');
			for (let index = 0; index < mebibytes; index++) writeFileSync(fd, line);
			closeSync(fd);
		}
		const small = await peakOf({file: files.small});
		const large = await peakOf({file: files.large});
		expect(large - small).toBeLessThan(20);
	}, 60_000);
});

/** Runs `sh -c SCRIPT` with $SEND the send command to a raw server (`--data -`; $SEND_AT wants @FILE after it); what came after 354, and the result. */
async function wireOf(script: string, env: Record<string, string> = {}) {
	let data: Promise<Buffer> | undefined;
	const server = await startRawServer(async peer => {
		data = takeOneMessage(peer);
		await data;
	});
	try {
		const send = `"${cliNode}" "${cliPath}" send --host 127.0.0.1 --port ${server.port} --no-starttls --from a@example.test --to b@example.test --quiet --data`;
		const child = spawn('sh', ['-c', script], {env: {...process.env, ...env, SEND: `${send} -`, SEND_AT: send, NO_COLOR: '1'}, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		const [code] = (await once(child, 'close')) as [number];
		return {code, stderr, wire: await data};
	} finally {
		await server.close();
	}
}

describe('send --data -: standard input read from its descriptor arrives whole', () => {
	// Several reads' worth, a dot to stuff and a bare LF to mend: the check and the encoder see every byte.
	const content = `Subject: whole\r\n\r\n${`${'w'.repeat(78)}\r\n`.repeat(5000)}.dot\r\nbare\nLF\r\n`;

	it('from a pipe and from a file, byte for byte what the encoder makes of it', async () => {
		const file = path.join(await tempDir(), 'message.eml');
		writeFileSync(file, content);
		for (const script of ['cat "$FILE" | eval "$SEND"', 'eval "$SEND" < "$FILE"']) {
			const {code, stderr, wire} = await wireOf(script, {FILE: file});
			expect({code, stderr}).toEqual({code: 0, stderr: ''});
			expect(wire!.equals(encodeData(content))).toBe(true);
		}
	});

	it('a file read in part before (a script that took its first line) goes on from there', async () => {
		const file = path.join(await tempDir(), 'message.eml');
		writeFileSync(file, `skip this line\n${content}`);
		const {code, wire} = await wireOf('{ read -r first; eval "$SEND"; } < "$FILE"', {FILE: file});
		expect(code).toBe(0);
		expect(wire!.equals(encodeData(content))).toBe(true);
		expect(readFileSync(file, 'latin1').startsWith('skip this line\n')).toBe(true);
	});

	it('a named pipe as @FILE arrives whole, and a device as @FILE is still read as a stream', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'message.eml');
		writeFileSync(file, content);
		const fifo = await wireOf('mkfifo "$DIR/pipe" && { cat "$FILE" > "$DIR/pipe" & eval "$SEND_AT" @"$DIR/pipe"; }', {FILE: file, DIR: dir});
		expect({code: fifo.code, stderr: fifo.stderr}).toEqual({code: 0, stderr: ''});
		expect(fifo.wire!.equals(encodeData(content))).toBe(true);
		const device = await wireOf('eval "$SEND_AT" @/dev/null');
		expect(device.code).toBe(1);
		expect(device.stderr).toContain('message file /dev/null is empty');
	});

	it('an empty pipe is refused before connecting, as before', async () => {
		const {code, stderr, wire} = await wireOf(': | eval "$SEND"');
		expect(code).toBe(1);
		expect(stderr).toContain('the message on standard input is empty');
		expect(wire).toBeUndefined();
	});

	it('a temp folder that cannot take the copy is named, with the way out, and nothing is sent', async () => {
		const missing = path.join(await tempDir(), 'gone');
		const noFolder = await wireOf('printf "Subject: x\\r\\n\\r\\nhi\\r\\n" | eval "$SEND"', {TMPDIR: missing});
		expect(noFolder.code).toBe(1);
		expect(noFolder.stderr).toBe(`smtp-tui: the message on standard input could not be copied into the temporary folder ${missing}: the folder does not exist; nothing was sent: set TMPDIR to a folder that does\n`);
		expect(noFolder.wire).toBeUndefined();
		// A write that fails part way, as on a full disk (ENOSPC takes the same path): a file size limit of 50 KiB.
		const file = path.join(await tempDir(), 'message.eml');
		writeFileSync(file, content);
		const tmp = await tempDir();
		const full = await wireOf('ulimit -f 100; eval "$SEND" < "$FILE"', {FILE: file, TMPDIR: tmp});
		expect(full.code).toBe(1);
		expect(full.stderr).toBe(`smtp-tui: the message on standard input could not be copied into the temporary folder ${tmp}: over the file size limit (ulimit -f); nothing was sent: raise the limit, or save the message to a file and give that as @FILE\n`);
		expect(full.wire).toBeUndefined();
		expect(await readdir(tmp)).toEqual([]);
	});
});
