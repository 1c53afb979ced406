// The bare `smtp-tui` takes send's --dkim-* flags, parsed by the same code: each mistake is refused before the terminal
// is needed (exit 1, with what to do); flags that are right get as far as the terminal check.
import {generateKeyPairSync} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dash-dkim-'));
const keyFile = path.join(dir, 'dkim.pem');
writeFileSync(keyFile, generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'pem', type: 'pkcs8'}), {mode: 0o600});
const publicFile = path.join(dir, 'public.pem');
writeFileSync(publicFile, generateKeyPairSync('ed25519').publicKey.export({format: 'pem', type: 'spki'}));
const encrypted = path.join(dir, 'encrypted.pem');
writeFileSync(encrypted, generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret'}), {mode: 0o600});

const env = {SMTP_TUI_STATE_DIR: dir, SMTP_TUI_CONFIG_DIR: dir};

describe('smtp-tui --dkim-*', () => {
	it.each([
		[['--dkim-selector', 's1'], '--dkim-selector given without --dkim-key', 'add --dkim-key FILE'],
		[['--no-dkim-check'], '--no-dkim-check given without --dkim-key', 'leave it out'],
		[['--dkim-key', keyFile], '--dkim-key given without --dkim-selector', 'add --dkim-selector SEL'],
		[['--dkim-key', path.join(dir, 'nope.pem'), '--dkim-selector', 's1'], '--dkim-key: cannot read', 'no such file'],
		[['--dkim-key', publicFile, '--dkim-selector', 's1'], 'holds a public key (the one for DNS)', 'openssl genpkey'],
		[['--dkim-key', encrypted, '--dkim-selector', 's1'], 'is encrypted, and SMTP_DKIM_PASSPHRASE is not set', 'set SMTP_DKIM_PASSPHRASE'],
		[['--dkim-key', keyFile, '--dkim-selector', 's1._domainkey.example.com'], 'is the whole DNS name; give the selector alone', '--dkim-selector s1 --dkim-domain example.com'],
		[['--dkim-key', keyFile, '--dkim-selector', 's1', '--dkim-domain', 'ann@example.com'], 'is an address; give the domain alone', '--dkim-domain example.com'],
		[['--dkim-key', keyFile, '--dkim-selector', 's1', '--record', keyFile], '--record', keyFile],
	])('%j is refused before the terminal is needed', async (args, said, hint) => {
		const result = await runCli(args, {env});
		expect(result.code, result.stderr).toBe(1);
		expect(result.stderr).toContain(said);
		expect(result.stderr).toContain(hint);
		expect(result.stderr).not.toContain('needs a terminal');
		expect(result.stderr).not.toContain('unknown flag');
	});

	it('a good key and selector (and the passphrase of an encrypted key) get as far as the terminal check', async () => {
		for (const [args, extra] of [
			[['--dkim-key', keyFile, '--dkim-selector', 's1', '--dkim-domain', 'example.com', '--no-dkim-check'], {}],
			[['--dkim-key', encrypted, '--dkim-selector', 's1'], {SMTP_DKIM_PASSPHRASE: 'secret'}],
		] as const) {
			const result = await runCli([...args], {env: {...env, ...extra}});
			expect(result.code, result.stderr).toBe(1);
			expect(result.stderr).toContain('the dashboard needs a terminal');
		}
	});
});
