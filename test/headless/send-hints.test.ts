// `send`'s failure lines against real loopback servers, run in-process: what it says when the port speaks TLS
// from the first byte, when a certificate does not verify, and when DNS is down for --mx.
import {X509Certificate} from 'node:crypto';
import dgram from 'node:dgram';
import dns from 'node:dns';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {generate} from 'selfsigned';
import {beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {linesOf, scriptedServer, tlsGreeter} from '../transport/probe-servers.js';
import {TRY_PROXY} from '../../source/headless/proxy-hints.js';
import {certificateDate} from '../../source/transport/tls-info.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});
const cleanup = cleanupAfterEach();

/** Runs `send` in-process; stdout and stderr are collected as one text. */
const send = (flags: Record<string, unknown>) => runInProcess(runSend, {from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});

const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);
/** What a failed STARTTLS that no flag asked for adds: swaks starts no TLS unless told to. */
const WITHOUT_TLS = '; --no-starttls would send without TLS instead, as swaks does by default';
const TRY_TLS = '; the port speaks TLS from the first byte (465 usually does): try --tls';
// Not a byte at all: a TLS port, or a tarpit that delays its greeting on purpose.
const TLS_OR_TARPIT =
	"; the port may speak TLS from the first byte (465 usually does): try --tls; or the server delays its greeting on purpose (a tarpit, as Postfix's \"sleep\" restriction does): try a longer --timeout";

describe('send against a port that speaks TLS from the first byte, without --tls', () => {
	it('no greeting within the timeout: exit 21 as before, and the summary suggests --tls', async () => {
		const port = await tlsGreeter(cleanup, certs.server);
		const {code, out} = await send({host: '127.0.0.1', port: String(port), timeout: '0.5'});
		expect(code).toBe(21);
		// Silence is also what a port behind a load balancer gives a client without a PROXY header.
		expect(lastLine(out)).toBe(`*** failed (banner): no answer within 0.5 s while waiting for the greeting${TLS_OR_TARPIT}${TRY_PROXY}`);
	});

	it('a TLS record instead of a greeting: the exit code of a closed connection, and the same hint', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			// A TLS alert (fatal, handshake failure), as a TLS server may send to a client that says nothing.
			peer.write(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
			peer.end();
		});
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port), timeout: '2'});
		expect(code).toBe(6);
		expect(lastLine(out)).toBe(`*** failed (closed): the connection closed while waiting for the greeting${TRY_TLS}`);
	});

	it('no hint where TLS is not the likely cause: part of a plain greeting, then silence; or --tls was given', async () => {
		const stalled = await scriptedServer(cleanup, async peer => peer.write('220-mail.test slow\r\n'));
		const plain = await send({host: '127.0.0.1', port: String(stalled.port), timeout: '0.5'});
		expect(plain.code).toBe(21);
		expect(plain.out).not.toContain('try --tls');
		const silent = await scriptedServer(cleanup, async () => {});
		const withTls = await send({host: '127.0.0.1', port: String(silent.port), tls: true, timeout: '0.5'});
		expect(withTls.code).toBe(29);
		expect(withTls.out).not.toContain('try --tls');
	});
});

/** A Postfix that answers the commands after the greeting with these replies, in order, then QUIT with 221. */
const postfix = (replies: string[]) =>
	scriptedServer(cleanup, async peer => {
		peer.write('220 vm.test ESMTP Postfix (Debian/GNU)\r\n');
		for (const next of replies) {
			await peer.readLine();
			peer.write(`${next}\r\n`);
		}
		if ((await peer.readLine()) === 'QUIT') peer.end('221 2.0.0 Bye\r\n');
	});

const EHLO_OK = '250-vm.test\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES';
const HELO_REJECTED = '554 5.7.1 <bad.helo.test>: Helo command rejected: Go away, bad HELO name';

describe('send against a Postfix that refuses the EHLO name', () => {
	it('at RCPT (smtpd_delay_reject=yes): explained and summed up as the EHLO name, not the recipient; exit 24 as before', async () => {
		const server = await postfix([EHLO_OK, '250 2.1.0 Ok', HELO_REJECTED]);
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port), helo: 'bad.helo.test', to: ['qauser@localhost']});
		expect(code).toBe(24);
		expect(out).toContain(
			`<** ${HELO_REJECTED}\n` +
				"    # 554: this refuses the EHLO/HELO name (given with --helo; by default the host name, or this end's address literal where it has no dot), though it comes at RCPT: give a fully-qualified name the server accepts with --helo, or in the EHLO name field; 5.7.1 permanent failure, security or policy: delivery not authorised, message refused\n",
		);
		expect(lastLine(out)).toBe(`*** failed (rcpt): the EHLO name bad.helo.test was refused, at RCPT (Postfix checks it only then): qauser@localhost (${HELO_REJECTED}); DATA is not sent`);
		expect(out).not.toContain('no recipient was accepted');
	});

	it('at EHLO itself (smtpd_delay_reject=no): 554 read as refusing this client or its name, not a failed transaction; exit 22', async () => {
		const server = await postfix([HELO_REJECTED]);
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port), helo: 'bad.helo.test'});
		expect(code).toBe(22);
		expect(out).toContain(
			`<** ${HELO_REJECTED}\n` +
				"    # 554: this refuses the EHLO/HELO name (given with --helo; by default the host name, or this end's address literal where it has no dot): give a fully-qualified name the server accepts with --helo, or in the EHLO name field; 5.7.1 permanent failure, security or policy: delivery not authorised, message refused\n",
		);
		expect(out).not.toMatch(/transaction failed|no valid recipients/);
	});

	it('a sender without a full domain (504 5.5.2 need fully-qualified address) gets a hint for --from', async () => {
		const server = await postfix([EHLO_OK, '504 5.5.2 <me@localhost2>: Sender address rejected: need fully-qualified address']);
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port), from: 'me@localhost2'});
		expect(code).toBe(23);
		expect(out).toContain(
			'    # 504: the sender address needs a full domain (me@example.com, not me@localhost): give one with --from, or in the From field; 5.5.2 permanent failure, mail delivery protocol: syntax error\n',
		);
	});
});

/** A server that offers STARTTLS and then shows a self-signed certificate. */
const selfSignedStarttls = () =>
	scriptedServer(cleanup, async peer => {
		await greetAndEhlo(peer, ['STARTTLS']);
		await peer.readLine();
		peer.write('220 go ahead\r\n');
		await peer.startTls(certs.selfSigned).catch(() => {});
		await peer.closed();
	});

describe('send with a certificate that does not verify', () => {
	it('describes the refused certificate (subject, issuer, expiry) in the transcript, and sends nothing inside TLS', async () => {
		const server = await selfSignedStarttls();
		const {code, out} = await send({host: 'localhost', port: String(server.port)});
		expect(code).toBe(29);
		const validTo = certificateDate(new X509Certificate(certs.selfSigned.cert).validTo);
		expect(out).toContain(
			'*** certificate verification failed for localhost: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification); ' +
				`certificate: CN=localhost, self-signed, valid until ${validTo}; SHA-256 ${new X509Certificate(certs.selfSigned.cert).fingerprint256}\n`,
		);
		// Still a failure: not one byte of SMTP after the handshake (EHLO and STARTTLS went in clear before it).
		expect(linesOf(server.peers[0])).toEqual(['EHLO client.test', 'STARTTLS']);
	});

	it('the summary gives the reason without the certificate the error line above described; --quiet and --json keep it whole', async () => {
		const server = await selfSignedStarttls();
		const x509 = new X509Certificate(certs.selfSigned.cert);
		const reason = 'certificate verification failed for localhost: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification)';
		const whole = `${reason}; certificate: CN=localhost, self-signed, valid until ${certificateDate(x509.validTo)}; SHA-256 ${x509.fingerprint256}`;
		const folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-cert-'));
		cleanup(() => rmSync(folder, {recursive: true, force: true}));
		const transcript = path.join(folder, 'session.txt');
		const {code, out} = await send({host: 'localhost', port: String(server.port), transcript});
		expect(code).toBe(29);
		expect(out.trimEnd().split('\n').slice(-3)).toEqual([`*** ${whole}`, '=== connection closed', `*** failed (tls): ${reason}${WITHOUT_TLS}`]);
		expect(readFileSync(transcript, 'utf8').trimEnd().split('\n').slice(-4)).toEqual([`*** ${whole}`, '=== connection closed', `*** failed (tls): ${reason}${WITHOUT_TLS}`, '=== exit code 29']);
		// No error line above it: the one line says it all.
		const quiet = await send({host: 'localhost', port: String(server.port), quiet: true});
		expect(quiet).toEqual({code: 29, out: `failed (tls): ${whole}${WITHOUT_TLS}\n`});
		const json = await send({host: 'localhost', port: String(server.port), json: true});
		expect(json.code).toBe(29);
		expect(JSON.parse(json.out.trimEnd().split('\n').at(-1)!)).toMatchObject({exitCode: 29, stage: 'tls', message: `failed (tls): ${whole}${WITHOUT_TLS}`});
	});

	it('self-signed and for another name (a default Postfix reached by IP): the summary names both problems, then both fixes', async () => {
		// As Postfix's default certificate: self-signed, a CN and no other names.
		const own = await generate([{name: 'commonName', value: 'mail.other.test'}], {keyType: 'ec', algorithm: 'sha256', extensions: [{name: 'basicConstraints', cA: false}]});
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n');
			await peer.startTls({key: own.private, cert: own.cert}).catch(() => {});
			await peer.closed();
		});
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port)});
		expect(code).toBe(29);
		expect(lastLine(out)).toBe(
			'*** failed (tls): certificate verification failed for 127.0.0.1: self-signed certificate; also, the certificate is not valid for 127.0.0.1 (it names CN=mail.other.test) ' +
				`(use --ca FILE to trust it; also connect by a name the certificate lists (e.g. --host mail.other.test); or --insecure to skip verification)${WITHOUT_TLS}`,
		);
	});

	it('a server that closes the connection during the STARTTLS handshake: exit 29, a TLS failure', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n');
			peer.socket.destroy();
		});
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port), starttls: true});
		expect(code).toBe(29);
		expect(lastLine(out)).toMatch(/^\*\*\* failed \(tls\): /);
	});

	it('--no-starttls is offered only where STARTTLS was opportunistic, not asked for with --starttls', async () => {
		const server = await selfSignedStarttls();
		const {code, out} = await send({host: 'localhost', port: String(server.port), starttls: true});
		expect(code).toBe(29);
		expect(lastLine(out)).toMatch(/^\*\*\* failed \(tls\): certificate verification failed .*skip verification\)$/);
	});

	it('with --user, --no-starttls is not offered: the password would go unencrypted (or, AUTH only after STARTTLS, nowhere)', async () => {
		const server = await selfSignedStarttls();
		const {code, out} = await send({host: 'localhost', port: String(server.port), user: 'alice', password: 'secret'});
		expect(code).toBe(29);
		expect(lastLine(out)).toBe('*** failed (tls): certificate verification failed for localhost: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification)');
		// The password went nowhere: nothing was sent after the handshake.
		expect(linesOf(server.peers[0])).toEqual(['EHLO client.test', 'STARTTLS']);
	});

	it('--ca given but it is not the certificate\'s CA: says that CA does not vouch for it, instead of suggesting --ca', async () => {
		const port = await tlsGreeter(cleanup, certs.selfSigned);
		const caFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-ca-')), 'other.pem');
		writeFileSync(caFile, certs.ca);
		const {code, out} = await send({host: 'localhost', port: String(port), tls: true, ca: caFile});
		expect(code).toBe(29);
		expect(out).toContain('self-signed certificate (the CA given with --ca (CN=smtp-tui test CA) does not vouch for it: give --ca the CA that issued it, or use --insecure to skip verification)');
		expect(out).not.toContain('use --ca FILE');
	});
});

describe('send --mx with DNS down', () => {
	it('says the failed lookup once', async () => {
		// A DNS server address where nothing listens: every query is refused at once.
		const socket = dgram.createSocket('udp4');
		await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
		const {port} = socket.address();
		await new Promise<void>(resolve => socket.close(() => resolve()));
		const servers = dns.getServers();
		dns.setServers([`127.0.0.1:${port}`]);
		try {
			const {code, out} = await send({mx: true, to: ['a@gmail.com'], timeout: '2'});
			expect(code).toBe(2);
			expect(lastLine(out)).toBe('*** failed (connect): MX lookup for gmail.com failed: the DNS server did not answer (ECONNREFUSED)');
		} finally {
			dns.setServers(servers);
		}
	});
});

describe('send refused until TLS under --no-starttls', () => {
	it('a login refused until TLS (538) under --no-starttls, from a server that offers STARTTLS: drop --no-starttls', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['STARTTLS', 'AUTH PLAIN']);
			await peer.readLine();
			peer.write('538 5.7.11 Encryption required for requested authentication mechanism\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const {code, out} = await send({host: '127.0.0.1', port: String(server.port), starttls: false, user: 'demo', password: 'pw', allowPlaintextAuth: true});
		expect(code).toBe(28);
		expect(lastLine(out)).toBe('*** failed (auth): the server wants TLS (STARTTLS) before a login: 538 5.7.11 Encryption required for requested authentication mechanism; it offers STARTTLS: drop --no-starttls to use it');
	});
});

describe('send with SMTP_PASSWORD set but no --user, to a server that wants a login', () => {
	const startSandbox = sandboxPerTest();

	it('says the variable is read only with --user (a CI secret set, the flag forgotten)', async () => {
		const sandbox = await startSandbox({requireAuth: true});
		const flags = {host: '127.0.0.1', port: String(sandbox.port), starttls: false};
		const withSecret = await runInProcess(runSend, {from: 'me@example.test', to: ['a@example.test'], ...flags}, [], {env: {SMTP_PASSWORD: 'demo'}});
		expect(withSecret.code).toBe(23);
		expect(lastLine(withSecret.out)).toBe(
			'*** failed (mail): the server takes mail only after a login: 530 5.7.0 Authentication required; give a user and password (SMTP_PASSWORD is set, but it is read only with --user: add --user NAME)',
		);
		// Without the variable: the advice as before.
		const without = await runInProcess(runSend, {from: 'me@example.test', to: ['a@example.test'], ...flags});
		expect(lastLine(without.out)).toBe('*** failed (mail): the server takes mail only after a login: 530 5.7.0 Authentication required; give a user and password');
	});
});
