// `send --dkim-key`: messages signed here, sent over SMTP to a real smtp-server, and verified by an independent
// verifier (mailauth's dkimVerify) against the public key: composed, --data, dot-led lines, 8-bit text, attachments,
// a large streamed body, RSA and Ed25519. Keys are made at test time.
import {generateKeyPairSync, type KeyObject} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {dkimVerify} from 'mailauth/lib/dkim/verify.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {publicKeyValue} from '../../source/message/dkim-record.js';
import type {DkimKey} from '../../source/message/dkim-sign.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {rejection} from '../helpers/usage-refusal.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {bdatMessage, bdatServer, newBdatSeen} from '../helpers/bdat-server.js';
import {startRawServer} from '../helpers/raw-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dkim-'));
let server: TestSmtpServer;
const rsa = generateKeyPairSync('rsa', {modulusLength: 2048});
const ed25519 = generateKeyPairSync('ed25519');
const file = (name: string, content: string | Buffer, mode = 0o600) => {
	const target = path.join(dir, name);
	writeFileSync(target, content, {mode});
	return target;
};
const pem = (key: KeyObject) => key.export({format: 'pem', type: 'pkcs8'}) as string;
const rsaFile = file('rsa.pem', pem(rsa.privateKey));
const edFile = file('ed.pem', pem(ed25519.privateKey));
const asDkim = (key: KeyObject, algorithm: DkimKey['algorithm']): DkimKey => ({key, algorithm, bits: 0});
/** The TXT record a domain publishes for a key pair, as a receiver's resolver gets it. */
const record = (key: KeyObject, algorithm: DkimKey['algorithm']) => `v=DKIM1; k=${algorithm === 'rsa-sha256' ? 'rsa' : 'ed25519'}; p=${publicKeyValue(asDkim(key, algorithm))}`;

/** mailauth's verdict on each signature of `raw`, DNS answering `txt` for the selector's name only. */
async function verify(raw: Buffer, txt: string, name = 's1._domainkey.example.test') {
	const resolver = async (asked: string, type: string) => {
		if (type === 'TXT' && asked === name) return [[txt]];
		throw Object.assign(new Error(`no ${type} for ${asked}`), {code: 'ENOTFOUND'});
	};
	const {results} = await dkimVerify(raw, {resolver});
	return results.map(result => ({result: result.status.result, comment: result.status.comment, domain: result.signingDomain, selector: result.selector}));
}

beforeAll(async () => {
	server = await startSmtpServer();
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const send = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'ann@example.test', to: ['bob@example.test'], helo: 'client.test', dkimKey: rsaFile, dkimSelector: 's1', dkimCheck: false, ...flags}, [], {env});

/** Sends, and returns the message the server stored. */
async function sent(flags: Record<string, unknown>): Promise<{raw: Buffer; out: string}> {
	const before = server.messages.length;
	const {code, out} = await send(flags);
	expect(code, out).toBe(0);
	expect(server.messages.length).toBe(before + 1);
	return {raw: server.messages.at(-1)!.raw, out};
}

describe('signed messages verify with an independent verifier', () => {
	it('a composed message: signed for the From domain, and the transcript says with what and which headers', async () => {
		const {raw, out} = await sent({subject: 'Signed', body: 'Hello  there \\n\\n\\n'});
		expect(raw.toString('latin1')).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.test; s=s1;/);
		expect(await verify(raw, record(rsa.privateKey, 'rsa-sha256'))).toEqual([{result: 'pass', comment: undefined, domain: 'example.test', selector: 's1'}]);
		expect(out).toContain('=== DKIM: signed for d=example.test, s=s1 (rsa-sha256, 2048-bit RSA key, relaxed/relaxed); headers signed: from, subject, date, message-id, to, mime-version, content-type, content-transfer-encoding');
		// Another key in DNS: the same message fails, so the pass above is the key's doing.
		const other = generateKeyPairSync('rsa', {modulusLength: 2048});
		expect((await verify(raw, record(other.privateKey, 'rsa-sha256')))[0]!.result).toBe('fail');
	});

	it('a --data message with LF line ends, lines led by dots, trailing blanks, 8-bit text and a bare CR', async () => {
		const message = file('m.eml', 'From: ann@example.test\nTo: bob@example.test\nSubject:   spaced    out  \n\n.a dot-led line\n..two dots\n.\ncafé  grüße \t\nbare\rCR\n\n\n');
		const {raw} = await sent({data: `@${message}`});
		// Stuffed on the wire, unstuffed by the server: the dots reach the recipient as written.
		expect(raw.toString('latin1')).toContain('\r\n\r\n.a dot-led line\r\n..two dots\r\n.\r\n');
		expect(await verify(raw, record(rsa.privateKey, 'rsa-sha256'))).toMatchObject([{result: 'pass'}]);
	});

	it('--data from standard input, and --dkim-domain naming another domain than From', async () => {
		const before = server.messages.length;
		const {code, out} = await runInProcess(
			runSend,
			{host: '127.0.0.1', port: String(server.port), starttls: false, from: 'ann@example.test', to: ['bob@example.test'], helo: 'client.test', data: '-', dkimKey: rsaFile, dkimSelector: 's1', dkimDomain: 'mail.example.test', dkimCheck: false},
			[],
			{input: ['From: ann@example.test\r\nSubject: piped\r\n\r\nbody\r\n']},
		);
		expect(code, out).toBe(0);
		const raw = server.messages[before]!.raw;
		expect(await verify(raw, record(rsa.privateKey, 'rsa-sha256'), 's1._domainkey.mail.example.test')).toMatchObject([{result: 'pass', domain: 'mail.example.test'}]);
	});

	it('a message with an attachment and a large body file, streamed (Ed25519, RFC 8463)', async () => {
		const body = file('big.txt', `${'a line of the body, long enough to matter\n'.repeat(200_000)}.last\n`);
		const attachment = file('data.bin', Buffer.from(Array.from({length: 100_000}, (_, i) => i % 256)));
		const {raw, out} = await sent({dkimKey: edFile, body: `@${body}`, attach: [attachment], header: ['Reply-To: ann@example.test']});
		expect(raw.length).toBeGreaterThan(8_000_000);
		expect(out).toContain('(ed25519-sha256, Ed25519 key, relaxed/relaxed); headers signed: from, reply-to,');
		expect(await verify(raw, record(ed25519.privateKey, 'ed25519-sha256'))).toMatchObject([{result: 'pass'}]);
	});

	it.each([
		['no From header', 'To: bob@example.test\n\nbody\n', '--dkim-key: the message has no From header, and a DKIM signature is for the one From header (RFC 6376 §5.4): give the message one'],
		['two From headers', 'From: a@example.test\nFrom: b@example.test\n\nbody\n', '--dkim-key: the message has 2 From headers'],
		['a From without a domain to sign for', 'From: a@example.test, b@example.org\n\nbody\n', '--dkim-key: the From header (a@example.test, b@example.org) names no one domain to sign for: give it with --dkim-domain'],
	])('a --data message with %s is not signed, nor sent (a usage error: exit 1)', async (_what, text, said) => {
		const before = server.messages.length;
		const error = await rejection(send({data: `@${file('unsignable.eml', text)}`, dkimDomain: text.includes(',') ? undefined : 'example.test'}));
		expect(error.message).toContain(said);
		expect(server.messages.length).toBe(before);
	});

	it('--bdat: the signed message in BDAT chunks verifies as sent with DATA', async () => {
		const seen = newBdatSeen();
		const bdat = await startRawServer(bdatServer({}, seen));
		try {
			const message = file('chunked.eml', 'From: ann@example.test\nSubject: chunks\n\n.\n..\nhéllo  wörld \n');
			const {code, out} = await send({port: String(bdat.port), data: `@${message}`, bdat: true, chunkSize: '100'});
			expect(code, out).toBe(0);
			expect(seen.chunks.length).toBeGreaterThan(3);
			expect(await verify(bdatMessage(seen), record(rsa.privateKey, 'rsa-sha256'))).toMatchObject([{result: 'pass'}]);
		} finally {
			await bdat.close();
		}
	});

	it('--json: the result says what was signed, never the key', async () => {
		const {code, out} = await send({json: true});
		expect(code).toBe(0);
		const result = JSON.parse(out.trim().split('\n').at(-1)!) as {dkim: Record<string, unknown>};
		expect(result.dkim).toEqual({domain: 'example.test', selector: 's1', algorithm: 'rsa-sha256', keyBits: 2048, headers: expect.arrayContaining(['from', 'from', 'to']) as unknown});
		const secret = pem(rsa.privateKey).split('\n')[2]!;
		expect(out).not.toContain(secret);
	});
});
