// send's DMARC warning, before connecting: the From domain's policy from a real DNS server on loopback (--dns),
// judged against the message as it goes (signed or not, its envelope sender); said, never blocking.
import {generateKeyPairSync} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-dmarc-'));
const keyFile = path.join(dir, 'dkim.pem');
writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({format: 'pem', type: 'pkcs8'}), {mode: 0o600});
let dns: TestDnsServer;
let server: TestSmtpServer;

beforeAll(async () => {
	server = await startSmtpServer();
	dns = await startDnsServer({
		'_dmarc.example.test': {txt: [['v=DMARC1; p=reject']]},
		'_dmarc.lenient.test': {txt: [['v=DMARC1; p=none']]},
		'_dmarc.quarantine.test': {txt: [['v=DMARC1; p=quarantine; aspf=s']]},
		'_dmarc.broken.test': {rcode: 'SERVFAIL'},
		'example.test': {mx: [{priority: 10, exchange: 'mx.example.test'}]},
		'mx.example.test': {a: ['127.0.0.1']},
	});
});
afterAll(async () => {
	await dns.close();
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

/** Signed (the sandbox on loopback: DMARC is looked up for a signed message), envelope sender bounce@esp.test. */
const send = (flags: Record<string, unknown>) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'bounce@esp.test', to: ['bob@example.test'], helo: 'client.test', dkimKey: keyFile, dkimSelector: 's1', dns: dns.address, ...flags});

describe('send: the DMARC warning', () => {
	it('p=reject, signed for another domain, envelope at another: warned, and the message still goes', async () => {
		const before = server.messages.length;
		const {code, out} = await send({header: ['From: Ann <ann@example.test>'], dkimDomain: 'esp.test'});
		expect(out).toContain('=== warning: DMARC of example.test is p=reject, and this message aligns with From neither by DKIM (signed for d=esp.test) nor by SPF (the envelope sender is bounce@esp.test): receivers that honour DMARC will refuse it\n');
		expect(code).toBe(0);
		expect(server.messages.length).toBe(before + 1);
	});

	it('signed for the From domain (d= defaults to it): DKIM can align, no warning', async () => {
		const {out} = await send({header: ['From: ann@example.test']});
		expect(out).not.toContain('DMARC');
	});

	it('an envelope sender at a subdomain of the From domain aligns by SPF (relaxed); strict aspf does not', async () => {
		expect((await send({from: 'bounce@mail.example.test', header: ['From: ann@example.test'], dkimDomain: 'esp.test'})).out).not.toContain('DMARC');
		const strict = await send({from: 'bounce@mail.quarantine.test', header: ['From: ann@quarantine.test'], dkimDomain: 'esp.test'});
		expect(strict.out).toContain('=== warning: DMARC of quarantine.test is p=quarantine, and this message aligns with From neither by DKIM (signed for d=esp.test) nor by SPF (the envelope sender is bounce@mail.quarantine.test): receivers that honour DMARC will put it in quarantine (spam)\n');
	});

	it('unsigned, to the MX of a real domain (--mx): looked up and warned too', async () => {
		const {code, out} = await send({header: ['From: ann@example.test'], dkimKey: undefined, dkimSelector: undefined, host: undefined, mx: true});
		expect(out).toContain('=== warning: DMARC of example.test is p=reject, and this message aligns with From neither by DKIM (not signed) nor by SPF (the envelope sender is bounce@esp.test): receivers that honour DMARC will refuse it\n');
		expect(code).toBe(0);
	});

	it('p=none, no record, or a DNS server that fails: nothing said', async () => {
		for (const domain of ['lenient.test', 'nothing.test', 'broken.test']) {
			const {code, out} = await send({header: [`From: ann@${domain}`], dkimDomain: 'esp.test'});
			expect(out).not.toContain('DMARC');
			expect(code).toBe(0);
		}
	});

	it('--no-dkim-check, and an unsigned message to the sandbox on this machine: no DMARC lookup', async () => {
		dns.queries.length = 0;
		expect((await send({header: ['From: ann@example.test'], dkimDomain: 'esp.test', dkimCheck: false})).code).toBe(0);
		expect((await send({header: ['From: ann@example.test'], dkimKey: undefined, dkimSelector: undefined})).code).toBe(0);
		expect(dns.queries.filter(query => query.name.includes('_dmarc'))).toEqual([]);
	});
});
