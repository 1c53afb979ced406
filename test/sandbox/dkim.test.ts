// Signed messages sent over SMTP (nodemailer) into the sandbox, their keys served by a DNS server on 127.0.0.1: each
// signature's check reaches the mailbox, the events and serve's log, after the 250 and whatever DNS does.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {makeKey, SAMPLE, signed, txtStrings} from '../helpers/dkim-keys.js';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';
import {startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

const rsa = makeKey('rsa');
const ed = makeKey('ed25519');
const revoked = makeKey('rsa');
const own = makeKey('rsa');
let dns: TestDnsServer;
let sandbox: TestSandbox;

beforeAll(async () => {
	dns = await startDnsServer({
		'rsa._domainkey.example.test': {txt: [['v=spf1 -all'], txtStrings(rsa.record)]},
		'ed._domainkey.example.test': {txt: [[ed.record]]},
		'own._domainkey.example.test': {txt: [txtStrings(own.record)]},
		'wrong._domainkey.example.test': {txt: [txtStrings(makeKey('rsa').record)]},
		'revoked._domainkey.example.test': {txt: [['v=DKIM1; k=rsa; p=']]},
		'dead._domainkey.example.test': {silent: true},
	});
	sandbox = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}});
});

afterAll(async () => {
	await sandbox.close();
	await dns.close();
});

/** Sends `raw` as is and returns its message number, once the 250 has come. */
async function send(raw: string): Promise<number> {
	const info = await nodemailer.createTransport({host: '127.0.0.1', port: sandbox.port, ignoreTLS: true}).sendMail({envelope: {from: 'app@example.test', to: ['dev@example.test']}, raw});
	return Number(/queued as (\d+)/.exec(info.response)![1]);
}

const checked = (id: number) => sandbox.event('dkim', event => event.id === id);

describe('the sandbox checks DKIM signatures', () => {
	it.each(['relaxed/relaxed', 'simple/simple'])('passes a message signed with c=%s, in the mailbox and its event', async canonicalization => {
		const id = await send(await signed(SAMPLE, rsa, 'example.test', 'rsa', canonicalization));
		const event = await checked(id);
		expect(event.signatures).toEqual([{status: 'pass', domain: 'example.test', selector: 'rsa', algorithm: 'rsa-sha256', keyBits: 2048}]);
		expect(sandbox.mailbox.record(id)).toMatchObject({dkim: 'pass', signatures: event.signatures});
		expect(sandbox.mailbox.list().find(summary => summary.id === id)?.dkim).toBe('pass');
	});

	it('passes ed25519-sha256', async () => {
		const id = await send(await signed(SAMPLE, ed, 'example.test', 'ed'));
		expect((await checked(id)).signatures).toMatchObject([{status: 'pass', algorithm: 'ed25519-sha256', keyBits: 256}]);
	});

	it('fails a body changed after signing, a header changed, the wrong key, no key and a revoked one, saying which', async () => {
		const good = await signed(SAMPLE, rsa, 'example.test', 'rsa');
		const ids = await Promise.all([
			send(good.replace('order', 'ORDER')),
			send(good.replace('Subject: Your receipt', 'Subject: Your refund')),
			send(await signed(SAMPLE, rsa, 'example.test', 'wrong')),
			send(await signed(SAMPLE, rsa, 'example.test', 'missing')),
			send(await signed(SAMPLE, revoked, 'example.test', 'revoked')),
		]);
		const reasons = await Promise.all(ids.map(async id => (await checked(id)).signatures.map(result => `${result.status}: ${result.reason}`)));
		expect(reasons).toEqual([
			['fail: body hash did not verify: the body was changed after signing'],
			['fail: signature did not verify: headers changed or the wrong key'],
			['fail: signature did not verify: headers changed or the wrong key'],
			['fail: no key at missing._domainkey.example.test'],
			['fail: key revoked: the record at revoked._domainkey.example.test has an empty p='],
		]);
		expect(ids.map(id => sandbox.mailbox.record(id)?.dkim)).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
	});

	it('checks two signatures each for itself: one good, one bad, and the mark says fail', async () => {
		const id = await send(await signed(await signed(SAMPLE, rsa, 'example.test', 'rsa'), rsa, 'example.test', 'wrong'));
		expect((await checked(id)).signatures.map(result => `${result.selector} ${result.status}`)).toEqual(['wrong fail', 'rsa pass']);
		expect(sandbox.mailbox.record(id)?.dkim).toBe('fail');
	});

	it('answers 250 and lists the message while a DNS server that never answers is still being asked, then says DNS was unreachable', async () => {
		const id = await send(await signed(SAMPLE, rsa, 'example.test', 'dead'));
		// The 250 came, and the message is listed, before the key's lookup ended: capture does not wait for DNS.
		expect(sandbox.mailbox.record(id)?.dkim).toBe('checking');
		expect(sandbox.events.some(event => event.type === 'accepted' && event.id === id)).toBe(true);
		const event = await waitFor(() => sandbox.events.find(found => found.type === 'dkim' && found.id === id), 'the dkim event', 10_000);
		expect(event).toMatchObject({signatures: [{status: 'temperror', reason: `DNS unreachable: the DNS server 127.0.0.1:${dns.port} (--dns) did not answer within 3 s (looking up dead._domainkey.example.test)`}]});
		expect(sandbox.mailbox.record(id)?.dkim).toBe('temperror');
	}, 15_000);

	it('asks DNS once per key name in a run', async () => {
		const raw = await signed(SAMPLE, ed, 'example.test', 'ed');
		await checked(await send(raw));
		const asked = dns.queries.filter(query => query.name === 'ed._domainkey.example.test').length;
		await checked(await send(raw));
		expect(dns.queries.filter(query => query.name === 'ed._domainkey.example.test').length).toBe(asked);
	});

	it('leaves an unsigned message unmarked, with no dkim event', async () => {
		const id = await send(SAMPLE);
		const next = await send(await signed(SAMPLE, ed, 'example.test', 'ed'));
		await checked(next);
		expect(sandbox.mailbox.record(id)?.dkim).toBeUndefined();
		expect(sandbox.events.some(event => event.type === 'dkim' && event.id === id)).toBe(false);
	});
});

describe('with a save folder', () => {
	it("passes a big message signed by smtp-tui's own signer (send --dkim-key), checked from the saved file a piece at a time", async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dkim-'));
		const saving = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, saveDir: path.join(dir, 'mail'), keepBytes: 0});
		try {
			const key = path.join(dir, 'own.pem');
			writeFileSync(key, own.privateKey, {mode: 0o600});
			const body = path.join(dir, 'body.txt');
			writeFileSync(body, 'A line of the body, with  two spaces and a tab\there. \n'.repeat(100_000));
			const flags = {host: '127.0.0.1', port: String(saving.port), starttls: false, from: 'ann@example.test', to: ['bob@example.test'], helo: 'client.test', body: `@${body}`, dkimKey: key, dkimSelector: 'own', dkimCheck: false};
			const {code, out} = await runInProcess(runSend, flags, []);
			expect(code, out).toBe(0);
			const event = await saving.event('dkim');
			expect(saving.mailbox.record(event.id)!.size).toBeGreaterThan(5_000_000);
			expect(event.signatures).toEqual([{status: 'pass', domain: 'example.test', selector: 'own', algorithm: 'rsa-sha256', keyBits: 2048}]);
		} finally {
			await saving.close();
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('checks a message whose body is not kept in memory from its saved file', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dkim-'));
		const saving = await startTestSandbox({dns: {address: '127.0.0.1', port: dns.port}, saveDir: dir, keepBytes: 0});
		try {
			const raw = await signed(`${SAMPLE}${'A long line of the body, to be read from the file in pieces.\r\n'.repeat(5000)}`, rsa, 'example.test', 'rsa', 'simple/simple');
			await nodemailer.createTransport({host: '127.0.0.1', port: saving.port, ignoreTLS: true}).sendMail({envelope: {from: 'app@example.test', to: ['dev@example.test']}, raw});
			const event = await saving.event('dkim');
			expect(saving.mailbox.get(event.id)).toBeUndefined();
			expect(event.signatures).toEqual([{status: 'pass', domain: 'example.test', selector: 'rsa', algorithm: 'rsa-sha256', keyBits: 2048}]);
		} finally {
			await saving.close();
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('serve logs the check', () => {
	it('as a line and as a JSON event, with --dns', async () => {
		for (const json of [false, true]) {
			const serve = await startServe({dns: `127.0.0.1:${dns.port}`, ...(json && {json: true})});
			await nodemailer
				.createTransport({host: '127.0.0.1', port: serve.port, ignoreTLS: true})
				.sendMail({envelope: {from: 'app@example.test', to: ['dev@example.test']}, raw: await signed(SAMPLE, rsa, 'example.test', 'rsa')});
			const line = await waitFor(() => serve.out().split('\n').find(text => text.includes(json ? '"type":"dkim"' : 'DKIM of message')), 'the DKIM line');
			if (json) expect(JSON.parse(line)).toMatchObject({type: 'dkim', id: 1, signatures: [{status: 'pass', domain: 'example.test', selector: 'rsa', algorithm: 'rsa-sha256', keyBits: 2048}]});
			else expect(line).toMatch(/DKIM of message 1: pass d=example\.test s=rsa rsa-sha256, 2048-bit key$/);
			expect(await serve.stop()).toBe(0);
		}
	});
});
