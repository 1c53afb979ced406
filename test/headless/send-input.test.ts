// What `send` says about what it was given, against a real loopback server: every warning a message earns on a
// server without SMTPUTF8 or 8BITMIME, which part of a non-ASCII address is the trouble, and swaks habits
// (`--body FILE`, `--attach @FILE`) that would send something else than meant.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {greetAndEhlo, startRawServer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {refusal} from '../helpers/usage-refusal.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-input-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const file = (name: string, content: string) => {
	const where = path.join(dir, name);
	writeFileSync(where, content);
	return where;
};

/** Sends with `flags` to a server that offers `extensions` and ends the session at MAIL (421): the transcript. */
async function sendTo(extensions: string[], flags: Record<string, unknown>): Promise<string> {
	const server = await startRawServer(async peer => {
		await greetAndEhlo(peer, extensions);
		await peer.readLine();
		peer.end('421 4.3.0 closing\r\n');
	});
	try {
		return (await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, helo: 'client.test', from: 'me@example.test', to: ['a@example.test'], ...flags})).out;
	} finally {
		await server.close();
	}
}

describe('send: warnings for a server without SMTPUTF8 and 8BITMIME', () => {
	it('says both a --data message with a UTF-8 header and an 8-bit body would need, not only the first', async () => {
		const out = await sendTo(['PIPELINING'], {data: `@${file('both.eml', 'Subject: Grüße\r\n\r\nGrüße aus Köln\r\n')}`});
		expect(out).toMatch(/^=== warning: the message has UTF-8 in its header section, but the server does not advertise SMTPUTF8/m);
		expect(out).toMatch(/^=== warning: the message has 8-bit bytes, but the server does not advertise 8BITMIME/m);
		// Headers alone: their bytes are the only 8-bit ones, said once.
		const headersOnly = await sendTo(['PIPELINING'], {data: `@${file('header.eml', 'Subject: Grüße\r\n\r\nhello\r\n')}`});
		expect(headersOnly).not.toMatch(/8BITMIME/);
	});

	it('names the header and the address a composed message carries raw, as a --header Reply-To', async () => {
		const out = await sendTo(['8BITMIME'], {header: ['Reply-To: Jürgen <jürgen@bücher.de>'], body: 'hi'});
		expect(out).toMatch(
			/^=== warning: Reply-To: jürgen@bücher\.de has non-ASCII before its @, which no encoding makes ASCII; this server does not offer SMTPUTF8 \(RFC 6532\): it may refuse or mangle the message; use an ASCII address there$/m,
		);
		expect(out).not.toMatch(/encode them \(RFC 2047\)/);
	});

	it('says which part of a non-ASCII recipient needs SMTPUTF8: before the @, not the domain', async () => {
		const out = await sendTo(['8BITMIME'], {to: ['jürgen@bücher.de'], body: 'hi'});
		expect(out).toContain(
			'the recipient jürgen@bücher.de has non-ASCII characters, but the server does not offer SMTPUTF8 (RFC 6531): only "jürgen", before the @, needs it: use an address that is ASCII there (the domain bücher.de may stay: it goes as punycode); nothing was sent',
		);
		// An ASCII name before the @ goes, the domain in its ASCII form, said once.
		const idna = await sendTo(['8BITMIME'], {to: ['taro@日本.jp'], body: 'hi'});
		expect(idna).toMatch(/^=== note: taro@日本\.jp goes as taro@xn--wgv71a\.jp \(IDNA: DNS names are ASCII\)$/m);
	});
});

describe('send: swaks habits', () => {
	it('warns when --body TEXT names an existing file, and sends the text as given', async () => {
		const body = file('body.txt', 'the contents\n');
		const out = await sendTo(['8BITMIME'], {body});
		expect(out).toContain(`=== warning: --body ${body} is sent as the text "${body}"; to send the file's contents: --body @${body}`);
		const json = await sendTo(['8BITMIME'], {body, json: true});
		const warning = json.split('\n').find(line => line.includes('is sent as the text'));
		expect(JSON.parse(warning!)).toMatchObject({type: 'log', kind: 'warning'});
		// A text with a space, or that names no file, is only text.
		expect(await sendTo(['8BITMIME'], {body: `${body} and more`})).not.toContain('is sent as the text');
		expect(await sendTo(['8BITMIME'], {body: 'hello'})).not.toContain('is sent as the text');
	});

	it('hints to drop the @ of --attach @FILE when FILE exists', () => {
		const blob = file('blob.bin', 'x');
		const error = refusal(() => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], attach: [`@${blob}`]}, {}));
		expect(error.message).toBe(`--attach @${blob}: no such file`);
		expect(error.hint).toBe(`drop the @: --attach ${blob} (--attach takes the file name itself)`);
	});

	it("--data FILE without its @ (swaks reads the name as a file): the hint gives that file's @ form", () => {
		const message = file('message.eml', 'Subject: x\r\n\r\nhi\r\n');
		const error = refusal(() => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], data: message}, {}));
		expect(error.message).toBe(`--data takes @FILE or - (standard input), not "${message}"`);
		expect(error.hint).toBe(`to send that file, --data @${message}`);
		// A name that is no file gets the general example.
		expect(refusal(() => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], data: path.join(dir, 'none.eml')}, {})).hint).toBe('e.g. --data @message.eml, or --data - to read standard input');
	});

	it('--data - with a flag that builds a message names standard input, not a file, as what goes as it is', () => {
		const error = refusal(() => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], data: '-', header: ['X-A: 1']}, {}));
		expect(error.message).toBe('--data sends standard input as it is: --header would be ignored');
	});
});
