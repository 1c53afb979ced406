// Messages bigger than any buffer: written to their file as they arrive (never held whole in memory on the way),
// kept in memory only within the inbox's budget, and a message that is not kept leaves no temporary file.
import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {RawClient} from './helpers/raw-client.js';
import {sandboxPerTest} from './helpers/sandbox.js';
import {killLeftovers, spawnServe} from './helpers/serve-process.js';
import {waitFor} from './helpers/wait.js';

afterEach(killLeftovers);
const start = sandboxPerTest();

const mb = 1024 * 1024;
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-big-'));
const temps = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter(name => name.endsWith('.tmp')) : []);

/** `bytes` of body lines (none starts with a dot: the .eml is byte for byte what was sent). */
function lines(bytes: number): Buffer {
	const line = `${'0123456789abcdef'.repeat(4)}\r\n`;
	return Buffer.from(line.repeat(Math.ceil(bytes / line.length)));
}

/** MAIL, RCPT and DATA, answered 250, 250, 354. */
async function openData(client: RawClient, to = 'b@example.com'): Promise<void> {
	client.write(`MAIL FROM:<a@example.com>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
	for (const code of [250, 250, 354]) expect((await client.reply()).code).toBe(code);
}

/** The temporary file of the message being received, once it holds at least `bytes`. */
function growingTemp(dir: string, bytes: number): Promise<string> {
	return waitFor(() => temps(dir).find(name => statSync(path.join(dir, name)).size >= bytes), `a temporary file of ${bytes} bytes`, 15_000);
}

describe('a message bigger than any buffer, with --save-dir', () => {
	it('is written to its temporary file as it arrives, before the final dot, and linked into place at the 250', async () => {
		const dir = tempDir();
		const sandbox = await start({saveDir: dir, maxSize: 100 * mb, keepBytes: mb});
		const client = await sandbox.client();
		await openData(client);
		const head = Buffer.concat([Buffer.from('Subject: big one\r\nMessage-ID: <big@example.com>\r\n\r\n'), lines(30 * mb)]);
		const tail = lines(20 * mb);
		client.write(head);
		// 20 MB on disk while the client has not even sent the rest: the server did not wait for the end.
		const temp = await growingTemp(dir, 20 * mb);
		expect(temp).toMatch(/^\.\d+\.eml\.\d+\.tmp$/);
		expect(readdirSync(dir).filter(name => !name.endsWith('.tmp'))).toEqual([]);

		client.write(tail);
		client.write('.\r\n');
		expect((await client.reply()).text).toBe('2.6.0 Ok: queued as 1');
		expect(readdirSync(dir).sort()).toEqual(['1.eml', '1.json']);
		expect(readFileSync(path.join(dir, '1.eml')).equals(Buffer.concat([head, tail]))).toBe(true);
		// Over the in-memory budget: listed, with what the scans read from its header, the body only on disk.
		expect(sandbox.mailbox.record(1)).toMatchObject({subject: 'big one', size: head.length + tail.length});
		expect(sandbox.mailbox.get(1)).toBeUndefined();
		expect(sandbox.mailbox.keptBytes).toBe(0);
		expect(await sandbox.event('accepted')).toMatchObject({id: 1, size: head.length + tail.length, subject: 'big one', messageId: '<big@example.com>', path: path.join(dir, '1.eml')});
		client.end();
	});

	it('leaves no temporary file when the message goes over the size limit (552)', async () => {
		const dir = tempDir();
		const sandbox = await start({saveDir: dir, maxSize: 2 * mb});
		const client = await sandbox.client();
		await openData(client);
		client.write(lines(3 * mb));
		await growingTemp(dir, mb);
		client.write(lines(5 * mb));
		client.write('.\r\n');
		expect((await client.reply()).code).toBe(552);
		expect(readdirSync(dir)).toEqual([]);
		expect((await client.command('NOOP')).code).toBe(250);
		client.end();
	});

	it('leaves no temporary file when the sandbox refuses the message (big@) or drops the connection (chaos)', async () => {
		const dir = tempDir();
		const sandbox = await start({saveDir: dir});
		const client = await sandbox.client();
		await openData(client, 'big@example.com');
		expect((await client.command(`Subject: refused\r\n\r\n${lines(mb)}.`)).text).toBe('5.3.4 Message too big for <big@example.com> (big@ recipe)');
		expect(readdirSync(dir)).toEqual([]);

		sandbox.settings.chaos = [{stage: 'data', code: 'drop', percent: 100}];
		await openData(client);
		client.write(`Subject: dropped\r\n\r\n${lines(mb)}.\r\n`);
		await client.closedBy();
		expect(readdirSync(dir)).toEqual([]);
	});

	it('leaves no temporary file when the client leaves in the middle of the message', async () => {
		const dir = tempDir();
		const sandbox = await start({saveDir: dir});
		const client = await sandbox.client();
		await openData(client);
		client.write(`Subject: half\r\n\r\n${lines(2 * mb)}`);
		await growingTemp(dir, mb);
		client.destroy();
		expect(await sandbox.event('disconnect')).toMatchObject({duringData: true});
		await waitFor(() => readdirSync(dir).length === 0, 'the temporary file to go');
		expect(sandbox.mailbox.list()).toEqual([]);
	});

	it('leaves no temporary file when the sandbox stops in the middle of a message', async () => {
		const dir = tempDir();
		const sandbox = await start({saveDir: dir});
		const client = await sandbox.client();
		await openData(client);
		client.write(`Subject: cut short\r\n\r\n${lines(2 * mb)}`);
		await growingTemp(dir, mb);
		await sandbox.close();
		expect(readdirSync(dir)).toEqual([]);
	});

	it.runIf(process.platform !== 'win32')('answers 451 4.3.0 when the disk fills while the message arrives, removes what was written, and serves on', async () => {
		const dir = tempDir();
		// Files of at most 1 MiB: writing the message fails half-way, as on a full disk.
		const serve = await spawnServe({saveDir: dir}, {}, {maxFileBytes: mb});
		const client = await RawClient.connect(serve.port);
		expect((await client.reply()).code).toBe(220);
		await client.command('EHLO test.example');
		await openData(client);
		expect(await client.command(`Subject: too much\r\n\r\n${lines(3 * mb)}.`)).toMatchObject({code: 451, text: '4.3.0 Could not store the message, try again later'});
		await waitFor(() => /#1 error: could not save the message: .*\(EFBIG\)$/m.test(serve.stdout()), 'the error line');
		expect(readdirSync(dir)).toEqual([]);
		await openData(client);
		expect((await client.command('Subject: small\r\n\r\nfits\r\n.')).text).toBe('2.6.0 Ok: queued as 2');
		expect(readFileSync(path.join(dir, '2.eml'), 'utf8')).toBe('Subject: small\r\n\r\nfits\r\n');
		client.end();
	});
});

describe('a message bigger than the in-memory budget, without --save-dir', () => {
	it('is listed without its body, and the bodies kept before it stay', async () => {
		const sandbox = await start({keepBytes: mb, maxSize: 100 * mb});
		const client = await sandbox.client();
		await openData(client);
		expect((await client.command('Subject: small\r\n\r\nkept\r\n.')).code).toBe(250);
		await openData(client);
		const big = Buffer.concat([Buffer.from('Subject: too big to keep\r\nMessage-ID: <big@example.com>\r\n\r\n'), lines(50 * mb)]);
		client.write(big);
		expect((await client.command('.')).text).toBe('2.6.0 Ok: queued as 2');

		expect(sandbox.mailbox.list().map(summary => [summary.id, summary.subject, summary.size])).toEqual([
			[1, 'small', 24],
			[2, 'too big to keep', big.length],
		]);
		expect(sandbox.mailbox.get(2)).toBeUndefined();
		expect(sandbox.mailbox.get(1)?.raw.toString()).toBe('Subject: small\r\n\r\nkept\r\n');
		expect(sandbox.mailbox.keptBytes).toBe(24);
		expect(await sandbox.event('accepted', event => event.id === 2)).toMatchObject({messageId: '<big@example.com>', size: big.length});
		await expect(sandbox.mailbox.read(2)).rejects.toThrow('the body of message 2 is no longer in memory');
		client.end();
	});
});
