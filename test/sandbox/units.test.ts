// The pure parts: the chaos spec, the scenario decisions, the subject scan, the kept certificate.
import {X509Certificate} from 'node:crypto';
import {existsSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {claimCertificate, loadOrCreateCertificate} from '../../source/sandbox/certificate.js';
import {startSandbox} from '../../source/sandbox/server.js';
import {ChaosSpecError, parseChaos, rollChaos} from '../../source/sandbox/chaos.js';
import {decodeEncodedWords, scanMessageId, scanSubject} from '../../source/sandbox/header-scan.js';
import {isLoopback} from '../../source/transport/loopback.js';
import {recipeFor} from '../../source/sandbox/recipes.js';
import {Scenarios} from '../../source/sandbox/scenarios.js';
import {resolveSandboxSettings} from '../../source/sandbox/settings.js';

describe('parseChaos', () => {
	it('reads stage:code:percent lists, drop and decimals, case and spaces forgiven', () => {
		expect(parseChaos(' RCPT:451:30 , data:DROP:5%,mail:550:0.5')).toEqual([
			{stage: 'rcpt', code: 451, percent: 30},
			{stage: 'data', code: 'drop', percent: 5},
			{stage: 'mail', code: 550, percent: 0.5},
		]);
		expect(parseChaos('')).toEqual([]);
	});

	it.each([
		['rcpt:9xx:30', '"9xx" in "rcpt:9xx:30" is not a reply code: use 400-599, or drop for a silent disconnect'],
		['rcpt:250:30', '"250" in "rcpt:250:30" is not a reply code: use 400-599, or drop for a silent disconnect'],
		['rpct:451:30', 'unknown stage "rpct" in "rpct:451:30": stages are connect, ehlo, auth, mail, rcpt, data'],
		['rcpt:451:130', '"130" in "rcpt:451:130" is not a percentage from 0 to 100'],
		['rcpt:451:-1', '"-1" in "rcpt:451:-1" is not a percentage from 0 to 100'],
		['rcpt:451', '"rcpt:451" is not stage:code:percent (for example rcpt:451:30)'],
	])('refuses %s with a message naming the faulty part', (spec, message) => {
		expect(() => parseChaos(spec)).toThrow(new ChaosSpecError(message));
	});

	it('rolls: a rule fires when random()*100 is below its percent', () => {
		const rules = parseChaos('rcpt:451:30,rcpt:550:100');
		expect(rollChaos(rules, 'rcpt', () => 0.29)?.code).toBe(451);
		expect(rollChaos(rules, 'rcpt', () => 0.3)?.code).toBe(550);
		expect(rollChaos(rules, 'mail', () => 0)).toBeUndefined();
		expect(rollChaos(parseChaos('mail:451:100'), 'mail', () => 0.999_999)?.code).toBe(451);
		expect(rollChaos(parseChaos('mail:451:0'), 'mail', () => 0)).toBeUndefined();
	});
});

describe('Scenarios', () => {
	it('recipes win over --greylist and chaos; the greylist passes after the delay', () => {
		const settings = resolveSandboxSettings({greylist: true, greylistDelayMs: 1000, chaos: parseChaos('rcpt:451:100')});
		const scenarios = new Scenarios(settings, () => 0);
		expect(scenarios.rcpt('a@x', 'nobody@y', 0)).toMatchObject({action: 'reply', code: 550});
		expect(scenarios.rcpt('a@x', 'b@y', 0)).toMatchObject({action: 'reply', code: 450, text: '4.7.1 <b@y>: greylisted, try again in 1 s'});
		expect(scenarios.rcpt('a@x', 'b@y', 999)).toMatchObject({action: 'reply', code: 450});
		expect(scenarios.rcpt('A@X', 'B@Y', 1000)).toMatchObject({action: 'reply', code: 451});
		settings.chaos = [];
		expect(scenarios.rcpt('a@x', 'b@y', 1000)).toEqual({action: 'accept'});
	});

	it('a greylist delay of 0 still refuses the first try', () => {
		const scenarios = new Scenarios(resolveSandboxSettings({greylistDelayMs: 0}));
		expect(scenarios.rcpt('a@x', 'grey@y', 5)).toMatchObject({code: 450});
		expect(scenarios.rcpt('a@x', 'grey@y', 5)).toEqual({action: 'accept'});
	});

	it('connect: reject-all, then chaos, then the banner delay', () => {
		const settings = resolveSandboxSettings({bannerDelayMs: 250});
		const scenarios = new Scenarios(settings, () => 0);
		expect(scenarios.connect()).toEqual({action: 'accept', delayMs: 250});
		settings.chaos = parseChaos('connect:drop:100');
		expect(scenarios.connect()).toEqual({action: 'drop', reason: '--chaos connect:drop:100'});
		settings.rejectAll = true;
		expect(scenarios.connect()).toMatchObject({action: 'reply', code: 554});
	});

	it('mail: TLS before AUTH before chaos', () => {
		const settings = resolveSandboxSettings({requireTls: true, requireAuth: true, chaos: parseChaos('mail:451:100')});
		const scenarios = new Scenarios(settings, () => 0);
		expect(scenarios.mail({secure: false, authenticated: false})).toMatchObject({code: 530, text: '5.7.0 Must issue a STARTTLS command first'});
		expect(scenarios.mail({secure: true, authenticated: false})).toMatchObject({code: 530, text: '5.7.0 Authentication required'});
		expect(scenarios.mail({secure: true, authenticated: true})).toMatchObject({code: 451});
	});

	it('slow@ accepts after the slow delay; big@ refuses at the end of data', () => {
		const scenarios = new Scenarios(resolveSandboxSettings({slowDelayMs: 1234}));
		expect(scenarios.rcpt('a@x', 'slow@y', 0)).toEqual({action: 'accept', delayMs: 1234});
		expect(scenarios.data([{address: 'a@y'}, {address: 'big+1@z'}])).toMatchObject({code: 552, text: '5.3.4 Message too big for <big+1@z> (big@ recipe)'});
		expect(scenarios.data([{address: 'a@y'}])).toEqual({action: 'accept'});
	});

	it('recipeFor reads the local part before any +tag', () => {
		expect(recipeFor('Grey+2@Example.com')).toBe('grey');
		expect(recipeFor('greyish@example.com')).toBeUndefined();
		expect(recipeFor('bye')).toBe('bye');
	});
});

describe('subject scan', () => {
	it('unfolds and decodes the Subject, joining encoded words split inside a character', () => {
		const raw = Buffer.from('From: a@x\r\nSubject: =?UTF-8?B?R3LDvA==?=\r\n =?UTF-8?B?w59l?= aus\r\n =?iso-8859-1?q?K=F6ln_!?=\r\n\r\nSubject: not this\r\n');
		expect(scanSubject(raw)).toBe('Grüße aus Köln !');
		expect(decodeEncodedWords('=?UTF-8?B?4oK=?= =?UTF-8?B?rA==?=')).toBe('€');
		expect(decodeEncodedWords('=?x-unknown?Q?caf=E9?=')).toBe('café');
		// As PHP's mb_send_mail writes a Japanese subject: each ISO-2022-JP word complete, back in ASCII at its end.
		expect(decodeEncodedWords('=?ISO-2022-JP?B?GyRCIVo9RU1XIVslUSU5JW8bKEI=?=\r\n =?ISO-2022-JP?B?GyRCITwlSTpGQF9EaiROJCpDTiRpJDsbKEI=?=')).toBe('【重要】パスワード再設定のお知らせ');
	});

	it('reads Latin-1 and US-ASCII labels as windows-1252, as mail readers do: €, curly quotes, – and … survive', () => {
		expect(decodeEncodedWords('=?windows-1252?Q?Rechnung_=80_f=FCr_M=E4rz?=')).toBe('Rechnung € für März');
		expect(decodeEncodedWords('=?ISO-8859-1?Q?=93quoted=94_=96_more=85?=')).toBe('“quoted” – more…');
		expect(decodeEncodedWords('=?us-ascii?B?gIU=?= =?latin1?Q?=9F?=')).toBe('€…Ÿ');
		expect(decodeEncodedWords('=?x-unknown?Q?=80?=')).toBe('€');
		// The five bytes windows-1252 leaves undefined stay what they are; other charsets are untouched.
		expect(decodeEncodedWords('=?cp1252?Q?=81=8D?=')).toBe('\u0081\u008d');
		expect(decodeEncodedWords('=?iso-8859-15?Q?=A4?=')).toBe('€');
	});

	it('finds no Subject in the body or in a message without one', () => {
		expect(scanSubject(Buffer.from('From: a@x\r\n\r\nSubject: body\r\n'))).toBe('');
		expect(scanSubject(Buffer.from('subject:   lower case  \r\n\r\n'))).toBe('lower case');
		expect(scanSubject(Buffer.from('From: a@x\nSubject: LF only\n\nbody'))).toBe('LF only');
		expect(scanSubject(Buffer.from('From: a@x\r\nSubject: no line break at the end'))).toBe('no line break at the end');
		expect(scanSubject(Buffer.from('X-Subject: not this\r\nSubjects: nor this\r\n\r\n'))).toBe('');
	});

	it('finds the Message-ID as written, in any case and folded, and none in the body', () => {
		expect(scanMessageId(Buffer.from('Subject: x\r\nMESSAGE-ID:\r\n <a.b@example.test>\r\n\r\n'))).toBe('<a.b@example.test>');
		expect(scanMessageId(Buffer.from('Subject: x\r\n\r\nMessage-ID: <body@x>\r\n'))).toBeUndefined();
		expect(scanMessageId(Buffer.from('Message-ID:  \r\n\r\n'))).toBeUndefined();
		// A CR is not a hyphen, though CR | 0x20 is one.
		expect(scanMessageId(Buffer.from('Message\rID: <no@x>\r\n\r\n'))).toBeUndefined();
	});
});

describe('loopback', () => {
	it.each([
		['127.0.0.1', true],
		['127.9.8.7', true],
		['::1', true],
		['::ffff:127.0.0.1', true],
		['localhost', true],
		['10.0.0.1', false],
		['0.0.0.0', false],
		['::', false],
		['fe80::1', false],
		['[::1]', true],
		['LOCALHOST', true],
		// A name is not an address: a login in clear to it would go wherever its DNS points.
		['127.mail.attacker.example', false],
		['127.0.0.1.attacker.example', false],
	])('%s is loopback: %s', (address, expected) => {
		expect(isLoopback(address)).toBe(expected);
	});
});

describe('the kept certificate', () => {
	it('is made once, reused with the same fingerprint, and made again for new names or a broken file', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-'));
		const names = ['localhost', '127.0.0.1', '::1', 'smtp-tui.localhost'];
		const first = await loadOrCreateCertificate(dir, names);
		const x509 = new X509Certificate(first.pem);
		expect(x509.fingerprint256).toBe(first.fingerprint256);
		expect(x509.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:smtp-tui.localhost');
		expect(statSync(path.join(dir, 'private-key.pem')).mode & 0o777).toBe(0o600);
		expect(readFileSync(first.path, 'utf8')).toBe(first.pem);

		expect((await loadOrCreateCertificate(dir, names)).fingerprint256).toBe(first.fingerprint256);
		expect((await loadOrCreateCertificate(dir, ['localhost'])).fingerprint256).toBe(first.fingerprint256);

		expect(first.replaced).toBeUndefined();
		const wider = await loadOrCreateCertificate(dir, [...names, '192.0.2.7']);
		expect(wider.fingerprint256).not.toBe(first.fingerprint256);
		// It says which one it replaced: serve warns that a sandbox still serving that one needs a restart.
		expect(wider.replaced).toBe(first.fingerprint256);
		// And why, in the words of serve's warning.
		expect(wider.replacedBecause).toBe('it did not cover 192.0.2.7');
		expect(new X509Certificate(wider.pem).checkIP('192.0.2.7')).toBe('192.0.2.7');

		// A key written over (by a --record aimed at it, say): not "names it did not cover".
		writeFileSync(path.join(dir, 'private-key.pem'), 'garbage');
		const remade = await loadOrCreateCertificate(dir, names);
		expect(remade.fingerprint256).not.toBe(wider.fingerprint256);
		expect(remade.replacedBecause).toBe('it or its private key could not be read');
		// The certificate itself written over (no fingerprint to name): still said, for the clients that trusted it.
		writeFileSync(path.join(dir, 'certificate.pem'), 'garbage');
		const again = await loadOrCreateCertificate(dir, names);
		expect(again.replaced).toBeUndefined();
		expect(again.replacedBecause).toBe('it or its private key could not be read');
	});

	it('covers the names of the one it replaces, so switching back needs no new one', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-'));
		const names = ['localhost', '127.0.0.1', '::1', 'smtp-tui.localhost'];
		await loadOrCreateCertificate(dir, names);
		const other = await loadOrCreateCertificate(dir, ['localhost', '127.0.0.1', '::1', 'other.test']);
		expect(new X509Certificate(other.pem).subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:other.test, DNS:smtp-tui.localhost');
		expect((await loadOrCreateCertificate(dir, names)).fingerprint256).toBe(other.fingerprint256);
	});

	it('is one for sandboxes started together: the others wait for the first to make it', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-'));
		const names = ['localhost', '127.0.0.1'];
		const made = await Promise.all(Array.from({length: 6}, () => loadOrCreateCertificate(dir, names)));
		expect(new Set(made.map(certificate => certificate.fingerprint256)).size).toBe(1);
		expect(new X509Certificate(readFileSync(path.join(dir, 'certificate.pem'), 'utf8')).fingerprint256).toBe(made[0]!.fingerprint256);
		expect(existsSync(path.join(dir, 'certificate.lock'))).toBe(false);
	});

	it('is left alone by a sandbox that fails to start with a name it does not cover', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-'));
		const running = await startSandbox({port: 0, certificateDir: dir});
		try {
			const before = readFileSync(path.join(dir, 'certificate.pem'), 'utf8');
			const port = running.listeners[0]!.port;
			await expect(startSandbox({port, certificateDir: dir, hostname: 'other.test'})).rejects.toThrow(/EADDRINUSE|in use/);
			expect(readFileSync(path.join(dir, 'certificate.pem'), 'utf8')).toBe(before);
			expect(existsSync(path.join(dir, 'certificate.lock'))).toBe(false);
		} finally {
			await running.close();
		}
	});

	it('keeps a new one only when asked: a released claim leaves the kept certificate as it was', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cert-'));
		const first = await loadOrCreateCertificate(dir, ['localhost']);
		const claim = await claimCertificate(dir, ['localhost', 'other.test']);
		expect(claim.certificate.fingerprint256).not.toBe(first.fingerprint256);
		await claim.release();
		expect(readFileSync(path.join(dir, 'certificate.pem'), 'utf8')).toBe(first.pem);
		expect((await loadOrCreateCertificate(dir, ['localhost'])).fingerprint256).toBe(first.fingerprint256);
	});
});
