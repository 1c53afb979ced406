// SPF and DMARC as the sandbox judges them (a sandbox with --dns): messages sent over TCP by `send` (its XCLIENT and
// PROXY flags giving the client's address, its DKIM signer signing), the records served by a DNS server on 127.0.0.1.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {makeKey, txtStrings} from '../helpers/dkim-keys.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';
import {startServe} from './helpers/serve-in-process.js';
import {runCli} from '../helpers/run-cli.js';
import {waitFor} from './helpers/wait.js';

const key = makeKey('rsa');
const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-authres-'));
const keyFile = path.join(dir, 'key.pem');
let dns: TestDnsServer;
let sandbox: TestSandbox;

beforeAll(async () => {
	writeFileSync(keyFile, key.privateKey, {mode: 0o600});
	dns = await startDnsServer({
		'example.test': {txt: [['v=spf1 ip4:192.0.2.0/24 -all']]},
		'_dmarc.example.test': {txt: [['v=DMARC1; p=reject']]},
		's1._domainkey.example.test': {txt: [txtStrings(key.record)]},
		'soft.test': {txt: [['v=spf1 ~all']]},
		'client.example.test': {txt: [['v=spf1 -all']]},
		'slow.test': {silent: true},
		'_dmarc.slow.test': {silent: true},
	});
	sandbox = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, xclient: true});
});

afterAll(async () => {
	await sandbox.close();
	await dns.close();
	rmSync(dir, {recursive: true, force: true});
});

/** Sends a message with `send` (From: `from`, unless flags say otherwise) to `port`; resolves its number once it is kept. */
async function send(port: number, from: string, flags: Record<string, unknown> = {}): Promise<number> {
	const {code, out} = await runInProcess(runSend, {host: '127.0.0.1', port: String(port), starttls: false, from, to: ['dev@example.test'], helo: 'client.example.test', body: 'Hello', ...flags}, []);
	expect(code, out).toBe(0);
	return Number(/queued as (\d+)/.exec(out)![1]);
}

const spfOf = (on: TestSandbox, id: number) => on.event('spf', event => event.id === id);
const dmarcOf = (on: TestSandbox, id: number) => on.event('dmarc', event => event.id === id);

describe('the sandbox judges SPF and DMARC as a receiver', () => {
	it('passes SPF for the address XCLIENT ADDR= gave, and DMARC by that aligned SPF', async () => {
		const id = await send(sandbox.port, 'app@example.test', {xclientAddr: '192.0.2.7'});
		expect((await spfOf(sandbox, id)).spf).toEqual({domain: 'example.test', ip: '192.0.2.7', result: 'pass', matched: 'ip4:192.0.2.0/24', reason: '192.0.2.7 matched "ip4:192.0.2.0/24" in the SPF record of example.test'});
		expect((await dmarcOf(sandbox, id)).dmarc).toMatchObject({result: 'pass', domain: 'example.test', policy: 'reject', tag: 'p', alignedBy: {method: 'spf', domain: 'example.test'}});
		expect(sandbox.mailbox.record(id)).toMatchObject({spf: {result: 'pass'}, dmarc: {result: 'pass'}});
	});

	it('fails SPF for a loopback client, saying how a test gives its address; DMARC fails with p=reject', async () => {
		const id = await send(sandbox.port, 'app@example.test');
		const {spf} = await spfOf(sandbox, id);
		expect(spf).toMatchObject({result: 'fail', ip: '127.0.0.1', domain: 'example.test', matched: '-all'});
		const {dmarc} = await dmarcOf(sandbox, id);
		expect(dmarc).toMatchObject({result: 'fail', policy: 'reject', disposition: 'reject'});
		expect(dmarc.why).toBe('SPF fail for example.test, and the message is not DKIM-signed (p=reject)');
	});

	it("passes DMARC by an aligned DKIM signature (smtp-tui's own signer) when SPF fails", async () => {
		const id = await send(sandbox.port, 'app@example.test', {dkimKey: keyFile, dkimSelector: 's1', dkimCheck: false});
		await sandbox.event('dkim', event => event.id === id);
		expect((await spfOf(sandbox, id)).spf.result).toBe('fail');
		expect((await dmarcOf(sandbox, id)).dmarc).toMatchObject({result: 'pass', alignedBy: {method: 'dkim', domain: 'example.test'}});
		expect(sandbox.mailbox.record(id)?.dkim).toBe('pass');
	});

	it('judges the null sender by the HELO name, and says none for a From domain with no DMARC record', async () => {
		const data = path.join(dir, 'bounce.eml');
		writeFileSync(data, 'From: app@soft.test\r\nTo: dev@example.test\r\nSubject: bounce\r\n\r\nHello\r\n');
		const id = await send(sandbox.port, '<>', {data: `@${data}`, body: undefined});
		expect((await spfOf(sandbox, id)).spf).toMatchObject({domain: 'client.example.test', result: 'fail'});
		expect((await dmarcOf(sandbox, id)).dmarc).toEqual({result: 'none', domain: 'soft.test', why: 'soft.test publishes no DMARC record, so receivers apply no policy'});
	});

	it('says temperror when DNS does not answer, after the 250', async () => {
		const id = await send(sandbox.port, 'app@slow.test');
		expect(sandbox.events.some(event => event.type === 'accepted' && event.id === id)).toBe(true);
		const {spf} = await waitFor(() => sandbox.events.find((event): event is Extract<SandboxEvent, {type: 'spf'}> => event.type === 'spf' && event.id === id), 'the spf event', 12_000);
		expect(spf.result).toBe('temperror');
		const {dmarc} = await waitFor(() => sandbox.events.find((event): event is Extract<SandboxEvent, {type: 'dmarc'}> => event.type === 'dmarc' && event.id === id), 'the dmarc event', 12_000);
		expect(dmarc.result).toBe('temperror');
	}, 20_000);

	it('asks DNS once per name in a run', async () => {
		await dmarcOf(sandbox, await send(sandbox.port, 'app@example.test', {xclientAddr: '192.0.2.8'}));
		const asked = () => dns.queries.filter(query => query.name === 'example.test' || query.name === '_dmarc.example.test').length;
		const before = asked();
		await dmarcOf(sandbox, await send(sandbox.port, 'app@example.test', {xclientAddr: '192.0.2.9'}));
		expect(asked()).toBe(before);
	});

	it('judges the address a PROXY header gave', async () => {
		const proxied = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, proxy: true});
		try {
			const id = await send(proxied.port, 'app@example.test', {proxy: true, proxySource: '192.0.2.20'});
			expect((await spfOf(proxied, id)).spf).toMatchObject({ip: '192.0.2.20', result: 'pass'});
		} finally {
			await proxied.close();
		}
	});

	it("judges DMARC without SPF for a Unix socket's client, which has no address", async () => {
		const socket = path.join(dir, 'sandbox.sock');
		const local = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, socket, starttls: false});
		try {
			const {code, out} = await runInProcess(runSend, {socket, from: 'app@example.test', to: ['dev@example.test'], body: 'Hello'}, []);
			expect(code, out).toBe(0);
			const {dmarc} = await local.event('dmarc');
			expect(dmarc).toMatchObject({result: 'fail', why: 'no SPF result, and the message is not DKIM-signed (p=reject)'});
			expect(local.events.some(event => event.type === 'spf')).toBe(false);
		} finally {
			await local.close();
		}
	});

	it('checks nothing without --dns', async () => {
		const plain = await startTestSandbox();
		try {
			await send(plain.port, 'app@example.test');
			await send(plain.port, 'app@example.test');
			expect(plain.events.filter(event => event.type === 'spf' || event.type === 'dmarc')).toEqual([]);
			expect(plain.mailbox.record(1)?.dmarc).toBeUndefined();
		} finally {
			await plain.close();
		}
	});
});

describe('serve says it', () => {
	it('as lines, JSON events and in the saved record', async () => {
		for (const json of [false, true]) {
			const saveDir = path.join(dir, `mail-${json}`);
			const serve = await startServe({dns: `127.0.0.1:${dns.port}`, saveDir, ...(json && {json: true})});
			await send(serve.port, 'app@example.test');
			const line = (type: string) => waitFor(() => serve.out().split('\n').find(text => text.includes(json ? `"type":"${type}"` : `${type.toUpperCase()} of message`)), `the ${type} line`);
			const [spf, dmarc] = [await line('spf'), await line('dmarc')];
			if (json) {
				expect(JSON.parse(spf)).toMatchObject({type: 'spf', id: 1, spf: {result: 'fail', ip: '127.0.0.1', domain: 'example.test'}});
				expect(JSON.parse(dmarc)).toMatchObject({type: 'dmarc', id: 1, dmarc: {result: 'fail', policy: 'reject'}});
			} else {
				expect(spf).toMatch(
					/SPF of message 1: fail for 127\.0\.0\.1 as example\.test: 127\.0\.0\.1 matched "-all" in the SPF record of example\.test; receivers will likely refuse or junk this mail\. XCLIENT ADDR= or --proxy lets a test use your server's address$/,
				);
				expect(dmarc).toMatch(/DMARC of message 1: fail, p=reject: a receiver would refuse it; SPF fail for example\.test, and the message is not DKIM-signed \(p=reject\)$/);
			}
			expect(await serve.stop()).toBe(0);
			expect(JSON.parse(readFileSync(path.join(saveDir, '1.json'), 'utf8'))).toMatchObject({spf: {result: 'fail'}, dmarc: {result: 'fail', policy: 'reject'}});
		}
	});

	it('inbox --wait says them under the message line, and waits for a check under way', async () => {
		const saveDir = path.join(dir, 'mail-wait');
		const first = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, saveDir, xclient: true});
		await dmarcOf(first, await send(first.port, 'app@example.test', {xclientAddr: '192.0.2.7'}));
		await first.close();
		const shown = await runCli(['inbox', '--save-dir', saveDir, '--wait', '1']);
		expect(shown).toMatchObject({code: 0, stderr: ''});
		expect(shown.stdout.split('\n').slice(1)).toEqual([
			'SPF of message 1: pass for 192.0.2.7 as example.test: 192.0.2.7 matched "ip4:192.0.2.0/24" in the SPF record of example.test; receivers that check SPF accept this address for it',
			'DMARC of message 1: pass (SPF example.test aligned)',
			'',
		]);
		// As a serve stopped mid-check leaves it: shown as such at --timeout.
		const file = path.join(saveDir, '1.json');
		const {spf: _spf, dmarc: _dmarc, ...rest} = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
		writeFileSync(file, JSON.stringify({...rest, authentication: 'checking'}));
		const waited = await runCli(['inbox', '--save-dir', saveDir, '--wait', '1', '--timeout', '0.3']);
		expect(waited.stdout.split('\n')[1]).toBe('SPF and DMARC of message 1: not checked yet (serve was still looking up the records, or stopped before it had)');
		// A sandbox started on the folder with --dns checks it again, for the address XCLIENT gave.
		const again = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, saveDir, xclient: true});
		try {
			expect((await spfOf(again, 1)).spf).toMatchObject({ip: '192.0.2.7', result: 'pass'});
			await dmarcOf(again, 1);
			expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({spf: {result: 'pass'}, dmarc: {result: 'pass'}});
			expect(JSON.parse(readFileSync(file, 'utf8')).authentication).toBeUndefined();
		} finally {
			await again.close();
		}
	});

	it('a restarted sandbox reads them back from the save folder', async () => {
		const saveDir = path.join(dir, 'mail-restart');
		const first = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, saveDir});
		const id = await send(first.port, 'app@example.test');
		await dmarcOf(first, id);
		await first.close();
		const again = await startTestSandbox({saveDir});
		try {
			expect(again.mailbox.record(id)).toMatchObject({spf: {result: 'fail', ip: '127.0.0.1'}, dmarc: {result: 'fail', policy: 'reject'}});
		} finally {
			await again.close();
		}
	});
});
