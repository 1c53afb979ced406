// `smtp-tui check DOMAIN` and MTA-STS: real parts only. A DNS server on loopback serves the MX, A and TXT records,
// an HTTPS server with a test CA serves the policy (reached through --mta-sts-policy URL, as a draft would be, since
// the well-known URL's port 443 is not a test's), and smtp-server answers STARTTLS with a certificate of that CA.
import {once} from 'node:events';
import {mkdtempSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, test} from 'vitest';
import {certsFor} from '../helpers/certs.js';
import {startDnsServer, type DnsZone} from '../helpers/dns-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startSocksServer} from '../helpers/socks-server.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

type Identity = {key: string; cert: string};
let ca: string;
let caPath: string;
/** For the HTTPS server: 127.0.0.1 and mta-sts.example.test. For the MX hosts: both names, or the first alone. */
let web: Identity;
let bothMx: Identity;
let mx1Only: Identity;

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-mta-sts-'));

beforeAll(async () => {
	let leaves: Identity[];
	({ca, leaves} = await certsFor(['127.0.0.1', 'mta-sts.example.test'], ['mx1.example.test', 'mx2.example.test'], ['mx1.example.test']));
	[web, bothMx, mx1Only] = leaves as [Identity, Identity, Identity];
	caPath = path.join(dir(), 'ca.pem');
	writeFileSync(caPath, ca);
});

const ENFORCE_MX1 = 'version: STSv1\nmode: enforce\nmx: mx1.example.test\nmax_age: 604800\n';

/** An HTTPS server on 127.0.0.1 answering every request with this status, type and body; its policy URL. */
async function policyServer(body: string, {status = 200, type = 'text/plain', headers = {}}: {status?: number; type?: string; headers?: Record<string, string>} = {}, identity = web) {
	const server = https.createServer({key: identity.key, cert: identity.cert}, (request, response) => {
		response.writeHead(status, {'Content-Type': type, ...headers});
		// Written in two pieces: Node sends it chunked, as many servers do.
		response.write(body.slice(0, 10));
		response.end(body.slice(10));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	cleanup(() => new Promise(resolve => server.close(resolve)));
	return `https://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/mta-sts.txt`;
}

/** The mail domain example.test: MX mx1 and mx2 (both this machine), a sound SPF record, and these TXT records. */
async function domain(txt: Record<string, string[][]>, extra: DnsZone = {}) {
	const zone: DnsZone = {
		'example.test': {
			txt: [['v=spf1 mx -all']],
			mx: [
				{priority: 10, exchange: 'mx1.example.test'},
				{priority: 20, exchange: 'mx2.example.test'},
			],
		},
		'mx1.example.test': {a: ['127.0.0.1']},
		'mx2.example.test': {a: ['127.0.0.1']},
		...Object.fromEntries(Object.entries(txt).map(([name, records]) => [name, {txt: records}])),
		...extra,
	};
	const dns = await startDnsServer(zone);
	cleanup(() => dns.close());
	return dns;
}

const PUBLISHED = {'_mta-sts.example.test': [['v=STSv1; id=20261207']], '_smtp._tls.example.test': [['v=TLSRPTv1; rua=mailto:tls@example.test']]};

async function mailServer(identity: Identity) {
	const server = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert});
	cleanup(() => server.close());
	return server.port;
}

async function check(flags: Record<string, unknown>) {
	return checkInProcess(['example.test'], {ca: caPath, ...flags}, {timeout: '3'});
}

async function checkJson(flags: Record<string, unknown>) {
	const {code, out} = await check({...flags, json: true});
	const verdict = JSON.parse(out.trimEnd().split('\n').at(-1)!) as {verdict: string; exitCode: number; mtaSts?: Record<string, unknown>};
	return {code, verdict};
}

describe('check DOMAIN: MTA-STS', () => {
	test('an enforce policy that leaves an MX host out: the block, the verdict in plain words, exit 4', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1)]);
		const {code, out} = await check({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(code).toBe(4);
		expect(out).toContain(`MTA-STS for example.test: enforce, max_age 604800, mx mx1.example.test; _mta-sts id 20261207 (${url})\n`);
		expect(out).toContain(`  mx1.example.test: in the policy; STARTTLS certificate verified on port ${port}\n`);
		expect(out).toContain(`  mx2.example.test: NOT in the policy; STARTTLS certificate verified on port ${port}\n`);
		expect(out).toContain('TLS-RPT: reports to mailto:tls@example.test\n');
		expect(out.trimEnd().split('\n').at(-1)).toContain(' MTA-STS enforce: mx2.example.test is not in the policy — senders that honour MTA-STS will refuse to deliver to it.');
	});

	test('--json: the policy, the hosts and the problems in the verdict line; --nagios: CRITICAL', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1)]);
		const {code, verdict} = await checkJson({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(code).toBe(4);
		expect(verdict.exitCode).toBe(4);
		expect(verdict.mtaSts).toMatchObject({
			domain: 'example.test',
			record: {text: 'v=STSv1; id=20261207', id: '20261207'},
			source: url,
			policy: {version: 'STSv1', mode: 'enforce', mx: ['mx1.example.test'], maxAge: 604_800, errors: [], emptyLines: []},
			tlsRpt: {rua: ['mailto:tls@example.test']},
			problems: [{severity: 'refused', text: 'MTA-STS enforce: mx2.example.test is not in the policy — senders that honour MTA-STS will refuse to deliver to it.'}],
		});
		const nagios = await check({dns: dns.address, ports: String(port), mtaStsPolicy: url, nagios: true});
		expect(nagios.code).toBe(2);
		expect(nagios.out).toMatch(/^SMTP CRITICAL - .*, MTA-STS: 1 problem \(senders will refuse an MX host\) \|/);
	});

	test('every MX host in the policy with a verified certificate: no problem, exit 0, Nagios OK', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1.replace('mx1.example.test', '*.example.test'))]);
		const {code, out} = await check({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(code).toBe(0);
		expect(out).toContain(`  mx2.example.test: in the policy; STARTTLS certificate verified on port ${port}\n`);
		expect(out).not.toMatch(/MTA-STS enforce:/);
		expect((await check({dns: dns.address, ports: String(port), mtaStsPolicy: url, nagios: true})).code).toBe(0);
	});

	test('mx: example.test where *.example.test was meant: the verdict says which pattern allows the MX hosts', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1.replace('mx1.example.test', 'example.test'))]);
		const {code, out} = await check({dns: dns.address, ports: String(port), mtaStsPolicy: url, json: true});
		expect(code).toBe(4);
		expect(out).toContain('MTA-STS enforce: mx2.example.test is not in the policy (\\"mx: example.test\\" allows example.test alone; \\"mx: *.example.test\\" allows mx2.example.test) — senders');
	});

	test('a certificate not valid for an MX host in enforce mode: refused (exit 4); in testing mode a warning (exit 0, Nagios WARNING)', async () => {
		const [dns, port] = await Promise.all([domain(PUBLISHED), mailServer(mx1Only)]);
		const enforce = await check({dns: dns.address, ports: String(port), mtaStsPolicy: await policyServer(ENFORCE_MX1.replace('mx1.example.test', '*.example.test'))});
		expect(enforce.code).toBe(4);
		expect(enforce.out).toMatch(/MTA-STS enforce: mx2\.example\.test has a STARTTLS certificate on port \d+ that does not verify for it \(.+\) — senders that honour MTA-STS will refuse to deliver to it\./);
		const testing = await check({dns: dns.address, ports: String(port), mtaStsPolicy: await policyServer('version: STSv1\nmode: testing\nmx: *.example.test\nmax_age: 86400\n')});
		expect(testing.code).toBe(0);
		expect(testing.out).toMatch(/MTA-STS testing: mx2\.example\.test has a STARTTLS certificate on port \d+ that does not verify for it .* — senders only report it now \(TLS-RPT\), but will refuse to deliver to it once the mode is enforce\./);
		// A monitor makes the certificate itself CRITICAL; with it allowed, the policy's problem is still a warning.
		const testingPolicy = await policyServer('version: STSv1\nmode: testing\nmx: *.example.test\nmax_age: 86400\n');
		const nagios = await check({dns: dns.address, ports: String(port), mtaStsPolicy: testingPolicy, nagios: true});
		expect(nagios.code).toBe(2);
		expect(nagios.out).toMatch(/^SMTP CRITICAL - .*certificate NOT verified.*, MTA-STS: 1 problem \|/);
		const allowed = await check({dns: dns.address, ports: String(port), mtaStsPolicy: testingPolicy, nagios: true, allowUnverified: true});
		expect(allowed.code).toBe(1);
		expect(allowed.out).toMatch(/^SMTP WARNING - .*, MTA-STS: 1 problem \|/);
	});

	test('an empty line: said as one some senders skip and a strict one does not, and the policy still judged as the lenient read it', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer('version: STSv1\nmode: enforce\n\nmx: mx1.example.test\nmax_age: 604800\n\n')]);
		const {code, out} = await check({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(out).toMatch(/has empty lines \(line 3, 6\), which RFC 8461's syntax does not allow: some senders skip them, a strict one ignores the whole policy\. Remove them;/);
		expect(out).not.toMatch(/is not valid, so senders ignore it/);
		expect(out).toMatch(/MTA-STS enforce: mx2\.example\.test is not in the policy/);
		expect(code).toBe(4);
	});

	test('no _mta-sts record and no TLS-RPT: said quietly, nothing fetched, no problem', async () => {
		const [dns, port] = await Promise.all([domain({}), mailServer(bothMx)]);
		const {code, out} = await check({dns: dns.address, ports: String(port)});
		expect(code).toBe(0);
		// Each next block (DANE's, SPF's, DMARC's) comes after a blank line.
		expect(out).toContain('MTA-STS: no policy for example.test (no _mta-sts TXT record)\nTLS-RPT: no _smtp._tls record (no sender reports TLS failures to example.test)\n\nDANE: no TLSA records');
		expect(out).toMatch(/DANE not used\n\nSPF for example\.test: v=spf1 mx -all\n[^]*\n\nDMARC: no record for example\.test/);
		expect(out).not.toMatch(/MTA-STS (enforce|testing|of)/);
		expect(dns.queries.map(query => `${query.name} ${query.type}`)).toEqual(expect.arrayContaining(['_mta-sts.example.test TXT', '_smtp._tls.example.test TXT']));
		expect(dns.queries.some(query => query.name.startsWith('mta-sts.'))).toBe(false);
	});

	test('a published record: the policy is fetched from https://mta-sts.DOMAIN/, its name looked up through --dns', async () => {
		// mta-sts.example.test has no address in the zone: the failure shows where the fetch went, and how it was looked up.
		const [dns, port] = await Promise.all([domain(PUBLISHED), mailServer(bothMx)]);
		const {code, out} = await check({dns: dns.address, ports: String(port)});
		expect(code).toBe(0);
		expect(dns.queries.some(query => query.name === 'mta-sts.example.test')).toBe(true);
		expect(out).toMatch(/The MTA-STS policy of example\.test could not be fetched from https:\/\/mta-sts\.example\.test\/\.well-known\/mta-sts\.txt: .*mta-sts\.example\.test.*\. Senders without a cached copy deliver as if there were no policy/);
		expect((await check({dns: dns.address, ports: String(port), nagios: true})).code).toBe(1);
	});

	test.each([
		['a redirect', {status: 301, headers: {Location: 'https://elsewhere.test/p'}}, 'it answered 301 Moved Permanently, a redirect to https://elsewhere.test/p: senders do not follow redirects (RFC 8461 §3.3); serve the policy at this URL'],
		['a 404', {status: 404}, 'it answered 404 Not Found, not 200'],
		['HTML', {type: 'text/html'}, 'it is served as Content-Type text/html, not text/plain as RFC 8461 §3.2 requires'],
		['more than 64 KiB', {headers: {'X-Padding': 'x'.repeat(65 * 1024)}}, 'the answer is larger than 64 KiB'],
	])('%s is no policy, and says why', async (_, options, why) => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1, options)]);
		const {code, verdict} = await checkJson({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(code).toBe(0);
		expect(verdict.verdict).toContain(`The MTA-STS policy of example.test could not be fetched from ${url}: ${why}.`);
	});

	test('an HTTPS server that never answers the GET: given up at --timeout, for the whole fetch', async () => {
		const silent = https.createServer({key: web.key, cert: web.cert}, () => {});
		silent.listen(0, '127.0.0.1');
		await once(silent, 'listening');
		cleanup(() => new Promise(resolve => silent.close(resolve)));
		silent.on('connection', socket => cleanup(() => socket.destroy()));
		const webPort = (silent.address() as AddressInfo).port;
		const [dns, port] = await Promise.all([domain(PUBLISHED), mailServer(bothMx)]);
		const {out} = await checkInProcess(['example.test'], {ca: caPath, dns: dns.address, ports: String(port), mtaStsPolicy: `https://127.0.0.1:${webPort}/`, json: true}, {timeout: '1'});
		expect(out).toContain(`could not be fetched from https://127.0.0.1:${webPort}/: no complete answer from 127.0.0.1:${webPort} within 1 s.`);
	});

	test('an HTTPS certificate that does not verify is no policy', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1, {}, mx1Only)]);
		const {verdict} = await checkJson({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(verdict.verdict).toContain(`could not be fetched from ${url}: its HTTPS certificate does not verify for 127.0.0.1: `);
		expect(verdict.verdict).not.toContain('--insecure');
	});

	test('mode none: no host judged, and the block says what it means', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer('version: STSv1\nmode: none\nmax_age: 86400\n')]);
		const {code, out} = await check({dns: dns.address, ports: String(port), mtaStsPolicy: url});
		expect(code).toBe(0);
		expect(out).toContain(`MTA-STS for example.test: none, max_age 86400, mx (none); _mta-sts id 20261207 (${url})\n  mode none: senders apply no policy (the way to withdraw one)\nTLS-RPT`);
	});

	test('records senders ignore, and a failed lookup, are said as warnings', async () => {
		const twice = await domain({'_mta-sts.example.test': [['v=STSv1; id=1'], ['v=STSv1; id=2']]});
		const port = await mailServer(bothMx);
		const {code, verdict} = await checkJson({dns: twice.address, ports: String(port), nagios: false});
		expect(code).toBe(0);
		expect(verdict.verdict).toContain('The _mta-sts.example.test TXT record is not valid (2 TXT records start with v=STSv1): senders take that as no MTA-STS policy at all.');
		const failing = await domain({}, {'_mta-sts.example.test': {rcode: 'SERVFAIL'}, '_smtp._tls.example.test': {rcode: 'SERVFAIL'}});
		expect((await checkJson({dns: failing.address, ports: String(port)})).verdict.verdict).toContain('MTA-STS of example.test not known: the TXT lookup of _mta-sts.example.test failed (ESERVFAIL).');
		// The block says so too, not that the domain has no record (it may have one and a policy).
		const {out} = await check({dns: failing.address, ports: String(port)});
		expect(out).toContain('MTA-STS for example.test: not known (the TXT lookup of _mta-sts.example.test failed (ESERVFAIL))\nTLS-RPT: not known (the TXT lookup of _smtp._tls.example.test failed (ESERVFAIL))\n');
		expect(out).not.toContain('no _mta-sts TXT record');
		const draft = path.join(dir(), 'draft.txt');
		writeFileSync(draft, ENFORCE_MX1);
		expect((await check({dns: failing.address, ports: String(port), mtaStsPolicy: draft})).out).toContain(`MTA-STS for example.test: enforce, max_age 604800, mx mx1.example.test; _mta-sts record not known (the TXT lookup of _mta-sts.example.test failed (ESERVFAIL)) (${draft})\n`);
	});

	test('a record that is not valid: no policy fetched or judged, as senders fetch none (no exit 4 for an MX host it leaves out)', async () => {
		const [dns, port, url] = await Promise.all([domain({'_mta-sts.example.test': [['v=STSv1; ident=20261207']]}), mailServer(bothMx), policyServer(ENFORCE_MX1)]);
		const socks = await startSocksServer({names: {'mx1.example.test': '127.0.0.1', 'mx2.example.test': '127.0.0.1', 'mta-sts.example.test': '127.0.0.1'}, ports: {443: Number(new URL(url).port)}});
		cleanup(() => socks.close());
		const {code, out} = await check({dns: dns.address, ports: String(port), socks: `127.0.0.1:${socks.port}`});
		expect(socks.requests.map(request => request.host)).not.toContain('mta-sts.example.test');
		expect(out).toContain('MTA-STS for example.test: policy not fetched; _mta-sts record not valid: v=STSv1; ident=20261207\n');
		expect(out).toContain('The _mta-sts.example.test TXT record is not valid (it has no id=): senders take that as no MTA-STS policy at all.');
		expect(out).not.toContain('MTA-STS enforce');
		expect(code).toBe(0);
	});

	test('a draft in a file, not yet published: its mistakes line by line', async () => {
		const [dns, port] = await Promise.all([domain({}), mailServer(bothMx)]);
		const file = path.join(dir(), 'mta-sts.txt');
		writeFileSync(file, 'version: STSv1\nmode: enforced\nmx: mx1.example.test\nmax_age: 1 week\n');
		const {code, out} = await check({dns: dns.address, ports: String(port), mtaStsPolicy: file});
		expect(code).toBe(0);
		expect(out).toContain(`MTA-STS for example.test: no mode, max_age ?, mx mx1.example.test; not published (no _mta-sts TXT record) (${file})\n`);
		expect(out).toContain(`The MTA-STS policy (${file}) is not valid, so senders ignore it: line 2: mode "enforced" is not enforce, testing or none; line 4: max_age "1 week" is not a number of seconds from 0 to 31557600 (a year).`);
	});

	test('over --socks the policy is fetched through the proxy, which looks the name up', async () => {
		const [dns, port, url] = await Promise.all([domain(PUBLISHED), mailServer(bothMx), policyServer(ENFORCE_MX1)]);
		const webPort = Number(new URL(url).port);
		const socks = await startSocksServer({names: {'mx1.example.test': '127.0.0.1', 'mx2.example.test': '127.0.0.1', 'mta-sts.example.test': '127.0.0.1'}, ports: {443: webPort}});
		cleanup(() => socks.close());
		const {code, out} = await check({dns: dns.address, ports: String(port), socks: `127.0.0.1:${socks.port}`});
		expect(socks.requests).toContainEqual({type: 'name', host: 'mta-sts.example.test', port: 443});
		expect(out).toContain('MTA-STS for example.test: enforce, max_age 604800, mx mx1.example.test; _mta-sts id 20261207 (https://mta-sts.example.test/.well-known/mta-sts.txt)\n');
		expect(code).toBe(4);
	});
});

describe('check: --mta-sts-policy mistakes (exit 1)', () => {
	test.each([
		[['mx.example.test:25'], {mtaStsPolicy: 'policy.txt'}, '--mta-sts-policy checks a mail domain\'s policy, and TARGET "mx.example.test:25" is probed as a host'],
		[['example.test'], {mtaStsPolicy: 'policy.txt', mx: false}, '--mta-sts-policy checks a mail domain\'s policy, and TARGET "example.test" is probed as a host (--no-mx)'],
		[['example.test'], {mtaStsPolicy: 'http://mta-sts.example.test/.well-known/mta-sts.txt'}, 'senders fetch a policy over HTTPS only (RFC 8461 §3.3)'],
		[['example.test'], {mtaStsPolicy: '/nonexistent/mta-sts.txt'}, '--mta-sts-policy /nonexistent/mta-sts.txt: no such file'],
		// Not echoed: the password would be in the output.
		[['example.test'], {mtaStsPolicy: 'https://me:s3cret@mta-sts.example.test/.well-known/mta-sts.txt'}, /^--mta-sts-policy: the URL has a user name or password, and senders fetch a policy without one \(RFC 8461 §3\.3\)$/],
	])('%j %j', async (args, flags, message) => {
		await expect(checkInProcess(args, flags, {timeout: '1'})).rejects.toThrow(message);
	});
});
