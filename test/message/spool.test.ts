import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {randomBytes} from 'node:crypto';
import {closeSync, createReadStream, openSync, readSync} from 'node:fs';
import {readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import {buffer} from 'node:stream/consumers';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {READ_CHUNK, readReusing, REUSED_CHUNK, spoolToTempFile} from '../../source/message/spool.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {bundleScript} from '../helpers/bundle-script.js';
import {openUnder} from '../helpers/open-files.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('spool');

async function fileOf(bytes: Buffer): Promise<string> {
	const file = path.join(await tempDir(), 'message.eml');
	await writeFile(file, bytes);
	return file;
}

describe('readReusing', () => {
	it('reads a file of many chunks whole, through two buffers in turn', async () => {
		const content = randomBytes(REUSED_CHUNK * 3 + 12_345);
		const copies: Buffer[] = [];
		const buffers = new Set<ArrayBufferLike>();
		for await (const chunk of readReusing({file: await fileOf(content)})) {
			copies.push(Buffer.from(chunk));
			buffers.add(chunk.buffer);
		}
		expect(Buffer.concat(copies).equals(content)).toBe(true);
		expect(copies.length).toBe(4);
		expect(buffers.size).toBe(2);
	});

	it('reads an open descriptor from the start each time and leaves it open', async () => {
		const content = Buffer.from('Subject: again\r\n\r\nbody\r\n');
		const fd = openSync(await fileOf(content), 'r');
		try {
			for (let round = 0; round < 2; round++) {
				const copies: Buffer[] = [];
				for await (const chunk of readReusing({fd})) copies.push(Buffer.from(chunk));
				expect(Buffer.concat(copies).toString()).toBe(content.toString());
			}
			expect(readSync(fd, Buffer.alloc(7), 0, 7, 0)).toBe(7);
		} finally {
			closeSync(fd);
		}
	});

	it('stops cleanly when the reader stops early, and reports a missing file', async () => {
		const file = await fileOf(randomBytes(REUSED_CHUNK * 4));
		let chunks = 0;
		for await (const _chunk of readReusing({file})) {
			if (++chunks === 1) break;
		}
		expect(chunks).toBe(1);
		const missing = readReusing({file: path.join(path.dirname(file), 'gone.eml')});
		await expect(missing.next()).rejects.toMatchObject({code: 'ENOENT'});
	});

	it.runIf(process.platform === 'linux')('closes a file it opened by name, read whole or stopped early: a dashboard sends many messages', async () => {
		const file = await fileOf(randomBytes(REUSED_CHUNK * 2));
		for await (const _chunk of readReusing({file}));
		for await (const _chunk of readReusing({file})) break;
		expect(openUnder(file)).toEqual([]);
	});
});

describe('spoolToTempFile: standard input copied to a file that leaves nothing behind', () => {
	afterEach(() => {
		vi.unstubAllEnvs();
	});

	it('reads back the same bytes as often as asked, with nothing left in the temp folder', async () => {
		const tmp = await tempDir();
		vi.stubEnv('TMPDIR', tmp);
		const content = randomBytes(READ_CHUNK + 7);
		const spooled = await spoolToTempFile(Readable.from([content.subarray(0, 100), content.subarray(100)]), 'the message on standard input');
		try {
			expect(spooled.size).toBe(content.length);
			expect(await readdir(tmp)).toEqual([]);
			for (let round = 0; round < 2; round++) expect((await buffer(spooled.open())).equals(content)).toBe(true);
			expect((await buffer(spooled.open(100))).equals(content.subarray(100))).toBe(true);
			// A reader that stops early (an attempt cut short, before the next MX) leaves the spool readable.
			const early = spooled.open();
			await once(early, 'readable');
			early.destroy();
			await once(early, 'close');
			expect((await buffer(spooled.open())).equals(content)).toBe(true);
		} finally {
			closeSync(spooled.fd);
		}
	});

	it('stops reading past the limit, naming the input, and leaves nothing', async () => {
		const tmp = await tempDir();
		vi.stubEnv('TMPDIR', tmp);
		const mebibyte = 1024 * 1024;
		let served = 0;
		// An endless source, as `yes |` is: only the limit stops it.
		const endless = new Readable({
			read() {
				served += 64 * 1024;
				this.push(Buffer.alloc(64 * 1024, 'y'));
			},
		});
		const error = await spoolToTempFile(endless, 'the body on standard input', mebibyte).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SmtpInputError);
		expect((error as Error).message).toMatch(/^the body on standard input is over 1 MiB, more than any mail server takes: reading stopped there and nothing was sent; /);
		expect(served).toBeLessThan(2 * mebibyte);
		expect(endless.destroyed).toBe(true);
		expect(await readdir(tmp)).toEqual([]);
		if (process.platform === 'linux') expect(openUnder(tmp)).toEqual([]);
	});

	it('takes an input of exactly the limit', async () => {
		vi.stubEnv('TMPDIR', await tempDir());
		const content = Buffer.alloc(64 * 1024, 'y');
		const spooled = await spoolToTempFile(Readable.from([content.subarray(0, 1000), content.subarray(1000)]), 'the message on standard input', content.length);
		try {
			expect(spooled.size).toBe(content.length);
			expect((await buffer(spooled.open())).equals(content)).toBe(true);
		} finally {
			closeSync(spooled.fd);
		}
	});

	it('stops past the limit too where it reads a descriptor: a file redirected, and a pipe (`yes |`)', async () => {
		const tmp = await tempDir();
		const mebibyte = 1024 * 1024;
		const file = await fileOf(Buffer.alloc(3 * mebibyte, 'y'));
		const script = path.join(await tempDir(), 'reader.mjs');
		vi.stubEnv('TMPDIR', tmp);
		// A stream over a descriptor that has read nothing (process.stdin for `< file`) is read from the descriptor.
		const redirected = createReadStream('', {fd: openSync(file, 'r')});
		const error = await spoolToTempFile(redirected, 'the message on standard input', mebibyte).catch((caught: unknown) => caught);
		expect((error as Error).message).toMatch(/^the message on standard input is over 1 MiB, /);
		expect(redirected.readableDidRead).toBe(false);
		redirected.destroy();
		expect(await readdir(tmp)).toEqual([]);
		await bundleScript(
			script,
			`
				import {spoolToTempFile} from './spool.ts';
				await spoolToTempFile(process.stdin, 'the message on standard input', 1024 * 1024).catch(error => process.stdout.write(error.message));
			`,
			path.join(path.dirname(fileURLToPath(import.meta.url)), '../../source/message'),
		);
		const child = spawn('sh', ['-c', `yes | "${process.execPath}" "${script}"`], {env: {...process.env, TMPDIR: tmp}, stdio: ['ignore', 'pipe', 'inherit']});
		let out = '';
		child.stdout.on('data', chunk => (out += chunk));
		await once(child, 'close');
		expect(out).toMatch(/^the message on standard input is over 1 MiB, /);
		expect(await readdir(tmp)).toEqual([]);
	});

	it('a process killed while reading (kill -9 even) leaves no file: the spool has no name from the start', async () => {
		const tmp = await tempDir();
		const script = path.join(await tempDir(), 'reader.mjs');
		await bundleScript(
			script,
			`
				import {Transform} from 'node:stream';
				import {spoolToTempFile} from './spool.ts';
				// Says when the first bytes pass on their way into the spool.
				let said = false;
				const tap = new Transform({transform(chunk, _encoding, done) {
					if (!said) process.stdout.write('reading\\n');
					said = true;
					done(null, chunk);
				}});
				await spoolToTempFile(process.stdin.pipe(tap), 'the message on standard input');
			`,
			path.join(path.dirname(fileURLToPath(import.meta.url)), '../../source/message'),
		);
		const child = spawn(process.execPath, [script], {env: {...process.env, TMPDIR: tmp}, stdio: ['pipe', 'pipe', 'inherit']});
		// Standard input stays open: the reader is still at it when it is killed.
		child.stdin.write('Subject: x\n\nhello\n');
		await once(child.stdout, 'data');
		expect(await readdir(tmp)).toEqual([]);
		child.kill('SIGKILL');
		await once(child, 'close');
		expect(await readdir(tmp)).toEqual([]);
	});
});
