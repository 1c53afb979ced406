// send's --dkim-* flags and the key file, refused before connecting with what to do: a missing or empty file, a
// public key, a certificate, a DNS record, an OpenSSH key, an encrypted key without (or with the wrong) passphrase,
// an EC key, a key too small; a selector without a key and the other way round, names that are not DNS names.
import {generateKeyPairSync} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseDkimFlags} from '../../source/headless/dkim-flags.js';
import {readDkimKey} from '../../source/headless/dkim-key-file.js';
import {privateFileWarnings} from '../../source/headless/private-file.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {refusal} from '../helpers/usage-refusal.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dkim-flags-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const file = (name: string, text: string, mode = 0o600) => {
	const target = path.join(dir, name);
	writeFileSync(target, text, {mode});
	return target;
};
const rsa = generateKeyPairSync('rsa', {modulusLength: 2048});
const keyPem = rsa.privateKey.export({format: 'pem', type: 'pkcs8'}) as string;
const keyFile = file('key.pem', keyPem);

describe('the key file', () => {
	it('reads PKCS#8 and PKCS#1 RSA keys and Ed25519 keys, with their size', () => {
		expect(readDkimKey(keyFile, {}).key).toMatchObject({algorithm: 'rsa-sha256', bits: 2048});
		const pkcs1 = file('pkcs1.pem', rsa.privateKey.export({format: 'pem', type: 'pkcs1'}) as string);
		expect(readDkimKey(pkcs1, {}).key).toMatchObject({algorithm: 'rsa-sha256', bits: 2048});
		const ed = file('ed.pem', generateKeyPairSync('ed25519').privateKey.export({format: 'pem', type: 'pkcs8'}) as string);
		expect(readDkimKey(ed, {}).key).toMatchObject({algorithm: 'ed25519-sha256'});
	});

	it('reads a key as a text editor or a copy leaves it: a UTF-8 BOM (Notepad), lines indented, words around it', () => {
		for (const text of [`\uFEFF${keyPem}`, keyPem.replace(/^/gm, '    '), `the DKIM key for example.com:\n\n${keyPem}\n(rotate in June)\n`]) {
			expect(readDkimKey(file('pasted.pem', text), {}).key).toMatchObject({algorithm: 'rsa-sha256', bits: 2048});
		}
	});

	it('a key block damaged in copying says so, not only in OpenSSL words', () => {
		const lines = keyPem.split('\n');
		const damaged = file('damaged.pem', [...lines.slice(0, 5), ...lines.slice(7)].join('\n'));
		expect(refusal(() => readDkimKey(damaged, {})).message).toMatch(/damaged\.pem holds a PRIVATE KEY block that does not decode: a line cut, changed or lost in copying\? \(OpenSSL: .+\)$/);
	});

	it.each([
		['a missing file', () => path.join(dir, 'nope.pem'), /^--dkim-key: cannot read .*nope\.pem: no such file/],
		['an empty file', () => file('empty.pem', ''), /is empty$/],
		['a public key', () => file('public.pem', rsa.publicKey.export({format: 'pem', type: 'spki'}) as string), /holds a public key \(the one for DNS\); --dkim-key signs, so it needs the private key that goes with it$/],
		['a DNS record', () => file('record.txt', 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOC'), /holds a DKIM DNS record \(the public key\), not the private key$/],
		['an OpenSSH key', () => file('id_ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n'), /is an OpenSSH key .*, which is for ssh, not DKIM$/],
		['an EC key', () => file('ec.pem', generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({format: 'pem', type: 'pkcs8'}) as string), /is an EC key \(prime256v1\): DKIM signs with RSA \(rsa-sha256\) or Ed25519/],
		['a 512-bit RSA key', () => file('small.pem', generateKeyPairSync('rsa', {modulusLength: 512}).privateKey.export({format: 'pem', type: 'pkcs8'}) as string), /is a 512-bit RSA key: receivers ignore a DKIM signature by a key under 1024 bits \(RFC 8301\)$/],
	])('%s is refused, saying what it is', (_what, make, message) => {
		const error = refusal(() => readDkimKey(make(), {}));
		expect(error.message).toMatch(message);
		expect(error.message).not.toContain(keyPem.split('\n')[1]!);
	});

	it('an encrypted key opens with SMTP_DKIM_PASSPHRASE, and is refused without it or with the wrong one', () => {
		const encrypted = file('enc.pem', rsa.privateKey.export({format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'sesame'}) as string);
		expect(refusal(() => readDkimKey(encrypted, {})).message).toMatch(/is encrypted, and SMTP_DKIM_PASSPHRASE is not set$/);
		expect(refusal(() => readDkimKey(encrypted, {SMTP_DKIM_PASSPHRASE: 'wrong'})).message).toMatch(/does not open with the passphrase in SMTP_DKIM_PASSPHRASE$/);
		expect(readDkimKey(encrypted, {SMTP_DKIM_PASSPHRASE: 'sesame'}).key.bits).toBe(2048);
	});

	it('a 1024-bit key signs, with a warning', () => {
		const small = file('1024.pem', generateKeyPairSync('rsa', {modulusLength: 1024}).privateKey.export({format: 'pem', type: 'pkcs8'}) as string);
		expect(readDkimKey(small, {}).warning).toBe('warning: --dkim-key is a 1024-bit RSA key; RFC 8301 advises 2048 bits, and some receivers treat a smaller key as no signature');
	});

	it('a key other users can read gets the warning a --password-file gets', () => {
		const open = file('open.pem', keyPem, 0o644);
		expect(privateFileWarnings({dkimKey: open}, {})).toEqual([`--dkim-key ${open} can be read by other users (mode 0644): chmod 600 ${open}`]);
		expect(privateFileWarnings({dkimKey: keyFile}, {})).toEqual([]);
	});
});

describe('the flags', () => {
	const parse = (flags: Record<string, unknown>) => parseDkimFlags(flags, {});
	it.each([
		[{dkimSelector: 's1'}, '--dkim-selector given without --dkim-key'],
		[{dkimDomain: 'example.com'}, '--dkim-domain given without --dkim-key'],
		[{dkimCheck: false}, '--no-dkim-check given without --dkim-key'],
		[{dkimKey: keyFile}, '--dkim-key given without --dkim-selector'],
		[{dkimKey: keyFile, dkimSelector: ''}, '--dkim-selector is empty'],
		[{dkimKey: keyFile, dkimSelector: 's1\r\nX-Evil: 1'}, '--dkim-selector contains a line break or NUL'],
		[{dkimKey: keyFile, dkimSelector: 's1', dkimDomain: 'example.com\n'}, '--dkim-domain contains a line break or NUL'],
		[{dkimKey: keyFile, dkimSelector: 's 1'}, '--dkim-selector "s 1" is not a selector: one or more DNS labels (letters, digits, hyphens), as in s1 or 2024a'],
		[{dkimKey: keyFile, dkimSelector: 's1._domainkey.example.com'}, '--dkim-selector s1._domainkey.example.com is the whole DNS name; give the selector alone'],
		[{dkimKey: keyFile, dkimSelector: 's1', dkimDomain: 'ann@example.com'}, '--dkim-domain ann@example.com is an address; give the domain alone'],
		[{dkimKey: keyFile, dkimSelector: 's1', dkimDomain: 'https://example.com'}, '--dkim-domain "https://example.com" is not a domain name'],
		[{dkimKey: keyFile, dkimSelector: 's1', dkimDomain: 'localhost'}, '--dkim-domain "localhost" is not a domain name'],
	])('%o is refused', (flags, message) => {
		expect(refusal(() => parse(flags)).message).toBe(message);
	});

	it('the hint of a whole DNS name gives the flags to use', () => {
		expect(refusal(() => parse({dkimKey: keyFile, dkimSelector: 's1._domainkey.example.com'})).hint).toBe('--dkim-selector s1 --dkim-domain example.com');
	});

	it('a domain in another script is signed for in its ASCII form', () => {
		expect(parse({dkimKey: keyFile, dkimSelector: 's1', dkimDomain: 'Bücher.example'})?.domain).toBe('xn--bcher-kva.example');
	});

	it('send refuses a --transcript that would overwrite the key', () => {
		const error = refusal(() => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], dkimKey: keyFile, dkimSelector: 's1', transcript: keyFile}, {}));
		expect(error.message).toContain('--dkim-key');
	});
});
