// A DKIM check kept with --save-dir: written into the message's `.json` once it ends (the record saved before the
// 250 says `checking`), read back by a sandbox started again on the folder (not checked again, unless the check was
// cut short), and shown by `inbox --wait`, which waits for it. Real parts: signed mail over SMTP into the sandbox, its
// keys from a DNS server on 127.0.0.1, the built CLI reading the folder.
import {spawn} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {createInterface} from 'node:readline';
import nodemailer from 'nodemailer';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {MessageStore} from '../../source/sandbox/message-store.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {makeKey, SAMPLE, signed, txtStrings} from '../helpers/dkim-keys.js';
import {cliPath, ended, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {sandboxPerTest, type TestSandbox} from './helpers/sandbox.js';
import {startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

const rsa = makeKey('rsa');
const PASS = {status: 'pass', domain: 'example.test', selector: 'rsa', algorithm: 'rsa-sha256', keyBits: 2048};
const tempDir = useTempDirs('dkim-saved');
const startSandbox = sandboxPerTest();
let dns: TestDnsServer;

beforeAll(async () => {
	dns = await startDnsServer({'rsa._domainkey.example.test': {txt: [txtStrings(rsa.record)]}, 'dead._domainkey.example.test': {silent: true}});
});

afterAll(async () => {
	await dns.close();
});

/** A sandbox saving to `dir`, its keys from the test's DNS server. */
const saving = (dir: string) => startSandbox({saveDir: dir, dns: {address: '127.0.0.1', port: dns.port}});

async function send(sandbox: TestSandbox, raw: string): Promise<number> {
	const info = await nodemailer.createTransport({host: '127.0.0.1', port: sandbox.port, ignoreTLS: true}).sendMail({envelope: {from: 'app@example.test', to: ['dev@example.test']}, raw});
	return Number(/queued as (\d+)/.exec(info.response)![1]);
}

const record = async (dir: string, id: number) => JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8')) as Record<string, unknown>;

/** A folder holding message 1, signed and checked (pass), by a sandbox now closed. */
async function checkedFolder(): Promise<string> {
	const dir = await tempDir();
	const sandbox = await saving(dir);
	const id = await send(sandbox, await signed(SAMPLE, rsa, 'example.test', 'rsa'));
	await sandbox.event('dkim', event => event.id === id);
	// Its SPF and DMARC too (the sandbox has --dns): closed before, they would be left unchecked.
	await sandbox.event('dmarc', event => event.id === id);
	await sandbox.close();
	return dir;
}

/** Message 1's `.json` with its check taken out, as a sandbox stopped mid-check (`checking`) or an older version (nothing) left it. */
async function rewind(dir: string, dkim: 'checking' | undefined): Promise<void> {
	const {dkim: _mark, signatures: _results, ...rest} = await record(dir, 1);
	await writeFile(path.join(dir, '1.json'), JSON.stringify({...rest, ...(dkim && {dkim})}));
}

describe('the DKIM check, kept in the save folder', () => {
	it('is written into the .json when it ends, after a record that said checking', async () => {
		const dir = await tempDir();
		const sandbox = await saving(dir);
		const id = await send(sandbox, await signed(SAMPLE, rsa, 'example.test', 'rsa'));
		// The record saved before the 250 says the check is under way (it may have ended already).
		const event = await sandbox.event('dkim', found => found.id === id);
		expect(event.signatures).toEqual([PASS]);
		expect(await record(dir, id)).toMatchObject({id, subject: 'Your receipt', dkim: 'pass', signatures: [PASS]});
	});

	it('marks the message again in a sandbox started on the folder, without checking it again', async () => {
		const dir = await checkedFolder();
		const again = await saving(dir);
		expect(again.mailbox.record(1)).toMatchObject({dkim: 'pass', signatures: [PASS]});
		expect(again.mailbox.list()[0]).toMatchObject({id: 1, dkim: 'pass'});
		// A later message's check is reported; message 1's never is.
		const next = await send(again, await signed(SAMPLE, rsa, 'example.test', 'rsa'));
		await again.event('dkim', event => event.id === next);
		expect(again.events.filter(event => event.type === 'dkim').map(event => event.type === 'dkim' && event.id)).toEqual([next]);
	});

	it('checks again a message whose check was cut short (its record still says checking), and writes it', async () => {
		const dir = await checkedFolder();
		await rewind(dir, 'checking');
		const again = await saving(dir);
		expect((await again.event('dkim', event => event.id === 1)).signatures).toEqual([PASS]);
		expect(again.mailbox.record(1)).toMatchObject({dkim: 'pass', signatures: [PASS]});
		expect(await record(dir, 1)).toMatchObject({dkim: 'pass', signatures: [PASS]});
	});

	it("is logged by serve started again, with server where a session's number goes (the event's session is 0)", async () => {
		const dir = await checkedFolder();
		await rewind(dir, 'checking');
		for (const json of [false, true]) {
			const served = await startServe({saveDir: dir, dns: dns.address, ...(json && {json})});
			const line = await waitFor(() => served.out().split('\n').find(found => found.includes('DKIM of message 1') || found.includes('"type":"dkim"')), 'the DKIM line');
			if (json) expect(JSON.parse(line)).toMatchObject({type: 'dkim', session: 0, id: 1, signatures: [PASS]});
			else expect(line).toMatch(/^\d\d:\d\d:\d\d server DKIM of message 1: pass d=example\.test s=rsa rsa-sha256, 2048-bit key$/);
			await served.stop();
			await rewind(dir, 'checking');
		}
	});

	it('leaves the record saying checking when the sandbox closes mid-check (its lookup cut short), not a DNS error', async () => {
		const dir = await tempDir();
		const sandbox = await saving(dir);
		const id = await send(sandbox, await signed(SAMPLE, rsa, 'example.test', 'dead'));
		await waitFor(() => dns.queries.some(query => query.name === 'dead._domainkey.example.test'), 'the key asked for');
		await sandbox.close();
		expect(await record(dir, id)).toMatchObject({dkim: 'checking'});
		expect(sandbox.events.some(event => event.type === 'dkim')).toBe(false);
	});

	it('leaves unmarked a message saved by a version that did not keep the check, and a check that is not well formed', async () => {
		const dir = await checkedFolder();
		await rewind(dir, undefined);
		expect((await saving(dir)).mailbox.record(1)?.dkim).toBeUndefined();
		await writeFile(path.join(dir, '1.json'), JSON.stringify({...(await record(dir, 1)), dkim: 'pass', signatures: [{status: 'great'}]}));
		expect((await saving(dir)).mailbox.record(1)).toMatchObject({subject: 'Your receipt'});
		expect((await saving(dir)).mailbox.record(1)?.dkim).toBeUndefined();
	});
});

describe('inbox --wait and the DKIM check', () => {
	it("says it under the message line, in serve's words, and in --json's message", async () => {
		const dir = await checkedFolder();
		const text = await runCli(['inbox', '--save-dir', dir, '--wait', '1']);
		expect(text).toMatchObject({code: 0, stderr: ''});
		expect(text.stdout.split('\n').slice(1, 2)).toEqual(['DKIM of message 1: pass d=example.test s=rsa rsa-sha256, 2048-bit key']);
		const json = await runCli(['inbox', '--save-dir', dir, '--wait', '1', '--json']);
		expect(JSON.parse(json.stdout)).toMatchObject({type: 'message', id: 1, dkim: 'pass', signatures: [PASS]});
	});

	it('waits for a check under way, and shows the message once its record has it', async () => {
		const dir = await checkedFolder();
		const sandbox = await saving(dir);
		expect(await send(sandbox, SAMPLE)).toBe(2);
		await sandbox.event('dmarc', event => event.id === 2);
		await sandbox.close();
		await rewind(dir, 'checking');
		const child = spawn(process.execPath, [cliPath, 'inbox', '--save-dir', dir, '--wait', '2', '--timeout', '60'], {stdio: ['ignore', 'pipe', 'pipe']});
		const lines: string[] = [];
		createInterface({input: child.stdout}).on('line', line => lines.push(line));
		const result = ended(child);
		// Message 2, unsigned, is shown: the folder was read, and message 1 held back.
		await waitFor(() => lines.length > 0, 'the first line', 15_000);
		expect(lines.filter(line => line.startsWith('message '))).toEqual([expect.stringMatching(/^message 2 /)]);
		await new MessageStore(dir).setChecks(1, ['dkim', 'signatures'], {dkim: 'fail', signatures: [{...PASS, status: 'fail', reason: 'body hash did not verify: the body was changed after signing'}]});
		expect((await result).code).toBe(0);
		const first = lines.findIndex(line => line.startsWith('message 1 '));
		expect(lines[first + 1]).toBe('DKIM of message 1: fail d=example.test s=rsa rsa-sha256: body hash did not verify: the body was changed after signing');
	});

	it('shows a message whose check never ended as such at --timeout (at once with --wait 0), and counts it', async () => {
		const dir = await checkedFolder();
		await rewind(dir, 'checking');
		for (const wait of [['--wait', '1', '--timeout', '0.3'], ['--wait', '0']]) {
			const result = await runCli(['inbox', '--save-dir', dir, ...wait]);
			expect(result).toMatchObject({code: 0, stderr: ''});
			expect(result.stdout.split('\n')[1], wait.join(' ')).toBe('DKIM of message 1: not checked yet (serve was still looking up the keys, or stopped before it had)');
		}
	});
});
