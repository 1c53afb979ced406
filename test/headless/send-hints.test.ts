// `send`'s failure lines against real loopback servers, run in-process: what it says when the port speaks TLS
// from the first byte, when a certificate does not verify, and when DNS is down for --mx.
import {X509Certificate} from 'node:crypto';
import dgram from 'node:dgram';
import dns from 'node:dns';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {linesOf, scriptedServer, tlsGreeter} from '../transport/probe-servers.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});
const cleanup = cleanupAfterEach();

/** Runs `send` in-process; stdout and stderr are collected as one text. */
const send = (flags: Record<string, unknown>) => runInProcess(runSend, {from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});

const lastLine = (out: string) => out.trimEnd().split('\n').at(-1);
const TRY_TLS = '; the port speaks TLS from the first byte (465 usually does): try --tls';
// Not a byte at all: a TLS port, or a tarpit that delays its greeting on purpose.
const TLS_OR_TARPIT =
	"; the port may speak TLS from the first byte (465 usually does): try --tls; or the server delays its greeting on purpose (a tarpit, as Postfix's \"sleep\" restriction does): try a longer --timeout";

describe('send against a port that speaks TLS from the first byte, without --tls', () => {
	it('no greeting within the timeout: exit 21 as before, and the summary suggests --tls', async () => {
		const port = await tlsGreeter(cleanup, certs.server);
		const {code, out} = await send({host: '127.0.0.1', port: String(port), timeout: '0.5'});
		expect(code).toBe(21);
		expect(lastLine(out)).toBe(`*** failed (banner): no answer within 0.5 s while waiting for the greeting${TLS_OR_TARPIT}`);
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

describe('send with a certificate that does not verify', () => {
	it('describes the refused certificate (subject, issuer, expiry) in the transcript, and sends nothing inside TLS', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 go ahead\r\n');
			await peer.startTls(certs.selfSigned).catch(() => {});
			await peer.closed();
		});
		const {code, out} = await send({host: 'localhost', port: String(server.port)});
		expect(code).toBe(29);
		const validTo = new X509Certificate(certs.selfSigned.cert).validTo.replace(/ {2,}/g, ' ');
		expect(out).toContain(
			'*** certificate verification failed for localhost: self-signed certificate (use --ca FILE to trust it, or --insecure to skip verification); ' +
				`certificate: CN=localhost, self-signed, valid until ${validTo}; SHA-256 ${new X509Certificate(certs.selfSigned.cert).fingerprint256}\n`,
		);
		// Still a failure: not one byte of SMTP after the handshake (EHLO and STARTTLS went in clear before it).
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
