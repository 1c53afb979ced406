// `send` on a slow uplink: the message goes slower than the writer could write it, and the --timeout for the message
// is the time with no byte leaving, not with no chunk read from the file. The server reads the body at a set rate
// (or stops reading it), in a network namespace whose kernel buffers are a slow link's (see narrow-link.ts), where
// the built CLI runs too.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {useTempDirs} from '../message/temp-dirs.js';
import {bundleScript} from '../helpers/bundle-script.js';
import {NARROW_LINK_BUFFERED, narrowLinkProblem, runInNarrowLink} from '../helpers/narrow-link.js';
import {cliPath} from '../helpers/run-cli.js';

const tempDir = useTempDirs('slow-link');
const helpers = path.join(path.dirname(fileURLToPath(import.meta.url)), '../helpers');

/**
 * The program run in the namespace: a server that reads the body at RATE bytes a second (after STOP bytes, not at
 * all), and `send` against it; prints the --json result, the exit code and the bytes of the body the server read.
 */
const PROGRAM = `
	import {spawn} from 'node:child_process';
	import {greetUpToData, startRawServer} from './raw-server.ts';
	const [cli, file, rate, stop, timeout] = process.argv.slice(2);
	let read = 0;
	const server = await startRawServer(async peer => {
		await greetUpToData(peer);
		const started = Date.now();
		const socket = peer.socket;
		socket.on('data', bytes => {
			read += bytes.length;
			if (Number(stop) > 0 && read >= Number(stop)) return socket.pause();
			// Paused while ahead of the rate: the kernel's buffers fill and the client's writes wait.
			const ahead = (read / Number(rate)) * 1000 - (Date.now() - started);
			if (ahead <= 0) return;
			socket.pause();
			setTimeout(() => socket.resume(), ahead);
		});
		await peer.readData();
		peer.write('250 2.0.0 queued as SLOW\\r\\n');
		await peer.readLine();
		peer.end('221 bye\\r\\n');
	});
	const child = spawn(process.execPath, [cli, 'send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--from', 'a@example.test', '--to', 'b@example.test', '--data', '@' + file, '--timeout', timeout, '--json', '--quiet'], {stdio: ['ignore', 'pipe', 'inherit']});
	let out = '';
	child.stdout.on('data', chunk => (out += chunk));
	child.on('close', async code => {
		await server.close();
		process.stdout.write(JSON.stringify({code, result: JSON.parse(out.trim().split('\\n').at(-1)), read}));
	});
`;

let program = '';
let message = '';
let small = '';

beforeAll(async () => {
	const dir = await tempDir();
	program = path.join(dir, 'slow-server.mjs');
	await bundleScript(program, PROGRAM, helpers);
	message = path.join(dir, 'message.eml');
	// 1.2 MB: more than the megabyte the writer used to queue before it looked at the clock again.
	await writeFile(message, `Subject: slow\r\n\r\n${`${'x'.repeat(98)}\r\n`.repeat(12_000)}`);
	small = path.join(dir, 'small.eml');
	await writeFile(small, `Subject: slow\r\n\r\n${`${'x'.repeat(98)}\r\n`.repeat(2_000)}`);
});

async function sendThroughSlowLink(options: {rate: number; stop?: number; timeout: number; file?: string; link?: 'narrow' | 'slow'}): Promise<{code: number; result: {message: string}; read: number}> {
	const {code, stdout, stderr} = await runInNarrowLink(program, [cliPath, options.file ?? message, String(options.rate), String(options.stop ?? 0), String(options.timeout)], options.link);
	expect(code, stderr).toBe(0);
	return JSON.parse(stdout) as {code: number; result: {message: string}; read: number};
}

describe('send on a slow uplink (a network namespace with a slow link\'s buffers; needs root)', () => {
	it('a network namespace can be made here (root, unshare, ip)', () => {
		expect(narrowLinkProblem()).toBe('');
	});

	it('a message that keeps moving, slower than --timeout allows a megabyte, is delivered', async () => {
		// 400 KB/s: the message takes 3 s; a megabyte takes 2.5 s, over the 1 s --timeout.
		const {code, result} = await sendThroughSlowLink({rate: 400_000, timeout: 1});
		expect(result.message).toBe('queued: 250 queued as SLOW');
		expect(code).toBe(0);
	});

	it('a short --timeout on a link so slow that the kernel takes the message in batches seconds apart: delivered', async () => {
		// The link, not the server, sets the pace: the 200 KB message takes some 10 s, and after the first burst
		// the kernel wakes the writer some 4 s apart; --timeout 1 used to fail it at the first such wait.
		const {code, result} = await sendThroughSlowLink({rate: 1e9, timeout: 1, file: small, link: 'slow'});
		expect(result.message).toBe('queued: 250 queued as SLOW');
		expect(code).toBe(0);
	});

	it('a server that stops reading mid-way: exit 25 after --timeout with nothing moving, and the count is what really went', async () => {
		const {code, result, read} = await sendThroughSlowLink({rate: 400_000, stop: 300_000, timeout: 1});
		expect(code).toBe(25);
		const match = /^failed \(data\): nothing more of the message left this machine for 10 s: the link or the server stalled; ([\d,]+) of about 1,200,017 bytes were handed to the network, and it was not delivered$/.exec(result.message);
		expect(match, result.message).not.toBeNull();
		const sent = Number(match![1]!.replaceAll(',', ''));
		// At least what the server read; at most that and what was still on its way to it.
		expect(sent).toBeGreaterThanOrEqual(read);
		expect(sent).toBeLessThanOrEqual(read + NARROW_LINK_BUFFERED);
	});
});
