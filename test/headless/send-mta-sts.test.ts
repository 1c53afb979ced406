// `send --mx` honours the recipient domain's MTA-STS policy, as RFC 8461 senders must. The built CLI, real parts:
// a DNS server for the MX and TXT records, a SOCKS proxy that stands in for the Internet (it maps
// mta-sts.example.test:443 to an HTTPS server and port 25 to smtp-server, both on loopback), and a test CA.
import {once} from 'node:events';
import {mkdtempSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {certsFor, type KeyAndCert} from '../helpers/certs.js';
import {startDnsServer, type DnsZone} from '../helpers/dns-server.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startSocksServer} from '../helpers/socks-server.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

let caFile: string;
let web: KeyAndCert;
let mx: KeyAndCert;
/** A certificate of the test CA for another name: it does not verify for mx2. */
let elsewhere: KeyAndCert;
beforeAll(async () => {
	const made = await certsFor(['mta-sts.example.test'], ['mx1.example.test', 'mx2.example.test'], ['mail.example.net']);
	[web, mx, elsewhere] = made.leaves as [KeyAndCert, KeyAndCert, KeyAndCert];
	caFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'send-mta-sts-')), 'ca.pem');
	writeFileSync(caFile, made.ca);
});

/**
 * example.test with MX mx2 (preferred) and mx1, the policy served with these lines, smtp-server on "port 25";
 * with `mx2Options`, mx2 is a server of its own (on 127.0.0.2, the same port) started with them; `zone`, DNS
 * entries over these.
 */
async function world(policy: string, smtpOptions: Parameters<typeof startSmtpServer>[0] = {}, mx2Options?: Parameters<typeof startSmtpServer>[0], zone: DnsZone = {}) {
	const dns = await startDnsServer({
		'example.test': {
			mx: [
				{priority: 10, exchange: 'mx2.example.test'},
				{priority: 20, exchange: 'mx1.example.test'},
			],
		},
		'mx1.example.test': {a: ['127.0.0.1']},
		'mx2.example.test': {a: ['127.0.0.1']},
		'_mta-sts.example.test': {txt: [['v=STSv1; id=1']]},
		...zone,
	});
	closers.push(() => dns.close());
	const site = https.createServer({key: web.key, cert: web.cert}, (request, response) => {
		response.writeHead(200, {'Content-Type': 'text/plain'});
		response.end(policy);
	});
	site.listen(0, '127.0.0.1');
	await once(site, 'listening');
	closers.push(() => new Promise(resolve => site.close(resolve)));
	const smtp = await startSmtpServer({name: 'mx.test', key: mx.key, cert: mx.cert, ...smtpOptions});
	closers.push(() => smtp.close());
	const mx2 = mx2Options && (await startSmtpServer({name: 'mx2.test', ...mx2Options}, {listen: '127.0.0.2', port: smtp.port}));
	if (mx2) closers.push(() => mx2.close());
	const names = {'mx1.example.test': '127.0.0.1', 'mx2.example.test': mx2 ? '127.0.0.2' : '127.0.0.1', 'mta-sts.example.test': '127.0.0.1'};
	const socks = await startSocksServer({names, ports: {443: (site.address() as AddressInfo).port, 25: smtp.port}});
	closers.push(() => socks.close());
	const send = (...args: string[]) =>
		runCli(['send', '--mx', '--from', 'me@sender.test', '--to', 'you@example.test', '--helo', 'client.test', '--body', 'hi', '--timeout', '5', '--dns', dns.address, '--socks', `127.0.0.1:${socks.port}`, '--ca', caFile, ...args]);
	return {smtp, mx2, socks, send};
}

describe('send --mx and MTA-STS', () => {
	it('enforce: an MX host not in the policy is passed over, STARTTLS required; the transcript says both', async () => {
		const {smtp, socks, send} = await world('version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n');
		const run = await send();
		expect(run.code).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		expect(run.stdout).toContain('=== MTA-STS for example.test: enforce, mx mx1.example.test (https://mta-sts.example.test/.well-known/mta-sts.txt)\n');
		expect(run.stdout).toContain('=== MTA-STS enforce: mx2.example.test is not in the policy: passed over, as senders that honour MTA-STS do\n');
		expect(socks.requests.map(request => `${request.host}:${request.port}`)).toEqual(['mta-sts.example.test:443', 'mx1.example.test:25']);
		expect(run.stdout).toMatch(/=== connecting to mx1\.example\.test:25 .*\(STARTTLS required\)/);
	});

	it('enforce and a server without STARTTLS: send stops at TLS (exit 29), nothing sent', async () => {
		const {smtp, send} = await world('version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 86400\n', {hideSTARTTLS: true});
		const run = await send();
		expect(run.code).toBe(29);
		expect(smtp.messages).toHaveLength(0);
	});

	it('enforce and a preferred MX host whose certificate is not for its name: passed over for the next one, as senders do', async () => {
		const {smtp, mx2, send} = await world('version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 86400\n', {}, {key: elsewhere.key, cert: elsewhere.cert});
		const run = await send();
		expect(run.code).toBe(0);
		expect(mx2!.messages).toHaveLength(0);
		expect(smtp.messages).toHaveLength(1);
		expect(run.stdout).toContain('=== MTA-STS enforce: no valid TLS with mx2.example.test: the next MX host is tried, as senders that honour MTA-STS do\n');
		expect(run.stdout).toMatch(/=== connecting to mx1\.example\.test:25 .*\(STARTTLS required\)/);
	});

	it('--dane, enforce, and a preferred MX host with only unusable TLSA records: the CAs still verify its certificate (the stricter of the two), so it is passed over', async () => {
		const signed: DnsZone = {
			'example.test': {mx: [{priority: 10, exchange: 'mx2.example.test'}, {priority: 20, exchange: 'mx1.example.test'}], ad: true},
			'mx1.example.test': {a: ['127.0.0.1'], ad: true},
			'mx2.example.test': {a: ['127.0.0.1'], ad: true},
			'_25._tcp.mx2.example.test': {tlsa: [{usage: 1, selector: 1, matchingType: 1, data: 'ab'.repeat(32)}], ad: true},
		};
		const {smtp, mx2, send} = await world('version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 86400\n', {}, {key: elsewhere.key, cert: elsewhere.cert}, signed);
		const run = await send('--dane');
		expect(run.stdout).toContain("=== MTA-STS enforce: mx2.example.test's certificate is verified by the CAs all the same, as DANE authenticates nothing with only unusable records\n");
		expect(run.stdout).toContain('=== DANE: no TLS with mx2.example.test: the next MX host is tried, as DANE senders do (they defer mail to it)\n');
		expect(run.code).toBe(0);
		expect(mx2!.messages).toHaveLength(0);
		expect(smtp.messages).toHaveLength(1);
		const json = JSON.parse((await send('--dane', '--json', '--quiet')).stdout.trimEnd().split('\n').at(-1)!) as {dane: unknown};
		expect(json.dane).toEqual([expect.objectContaining({host: 'mx2.example.test', status: 'failed'}), expect.objectContaining({host: 'mx1.example.test', status: 'none'})]);
	});

	it('without MTA-STS a certificate that fails stops send there, as always (no next MX host)', async () => {
		const {smtp, mx2, send} = await world('version: STSv1\nmode: testing\nmx: *.example.test\nmax_age: 86400\n', {}, {key: elsewhere.key, cert: elsewhere.cert});
		const run = await send();
		expect(run.code).toBe(29);
		expect(smtp.messages.length + mx2!.messages.length).toBe(0);
		expect(run.stdout).not.toContain('the next MX host is tried');
	});

	it('enforce listing none of the MX hosts: nowhere to deliver (exit 2), said in words', async () => {
		const {socks, send} = await world('version: STSv1\nmode: enforce\nmx: mail.example.net\nmax_age: 86400\n');
		const run = await send();
		expect(run.code).toBe(2);
		expect(run.stdout).toContain('MTA-STS enforce: no MX host of example.test is in its policy (mx mail.example.net): senders that honour MTA-STS deliver nowhere; smtp-tui check example.test says more');
		expect(socks.requests.map(request => request.host)).toEqual(['mta-sts.example.test']);
	});

	// (--no-starttls refuses the --ca the policy's fetch needs here.)
	it.each(['--tls', '--insecure'])('enforce and %s: kept, with a warning that senders that honour MTA-STS would not deliver this way', async flag => {
		const {send} = await world('version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 86400\n');
		const run = await send(flag);
		expect(run.stdout).toContain(`=== warning: MTA-STS enforce asks for STARTTLS with a certificate valid for the MX host, and ${flag} leaves that out: senders that honour MTA-STS would not deliver this way\n`);
	});

	it('testing: said, and the preferred MX host is used as always, STARTTLS where offered', async () => {
		const {smtp, socks, send} = await world('version: STSv1\nmode: testing\nmx: mx1.example.test\nmax_age: 86400\n');
		const run = await send();
		expect(run.code).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		expect(run.stdout).toContain('=== MTA-STS for example.test: testing, mx mx1.example.test');
		expect(socks.requests.at(-1)).toMatchObject({host: 'mx2.example.test', port: 25});
		expect(run.stdout).toMatch(/=== connecting to mx2\.example\.test:25 .*\(STARTTLS if offered\)/);
	});

	it('a policy that cannot be used: a warning, and delivery as if there were none', async () => {
		const {smtp, send} = await world('version: STSv1\nmode: enforcing\n');
		const run = await send();
		expect(run.code).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		expect(run.stdout).toContain('=== warning: MTA-STS: example.test publishes a policy (id 1), but it could not be used (line 2: mode "enforcing" is not enforce, testing or none; no "max_age:" line): delivering as if there were none, as senders do (RFC 8461 §5); smtp-tui check example.test says more\n');
	});
});
