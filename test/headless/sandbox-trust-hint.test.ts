// `send` refused by this machine's own sandbox's certificate names the file to trust, which it knows.
import {statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {sandboxTrustHint} from '../../source/headless/sandbox-trust-hint.js';
import {claimCertificate} from '../../source/sandbox/certificate.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('sandbox-trust-hint');
const refused = (fingerprint256: string) => ({subject: 'CN=smtp-tui.localhost', issuer: 'CN=smtp-tui.localhost', validTo: 'Mar 9 12:48:19 2029 GMT', fingerprint256});

describe('the hint for a refused certificate that is the sandbox\'s own', () => {
	it('names the sandbox\'s certificate file when the fingerprints match, and nothing otherwise', async () => {
		const dir = await tempDir();
		const claim = await claimCertificate(dir, ['localhost', '127.0.0.1']);
		await claim.keep();
		const {fingerprint256} = claim.certificate;
		expect(sandboxTrustHint(refused(fingerprint256), dir)).toBe(`; it is the certificate of smtp-tui's own sandbox on this machine: trust it with --ca ${path.join(dir, 'certificate.pem')}`);
		const another = `${fingerprint256.startsWith('00') ? 'FF' : '00'}${fingerprint256.slice(2)}`;
		expect(sandboxTrustHint(refused(another), dir)).toBe('');
		// No sandbox has run here: no file to name.
		expect(sandboxTrustHint(refused(fingerprint256), await tempDir())).toBe('');
		expect(sandboxTrustHint(undefined, dir)).toBe('');
	});

	it('once the kept certificate was made again (a new --listen address): says the new one is new, and the earlier one replaced', async () => {
		const dir = await tempDir();
		const first = await claimCertificate(dir, ['localhost', '127.0.0.1']);
		await first.keep();
		// `serve --listen 192.0.2.7` while the first sandbox still runs: the kept file now holds a new certificate.
		const wider = await claimCertificate(dir, ['localhost', '127.0.0.1', '192.0.2.7']);
		await wider.keep();
		expect(wider.certificate.replaced).toBe(first.certificate.fingerprint256);
		const file = path.join(dir, 'certificate.pem');
		// The day the earlier one was set aside, as the file beside it says.
		const today = statSync(path.join(dir, 'previous-certificate.pem')).mtime.toISOString().slice(0, 10);
		// The new sandbox, refused by a client holding a copy of the earlier file.
		expect(sandboxTrustHint(refused(wider.certificate.fingerprint256), dir)).toBe(
			`; it is the new certificate of smtp-tui's own sandbox on this machine, made again on ${today} in place of an earlier one: a --ca file or copy holding the earlier one no longer works; trust this one with --ca ${file}`,
		);
		// The sandbox started before, refused by a client trusting the file as it is now.
		expect(sandboxTrustHint(refused(first.certificate.fingerprint256), dir)).toBe(
			`; it is the earlier certificate of smtp-tui's own sandbox on this machine, replaced in ${file} on ${today} by a new one: this sandbox was started before that and still serves the earlier one; restart it, and --ca ${file} trusts it`,
		);
	});
});
