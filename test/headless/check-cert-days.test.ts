// `check --cert-days`: a certificate (or a CA certificate of its chain) close to its end is said in the TLS column,
// --json and the verdict, and makes the exit code 3, for cron and monitoring. Certificates made here with dates days
// away, served by real TLS servers on loopback (smtp-server with STARTTLS, an implicit-TLS greeter); the CLI built.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, test} from 'vitest';
import {expiringCerts, type ExpiringCerts, type KeyAndCert} from '../helpers/certs.js';
import {checkInProcess} from '../helpers/run-check.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {tlsGreeter} from '../transport/probe-servers.js';

let chain: ExpiringCerts;
let rootFile: string;

beforeAll(async () => {
	chain = await expiringCerts();
	rootFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-days-')), 'root.pem');
	writeFileSync(rootFile, chain.root);
});

const cleanup = cleanupAfterEach();

async function starttlsServer(identity: KeyAndCert): Promise<number> {
	const server = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert});
	cleanup(() => server.close());
	return server.port;
}

const check = (args: string[], flags: Record<string, unknown> = {}) => checkInProcess(args, {ca: rootFile, ...flags}, {timeout: '3'});
const row = (out: string, port: number) => out.split('\n').find(line => line.startsWith(`127.0.0.1  ${port}  `)) ?? '';
const verdictOf = (out: string) => out.trimEnd().split('\n').at(-1)!;

describe('check --cert-days: a certificate close to its end', () => {
	test('5 days left: the TLS column says so, the verdict names it with the flag, exit 3', async () => {
		const port = await starttlsServer(chain.in5);
		const {code, out} = await check([`127.0.0.1:${port}`]);
		expect(code).toBe(3);
		expect(row(out, port)).toMatch(/  STARTTLS, TLSv1\.3, verified \(CN=localhost\), 5 days left$/);
		expect(verdictOf(out)).toMatch(
			new RegExp(
				`^Every probed port answers with a 220 banner: the server is reachable from here\\. The certificate of 127\\.0\\.0\\.1:${port} \\(CN=localhost\\) expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(5 days left, fewer than --cert-days 14\\): ` +
					"one renewed automatically should have been renewed by now \\(Let's Encrypt's clients renew at 30 days left\\); renew it on the server, and find out why its renewal failed\\.$",
			),
		);
	});

	test('40 days left: nothing said, exit 0; --cert-days 45 makes it a warning, --cert-days 0 never warns', async () => {
		const port = await starttlsServer(chain.in40);
		const plain = await check([`127.0.0.1:${port}`]);
		expect(plain.code).toBe(0);
		// Outside the 30 days in which the words say how many are left.
		expect(row(plain.out, port)).toMatch(/  STARTTLS, TLSv1\.3, verified \(CN=localhost\)$/);
		expect(verdictOf(plain.out)).toBe('Every probed port answers with a 220 banner: the server is reachable from here.');
		const wide = await check([`127.0.0.1:${port}`], {certDays: '45'});
		expect(wide.code).toBe(3);
		// Not yet in the 30 days in which automatic renewal comes: the date is the news, not a failed renewal.
		expect(verdictOf(wide.out)).toMatch(/\(40 days left, fewer than --cert-days 45\): renew it on the server before then\.$/);
		const close = await starttlsServer(chain.in5);
		const off = await check([`127.0.0.1:${close}`], {certDays: '0'});
		expect(off.code).toBe(0);
		expect(verdictOf(off.out)).not.toContain('--cert-days');
	});

	test('an intermediate that expires before the server certificate: named in the column, the verdict and --json', async () => {
		const port = await starttlsServer(chain.shortIntermediate);
		const {code, out} = await check([`127.0.0.1:${port}`]);
		expect(code).toBe(3);
		expect(row(out, port)).toMatch(/  STARTTLS, TLSv1\.3, verified \(CN=localhost\), intermediate CA CN=QA Intermediate: 5 days left$/);
		expect(verdictOf(out)).toMatch(
			new RegExp(
				`The intermediate CA "CN=QA Intermediate" in the chain of 127\\.0\\.0\\.1:${port} expires \\S+ \\S+ UTC \\(5 days left, fewer than --cert-days 14\\), ` +
					"before the server's own certificate, which no longer verifies from then on: the server must send the current certificate of its CA\\.$",
			),
		);
		const json = await check([`127.0.0.1:${port}`], {json: true});
		const [probe, verdict] = json.out.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, any>);
		expect(probe!.tls).toMatchObject({authorized: true, daysLeft: 40, chainExpiry: {subject: 'CN=QA Intermediate', daysLeft: 5, root: false}});
		expect(probe!.tls.validTo).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
		expect(Date.parse(probe!.tls.chainExpiry.validTo)).toBeLessThan(Date.parse(probe!.tls.validTo));
		expect(verdict).toMatchObject({type: 'verdict', ok: false, exitCode: 3});
	});

	test('implicit TLS (PORT/tls): the same days in the TLS column and --json', async () => {
		const port = await tlsGreeter(cleanup, chain.in5);
		const {code, out} = await check(['127.0.0.1'], {ports: `${port}/tls`});
		expect(code).toBe(3);
		expect(row(out, port)).toMatch(/  TLS ok .*  TLSv1\.3, verified \(CN=localhost\), 5 days left$/);
		const json = await check(['127.0.0.1'], {ports: `${port}/tls`, json: true});
		expect(JSON.parse(json.out.split('\n')[0]!).tls).toMatchObject({daysLeft: 5, authorized: true});
	});

	test('nothing answers: exit 2 stays, whatever the certificates', async () => {
		const port = await tlsGreeter(cleanup, chain.in5, '554 5.7.1 go away');
		const {code} = await check(['127.0.0.1'], {ports: `${port}/tls`});
		expect(code).toBe(2);
	});

	test('a --cert-days that is no whole number from 0 to 3650: exit 1, naming the flag', async () => {
		const result = await runCli(['check', '127.0.0.1:25', '--cert-days', 'soon']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('--cert-days must be a whole number from 0 to 3650, not "soon"');
		expect(result.stderr).toContain('--cert-days 0 never does');
	});

	test('the built CLI: exit 3 and the verdict, for cron', async () => {
		const port = await starttlsServer(chain.in5);
		const result = await runCli(['check', `127.0.0.1:${port}`, '--ca', rootFile, '--timeout', '3']);
		expect(result.code).toBe(3);
		expect(result.stdout).toContain('(5 days left, fewer than --cert-days 14)');
	});
});
