// `send --dane` delivers as a DANE sender does (RFC 7672). The built CLI, real parts: a DNS server on loopback with
// the MX, A and TLSA records (with a validating resolver's AD flag, or without), smtp-server answering STARTTLS
// with a self-signed certificate or one of a test CA; each record's data comes from the openssl command, not from
// the code under test.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {certsFor, testCerts, type KeyAndCert} from '../helpers/certs.js';
import {startDnsServer, type DnsEntry, type DnsZone} from '../helpers/dns-server.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {startSocksServer} from '../helpers/socks-server.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
	for (const close of closers.splice(0).reverse()) await close();
});

let selfSigned: KeyAndCert;
/** A leaf of the test CA for localhost: not the certificate the records name. */
let otherLeaf: KeyAndCert;
/** The test CA's certificate, and leaves it issued for mx1.example.test and for another name. */
let ca: string;
let forMx1: KeyAndCert;
let forOther: KeyAndCert;
beforeAll(async () => {
	selfSigned = (await testCerts()).selfSigned;
	let leaves: KeyAndCert[];
	({ca, leaves} = await certsFor(['mx1.example.test'], ['mail.example.net'], ['localhost']));
	[forMx1, forOther, otherLeaf] = leaves as [KeyAndCert, KeyAndCert, KeyAndCert];
});

/** The SHA-256 of a certificate's DER, as `openssl x509 -fingerprint` gives it: the data of a "3 0 1" or "2 0 1" record. */
const certificateSha256 = (pem: string) => /=([0-9A-F:]+)/.exec(execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], {input: pem}).toString())![1]!.replaceAll(':', '').toLowerCase();

const tlsa = (usage: number, pem: string, ad = true): DnsEntry => ({tlsa: [{usage, selector: 0, matchingType: 1, data: certificateSha256(pem)}], ad});

async function mailServer(identity: KeyAndCert, listen = '127.0.0.1', port = 0): Promise<TestSmtpServer> {
	const server = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert}, {listen, port});
	closers.push(() => server.close());
	return server;
}

/** example.test with MX mx1 (and mx2 when given, less preferred, on 127.0.0.2), the MX answer validated unless `mxAd` is false. */
async function world(port: number, records: {mx1: DnsEntry; mx2?: DnsEntry}, {mxAd = true, extra = {}}: {mxAd?: boolean; extra?: DnsZone} = {}) {
	const dns = await startDnsServer({
		'example.test': {mx: [{priority: 10, exchange: 'mx1.example.test'}, ...(records.mx2 ? [{priority: 20, exchange: 'mx2.example.test'}] : [])], ad: mxAd},
		'mx1.example.test': {a: ['127.0.0.1'], ad: true},
		'mx2.example.test': {a: ['127.0.0.2'], ad: true},
		[`_${port}._tcp.mx1.example.test`]: records.mx1,
		...(records.mx2 && {[`_${port}._tcp.mx2.example.test`]: records.mx2}),
		...extra,
	});
	closers.push(() => dns.close());
	// --mx, unless a --host is the server.
	return (...args: string[]) => runCli(['send', ...(args.includes('--host') ? [] : ['--mx']), '--from', 'me@sender.test', '--to', 'you@example.test', '--helo', 'client.test', '--body', 'hi', '--timeout', '5', '--dns', dns.address, '--port', String(port), ...args]);
}

const resultOf = (stdout: string) => JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as {exitCode: number; dane?: Array<Record<string, unknown>>; certificate?: Record<string, unknown>};

describe('send --dane', () => {
	it('DANE-EE: a self-signed certificate its validated 3 0 1 record names is delivered to, and refused without --dane', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)});
		const run = await send('--dane');
		expect(run.stdout).toContain(`=== DANE for mx1.example.test: 3 0 1 ${certificateSha256(selfSigned.cert).slice(0, 16)}… at _${smtp.port}._tcp.mx1.example.test, DNSSEC-validated: STARTTLS required, the certificate authenticated by these records instead of the CAs\n`);
		expect(run.stdout).toContain('DANE: mx1.example.test authenticated by TLSA 3 0 1 (the certificate)\n');
		expect(run.code).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		expect(smtp.messages[0]!.secure).toBe(true);

		const without = await send();
		expect(without.code).toBe(29);
		expect(without.stdout).toContain('certificate verification failed for mx1.example.test: self-signed certificate');
		expect(smtp.messages).toHaveLength(1);
	});

	/** mx1 (preferred) a server started with `mx1Options`, mx2 one with the self-signed certificate; both with its record. */
	async function firstPassedOver(mx1Options: Parameters<typeof startSmtpServer>[0]) {
		const mx1 = await startSmtpServer({name: 'mx1.test', ...mx1Options});
		closers.push(() => mx1.close());
		const mx2 = await mailServer(selfSigned, '127.0.0.2', mx1.port);
		const send = await world(mx1.port, {mx1: tlsa(3, selfSigned.cert), mx2: tlsa(3, selfSigned.cert)});
		const run = await send('--dane');
		expect(run.code).toBe(0);
		expect(mx1.messages).toHaveLength(0);
		expect(mx2.messages).toHaveLength(1);
		expect(run.stdout).toContain('=== DANE: no authenticated TLS with mx1.example.test: the next MX host is tried, as DANE senders do (they defer mail to it)\n');
		expect(run.stdout).toContain('DANE: mx2.example.test authenticated by TLSA 3 0 1 (the certificate)\n');
		return {port: mx1.port, run, send};
	}

	it('two MX hosts, the first one whose certificate its record does not match: passed over, delivered to the second; --json says both', async () => {
		const {port, run, send} = await firstPassedOver({key: otherLeaf.key, cert: otherLeaf.cert});
		expect(run.stdout).toContain(`*** DANE: no TLSA record of mx1.example.test (3 0 1 at _${port}._tcp.mx1.example.test) matches the certificate it presents; certificate: CN=localhost`);

		const json = resultOf((await send('--dane', '--json', '--quiet')).stdout);
		expect(json.exitCode).toBe(0);
		expect(json.certificate).toMatchObject({verified: true});
		expect(json.dane).toEqual([
			expect.objectContaining({host: 'mx1.example.test', tlsa: `_${port}._tcp.mx1.example.test`, status: 'failed', validated: true, reason: expect.stringContaining('DANE: no TLSA record of mx1.example.test')}),
			{host: 'mx2.example.test', tlsa: `_${port}._tcp.mx2.example.test`, status: 'authenticated', validated: true, records: [`3 0 1 ${certificateSha256(selfSigned.cert).slice(0, 16)}…`], match: 'TLSA 3 0 1 (the certificate)'},
		]);
	});

	it('a first MX host that offers no STARTTLS: passed over, delivered to the second', async () => {
		const {run} = await firstPassedOver({hideSTARTTLS: true});
		expect(run.stdout).toContain('*** the server does not offer STARTTLS');
	});

	it('a host the validated MX answer does not name (the MX records changed between the lookups): DANE does not apply to it', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)}, {extra: {'example.test': {mx: [{priority: 10, exchange: 'mx1.example.test'}], dnssecMx: [{priority: 10, exchange: 'mx9.example.test'}], ad: true}}});
		const run = await send('--dane');
		expect(run.stdout).toContain('=== DANE does not apply to mx1.example.test: the DNSSEC-validated MX records of example.test (10 mx9.example.test) do not name it; delivering to it as without --dane\n');
		expect(run.code).toBe(29);
		expect(smtp.messages).toHaveLength(0);
	});

	it('the only MX host does not match: exit 29, nothing sent', async () => {
		const smtp = await mailServer(otherLeaf);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)});
		const run = await send('--dane');
		expect(run.code).toBe(29);
		expect(smtp.messages).toHaveLength(0);
		expect(run.stdout).not.toContain('the next MX host is tried');
		// A host DANE covers gets STARTTLS or nothing: going without TLS is no way out to offer.
		expect(run.stdout).not.toContain('--no-starttls');
	});

	it('DANE-TA: a leaf of the CA its 2 0 1 record names, sent with its chain, is delivered to; for another name, refused (exit 29)', async () => {
		const good = await mailServer({key: forMx1.key, cert: `${forMx1.cert}\n${ca}`});
		const send = await world(good.port, {mx1: tlsa(2, ca)});
		const run = await send('--dane');
		expect(run.code).toBe(0);
		expect(good.messages).toHaveLength(1);
		expect(run.stdout).toContain('DANE: mx1.example.test authenticated by TLSA 2 0 1 (the CA CN=smtp-tui names CA, which the certificate chains up to)\n');
		await good.close();

		const wrong = await mailServer({key: forOther.key, cert: `${forOther.cert}\n${ca}`});
		const refused = await (await world(wrong.port, {mx1: tlsa(2, ca)}))('--dane');
		expect(refused.code).toBe(29);
		expect(wrong.messages).toHaveLength(0);
		expect(refused.stdout).toContain('2 0 1 matches the CA CN=smtp-tui names CA, but the certificate is not valid for mx1.example.test');
	});

	it('TLSA records not validated (no AD): DANE does not apply, the certificate is checked against the CAs as usual', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert, false)});
		const run = await send('--dane');
		expect(run.stdout).toMatch(/=== DANE does not apply to mx1\.example\.test: 3 0 1 \S+ at \S+, but its TLSA records were not DNSSEC-validated by 127\.0\.0\.1:\d+ \(--dns\), and DANE senders ignore records that are not; delivering to it as without --dane\n/);
		expect(run.code).toBe(29);
		expect(run.stdout).toContain('certificate verification failed for mx1.example.test: self-signed certificate');
		expect(resultOf((await send('--dane', '--json', '--quiet')).stdout).dane).toEqual([expect.objectContaining({host: 'mx1.example.test', status: 'not-applied', validated: false})]);
	});

	it('the MX answer not validated: DANE does not apply to any host, and no TLSA record is asked for', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)}, {mxAd: false});
		const run = await send('--dane', '--quit-after', 'connect');
		expect(run.stdout).toMatch(/=== DANE does not apply: the MX records of example\.test were not DNSSEC-validated by 127\.0\.0\.1:\d+ \(--dns\), and DANE senders use TLSA records only for hosts found through validated lookups \(RFC 7672 §2\.2\); delivering as without --dane\n/);
		expect(run.stdout).not.toContain('DANE for mx1');
	});

	it("an MX host whose address is not validated: DANE does not apply to it, though its TLSA records are", async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)}, {extra: {'mx1.example.test': {a: ['127.0.0.1']}}});
		const run = await send('--dane');
		expect(run.stdout).toMatch(/=== DANE does not apply to mx1\.example\.test: the address of mx1\.example\.test was not DNSSEC-validated by 127\.0\.0\.1:\d+ \(--dns\), and DANE senders use TLSA records only for hosts found through validated lookups \(RFC 7672 §2\.2\); delivering to it as without --dane\n/);
		expect(run.code).toBe(29);
	});

	it('only records unusable for SMTP (PKIX-EE, usage 1): STARTTLS required, the certificate not authenticated; delivered where it is refused without --dane', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(1, selfSigned.cert)});
		const run = await send('--dane');
		const data = `${certificateSha256(selfSigned.cert).slice(0, 16)}…`;
		expect(run.stdout).toContain(`=== DANE: mx1.example.test publishes only unusable TLSA records (1 0 1: usage 1 (PKIX-EE) is unusable for SMTP (RFC 7672 §3.1.3)) at _${smtp.port}._tcp.mx1.example.test, DNSSEC-validated: STARTTLS required, the certificate not authenticated, as DANE senders do (RFC 7672 §2.2)\n`);
		expect(run.stdout).toContain('=== DANE: certificate not authenticated (mx1.example.test publishes only unusable TLSA records), as DANE senders take it; the CAs would not verify it: self-signed certificate; also, the certificate is not valid for mx1.example.test');
		expect(run.code).toBe(0);
		expect(smtp.messages).toHaveLength(1);
		expect(smtp.messages[0]!.secure).toBe(true);

		const json = resultOf((await send('--dane', '--json', '--quiet')).stdout);
		expect(json).toMatchObject({exitCode: 0, certificate: {verified: false}});
		expect(json.dane).toEqual([
			{host: 'mx1.example.test', tlsa: `_${smtp.port}._tcp.mx1.example.test`, status: 'unauthenticated', validated: true, records: [`1 0 1 ${data}`], reason: expect.stringContaining('TLS required, the certificate not authenticated')},
		]);

		// A sender without DANE checks the certificate against the CAs, as ever.
		expect((await send()).code).toBe(29);
	});

	it('only unusable records (PKIX-TA, a malformed DANE-EE): a host without STARTTLS is passed over, never sent to in plain text', async () => {
		const mx1 = await startSmtpServer({name: 'mx1.test', hideSTARTTLS: true});
		closers.push(() => mx1.close());
		const mx2 = await mailServer(selfSigned, '127.0.0.2', mx1.port);
		const unusable: DnsEntry = {tlsa: [{usage: 0, selector: 1, matchingType: 1, data: certificateSha256(selfSigned.cert)}, {usage: 3, selector: 1, matchingType: 1, data: 'abcd'}], ad: true};
		const send = await world(mx1.port, {mx1: unusable, mx2: unusable});
		const run = await send('--dane');
		expect(run.stdout).toContain('publishes only unusable TLSA records (0 1 1: usage 0 (PKIX-TA) is unusable for SMTP (RFC 7672 §3.1.3); 3 1 1: its data is not a SHA-256 digest (2 bytes))');
		expect(run.stdout).toContain('*** the server does not offer STARTTLS');
		expect(run.stdout).toContain('=== DANE: no TLS with mx1.example.test: the next MX host is tried, as DANE senders do (they defer mail to it)\n');
		expect(run.code).toBe(0);
		expect(mx1.messages).toHaveLength(0);
		expect(mx2.messages).toHaveLength(1);
		expect(mx2.messages[0]!.secure).toBe(true);

		const alone = await (await world(mx1.port, {mx1: unusable}))('--dane', '--json', '--quiet');
		const json = resultOf(alone.stdout);
		expect(json).toMatchObject({exitCode: 29, stage: 'tls'});
		expect(json.dane).toEqual([expect.objectContaining({host: 'mx1.example.test', status: 'failed'})]);
		expect(mx1.messages).toHaveLength(0);
	});

	describe('an MX host that is an alias (CNAME), its chain validated (RFC 7672 §2.2.2)', () => {
		/** A server with `identity` that notes the SNI name each handshake asked for. */
		async function sniServer(identity: KeyAndCert) {
			const names: string[] = [];
			const context = tls.createSecureContext({key: identity.key, cert: identity.cert});
			const server = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert, SNICallback: (name, done) => { names.push(name); done(null, context); }});
			closers.push(() => server.close());
			return {server, names};
		}

		/** mx1.example.test is a CNAME for mail.example.net; `records` are published under these names. */
		const aliased = (port: number, records: {target?: DnsEntry; own?: DnsEntry}) =>
			world(port, {mx1: records.own ?? {ad: true}}, {extra: {'mx1.example.test': {cname: 'mail.example.net', ad: true}, 'mail.example.net': {a: ['127.0.0.1'], ad: true}, ...(records.target && {[`_${port}._tcp.mail.example.net`]: records.target})}});

		it("the target's records are used, the target's name sent as SNI; a DANE-TA leaf may be for the target or the MX host's own name", async () => {
			const {server, names} = await sniServer({key: forOther.key, cert: `${forOther.cert}\n${ca}`});
			const send = await aliased(server.port, {target: tlsa(2, ca)});
			const run = await send('--dane');
			expect(run.stdout).toContain(`=== DANE for mx1.example.test: 2 0 1 ${certificateSha256(ca).slice(0, 16)}… at _${server.port}._tcp.mail.example.net, DNSSEC-validated`);
			expect(run.stdout).toContain('DANE: mx1.example.test authenticated by TLSA 2 0 1 (the CA CN=smtp-tui names CA, which the certificate chains up to)\n');
			expect(run.code).toBe(0);
			expect(names).toEqual(['mail.example.net']);
			expect(resultOf((await send('--dane', '--json', '--quiet')).stdout).dane).toEqual([expect.objectContaining({host: 'mx1.example.test', expanded: 'mail.example.net', tlsa: `_${server.port}._tcp.mail.example.net`, status: 'authenticated'})]);
			await server.close();

			const own = await sniServer({key: forMx1.key, cert: `${forMx1.cert}\n${ca}`});
			expect((await (await aliased(own.server.port, {target: tlsa(2, ca)}))('--dane')).code).toBe(0);
			expect(own.server.messages).toHaveLength(1);
			await own.server.close();

			const neither = await sniServer({key: otherLeaf.key, cert: `${otherLeaf.cert}\n${ca}`});
			const refused = await (await aliased(neither.server.port, {target: tlsa(2, ca)}))('--dane');
			expect(refused.code).toBe(29);
			expect(refused.stdout).toContain('2 0 1 matches the CA CN=smtp-tui names CA, but the certificate is not valid for mail.example.net or mx1.example.test');
			expect(neither.server.messages).toHaveLength(0);
		});

		it("no records under the target: the MX host's own name is asked next, and its own name is the SNI", async () => {
			const {server, names} = await sniServer(selfSigned);
			const send = await aliased(server.port, {own: tlsa(3, selfSigned.cert)});
			const run = await send('--dane');
			expect(run.stdout).toContain(`=== DANE for mx1.example.test: 3 0 1 ${certificateSha256(selfSigned.cert).slice(0, 16)}… at _${server.port}._tcp.mx1.example.test, DNSSEC-validated`);
			expect(run.code).toBe(0);
			expect(names).toEqual(['mx1.example.test']);

			const none = await (await aliased(server.port, {}))('--dane', '--quit-after', 'connect');
			expect(none.stdout).toContain(`=== DANE: no TLSA record at _${server.port}._tcp.mail.example.net, then _${server.port}._tcp.mx1.example.test: delivering to it as without --dane\n`);
		});

		it("the target's TLSA lookup fails (SERVFAIL): passed over, its own name not asked instead", async () => {
			const {server} = await sniServer(selfSigned);
			const send = await aliased(server.port, {target: {rcode: 'SERVFAIL'}, own: tlsa(3, selfSigned.cert)});
			const json = resultOf((await send('--dane', '--json', '--quiet')).stdout);
			expect(json).toMatchObject({exitCode: 29, dane: [{host: 'mx1.example.test', expanded: 'mail.example.net', tlsa: `_${server.port}._tcp.mail.example.net`, status: 'passed-over', reason: `the TLSA lookup of _${server.port}._tcp.mail.example.net failed (SERVFAIL)`}]});
			expect(server.messages).toHaveLength(0);
		});
	});

	it('no TLSA record: delivered to as without --dane (here the CA is trusted with --ca)', async () => {
		const smtp = await mailServer(forMx1);
		const send = await world(smtp.port, {mx1: {ad: true}});
		const caFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'send-dane-')), 'ca.pem');
		writeFileSync(caFile, ca);
		const run = await send('--dane', '--ca', caFile);
		expect(run.stdout).toContain(`=== DANE: no TLSA record at _${smtp.port}._tcp.mx1.example.test: delivering to it as without --dane\n`);
		expect(run.stdout).toContain('certificate verified\n');
		expect(run.code).toBe(0);
	});

	it('a TLSA lookup that fails (SERVFAIL) under a validated MX: the host is passed over, not delivered to without DANE (exit 29)', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: {rcode: 'SERVFAIL'}});
		const run = await send('--dane');
		expect(run.code).toBe(29);
		expect(smtp.messages).toHaveLength(0);
		expect(run.stdout).toContain(`=== DANE: the TLSA lookup of _${smtp.port}._tcp.mx1.example.test failed (SERVFAIL): mx1.example.test is passed over, as DANE senders do (they defer mail rather than deliver without knowing its records, RFC 7672 §2.2)\n`);
		expect(run.stdout).not.toContain('connecting to');
		expect(run.stdout).not.toContain('--no-starttls');
		expect(resultOf((await send('--dane', '--json', '--quiet')).stdout)).toMatchObject({exitCode: 29, stage: 'tls', dane: [{host: 'mx1.example.test', status: 'passed-over'}]});
	});

	it('--socks: the lookups are made here, the connection goes through the proxy, which resolves the host itself', async () => {
		const smtp = await mailServer(selfSigned);
		const socks = await startSocksServer({names: {'mx1.example.test': '127.0.0.1'}});
		closers.push(() => socks.close());
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)});
		const run = await send('--dane', '--socks', `127.0.0.1:${socks.port}`);
		expect(run.code).toBe(0);
		expect(socks.requests).toEqual([{type: 'name', host: 'mx1.example.test', port: smtp.port}]);
		expect(run.stdout).toContain('DANE: mx1.example.test authenticated by TLSA 3 0 1 (the certificate)\n');
	});

	it('--host NAME --dane: its own TLSA records apply, its address lookup validated', async () => {
		const smtp = await mailServer(selfSigned);
		const send = await world(smtp.port, {mx1: tlsa(3, selfSigned.cert)});
		const run = await send('--dane', '--host', 'mx1.example.test');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('DANE: mx1.example.test authenticated by TLSA 3 0 1 (the certificate)\n');
	});

	it.each([
		[['--insecure'], '--dane and --insecure cannot be used together'],
		[['--tls'], '--dane and --tls cannot be used together'],
		[['--host', '127.0.0.1'], '--dane with --host 127.0.0.1: an IP address has no TLSA records'],
	])('refused with %j before connecting (exit 1)', async (flags, text) => {
		const run = await runCli(['send', '--dane', '--to', 'you@example.test', '--body', 'hi', ...flags]);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(text);
	});
});
