// --save-dir shared and disturbed: a starting server leaves a live sharer's half-written files alone, and a
// folder deleted while serving (`rm -rf mail` between CI suites) is made again instead of failing every message.
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {RawClient} from './helpers/raw-client.js';
import {MessageStore} from '../../source/sandbox/message-store.js';
import {startTestSandbox} from './helpers/sandbox.js';
import {killLeftovers, spawnServe} from './helpers/serve-process.js';

afterEach(killLeftovers);

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-robust-'));
/** Above Linux's highest possible pid (2^22) and odd (Windows pids are multiples of 4): no process has it. */
const deadPid = 2 ** 22 + 1;
const temps = (dir: string) => readdirSync(dir).filter(name => name.endsWith('.tmp')).sort();

async function deliver(client: RawClient, subject: string) {
	client.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
	for (let n = 0; n < 3; n++) await client.reply();
	return client.command(`Subject: ${subject}\r\n\r\nbody of ${subject}\r\n.`);
}

describe('--save-dir given as a relative path', () => {
	it('is resolved at start: should the folder serve ran in be deleted, the messages still go where it said', () => {
		const store = new MessageStore('mail');
		expect(store.dir).toBe(path.join(process.cwd(), 'mail'));
	});
});

describe('--save-dir shared with another server', () => {
	it('removes at start only the temporary files of processes that are gone', async () => {
		const dir = tempDir();
		const mine = `.5.eml.${process.pid}.tmp`;
		const dead = `.6.eml.${deadPid}.tmp`;
		const deadJson = `.6.json.${deadPid}.0badf00d.tmp`;
		// Named for this process but older than it: an earlier process that had the same pid (pid 1 in a container).
		const earlier = `.7.json.${process.pid}.tmp`;
		for (const name of [mine, dead, deadJson, earlier]) writeFileSync(path.join(dir, name), 'half written');
		utimesSync(path.join(dir, earlier), new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));
		// Pid 1 always runs; unless the tests run as root it is another user's, and kill(1, 0) says EPERM.
		const init = '.8.eml.1.tmp';
		if (process.platform !== 'win32') writeFileSync(path.join(dir, init), 'half written');

		const sandbox = await startTestSandbox({saveDir: dir});
		expect(temps(dir)).toEqual([mine, ...(process.platform === 'win32' ? [] : [init])].sort());
		expect(readFileSync(path.join(dir, mine), 'utf8')).toBe('half written');
		await sandbox.close();
	});

	it("leaves a running server's half-written message alone, and removes it once that server is gone", async () => {
		const dir = tempDir();
		const other = await spawnServe({saveDir: dir});
		// What the other server is writing when this one starts: an 8 MB message on its way to 1.eml.
		const half = `.1.eml.${other.child.pid}.tmp`;
		writeFileSync(path.join(dir, half), 'x'.repeat(1024));

		const first = await startTestSandbox({saveDir: dir});
		expect(temps(dir)).toEqual([half]);
		// The two still share the numbers: this one's message takes 1 (nothing is linked there yet).
		const client = await first.client();
		expect((await deliver(client, 'meanwhile')).code).toBe(250);
		expect(temps(dir)).toEqual([half]);
		client.end();
		await first.close();

		other.child.kill('SIGKILL');
		await other.exited;
		const second = await startTestSandbox({saveDir: dir});
		expect(temps(dir)).toEqual([]);
		expect(readdirSync(dir).sort()).toEqual(['1.eml', '1.json']);
		await second.close();
	});
});

describe('--save-dir deleted while serving', () => {
	it.runIf(process.platform !== 'win32')('makes the folder again (0700) and saves there, numbering on', async () => {
		const parent = tempDir();
		const dir = path.join(parent, 'mail', 'inbox');
		const sandbox = await startTestSandbox({saveDir: dir});
		const client = await sandbox.client();
		expect((await deliver(client, 'one')).text).toBe('2.6.0 Ok: queued as 1');

		// `rm -rf mail` between two suites.
		rmSync(path.join(parent, 'mail'), {recursive: true, force: true});
		expect(existsSync(dir)).toBe(false);
		const reply = await deliver(client, 'two');
		expect(reply.text).toBe('2.6.0 Ok: queued as 2');
		const mode = (file: string) => statSync(file).mode & 0o777;
		expect([mode(dir), mode(path.dirname(dir))]).toEqual([0o700, 0o700]);
		expect(readdirSync(dir).sort()).toEqual(['2.eml', '2.json']);
		expect(readFileSync(path.join(dir, '2.eml'), 'utf8')).toBe('Subject: two\r\n\r\nbody of two\r\n');
		expect(JSON.parse(readFileSync(path.join(dir, '2.json'), 'utf8'))).toMatchObject({id: 2, subject: 'two'});
		expect([mode(path.join(dir, '2.eml')), mode(path.join(dir, '2.json'))]).toEqual([0o600, 0o600]);
		expect(sandbox.events.filter(event => event.type === 'error')).toEqual([]);

		// And again: it is not a one-off.
		rmSync(dir, {recursive: true, force: true});
		expect((await deliver(client, 'three')).text).toBe('2.6.0 Ok: queued as 3');
		expect(readdirSync(dir).sort()).toEqual(['3.eml', '3.json']);
		expect(sandbox.mailbox.list().map(summary => [summary.id, summary.subject])).toEqual([
			[1, 'one'],
			[2, 'two'],
			[3, 'three'],
		]);
		client.end();
		await sandbox.close();
	});
});
