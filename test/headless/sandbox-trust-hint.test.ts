// `send` refused by this machine's own sandbox's certificate names the file to trust, which it knows.
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
});
