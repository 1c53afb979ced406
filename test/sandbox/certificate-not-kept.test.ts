// A data folder where the certificate cannot be kept (read-only mount, no home, a file in the way): the sandbox
// still starts, with a certificate for this run only, and says why it was not kept.
import {X509Certificate, createPrivateKey} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import {describe, expect, it} from 'vitest';
import {claimCertificate, loadOrCreateCertificate, type SandboxCertificate} from '../../source/sandbox/certificate.js';
import {serve} from '../../source/headless/serve.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {waitFor} from './helpers/wait.js';
import {captureIO} from './helpers/capture-io.js';

const tempDir = useTempDirs('cert-not-kept');
const names = ['localhost', '127.0.0.1', '::1', 'smtp-tui.localhost'];

/** A regular file: a folder below it can be made by nobody, root included. */
async function aFile(): Promise<string> {
	const file = path.join(await tempDir(), 'data');
	writeFileSync(file, 'not a folder');
	return file;
}

/** The certificate works: its key matches and it covers the names. */
function expectUsable(certificate: SandboxCertificate) {
	const x509 = new X509Certificate(certificate.pem);
	expect(x509.fingerprint256).toBe(certificate.fingerprint256);
	expect(x509.checkPrivateKey(createPrivateKey(certificate.key))).toBe(true);
	for (const name of ['localhost', 'smtp-tui.localhost']) expect(x509.checkHost(name)).toBe(name);
	expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
}

describe('a certificate that cannot be kept', () => {
	it('the data folder is a file (ENOTDIR): made in memory, and notKept says why', async () => {
		const file = await aFile();
		const certificate = await loadOrCreateCertificate(file, names);
		expectUsable(certificate);
		expect(certificate.notKept).toMatch(/^ENOTDIR: .*data/);
		expect(certificate.replaced).toBeUndefined();
		expect(readFileSync(file, 'utf8')).toBe('not a folder');
	});

	it('a folder below a file (read-only for root too): made in memory, a new fingerprint each time', async () => {
		const dir = path.join(await aFile(), 'smtp-tui', 'sandbox');
		const first = await loadOrCreateCertificate(dir, names);
		const second = await loadOrCreateCertificate(dir, names);
		expectUsable(first);
		expect(first.notKept).toMatch(/^ENOTDIR: /);
		expect(second.notKept).toMatch(/^ENOTDIR: /);
		expect(second.fingerprint256).not.toBe(first.fingerprint256);
	});

	it('storing it fails (the key file is a folder): the lock and temporary files go, and notKept says why', async () => {
		const dir = await tempDir();
		mkdirSync(path.join(dir, 'private-key.pem'));
		const claim = await claimCertificate(dir, names);
		expect(claim.certificate.notKept).toBeUndefined();
		await claim.keep();
		expectUsable(claim.certificate);
		expect(claim.certificate.notKept).toMatch(/private-key\.pem/);
		expect(readdirSync(dir).sort()).toEqual(['private-key.pem']);
		expect(existsSync(path.join(dir, 'certificate.pem'))).toBe(false);
	});

	it('the sandbox starts with it, serves TLS with it, and tells the caller it was not kept', async () => {
		const sandbox = await startSandbox({port: 0, tlsPort: 0, certificateDir: await aFile()});
		const certificate = sandbox.certificate!;
		try {
			expect(certificate.notKept).toMatch(/^ENOTDIR: /);
			expect(certificate).not.toHaveProperty('key');
			const port = sandbox.listeners.find(listener => listener.kind === 'smtps')!.port;
			// Trusting exactly this certificate, as the dashboard does.
			const seen = await new Promise<{authorized: boolean; fingerprint?: string; greeting: string}>((resolve, reject) => {
				const socket = tls.connect({port, host: '127.0.0.1', servername: 'localhost', ca: certificate.pem});
				socket.once('data', data => {
					resolve({authorized: socket.authorized, fingerprint: socket.getPeerX509Certificate()?.fingerprint256, greeting: String(data)});
					socket.destroy();
				});
				socket.once('error', reject);
			});
			expect(seen).toMatchObject({authorized: true, fingerprint: certificate.fingerprint256, greeting: expect.stringMatching(/^220 /)});
		} finally {
			await sandbox.close();
		}
	});

	it('serve starts too, instead of exiting 1', async () => {
		const {io, out, err} = captureIO();
		const options = parseServeFlags({port: '0'}, []);
		options.settings.certificateDir = await aFile();
		let stop!: () => void;
		const exit = serve(options, io, new Promise<void>(resolve => (stop = resolve)));
		await waitFor(() => /listening on /.test(out()) || undefined, 'serve to start');
		stop();
		expect(await exit).toBe(0);
		// Said once, with why: no file holds the certificate for clients to trust.
		expect(err()).toMatch(/^warning: the certificate could not be kept \(ENOTDIR[^\n]*\n$/);
		expect(out()).toMatch(/^listening on 127\.0\.0\.1:\d+ /);
		expect(out()).toMatch(/certificate SHA-256 [0-9A-F:]+ \(for this run only\)/);
	});

	it('a writable folder afterwards keeps one and reuses it, as before', async () => {
		const unkept = await loadOrCreateCertificate(await aFile(), names);
		const dir = path.join(await tempDir(), 'sandbox');
		const first = await startSandbox({port: 0, certificateDir: dir});
		await first.close();
		const kept = first.certificate!;
		expect(kept.notKept).toBeUndefined();
		expect(kept.fingerprint256).not.toBe(unkept.fingerprint256);
		expect(new X509Certificate(readFileSync(kept.path, 'utf8')).fingerprint256).toBe(kept.fingerprint256);
		const second = await startSandbox({port: 0, certificateDir: dir});
		await second.close();
		expect(second.certificate).toMatchObject({fingerprint256: kept.fingerprint256, path: kept.path});
		expect(second.certificate!.notKept).toBeUndefined();
	});

	it('a corrupt kept certificate in a writable folder is still made again and kept, not left unkept', async () => {
		const dir = await tempDir();
		const first = await loadOrCreateCertificate(dir, names);
		writeFileSync(path.join(dir, 'certificate.pem'), 'garbage');
		const again = await loadOrCreateCertificate(dir, names);
		expect(again.notKept).toBeUndefined();
		expect(again.fingerprint256).not.toBe(first.fingerprint256);
		expect(readFileSync(path.join(dir, 'certificate.pem'), 'utf8')).toBe(again.pem);
		expect((await loadOrCreateCertificate(dir, names)).fingerprint256).toBe(again.fingerprint256);
	});
});
