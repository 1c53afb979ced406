// `smtp-tui check DOMAIN` and DANE: real parts only. A DNS server on loopback serves the MX, A and TLSA records (with
// the AD flag of a validating resolver, or without), smtp-server answers STARTTLS with a test CA's certificate, and
// the record a certificate needs is computed by the openssl command, not by the code under test.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, test} from 'vitest';
import {certsFor, type KeyAndCert} from '../helpers/certs.js';
import {startDnsServer, type DnsEntry, type DnsZone} from '../helpers/dns-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

let ca: string;
let caPath: string;
let mx1: KeyAndCert;
let other: KeyAndCert;

beforeAll(async () => {
	let leaves: KeyAndCert[];
	({ca, leaves} = await certsFor(['mx1.example.test'], ['mx1.example.test']));
	[mx1, other] = leaves as [KeyAndCert, KeyAndCert];
	caPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dane-')), 'ca.pem');
	writeFileSync(caPath, ca);
});

/** What a zone's "3 1 1" record holds for this certificate, as the usual recipe computes it. */
function opensslSpkiSha256(certificatePem: string): string {
	const publicKey = execFileSync('openssl', ['x509', '-pubkey', '-noout'], {input: certificatePem});
	const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], {input: publicKey});
	return /([0-9a-f]{64})/.exec(execFileSync('openssl', ['dgst', '-sha256'], {input: der}).toString())![1]!;
}

/** The same for "3 0 1": the SHA-256 of the whole certificate's DER. */
function opensslCertificateSha256(certificatePem: string): string {
	const der = execFileSync('openssl', ['x509', '-outform', 'DER'], {input: certificatePem});
	return /([0-9a-f]{64})/.exec(execFileSync('openssl', ['dgst', '-sha256'], {input: der}).toString())![1]!;
}

/** example.test, its one MX host mx1 (this machine), the MX answer validated, and mx1's TLSA entry. */
async function domain(tlsa: DnsEntry, extra: DnsZone = {}) {
	const dns = await startDnsServer({
		'example.test': {mx: [{priority: 10, exchange: 'mx1.example.test'}], ad: true},
		'mx1.example.test': {a: ['127.0.0.1'], ad: true},
		'_25._tcp.mx1.example.test': tlsa,
		...extra,
	});
	cleanup(() => dns.close());
	return dns;
}

async function mailServer(identity: KeyAndCert, options: {hideSTARTTLS?: boolean} = {}) {
	const server = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert, ...options});
	cleanup(() => server.close());
	return server.port;
}

const check = (dns: {address: string}, port: number, flags: Record<string, unknown> = {}) => checkInProcess(['example.test'], {ca: caPath, dns: dns.address, ports: String(port), ...flags}, {timeout: '3'});

type DaneJson = {hosts: Array<Record<string, unknown>>; problems: Array<{severity: string; text: string}>; server: string; mxValidated?: boolean};

async function checkJson(dns: {address: string}, port: number) {
	const {code, out} = await check(dns, port, {json: true});
	const verdict = JSON.parse(out.trimEnd().split('\n').at(-1)!) as {verdict: string; exitCode: number; dane?: DaneJson};
	return {code, verdict};
}

const record = (usage: number, selector: number, matchingType: number, data: string) => ({usage, selector, matchingType, data});

describe('check DOMAIN: DANE', () => {
	test('a validated 3 1 1 record of the certificate: it matches, the rollover hint, exit 0; asked with the DO bit', async () => {
		const spki = opensslSpkiSha256(mx1.cert);
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 1, 1, spki)], ad: true}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(`DANE for example.test (asked ${dns.address} (--dns)):\n`);
		expect(out).toContain(`  mx1.example.test: TLSA 3 1 1 ${spki.slice(0, 16)}… at _25._tcp.mx1.example.test, DNSSEC-validated; DANE: 3 1 1 matches the certificate's public key; publish a 3 1 1 record for the next key before changing it\n`);
		expect(out).not.toContain('DANE: no TLSA record matches');
		expect(dns.queries.filter(query => query.type === 'TLSA')).toEqual([{name: '_25._tcp.mx1.example.test', type: 'TLSA', transport: 'udp', dnssecOk: true}]);
	});

	test('3 0 1 (the whole certificate) and a second record for the next key: matched, no rollover hint; a PKIX record beside them marked', async () => {
		const pkix = record(1, 1, 1, opensslSpkiSha256(mx1.cert));
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 0, 1, opensslCertificateSha256(mx1.cert)), record(3, 1, 1, opensslSpkiSha256(other.cert)), pkix], ad: true}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(`, 1 1 1 ${pkix.data.slice(0, 16)}… (unusable for SMTP) at _25._tcp.mx1.example.test, DNSSEC-validated; DANE: 3 0 1 matches the certificate\n`);
	});

	test('a single 3 0 1 record: the rollover hint is for the next certificate, which a renewal with the same key changes too', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 0, 1, opensslCertificateSha256(mx1.cert))], ad: true}), mailServer(mx1)]);
		const {out} = await check(dns, port);
		expect(out).toContain('DANE: 3 0 1 matches the certificate; publish a 3 0 1 record for the next certificate (a renewal changes it, even with the same key) before changing it\n');
	});

	test('no record matches the certificate (a key renewed, the record not): the verdict in words, the record to publish, exit 4, --json, Nagios CRITICAL', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 1, 1, opensslSpkiSha256(other.cert))], ad: true}), mailServer(mx1)]);
		const publish = `_25._tcp.mx1.example.test. IN TLSA 3 1 1 ${opensslSpkiSha256(mx1.cert)}`;
		const {code, out} = await check(dns, port);
		expect(code).toBe(4);
		expect(out).toContain('; NO record matches the certificate\n');
		expect(out).toContain(`    for the current certificate: ${publish}\n`);
		expect(out.trimEnd().split('\n').at(-1)).toContain(
			` DANE: no TLSA record matches the certificate mx1.example.test presents: senders that use DANE (Postfix, Exim, Microsoft 365) will not deliver to it. The record for its current certificate: ${publish}.`,
		);
		const json = await checkJson(dns, port);
		expect(json.code).toBe(4);
		expect(json.verdict.dane).toMatchObject({mxValidated: true, hosts: [{host: 'mx1.example.test', name: '_25._tcp.mx1.example.test', validated: true, publish, records: [record(3, 1, 1, opensslSpkiSha256(other.cert))]}], problems: [{severity: 'refused'}]});
		const nagios = await check(dns, port, {nagios: true});
		expect(nagios.code).toBe(2);
		expect(nagios.out).toMatch(/^SMTP CRITICAL - .*, DANE: 1 problem \(senders will refuse an MX host\) \|/);
	});

	test('records the resolver did not validate (no AD): a warning naming the server and what to do, not a refusal', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 1, 1, opensslSpkiSha256(other.cert))]}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(', NOT DNSSEC-validated; NO record matches the certificate\n');
		expect(out).toContain(`DANE: the TLSA answer for mx1.example.test was not DNSSEC-validated by ${dns.address} (--dns); DANE senders only use validated records; use a validating resolver (--dns 1.1.1.1).`);
		const nagios = await check(dns, port, {nagios: true});
		expect(nagios.code).toBe(1);
	});

	test('TLSA records but no STARTTLS: DANE senders will not deliver (exit 4)', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 1, 1, opensslSpkiSha256(mx1.cert))], ad: true}), mailServer(mx1, {hideSTARTTLS: true})]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(4);
		expect(out).toContain(`DANE: mx1.example.test has TLSA records, but it does not offer STARTTLS on port ${port}: senders that use DANE (Postfix, Exim, Microsoft 365) will not deliver to it.`);
	});

	test('only PKIX records (usage 1): unusable for SMTP, said with the record to publish', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(1, 1, 1, opensslSpkiSha256(mx1.cert))], ad: true}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(
			`DANE: mx1.example.test has no TLSA record usable for SMTP (usage 1 (PKIX-EE) is unusable for SMTP (RFC 7672 §3.1.3)): DANE senders deliver to it with TLS they do not authenticate. Publish a DANE-EE record for its key: _25._tcp.mx1.example.test. IN TLSA 3 1 1 ${opensslSpkiSha256(mx1.cert)}.`,
		);
	});

	test('2 1 1 for the CA the server sends in its chain: matched through the chain; a name the certificate lacks fails it', async () => {
		const withChain = {key: mx1.key, cert: `${mx1.cert.trim()}\n${ca}`};
		const [dns, port] = await Promise.all([domain({tlsa: [record(2, 1, 1, opensslSpkiSha256(ca))], ad: true}), mailServer(withChain)]);
		// Not trusted here (no --ca): the CA in the chain can only have come from the server.
		const {code, out} = await checkInProcess(['example.test'], {dns: dns.address, ports: String(port)}, {timeout: '3'});
		expect(code).toBe(0);
		expect(out).toContain("; DANE: 2 1 1 matches the CA CN=smtp-tui names CA's public key, which the certificate chains up to; publish");
		// The same CA record for a host the certificate does not name: the chain holds, the name does not.
		const renamed = await startDnsServer({
			'example.test': {mx: [{priority: 10, exchange: 'mx2.example.test'}], ad: true},
			'mx2.example.test': {a: ['127.0.0.1'], ad: true},
			'_25._tcp.mx2.example.test': {tlsa: [record(2, 1, 1, opensslSpkiSha256(ca))], ad: true},
		});
		cleanup(() => renamed.close());
		const named = await check(renamed, port);
		expect(named.code).toBe(4);
		expect(named.out).toContain('DANE: no TLSA record matches the certificate mx2.example.test presents (2 1 1 matches the CA CN=smtp-tui names CA, but the certificate is not valid for mx2.example.test): senders');
	});

	test('2 1 1 for a root CA this machine trusts (--ca), the server sending its certificate alone: matched, with what check cannot tell', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(2, 1, 1, opensslSpkiSha256(ca))], ad: true}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(
			"DANE: 2 1 1 matches the CA CN=smtp-tui names CA's public key, which the certificate chains up to (this machine trusts that root CA, so check cannot tell whether the server sends it in its chain, as DANE senders need: RFC 7672 §3.1.2);",
		);
	});

	test('a TLSA answer too big for UDP is asked again over TCP', async () => {
		// Eight records of 64 bytes each: over the 512 bytes a UDP answer carries here.
		const spares = Array.from({length: 8}, (_, index) => record(3, 1, 2, String(index).repeat(128)));
		const [dns, port] = await Promise.all([domain({tlsa: [...spares, record(3, 1, 1, opensslSpkiSha256(mx1.cert))], ad: true}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain('; DANE: 3 1 1 matches the certificate\'s public key\n');
		expect(dns.queries.filter(query => query.type === 'TLSA').map(query => query.transport)).toEqual(['udp', 'tcp']);
	});

	test('an MX host that is an alias (CNAME), validated: the TLSA base is its target, then its own name', async () => {
		const spki = opensslSpkiSha256(mx1.cert);
		const [dns, port] = await Promise.all([
			domain({}, {'mx1.example.test': {cname: 'mx.provider.test', ad: true}, 'mx.provider.test': {a: ['127.0.0.1']}, '_25._tcp.mx.provider.test': {tlsa: [record(3, 1, 1, spki)], ad: true}}),
			mailServer(mx1),
		]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain('at _25._tcp.mx.provider.test, DNSSEC-validated; DANE: 3 1 1 matches');
		// Not validated, the alias is not followed: the MX host's own name is the only one asked.
		const unsigned = await startDnsServer({...dns.zone, 'mx1.example.test': {cname: 'mx.provider.test'}});
		cleanup(() => unsigned.close());
		expect((await check(unsigned, port)).out).toContain('DANE: no TLSA records for the MX hosts of example.test');
		expect(unsigned.queries.filter(query => query.type === 'TLSA').map(query => query.name)).toEqual(['_25._tcp.mx1.example.test']);
	});

	test('an alias whose target holds a terminal escape: the name is printed as DNS writes it (\\027), and still asked', async () => {
		const spki = opensslSpkiSha256(mx1.cert);
		const target = 'mx\x1b[2j.provider.test';
		const [dns, port] = await Promise.all([domain({}, {'mx1.example.test': {cname: target, ad: true}, [target]: {a: ['127.0.0.1']}, [`_25._tcp.${target}`]: {tlsa: [record(3, 1, 1, spki)], ad: true}}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(out).not.toContain('\x1b');
		expect(out).toContain('at _25._tcp.mx\\027[2j.provider.test, DNSSEC-validated; DANE: 3 1 1 matches');
		expect(code).toBe(0);
	});

	test('a TLSA lookup that fails (SERVFAIL) or gets no answer in --timeout: said, a warning', async () => {
		const [dns, port] = await Promise.all([domain({rcode: 'SERVFAIL'}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain('  mx1.example.test: the TLSA lookup of _25._tcp.mx1.example.test failed (SERVFAIL): a DNSSEC failure looks like this, and DANE senders defer mail while it lasts\n');
		expect(out.trimEnd().split('\n').at(-1)).toContain(' DANE of mx1.example.test not known: the TLSA lookup of _25._tcp.mx1.example.test failed (SERVFAIL): a DNSSEC failure');
		expect((await check(dns, port, {nagios: true})).code).toBe(1);
		const silent = await domain({silent: ['TLSA']});
		const late = await checkInProcess(['example.test'], {ca: caPath, dns: silent.address, ports: String(port)}, {timeout: '0.5'});
		expect(late.out).toContain('DANE of mx1.example.test not known: the TLSA lookup of _25._tcp.mx1.example.test got no answer within 0.5 s.');
	});

	test('a TLSA record too short to hold its fields: that host\'s lookup failed, said, and the rest of the check goes on', async () => {
		const [dns, port] = await Promise.all([domain({tlsaRaw: ['0301'], ad: true}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain('  mx1.example.test: the TLSA lookup of _25._tcp.mx1.example.test failed (a TLSA record of 2 bytes, shorter than its fields)\n');
		expect(out).toMatch(/ open .*STARTTLS, TLSv1\.\d, verified/);
		expect(out.trimEnd().split('\n').at(-1)).toContain('reachable from here. DANE of mx1.example.test not known: the TLSA lookup of _25._tcp.mx1.example.test failed (a TLSA record of 2 bytes, shorter than its fields).');
	});

	test('validated TLSA records of an MX host found through an MX answer that is not validated: a warning, not a refusal', async () => {
		const [dns, port] = await Promise.all([domain({tlsa: [record(3, 1, 1, opensslSpkiSha256(other.cert))], ad: true}, {'example.test': {mx: [{priority: 10, exchange: 'mx1.example.test'}]}}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(`DANE: the MX records of example.test were not DNSSEC-validated by ${dns.address} (--dns): DANE senders use TLSA records only for MX hosts found through a validated MX lookup (RFC 7672 §2.2.1), so they ignore mx1.example.test's.`);
		expect(out).toMatch(/DANE: no TLSA record matches the certificate mx1\.example\.test presents/);
	});

	test('no TLSA record anywhere: one quiet line, and the record to publish for a signed domain', async () => {
		const [dns, port] = await Promise.all([domain({}), mailServer(mx1)]);
		const {code, out} = await check(dns, port);
		expect(code).toBe(0);
		expect(out).toContain(`DANE: no TLSA records for the MX hosts of example.test (asked ${dns.address} (--dns)): DANE not used\n  to use DANE, publish: _25._tcp.mx1.example.test. IN TLSA 3 1 1 ${opensslSpkiSha256(mx1.cert)}\n`);
		expect(out.trimEnd().split('\n').at(-1)).not.toContain('DANE');
	});
});
