// --save-dir: <n>.eml + <n>.json on disk before the 250, loaded again at start, numbering continues.
import {chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {startTestSandbox} from './helpers/sandbox.js';
import type {RawClient} from './helpers/raw-client.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-'));

async function deliver(client: RawClient, subject: string) {
	client.write(`MAIL FROM:<a@example.com> SIZE=100\r\nRCPT TO:<b@example.com>\r\nDATA\r\n`);
	for (let n = 0; n < 3; n++) await client.reply();
	return client.command(`Subject: ${subject}\r\n\r\nbody of ${subject}\r\n.`);
}

describe('--save-dir', () => {
	it('writes <n>.eml with the raw bytes and <n>.json with envelope and session before the 250', async () => {
		const dir = tempDir();
		const sandbox = await startTestSandbox({saveDir: dir});
		const client = await sandbox.client();
		const reply = await deliver(client, 'first');
		// The reply is only sent once the files are in place.
		expect(reply.text).toBe('2.6.0 Ok: queued as 1');
		expect(readdirSync(dir).sort()).toEqual(['1.eml', '1.json']);
		expect(readFileSync(path.join(dir, '1.eml'), 'utf8')).toBe('Subject: first\r\n\r\nbody of first\r\n');
		const record = JSON.parse(readFileSync(path.join(dir, '1.json'), 'utf8'));
		expect(record).toMatchObject({
			id: 1,
			from: 'a@example.com',
			to: ['b@example.com'],
			subject: 'first',
			size: 33,
			envelope: {mailFrom: {address: 'a@example.com', params: {SIZE: '100'}}, rcptTo: [{address: 'b@example.com', params: {}}]},
			session: {helo: 'test.example', tls: false, auth: false, listener: 'smtp'},
		});
		expect(record).not.toHaveProperty('raw');
		client.end();
		await sandbox.close();
	});

	it('escapes C1 and bidi characters a client put in the .json (in a subject), so `cat` cannot drive a terminal', async () => {
		const dir = tempDir();
		const sandbox = await startTestSandbox({saveDir: dir});
		const client = await sandbox.client();
		await deliver(client, 'x \u009b31m \u202erev');
		const text = readFileSync(path.join(dir, '1.json'), 'utf8');
		expect(text).not.toMatch(/[\u0080-\u009f\u202e]/);
		expect(text).toContain('\\u009b31m');
		expect(JSON.parse(text).subject).toBe('x \u009b31m \u202erev');
		client.end();
		await sandbox.close();
	});

	it.runIf(process.platform !== 'win32')('keeps captured mail private: a folder it makes is 0700, the files 0600', async () => {
		const dir = path.join(tempDir(), 'captured', 'inbox');
		const sandbox = await startTestSandbox({saveDir: dir});
		const client = await sandbox.client();
		await deliver(client, 'private');
		const mode = (file: string) => statSync(file).mode & 0o777;
		expect([mode(dir), mode(path.dirname(dir))]).toEqual([0o700, 0o700]);
		expect([mode(path.join(dir, '1.eml')), mode(path.join(dir, '1.json'))]).toEqual([0o600, 0o600]);
		client.end();
		await sandbox.close();

		// A folder the user made keeps its mode.
		const own = tempDir();
		chmodSync(own, 0o755);
		await (await startTestSandbox({saveDir: own})).close();
		expect(mode(own)).toBe(0o755);
	});

	it.runIf(process.platform !== 'win32')('writes nothing through a file or link planted under the next name in a folder others can write', async () => {
		// `--save-dir /tmp/mail` on a shared machine: another user plants the temporary name of the next .json
		// (its pid is in serve's first lines) as a link to a file of yours, or as a file of theirs to read it.
		const dir = tempDir();
		chmodSync(dir, 0o1777);
		const yours = path.join(tempDir(), 'yours');
		writeFileSync(yours, 'untouched');
		symlinkSync(yours, path.join(dir, `.1.json.${process.pid}.tmp`));
		const sandbox = await startTestSandbox({saveDir: dir});
		const client = await sandbox.client();
		expect((await deliver(client, 'planted')).text).toBe('2.6.0 Ok: queued as 1');
		expect(readFileSync(yours, 'utf8')).toBe('untouched');
		const saved = lstatSync(path.join(dir, '1.json'));
		expect([saved.isFile(), saved.mode & 0o777]).toEqual([true, 0o600]);
		expect(JSON.parse(readFileSync(path.join(dir, '1.json'), 'utf8')).subject).toBe('planted');
		client.end();
		await sandbox.close();
	});

	it('loads the saved messages at start and continues the numbering', async () => {
		const dir = tempDir();
		const first = await startTestSandbox({saveDir: dir});
		const client = await first.client();
		for (const subject of ['one', 'two', 'three']) await deliver(client, subject);
		client.end();
		await first.close();

		// Leftovers of an interrupted run: a temporary file and a lone .eml without its .json.
		// Its pid is above Linux's highest (2^22): that process is gone, surely.
		writeFileSync(path.join(dir, '.4.eml.4194305.tmp'), 'partial');
		writeFileSync(path.join(dir, '7.eml'), 'Subject: orphan\r\n\r\n');
		writeFileSync(path.join(dir, 'notes.txt'), 'not a message');

		const second = await startTestSandbox({saveDir: dir, keep: 2});
		expect(second.mailbox.loaded).toEqual({count: 2, skipped: 0, found: 3});
		expect(second.mailbox.list().map(summary => [summary.id, summary.subject])).toEqual([
			[2, 'two'],
			[3, 'three'],
		]);
		// Only the records are loaded; a body is read from its file when asked for.
		expect(second.mailbox.get(3)).toBeUndefined();
		expect((await second.mailbox.read(3)).toString()).toBe('Subject: three\r\n\r\nbody of three\r\n');
		expect(second.mailbox.record(3)!.envelope.mailFrom.params).toEqual({SIZE: '100'});
		expect(second.mailbox.nextId).toBe(8);
		expect(readdirSync(dir)).not.toContain('.4.eml.4194305.tmp');

		const again = await second.client();
		expect((await deliver(again, 'four')).text).toBe('2.6.0 Ok: queued as 8');
		expect(second.mailbox.list().map(summary => summary.id)).toEqual([3, 8]);
		// Dropped from memory, still on disk.
		expect(readdirSync(dir)).toEqual(expect.arrayContaining(['1.eml', '1.json', '2.eml', '8.eml', '8.json']));
		again.end();
		await second.close();
	});

	it('never overwrites a message another server saved in the same folder: the second takes the next number', async () => {
		const dir = tempDir();
		const [first, second] = [await startTestSandbox({saveDir: dir}), await startTestSandbox({saveDir: dir})];
		const [a, b] = [await first.client(), await second.client()];
		// Both start from an empty folder, so both would number their message 1.
		expect((await deliver(a, 'one')).text).toBe('2.6.0 Ok: queued as 1');
		expect((await deliver(b, 'two')).text).toBe('2.6.0 Ok: queued as 2');
		expect(readFileSync(path.join(dir, '1.eml'), 'utf8')).toContain('body of one');
		expect(readFileSync(path.join(dir, '2.eml'), 'utf8')).toContain('body of two');
		expect(JSON.parse(readFileSync(path.join(dir, '2.json'), 'utf8'))).toMatchObject({id: 2, subject: 'two'});
		expect(readdirSync(dir).filter(name => name.endsWith('.tmp'))).toEqual([]);
		a.end();
		b.end();
		await Promise.all([first.close(), second.close()]);
	});

	it('skips a saved message whose JSON is broken, and says so', async () => {
		const dir = tempDir();
		writeFileSync(path.join(dir, '1.eml'), 'Subject: x\r\n\r\n');
		writeFileSync(path.join(dir, '1.json'), '{"id": 1, "from": ');
		const sandbox = await startTestSandbox({saveDir: dir});
		expect(sandbox.mailbox.loaded).toEqual({count: 0, skipped: 1, found: 1});
		expect(sandbox.mailbox.nextId).toBe(2);
		await sandbox.close();
	});

	it('answers 451 4.3.0 when the message cannot be written, and reports the error', async () => {
		const dir = tempDir();
		const sandbox = await startTestSandbox({saveDir: dir});
		// The folder is replaced by a file: nothing can be written below it (even as root).
		rmSync(dir, {recursive: true});
		writeFileSync(dir, '');
		const client = await sandbox.client();
		expect(await deliver(client, 'unwritable')).toMatchObject({code: 451, text: '4.3.0 Could not store the message, try again later'});
		expect(await sandbox.event('error')).toMatchObject({code: 'ENOTDIR', message: expect.stringContaining('could not save the message')});
		expect(sandbox.mailbox.list()).toEqual([]);
		// The number is skipped, the session goes on.
		expect(sandbox.mailbox.nextId).toBe(2);
		expect((await client.command('NOOP')).code).toBe(250);
		client.end();
		await sandbox.close();
	});
});
