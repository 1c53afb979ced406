// serve --save-max N: a sandbox left serving for days (a CI machine's) keeps at most the newest N messages in its
// --save-dir, those there at start counted, so the folder stops growing; without it every message stays.
import {existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {MessageStore} from '../../source/sandbox/message-store.js';
import {session, startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-max-'));

/** The messages in `dir`, by number: each as the kinds of file it has there. */
function saved(dir: string): string[] {
	return readdirSync(dir)
		.filter(name => /^\d+\.(eml|json)$/.test(name))
		.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b));
}

async function deliver(port: number, subject: string): Promise<void> {
	await session(port, ['EHLO test.example', 'MAIL FROM:<a@example.com>', 'RCPT TO:<b@example.com>', 'DATA', `Subject: ${subject}\r\n\r\nbody of ${subject}\r\n.`, 'QUIT']);
}

describe('serve --save-max', () => {
	it('deletes the oldest saved messages beyond N as new ones are saved, counting those there at start', async () => {
		const dir = tempDir();
		const before = await startServe({saveDir: dir});
		for (const subject of ['one', 'two', 'three']) await deliver(before.port, subject);
		await before.stop();
		// Without --save-max every message stays.
		expect(saved(dir)).toHaveLength(6);

		const serve = await startServe({saveDir: dir, saveMax: '2', http: '0'});
		const api = (await waitFor(() => /HTTP API on (http:\/\/[\d.]+:\d+)/.exec(serve.out()), 'the HTTP line'))[1]!;
		await waitFor(() => serve.out().includes('ready:'), 'the ready line');
		expect(serve.out()).toContain('(3 there), the next is 4; at most 2 stay there (--save-max): the oldest are deleted as new ones are saved');
		for (const subject of ['four', 'five']) await deliver(serve.port, subject);
		await waitFor(() => saved(dir).length === 4 && saved(dir), 'the folder down to 2 messages');
		expect(saved(dir)).toEqual(['4.eml', '4.json', '5.eml', '5.json']);
		// The messages deleted have left the list too.
		const listed = (await (await fetch(`${api}/api/v1/messages`)).json()) as {messages: Array<{ID: string}>};
		expect(listed.messages.map(message => message.ID).sort()).toEqual(['4', '5']);
		await serve.stop();
	});

	it("leaves no .json behind when a message is deleted while its check's outcome is written into it", async () => {
		const dir = tempDir();
		const ids = [1, 2, 3, 4, 5, 6, 7, 8];
		for (const id of ids) {
			writeFileSync(path.join(dir, `${id}.eml`), `Subject: ${id}\r\n\r\nbody\r\n`);
			writeFileSync(path.join(dir, `${id}.json`), `${JSON.stringify({id, subject: String(id)})}\n`);
		}
		const store = new MessageStore(dir);
		await store.open(100, true);
		// Each check's outcome is being written (a signed message checked late) as --save-max deletes its message.
		const checks = ids.map(id => store.setChecks(id, ['dkim'], {dkim: 'pass'}));
		expect(store.deleteOldest(0)).toEqual(ids);
		await Promise.all(checks);
		await waitFor(() => ids.every(id => !existsSync(path.join(dir, `${id}.eml`))), 'the deletions');
		expect(saved(dir)).toEqual([]);
	});

	it("keeps a message's .eml where its .json cannot be deleted, so what is listed can be read", async () => {
		const dir = tempDir();
		for (const id of [1, 2]) writeFileSync(path.join(dir, `${id}.eml`), `Subject: ${id}\r\n\r\nbody\r\n`);
		// A .json unlink refuses (EISDIR; a read-only file system or an immutable file refuse the same way).
		mkdirSync(path.join(dir, '1.json'));
		writeFileSync(path.join(dir, '2.json'), `${JSON.stringify({id: 2, subject: '2'})}\n`);
		const store = new MessageStore(dir);
		await store.open(100, true);
		expect(store.deleteOldest(0)).toEqual([1, 2]);
		await waitFor(() => !existsSync(path.join(dir, '2.eml')), 'the deletions');
		expect(saved(dir)).toEqual(['1.eml', '1.json']);
	});

	it.each([
		[{saveMax: '10'}, '--save-max without --save-dir: no messages are saved to limit'],
		[{saveDir: 'mail', saveMax: '0'}, '--save-max must be a whole number, at least 1, not "0"'],
	])('%o is refused: %s', (flags, message) => {
		expect(() => parseServeFlags(flags, [])).toThrow(message);
	});
});
