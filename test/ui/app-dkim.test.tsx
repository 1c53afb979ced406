// The dashboard started with --dkim-key: every message Ctrl+S sends to a real sandbox on loopback is signed (auto
// mode, a second message on the same connection, step mode), and an independent verifier (mailauth) passes each;
// the log says what was signed and what DNS (a scripted server) has for the key; the preview shows the signature
// that then goes; the connection panel says how messages are signed.
import {generateKeyPairSync, type KeyObject} from 'node:crypto';
import React from 'react';
import {render} from 'ink-testing-library';
import {dkimVerify} from 'mailauth/lib/dkim/verify.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {DkimSettings} from '../../source/headless/dkim-flags.js';
import {recordToPublish} from '../../source/message/dkim-record.js';
import type {DkimKey} from '../../source/message/dkim-sign.js';
import {ConnectionPanel} from '../../source/ui/components/connection-panel.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {dkimPanelTexts} from '../../source/ui/dashboard-dkim.js';
import type {TargetDefaults} from '../../source/ui/panel-target.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {KEYS} from './app-harness.js';
import {defaults, sandboxApp, type TestApp} from './wired-app.js';
import type {TestSandbox} from '../sandbox/helpers/sandbox.js';

const rsa = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
const other = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
const ed25519 = generateKeyPairSync('ed25519').privateKey;
const asDkim = (key: KeyObject, algorithm: DkimKey['algorithm'] = 'rsa-sha256'): DkimKey => ({key, algorithm, bits: algorithm === 'rsa-sha256' ? 2048 : 256});
const RECORD = recordToPublish(asDkim(rsa));
const NAME = 's1._domainkey.example.test';

let dns: TestDnsServer;
beforeAll(async () => {
	dns = await startDnsServer({
		[NAME]: {txt: [[RECORD.slice(0, 200), RECORD.slice(200)]]},
		'old._domainkey.example.test': {txt: [[recordToPublish(asDkim(other)).slice(0, 200), recordToPublish(asDkim(other)).slice(200)]]},
	});
});
afterAll(async () => dns.close());

/** --dkim-key as runDashboard makes it, the key check asking the scripted DNS server (or none: --no-dkim-check). */
function dkimDefaults(settings: Partial<DkimSettings> = {}): TargetDefaults {
	return {...defaults, dkim: {settings: {key: asDkim(rsa), selector: 's1', check: false, ...settings}, dns: {server: {address: '127.0.0.1', port: dns.port}, timeoutMs: 5000}}};
}

/** mailauth's verdict on each signature of `raw`, DNS answering `record` at `name` only. */
async function verify(raw: Buffer, record = RECORD, name = NAME) {
	const resolver = async (asked: string, type: string) => {
		if (type === 'TXT' && asked === name) return [[record]];
		throw Object.assign(new Error(`no ${type} for ${asked}`), {code: 'ENOTFOUND'});
	};
	const {results} = await dkimVerify(raw, {resolver});
	return results.map(result => ({result: result.status.result, domain: result.signingDomain, selector: result.selector}));
}

const stored = (sandbox: TestSandbox, index: number) => sandbox.mailbox.get(sandbox.mailbox.list()[index]!.id)!.raw;
const infoLines = (app: TestApp) => app.controller.driver.log.entries.filter(entry => entry.kind === 'info').map(entry => entry.text);
const flat = (frame: string) => frame.replace(/[│║]/g, ' ').replace(/\s+/g, ' ');

describe('the dashboard with --dkim-key', () => {
	it('auto mode: each message, the second on the same connection too, is signed and verifies; the log says what was signed', async () => {
		const app = await sandboxApp({defaults: dkimDefaults()});
		await app.frame(frame => frame.includes('DKIM: d=example.test s=s1 (rsa-sha256 2048)'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => /Inbox \(1\)/.test(frame) && /✔ queued/.test(frame), 10_000);
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		await app.frame(frame => /Inbox \(2\)/.test(frame), 10_000);
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.kind === 'sent' && entry.text.startsWith('EHLO'))).toHaveLength(2);
		for (const index of [0, 1]) expect(await verify(stored(app.sandbox, index))).toEqual([{result: 'pass', domain: 'example.test', selector: 's1'}]);
		// The verifier is not fooled: the same bytes against another key fail.
		expect((await verify(stored(app.sandbox, 0), recordToPublish(asDkim(other))))[0]!.result).toBe('fail');
		const signed = infoLines(app).filter(text => text.startsWith('DKIM: signed for d=example.test, s=s1 (rsa-sha256, 2048-bit RSA key, relaxed/relaxed); headers signed: from, subject, date, message-id, to'));
		expect(signed).toHaveLength(2);
		// --no-dkim-check: no lookup, nothing said of DNS.
		expect(dns.queries).toEqual([]);
		expect(infoLines(app).join('\n')).not.toContain('DKIM key check');
	});

	it('step mode: the message at its prompt is the signed one, and it verifies', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}, defaults: dkimDefaults()});
		await app.press(KEYS.ctrl('s'));
		for (const line of ['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA', String.raw`\(the message`]) {
			await app.frame(frame => new RegExp(`about to send: ${line}`).test(frame), 10_000);
			await app.press(KEYS.enter);
		}
		await app.frame(frame => /Inbox \(1\)/.test(frame), 10_000);
		expect(await verify(stored(app.sandbox, 0))).toEqual([{result: 'pass', domain: 'example.test', selector: 's1'}]);
	});

	it('Ed25519 with --dkim-domain: d= is the domain given, and the signature verifies', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, defaults: dkimDefaults({key: asDkim(ed25519, 'ed25519-sha256'), domain: 'mail.example.test'})});
		await app.frame(frame => frame.includes('DKIM: d=mail.example.test s=s1 (ed25519'));
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => /Inbox \(1\)/.test(frame), 10_000);
		const name = 's1._domainkey.mail.example.test';
		expect(await verify(stored(app.sandbox, 0), recordToPublish(asDkim(ed25519, 'ed25519-sha256')), name)).toEqual([{result: 'pass', domain: 'mail.example.test', selector: 's1'}]);
	});

	it('the key check: DNS asked once for a key it has; a different key is a warning in the footer with the record to publish, asked again at the next send', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, defaults: dkimDefaults({check: true})});
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => /Inbox \(1\)/.test(frame) && /✔ queued/.test(frame), 10_000);
		expect(infoLines(app)).toContain(`DKIM key check: the key in DNS at ${NAME} matches this private key`);
		await app.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		await app.frame(frame => /Inbox \(2\)/.test(frame), 10_000);
		expect(infoLines(app)).toContain(`DKIM key check: the key in DNS at ${NAME} matches this private key (checked at the first send)`);
		expect(dns.queries.filter(query => query.name === NAME)).toHaveLength(1);

		const old = await sandboxApp({settings: {security: 'none', user: ''}, defaults: dkimDefaults({check: true, selector: 'old'})});
		await old.press(KEYS.ctrl('s'));
		const frame = await old.frame(text => /Inbox \(1\)/.test(text) && /✔ queued/.test(text), 10_000);
		expect(flat(frame)).toContain('✔ queued as 1 (250); warning: DKIM key check: DNS has a different key');
		expect(infoLines(old)).toContain(`DKIM: the TXT record for this key, to publish at old._domainkey.example.test: ${RECORD}`);
		await old.press(KEYS.ctrl('s'), KEYS.ctrl('s'));
		await old.frame(text => /Inbox \(2\)/.test(text), 10_000);
		expect(dns.queries.filter(query => query.name === 'old._domainkey.example.test')).toHaveLength(2);
	});

	it('the preview shows the DKIM-Signature that then goes: the same t= and b=', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, defaults: dkimDefaults()});
		await app.press(KEYS.ctrl('p'));
		const preview = flat(await app.frame(frame => frame.includes('DKIM-Signature: v=1; a=rsa-sha256')));
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => /Inbox \(1\)/.test(frame), 10_000);
		const raw = stored(app.sandbox, 0).toString('latin1');
		const t = /t=(\d+);/.exec(raw)![1]!;
		const b = /b=\s*([A-Za-z0-9+/]{20})/.exec(raw.replace(/\r\n /g, ''))![1]!;
		expect(preview).toContain(`t=${t};`);
		expect(preview.replace(/ »?/g, '')).toContain(b);
		expect(await verify(stored(app.sandbox, 0))).toEqual([{result: 'pass', domain: 'example.test', selector: 's1'}]);
	});

	it('a From with no domain to sign for is the From field\'s error, and nothing goes', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, defaults: dkimDefaults(), init: {draft: {...SAMPLE_DRAFT, from: 'you@localhost'}}});
		await app.frame(frame => frame.includes("DKIM: d=From's domain s=s1"));
		await app.press(KEYS.ctrl('s'));
		const frame = flat(await app.frame(text => flat(text).includes('names no one domain to sign for')));
		expect(frame).toContain('start with --dkim-domain, or change From');
		expect(app.sandbox.mailbox.list()).toEqual([]);
	});
});

describe('the connection panel with --dkim-key', () => {
	const settings = {key: asDkim(rsa), selector: 's1', check: true};
	const form = createConnectionForm({host: 'mx.example.org', port: 25, security: 'starttls', user: '', password: '', ehlo: ''});

	it('says d=, s=, the algorithm and the key size, shorter where the panel is narrow', () => {
		const texts = dkimPanelTexts(settings, 'Ann <ann@Example.COM>');
		expect(texts).toEqual(['DKIM: d=example.com s=s1 (rsa-sha256 2048)', 'DKIM: d=example.com s=s1 (rsa 2048)', 'DKIM: d=example.com s=s1']);
		const wide = render(<ConnectionPanel form={form} focused={false} width={46} height={6} dkim={texts} />);
		expect(wide.lastFrame()).toContain('DKIM: d=example.com s=s1 (rsa-sha256 2048)');
		const narrow = render(<ConnectionPanel form={form} focused={false} width={40} height={6} dkim={texts} />);
		expect(narrow.lastFrame()).toContain('DKIM: d=example.com s=s1 (rsa 2048)');
		// Narrower still (a long domain at 80 columns): d= and s= whole, not cut inside the algorithm.
		const narrower = render(<ConnectionPanel form={form} focused={false} width={32} height={6} dkim={texts} />);
		expect(narrower.lastFrame()).toContain('DKIM: d=example.com s=s1');
		expect(narrower.lastFrame()).not.toMatch(/\(rs/);
		expect(render(<ConnectionPanel form={form} focused={false} width={46} height={6} />).lastFrame()).not.toContain('DKIM');
	});

	it('--dkim-domain wins over the From', () => {
		expect(dkimPanelTexts({...settings, domain: 'mail.example.org'}, 'ann@example.com')[0]).toBe('DKIM: d=mail.example.org s=s1 (rsa-sha256 2048)');
	});
});
