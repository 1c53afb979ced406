// `serve`'s log for a client that cannot do TLS with the sandbox: the reason in words, and no guess under it that
// contradicts it. A real sandbox on loopback and a TLS 1.0 client.
import {spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {describe, expect, it} from 'vitest';
import {describeEvent, ServeOutput} from '../../source/headless/serve-output.js';
import {startSandbox} from '../../source/sandbox/server.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';
import {sslv3AlertCode} from '../helpers/openssl.js';
import {serveLogLines} from '../helpers/serve-log.js';
import {captureIO} from '../sandbox/helpers/capture-io.js';

const start = sandboxPerTest();

/** A plain connection that has said EHLO and got STARTTLS's 220: the next bytes are the client's ClientHello. */
async function readyForTls(port: number): Promise<net.Socket> {
	const socket = net.connect(port, '127.0.0.1');
	let text = '';
	const until = (pattern: RegExp) =>
		new Promise<void>(resolve => {
			const check = () => {
				if (!pattern.test(text)) return;
				socket.off('data', read);
				resolve();
			};
			const read = (bytes: Buffer) => {
				text += bytes.toString();
				check();
			};
			socket.on('data', read);
			check();
		});
	await until(/^220 .*\r\n/m);
	socket.write('EHLO old.example\r\n');
	await until(/^250 .*\r\n/m);
	text = '';
	socket.write('STARTTLS\r\n');
	await until(/^220 .*\r\n/m);
	return socket;
}

const logLines = serveLogLines;

describe('serve log: a STARTTLS handshake that fails', () => {
	it('a TLS 1.0 client: the reason in words, then a plain disconnect without the certificate guess', async () => {
		const sandbox = await start();
		const socket = await readyForTls(sandbox.port);
		const old = tls.connect({socket, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false});
		await new Promise(resolve => old.on('error', () => undefined).on('close', resolve));
		await sandbox.event('disconnect');
		const lines = logLines(sandbox.events.filter(event => event.type === 'error' || event.type === 'disconnect'));
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^#1 STARTTLS handshake failed: no (TLS version|signature algorithm) in common: .*TLS 1\.0 or 1\.1.* \(ERR_SSL_[A-Z_]+\)$/);
		expect(lines[1]).toBe('#1 disconnect after the failed TLS handshake');
	});

	// OpenSSL's client (Debian's openssl, which .ci/run installs when it is missing): Node's sends no alert for a name.
	it('a client that trusts the CA but connected by an address the certificate does not cover: both causes, not only the CA', async () => {
		const sandbox = await start();
		// OpenSSL (as Python's ssl) answers a name mismatch with the same "bad certificate" alert as an untrusted CA.
		const client = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${sandbox.port}`, '-starttls', 'smtp', '-CAfile', sandbox.certificate.path, '-verify_ip', '192.0.2.2', '-verify_return_error'], {stdio: ['pipe', 'ignore', 'ignore']});
		client.stdin.end();
		await sandbox.event('disconnect');
		client.kill();
		const line = logLines(sandbox.events.filter(event => event.type === 'error'))[0];
		expect(line).toBe(
			`#1 STARTTLS handshake failed: the client rejected the certificate: either it does not trust the CA that issued it (give the client certificate.pem as its CA file), or it connected by a name or address the certificate does not cover (--hostname NAME adds one) (${sslv3AlertCode('BAD_CERTIFICATE')})`,
		);
	});

	it('words for the codes an old client causes, the code kept in brackets', () => {
		const error = (code: string): SandboxEvent => ({type: 'error', session: 6, time: Date.now(), remote: '127.0.0.1:1', message: 'raw OpenSSL line', code});
		expect(describeEvent(error('ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM'))).toBe(
			'STARTTLS handshake failed: no signature algorithm in common: the client offers only weak ones (SHA-1, MD5), as clients that know only TLS 1.0 or 1.1 do (ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM)',
		);
		expect(describeEvent(error('ERR_SSL_UNSUPPORTED_PROTOCOL'))).toBe(
			'STARTTLS handshake failed: no TLS version in common: the client offers only older versions than the server allows (TLS 1.0 or 1.1?) (ERR_SSL_UNSUPPORTED_PROTOCOL)',
		);
		// One not known keeps the general words.
		expect(describeEvent(error('ERR_SSL_SOMETHING_ELSE'))).toBe('STARTTLS handshake failed: the client and the server did not agree (ERR_SSL_SOMETHING_ELSE)');
	});

	it('a client that leaves during the handshake with no failure logged still gets the guess, once per session', () => {
		const at = {time: Date.now(), remote: '127.0.0.1:1'};
		const lines = logLines([
			{type: 'error', session: 1, ...at, message: 'x', code: 'ERR_SSL_NO_SHARED_CIPHER'},
			{type: 'disconnect', session: 1, ...at, duringTls: true},
			{type: 'disconnect', session: 2, ...at, duringTls: true},
		]);
		expect(lines.slice(1)).toEqual(['#1 disconnect after the failed TLS handshake', '#2 disconnect during the TLS handshake (the client may not trust the certificate: give the client certificate.pem as its CA file, or start serve with --no-starttls)']);
	});
});

describe('serve log: a certificate for this run only', () => {
	it('a client that does not trust it is not told to trust a certificate.pem that does not hold it', async () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-serve-tls-')), 'state');
		writeFileSync(file, '');
		const sandbox = await startSandbox({port: 0, certificateDir: path.join(file, 'sandbox')});
		try {
			const {io, out} = captureIO();
			const output = new ServeOutput(io, false);
			output.ready(sandbox, false);
			const refusal = {session: 1, time: Date.now(), remote: '127.0.0.1:1', type: 'error', message: 'tlsv1 alert unknown ca', code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'} as const;
			output.event(refusal);
			output.flush();
			const line = out().split('\n').find(text => text.includes('rejected the certificate'));
			expect(line).toContain("this run's certificate is in no file a client could trust: make the data folder writable and start again");
			expect(line).not.toContain('certificate.pem');
			// A kept certificate still gets the file to give the client.
			expect(describeEvent(refusal)).toContain('give the client certificate.pem as its CA file');
		} finally {
			await sandbox.close();
		}
	});
});
