// `check --nagios`: the monitoring-plugins contract, so that Nagios, Icinga or Checkmk run check as a service check:
// "SMTP STATE - summary | perfdata", the verdict under it, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Real servers
// on loopback (smtp-server with STARTTLS and certificates made here days from their end), the built CLI.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, test} from 'vitest';
import {expiringCerts, testCerts, type ExpiringCerts, type KeyAndCert} from '../helpers/certs.js';
import {greetAndEhlo, startRawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach, closedPort} from '../transport/harness.js';

let certs: ExpiringCerts;
let rootFile: string;
beforeAll(async () => {
	certs = await expiringCerts();
	rootFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-nagios-')), 'root.pem');
	writeFileSync(rootFile, certs.root);
});
const cleanup = cleanupAfterEach();

async function starttlsServer(identity: KeyAndCert): Promise<number> {
	const server = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert});
	cleanup(() => server.close());
	return server.port;
}

const plugin = (...args: string[]) => runCli(['check', ...args, '--nagios', '--ca', rootFile, ...(args.includes('--timeout') ? [] : ['--timeout', '3'])]);
const [statusLine, verdictLine] = [(out: string) => out.split('\n')[0]!, (out: string) => out.split('\n')[1]!];

describe('check --nagios', () => {
	test('OK: the status line with the time to the banner and the days left as performance data, the verdict under it, exit 0', async () => {
		const port = await starttlsServer(certs.in40);
		const {code, stdout, stderr} = await plugin(`127.0.0.1:${port}`);
		expect(code).toBe(0);
		expect(stderr).toBe('');
		expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP OK - 127\\.0\\.0\\.1:${port} open in \\d+\\.\\d{3} s \\| time_${port}=\\d+\\.\\d{3}s;;;0 cert_days_${port}=40;14:;0:;$`));
		expect(verdictLine(stdout)).toBe('Every probed port answers with a 220 banner: the server is reachable from here.');
		// No plan line, no table: the first line is the plugin's.
		expect(stdout.split('\n')).toHaveLength(3);
	});

	test('WARNING: a certificate with fewer than --cert-days left, named in the status line, exit 1', async () => {
		const port = await starttlsServer(certs.in5);
		const {code, stdout} = await plugin(`127.0.0.1:${port}`);
		expect(code).toBe(1);
		expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP WARNING - 127\\.0\\.0\\.1:${port} open in \\S+ s, certificate 5 days left \\| .* cert_days_${port}=5;14:;0:;$`));
		expect(verdictLine(stdout)).toContain('(5 days left, fewer than --cert-days 14)');
		// The chain's CA that runs out first is the one counted.
		const chained = await starttlsServer(certs.shortIntermediate);
		const chain = await plugin(`127.0.0.1:${chained}`, '--cert-days', '7');
		expect(chain.code).toBe(1);
		expect(statusLine(chain.stdout)).toMatch(new RegExp(`, its intermediate CA 5 days left \\| .* cert_days_${chained}=5;7:;0:;$`));
	});

	test('two ports with certificates close to their end: the first named with its subject, then ", and 1 more," (not two brackets in a row)', async () => {
		const [first, second] = [await starttlsServer(certs.in5), await starttlsServer(certs.in5)];
		const {stdout} = await plugin('127.0.0.1', '--ports', `${first},${second}`);
		expect(verdictLine(stdout)).toMatch(new RegExp(`The certificate of 127\\.0\\.0\\.1:${first} \\(CN=[^)]+\\), and 1 more, expires \\S+ \\S+ UTC \\(5 days left`));
	});

	test('CRITICAL: a port that does not answer, even beside one that does, exit 2', async () => {
		const open = await starttlsServer(certs.in40);
		const closed = await closedPort();
		const {code, stdout} = await plugin('127.0.0.1', '--ports', `${open},${closed}`);
		expect(code).toBe(2);
		expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP CRITICAL - 127\\.0\\.0\\.1:${open} open in \\S+ s, 127\\.0\\.0\\.1:${closed} refused \\| time_${open}=`));
		expect(verdictLine(stdout)).toContain(`port ${closed} is refused`);
	});

	test('the status line says each status in the table\'s words ("TLS ok", "service refused"), not --json\'s codes', async () => {
		const tls = await startSmtpServer({name: 'mx.test', key: certs.in40.key, cert: certs.in40.cert, secure: true});
		cleanup(() => tls.close());
		const refusing = await startRawServer(async peer => peer.end('554 go away\r\n'));
		cleanup(() => refusing.close());
		const {stdout} = await plugin('127.0.0.1', '--ports', `${tls.port}/tls,${refusing.port}`);
		expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP CRITICAL - 127\\.0\\.0\\.1:${tls.port} TLS ok in \\S+ s, 127\\.0\\.0\\.1:${refusing.port} service refused in \\S+ s \\| `));
	});

	test('CRITICAL: an expired certificate, though its port answers', async () => {
		const port = await starttlsServer(certs.expired);
		const {code, stdout} = await plugin(`127.0.0.1:${port}`);
		expect(code).toBe(2);
		expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP CRITICAL - 127\\.0\\.0\\.1:${port} open in \\S+ s, certificate EXPIRED \\| .* cert_days_${port}=-3;14:;0:;$`));
		expect(verdictLine(stdout)).toContain('its certificate does not verify: certificate has expired');
	});

	test('a tarpit that greets after 3.5 s (the verdict calls 3 s or more deliberate): still OK, its time in the performance data, the delay named under it', async () => {
		const tarpit = await startRawServer(async peer => {
			await new Promise(resolve => setTimeout(resolve, 3500));
			await greetAndEhlo(peer, []);
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		});
		cleanup(() => tarpit.close());
		const {code, stdout} = await plugin(`127.0.0.1:${tarpit.port}`, '--timeout', '8');
		expect(code).toBe(0);
		expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP OK - 127\\.0\\.0\\.1:${tarpit.port} open in \\d+\\.\\d{3} s \\| time_${tarpit.port}=\\d+\\.\\d{3}s;;;0$`));
		expect(verdictLine(stdout)).toMatch(
			new RegExp(`127\\.0\\.0\\.1:${tarpit.port} took \\d+\\.\\d+ s to greet: a deliberate delay, as tarpits and greeting pauses \\(Postfix postscreen\\) make to catch clients that talk too early`),
		);
	});

	describe('--warn-after and --critical-after (-w, -c): the time to the banner', () => {
		/** A server that greets after 1.5 s: far above the thresholds below, so they are crossed however busy the machine. */
		async function slowServer(): Promise<number> {
			const slow = await startRawServer(async peer => {
				await new Promise(resolve => setTimeout(resolve, 1500));
				await greetAndEhlo(peer, []);
				if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
			});
			cleanup(() => slow.close());
			return slow.port;
		}

		test('over --warn-after: WARNING, the port and the threshold named in the status line, the threshold in the performance data, exit 1', async () => {
			const port = await slowServer();
			const {code, stdout} = await plugin(`127.0.0.1:${port}`, '--warn-after', '0.1');
			expect(code).toBe(1);
			expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP WARNING - 127\\.0\\.0\\.1:${port} open in \\d+\\.\\d{3} s, over --warn-after 0\\.1 s \\| time_${port}=\\d+\\.\\d{3}s;0\\.1;;0$`));
		});

		test('over --critical-after: CRITICAL, though --warn-after is crossed too; -w and -c are the same flags, as check_smtp names them', async () => {
			const port = await slowServer();
			const {code, stdout} = await plugin(`127.0.0.1:${port}`, '-w', '0.1', '-c', '0.2');
			expect(code).toBe(2);
			expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP CRITICAL - 127\\.0\\.0\\.1:${port} open in \\S+ s, over --critical-after 0\\.2 s \\| time_${port}=\\S+s;0\\.1;0\\.2;0$`));
		});

		test('bad values are UNKNOWN with what to give instead; without --nagios they are refused (exit 1), as check\'s own exit code does not judge time', async () => {
			const target = '127.0.0.1:25';
			const unknown = async (...args: string[]) => {
				const {code, stdout} = await runCli(['check', target, '--nagios', ...args]);
				expect(code).toBe(3);
				return stdout;
			};
			expect(await unknown('--warn-after', 'soon')).toBe('SMTP UNKNOWN - --warn-after must be a number of seconds above 0, not "soon"; seconds to the banner, as check_smtp\'s -w and -c: e.g. -w 3 -c 6\n');
			expect(await unknown('-c', '-1')).toMatch(/^SMTP UNKNOWN - -c must be a number of seconds above 0, not "-1";/);
			expect(await unknown('--critical-after', '0')).toMatch(/^SMTP UNKNOWN - --critical-after must be a number of seconds above 0, not "0";/);
			expect(await unknown('-w', '5', '-c', '2')).toMatch(/^SMTP UNKNOWN - -w 5 is more than -c 2: a slow banner would be CRITICAL before it is a WARNING;/);
			expect(await unknown('-w', '500')).toBe("SMTP UNKNOWN - -w 500 is not below the banner's wait (30 s without --timeout): no banner is waited for that long; give -w in seconds (not milliseconds) below it, or a longer --timeout\n");
			const plain = await runCli(['check', target, '--critical-after', '5']);
			expect(plain).toMatchObject({code: 1, stdout: ''});
			expect(plain.stderr).toContain('--critical-after sets the state of --nagios, which is not given');
		});
	});

	describe('a STARTTLS that send would stop at (exit 29)', () => {
		test('a certificate that does not verify is CRITICAL, named in the status line; --allow-unverified leaves it OK, the long output still saying it', async () => {
			const port = await starttlsServer((await testCerts()).selfSigned);
			const {code, stdout} = await plugin(`127.0.0.1:${port}`);
			expect(code).toBe(2);
			expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP CRITICAL - 127\\.0\\.0\\.1:${port} open in \\S+ s, certificate NOT verified \\| `));
			expect(verdictLine(stdout)).toContain('offers STARTTLS, but its certificate does not verify');
			const allowed = await plugin(`127.0.0.1:${port}`, '--allow-unverified');
			expect(allowed.code).toBe(0);
			expect(statusLine(allowed.stdout)).toMatch(new RegExp(`^SMTP OK - 127\\.0\\.0\\.1:${port} open in \\S+ s, certificate NOT verified \\| `));
			expect(verdictLine(allowed.stdout)).toContain('offers STARTTLS, but its certificate does not verify');
		});

		test('--allow-unverified does not hide an expired certificate, nor a handshake that fails', async () => {
			const expired = await starttlsServer(certs.expired);
			expect((await plugin(`127.0.0.1:${expired}`, '--allow-unverified')).code).toBe(2);
			const broken = await startRawServer(async peer => {
				await greetAndEhlo(peer, ['STARTTLS']);
				await peer.readLine();
				peer.write('220 go ahead\r\n');
				peer.end('this is no TLS handshake\r\n');
			});
			cleanup(() => broken.close());
			const {code, stdout} = await plugin(`127.0.0.1:${broken.port}`, '--allow-unverified');
			expect(code).toBe(2);
			expect(statusLine(stdout)).toMatch(new RegExp(`^SMTP CRITICAL - 127\\.0\\.0\\.1:${broken.port} open in \\S+ s, STARTTLS failed \\| `));
		});

		test('check without --nagios still exits 0 for it: it asks whether a port answers (--allow-unverified is refused there)', async () => {
			const port = await starttlsServer((await testCerts()).selfSigned);
			expect((await runCli(['check', `127.0.0.1:${port}`, '--timeout', '3'])).code).toBe(0);
			const refused = await runCli(['check', `127.0.0.1:${port}`, '--allow-unverified']);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toContain('--allow-unverified sets the state of --nagios, which is not given');
		});
	});

	test('UNKNOWN: a mistake in the flags is the plugin\'s UNKNOWN on stdout, exit 3, never read as WARNING', async () => {
		const typo = await runCli(['check', '127.0.0.1:25', '--nagios', '--cert-days', 'soon']);
		expect(typo).toMatchObject({code: 3, stderr: ''});
		expect(typo.stdout).toBe('SMTP UNKNOWN - --cert-days must be a whole number from 0 to 3650, not "soon"; e.g. --cert-days 21 warns about a certificate with fewer than 21 days left; --cert-days 0 never does\n');
		const both = await runCli(['check', '127.0.0.1:25', '--nagios', '--json']);
		expect(both.code).toBe(3);
		expect(both.stdout).toMatch(/^SMTP UNKNOWN - --json and --nagios are two outputs: give one of them/);
	});
});
