// Bounded memory: message bodies in memory are capped in bytes (oldest dropped first, their summaries stay),
// --save-dir loads summaries only at start, and a dropped body is read from disk or said to be gone.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {sandboxDefaults} from '../../source/sandbox/settings.js';
import type {RawClient} from './helpers/raw-client.js';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

const kib = 1024;

/** A message of about `bytes` bytes, numbered in its subject and in every line, so bodies cannot be mixed up. */
function message(n: number, bytes: number): string {
	const line = `message ${n} ${'x'.repeat(60)}\r\n`;
	return `Subject: number ${n}\r\n\r\n${line.repeat(Math.ceil(bytes / line.length))}`;
}

async function deliverMany(client: RawClient, count: number, bytes: number): Promise<number[]> {
	const ids: number[] = [];
	for (let n = 1; n <= count; n++) {
		client.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
		for (let reply = 0; reply < 3; reply++) await client.reply();
		client.write(`${message(n, bytes)}.\r\n`);
		const accepted = await client.reply();
		expect(accepted.code).toBe(250);
		ids.push(Number(/queued as (\d+)/.exec(accepted.text)![1]));
	}
	return ids;
}

/** The bytes of the bodies `get` still has: what the mailbox says it keeps must add up to them. */
function bodiesInMemory(sandbox: TestSandbox): number {
	return sandbox.mailbox.list().reduce((sum, {id}) => sum + (sandbox.mailbox.get(id)?.raw.length ?? 0), 0);
}

describe('bodies kept in memory', () => {
	it('defaults to 64 MiB for the dashboard; serve keeps none (its log needs only the summary)', () => {
		expect(sandboxDefaults.keepBytes).toBe(64 * 1024 * 1024);
		expect(parseServeFlags({}, []).settings.keepBytes).toBe(0);
	});

	it('keeps the newest bodies within the byte budget; older ones stay listed and say where the body went', async () => {
		const sandbox = await startTestSandbox({keepBytes: 1024 * kib});
		const client = await sandbox.client();
		const ids = await deliverMany(client, 30, 100 * kib);
		const sizes = new Map(sandbox.mailbox.list().map(summary => [summary.id, summary.size]));

		// Every message is still listed, with its summary; only 10 bodies of ~100 KiB fit in 1 MiB.
		expect(sandbox.mailbox.list().map(summary => summary.id)).toEqual(ids);
		expect(sandbox.mailbox.list().map(summary => summary.subject)).toEqual(ids.map(n => `number ${n}`));
		const kept = ids.filter(id => sandbox.mailbox.get(id) !== undefined);
		expect(kept).toEqual(ids.slice(-10));
		expect(sandbox.mailbox.keptBytes).toBe(kept.reduce((sum, id) => sum + sizes.get(id)!, 0));
		expect(sandbox.mailbox.keptBytes).toBe(bodiesInMemory(sandbox));
		expect(sandbox.mailbox.keptBytes).toBeLessThanOrEqual(1024 * kib);

		// A dropped body says so where it is shown (the Inbox shows parse's error); its envelope is still there.
		expect(sandbox.mailbox.record(1)).toMatchObject({id: 1, subject: 'number 1', to: ['b@example.com'], size: sizes.get(1)});
		await expect(sandbox.mailbox.parse(1)).rejects.toThrow('the body of message 1 is no longer in memory: only the newest 1 MiB of message bodies are kept in memory, and this sandbox saves nothing to disk');
		expect((await sandbox.mailbox.parse(30)).text).toContain('message 30 xxx');
		client.end();
		await sandbox.close();
	});

	it('keepBytes 0 keeps no body at all, whatever arrives', async () => {
		const sandbox = await startTestSandbox({keepBytes: 0});
		const client = await sandbox.client();
		const ids = await deliverMany(client, 20, 50 * kib);
		expect(sandbox.mailbox.keptBytes).toBe(0);
		expect(bodiesInMemory(sandbox)).toBe(0);
		expect(sandbox.mailbox.list().map(summary => summary.id)).toEqual(ids);
		client.end();
		await sandbox.close();
	});

	it('with --save-dir: a dropped body is read from its file, and a restart loads summaries only', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-memory-'));
		const first = await startTestSandbox({saveDir: dir, keepBytes: 300 * kib});
		const client = await first.client();
		const ids = await deliverMany(client, 12, 100 * kib);
		expect(first.mailbox.keptBytes).toBeLessThanOrEqual(300 * kib);
		expect(first.mailbox.get(1)).toBeUndefined();
		// Nothing the user can see is lost: the body comes from disk, byte for byte.
		expect((await first.mailbox.read(1)).equals(readFileSync(path.join(dir, '1.eml')))).toBe(true);
		expect((await first.mailbox.parse(1)).text).toContain('message 1 xxx');
		client.end();
		await first.close();

		const second = await startTestSandbox({saveDir: dir, keepBytes: 300 * kib});
		expect(second.mailbox.loaded).toEqual({count: 12, skipped: 0, found: 12});
		expect(second.mailbox.keptBytes).toBe(0);
		expect(second.mailbox.list().map(summary => [summary.id, summary.subject])).toEqual(ids.map(id => [id, `number ${id}`]));
		expect(second.mailbox.list()[0]!.size).toBe(readFileSync(path.join(dir, '1.eml')).length);
		expect((await second.mailbox.parse(12)).text).toContain('message 12 xxx');
		await second.close();
	});
});
