// A workshop's certificate: made for `serve --hostname lab.example.org`, it covers the default name too, so a plain
// `serve` or `inbox` later on the same account keeps the fingerprint handed to the class; one made before (without
// that name) is still made again. And a student across the room is pointed to the certificate's own name, not to
// "--host localhost", which would reach the student's machine.
import {X509Certificate} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {generate} from 'selfsigned';
import {describe, expect, it} from 'vitest';
import {startSandbox} from '../../source/sandbox/server.js';
import {listedHostName} from '../../source/transport/tls-info.js';

/** The sandbox started in a real state folder and stopped again: its certificate. */
async function certificateOf(certificateDir: string, settings: {hostname?: string} = {}) {
	const sandbox = await startSandbox({port: 0, certificateDir, ...settings});
	await sandbox.close();
	return sandbox.certificate!;
}

describe("the sandbox's kept certificate and its names", () => {
	it('made for --hostname, it covers the default name: a plain run afterwards keeps its fingerprint, and back again', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-names-'));
		const workshop = await certificateOf(dir, {hostname: 'lab.example.org'});
		expect(new X509Certificate(workshop.pem).subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:lab.example.org, DNS:smtp-tui.localhost');
		const plain = await certificateOf(dir);
		expect(plain.fingerprint256).toBe(workshop.fingerprint256);
		expect(plain.replacedBecause).toBeUndefined();
		expect((await certificateOf(dir, {hostname: 'lab.example.org'})).fingerprint256).toBe(workshop.fingerprint256);
	});

	it('one made without the default name (by an earlier version) is still made again for a plain run', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-names-'));
		const old = await generate([{name: 'commonName', value: 'localhost'}], {
			keyType: 'ec',
			algorithm: 'sha256',
			extensions: [{name: 'subjectAltName', altNames: [{type: 2, value: 'localhost'}, {type: 7, ip: '127.0.0.1'}, {type: 7, ip: '::1'}, {type: 2, value: 'lab.example.org'}]}],
		});
		writeFileSync(path.join(dir, 'certificate.pem'), old.cert);
		writeFileSync(path.join(dir, 'private-key.pem'), old.private, {mode: 0o600});
		expect((await certificateOf(dir, {hostname: 'lab.example.org'})).fingerprint256).toBe(new X509Certificate(old.cert).fingerprint256);
		const plain = await certificateOf(dir);
		expect(plain.replacedBecause).toBe('it did not cover smtp-tui.localhost');
	});

	it('points a client that connected to a remote address to a name that is not loopback', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-names-'));
		const {pem} = await certificateOf(dir, {hostname: 'lab.example.org'});
		// As the handshake's peer certificate gives it.
		const peer = {subjectaltname: new X509Certificate(pem).subjectAltName!} as Parameters<typeof listedHostName>[0];
		expect(listedHostName(peer, '10.77.34.1')).toBe('lab.example.org');
		expect(listedHostName(peer, 'mail.example.org')).toBe('lab.example.org');
		// On the machine itself (or through an SSH tunnel), localhost is the name to use.
		expect(listedHostName(peer, '127.0.0.1')).toBe('localhost');
		expect(listedHostName(peer, 'localhost')).toBe('localhost');
		// Only loopback names listed: none reaches a server elsewhere, so none is offered.
		const loopbackOnly = {subjectaltname: 'DNS:localhost, IP Address:127.0.0.1, DNS:smtp-tui.localhost'} as Parameters<typeof listedHostName>[0];
		expect(listedHostName(loopbackOnly, '10.77.34.1')).toBeUndefined();
		expect(listedHostName(loopbackOnly, 'localhost')).toBe('localhost');
	});
});
