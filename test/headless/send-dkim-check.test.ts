// `send --dkim-key`'s DNS check: the TXT record at SEL._domainkey.DOMAIN, from a real DNS server on loopback (--dns),
// compared with the key signing, before the message goes; every verdict in words, the send going on. Keys are made
// at test time.
import {generateKeyPairSync, type KeyObject} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {publicKeyValue, recordToPublish} from '../../source/message/dkim-record.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dkim-check-'));
const rsa = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
const other = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
const ed25519 = generateKeyPairSync('ed25519').privateKey;
const keyFile = (name: string, key: KeyObject) => {
	const target = path.join(dir, name);
	writeFileSync(target, key.export({format: 'pem', type: 'pkcs8'}), {mode: 0o600});
	return target;
};
const rsaFile = keyFile('rsa.pem', rsa);
const edFile = keyFile('ed.pem', ed25519);
const p = (key: KeyObject, algorithm: 'rsa-sha256' | 'ed25519-sha256' = 'rsa-sha256') => publicKeyValue({key, algorithm, bits: 0});
/** A record split into 255-character strings, as a zone file must hold it (RFC 1035 §3.3.14). */
const strings = (text: string) => text.match(/.{1,255}/g)!;
let dns: TestDnsServer;
let server: TestSmtpServer;

beforeAll(async () => {
	server = await startSmtpServer();
	dns = await startDnsServer({
		'good._domainkey.example.test': {txt: [strings(`v=DKIM1; k=rsa; p=${p(rsa)}`)]},
		'testing._domainkey.example.test': {txt: [strings(`v=DKIM1; t=y; p=${p(rsa)}`)]},
		'other._domainkey.example.test': {txt: [strings(`v=DKIM1; k=rsa; p=${p(other)}`)]},
		'revoked._domainkey.example.test': {txt: [['v=DKIM1; k=rsa; p=']]},
		'cut._domainkey.example.test': {txt: [[`v=DKIM1; k=rsa; p=${p(rsa)}`.slice(0, 255)]]},
		'spf._domainkey.example.test': {txt: [['v=spf1 -all']]},
		'ed._domainkey.example.test': {txt: [[`v=DKIM1; k=ed25519; p=${p(ed25519, 'ed25519-sha256')}`]]},
		'failing._domainkey.example.test': {rcode: 'SERVFAIL'},
		'silent._domainkey.example.test': {silent: true},
	});
});
afterAll(async () => {
	await dns.close();
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const send = (selector: string, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'ann@example.test', to: ['bob@example.test'], helo: 'client.test', dkimKey: rsaFile, dkimSelector: selector, dns: dns.address, ...flags});

describe('the key in DNS, checked before sending', () => {
	it.each([
		['good', '=== DKIM key check: the key in DNS at good._domainkey.example.test matches this private key\n'],
		['testing', 'matches this private key; t=y: the domain says it is testing DKIM'],
		['other', '=== warning: DKIM key check: DNS has a different key at other._domainkey.example.test: mail signed with this file fails DKIM'],
		['revoked', '=== warning: DKIM key check: the key at revoked._domainkey.example.test is revoked (p= is empty): receivers fail every signature made with selector revoked'],
		['cut', '=== warning: DKIM key check: the p= at cut._domainkey.example.test is not a valid RSA public key (237 characters; a record cut at 255 characters'],
		['spf', '=== warning: DKIM key check: no DKIM key in DNS at spf._domainkey.example.test (1 other TXT record there, none with p=)'],
		['missing', '=== warning: DKIM key check: no DKIM key in DNS at missing._domainkey.example.test: receivers cannot verify'],
		['failing', `=== warning: DKIM key check: cannot look up the DKIM key at failing._domainkey.example.test: the DNS server`],
	])('selector %s: said, and the message still goes', async (selector, said) => {
		const before = server.messages.length;
		const {code, out} = await send(selector);
		expect(out).toContain(said);
		expect(code, out).toBe(0);
		expect(server.messages.length).toBe(before + 1);
		// The way out of a verdict that fails DKIM: the record to publish. Never for a match, nor a lookup that failed.
		const publish = `=== DKIM: the TXT record for this key, to publish at ${selector}._domainkey.example.test: ${recordToPublish({key: rsa, algorithm: 'rsa-sha256', bits: 0})}`;
		if (['good', 'testing', 'failing'].includes(selector)) expect(out).not.toContain('to publish');
		else expect(out).toContain(publish);
	});

	it('asks --dns for the selector at the signing domain (DNS names the key by d=, not by From)', async () => {
		dns.queries.length = 0;
		await send('good', {dkimDomain: 'Mail.Example.test'});
		expect(dns.queries.filter(query => query.type === 'TXT' && query.name.includes('_domainkey')).map(query => query.name.toLowerCase())).toEqual(['good._domainkey.mail.example.test']);
	});

	it('an Ed25519 key is compared with the raw key RFC 8463 publishes', async () => {
		const {out} = await send('ed', {dkimKey: edFile});
		expect(out).toContain('the key in DNS at ed._domainkey.example.test matches this private key');
	});

	it('--json: the verdict is in the result, for a script to gate on', async () => {
		const {out} = await send('other', {json: true, quiet: true});
		const result = JSON.parse(out.trim()) as {dkim: {dns: {status: string; name: string}}};
		expect(result.dkim.dns).toMatchObject({status: 'different', name: 'other._domainkey.example.test'});
	});

	it('a DNS server that never answers holds the send up for --timeout at most (5 s when longer), then it goes', async () => {
		const before = server.messages.length;
		const {code, out} = await send('silent', {timeout: '1'});
		expect(out).toContain(`=== warning: DKIM key check: cannot look up the DKIM key at silent._domainkey.example.test: the DNS server ${dns.address} (--dns) did not answer within 1 s; the message goes signed all the same (--no-dkim-check skips the lookup)`);
		expect(code).toBe(0);
		expect(server.messages.length).toBe(before + 1);
	});

	it('--quit-after checks the key in DNS without sending anything', async () => {
		const before = server.messages.length;
		const {code, out} = await send('other', {quitAfter: 'connect'});
		expect(out).toContain('=== warning: DKIM key check: DNS has a different key at other._domainkey.example.test');
		expect(code).toBe(0);
		expect(server.messages.length).toBe(before);
	});

	it('--no-dkim-check asks no DNS server', async () => {
		dns.queries.length = 0;
		const {code, out} = await send('other', {dkimCheck: false});
		expect(code).toBe(0);
		expect(out).not.toContain('DKIM key check');
		expect(dns.queries).toEqual([]);
	});
});
