// The sandbox's private key is written to a temporary file no one can name in advance: a state folder another user
// can write (SMTP_TUI_STATE_DIR on a shared disk) with a link planted under the name it used to have gets nothing.
import {lstatSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadOrCreateCertificate} from '../../source/sandbox/certificate.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('cert-files');

describe.runIf(process.platform !== 'win32')("the sandbox's key file", () => {
	it('is written through no file or link planted under its temporary name, and kept 0600', async () => {
		const dir = await tempDir();
		const yours = path.join(await tempDir(), 'yours');
		writeFileSync(yours, 'untouched');
		symlinkSync(yours, path.join(dir, `private-key.pem.${process.pid}.tmp`));
		const certificate = await loadOrCreateCertificate(dir, ['localhost', '127.0.0.1', '::1', 'smtp-tui.localhost']);
		expect(certificate.notKept).toBeUndefined();
		expect(readFileSync(yours, 'utf8')).toBe('untouched');
		const key = lstatSync(path.join(dir, 'private-key.pem'));
		expect([key.isFile(), key.mode & 0o777]).toEqual([true, 0o600]);
		expect(readFileSync(path.join(dir, 'private-key.pem'), 'utf8')).toBe(certificate.key);
	});
});
