// The composer's values as a message: the preview's bytes, attachments from the Attach field, the draft.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {unquotePath} from '../../source/message/lists.js';
import type {ComposerValues} from '../../source/ui/components/composer-form.js';
import {nextMx} from '../../source/ui/mx-action.js';
import {attachments, composeFromValues, composerFromDraft, dataBytes, draftFromComposer, newIdentity, outgoingMessage} from '../../source/ui/outgoing.js';
import {SmtpDriver} from '../../source/session/driver.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {withCommaHint} from '../../source/ui/attach-comma.js';
import {SmtpInputError} from '../../source/smtp/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-outgoing-'));
const values = (over: Partial<ComposerValues> = {}): ComposerValues => ({
	from: 'you@example.test',
	to: '"Smith, J" <smith@example.test>, friend@example.test',
	cc: '',
	bcc: '',
	subject: 'Hello',
	attach: '',
	headers: [],
	body: 'first\n.dot line\nlast',
	...over,
});

describe('the message the composer sends', () => {
	it('takes a list with semicolons, as Outlook writes one, in To, Cc and Bcc; Ctrl+L looks up the first address', async () => {
		const list = 'a@example.test; b@example.org;c@example.net';
		for (const field of ['to', 'cc', 'bcc'] as const) {
			const {envelope} = await composeFromValues(values({to: field === 'to' ? list : 'z@example.test', [field]: list}));
			expect(envelope.to, field).toEqual(expect.arrayContaining(['a@example.test', 'b@example.org', 'c@example.net']));
		}
		// A name with a semicolon in quotes is one address.
		const {envelope} = await composeFromValues(values({to: '"Smith; J" <smith@example.test>'}));
		expect(envelope.to).toEqual(['smith@example.test']);
		const asked: string[] = [];
		const resolver = {resolveMx: async (domain: string) => (asked.push(domain), [{exchange: `mx.${domain}`, priority: 10}]), lookupAll: async () => ['192.0.2.1']};
		const choice = await nextMx([list], undefined, resolver);
		expect(asked).toEqual(['example.test']);
		expect(choice).toMatchObject({domain: 'example.test'});
	});

	it('says in the log, as send does, that an IDN domain goes as punycode, and names a header address that needs SMTPUTF8', async () => {
		const sandbox = await startTestSandbox();
		try {
			const message = outgoingMessage(await composeFromValues(values({to: 'taro@日本.jp', headers: [{name: 'Reply-To', value: 'jürgen@bücher.de'}]})));
			expect(message.utf8Addresses).toEqual(['Reply-To: jürgen@bücher.de']);
			const driver = new SmtpDriver({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'test.example'});
			expect(await driver.run(message)).toMatchObject({ok: true});
			const texts = driver.log.entries.map(entry => `${entry.kind} ${entry.text}`);
			expect(texts[0]).toBe('info note: taro@日本.jp goes as taro@xn--wgv71a.jp (IDNA: DNS names are ASCII)');
			expect(texts).toContain('sent RCPT TO:<taro@xn--wgv71a.jp>');
		} finally {
			await sandbox.close();
		}
	});

	it('is built the same, byte for byte, for the preview and the send when they share an identity', async () => {
		const identity = newIdentity();
		const {bytes: preview} = await dataBytes(await composeFromValues(values(), identity));
		const {bytes: sent} = await dataBytes(await composeFromValues(values(), identity));
		expect(sent).toBe(preview);
		expect(preview).toContain(`Message-ID: <${identity.messageIdSeed}@example.test>`);
		expect(preview).toContain('\r\n..dot line\r\n');
		expect(preview.endsWith('\r\n.\r\n')).toBe(true);
		const {bytes: other} = await dataBytes(await composeFromValues(values(), newIdentity()));
		expect(other).not.toBe(preview);
	});

	it('keeps the multipart boundaries too when the identity is shared (a message with attachments)', async () => {
		const file = path.join(dir, 'notes.txt');
		writeFileSync(file, 'notes');
		const identity = newIdentity();
		const {bytes: preview} = await dataBytes(await composeFromValues(values({attach: file}), identity));
		const {bytes: sent} = await dataBytes(await composeFromValues(values({attach: file}), identity));
		expect(preview).toContain(`boundary="--_NmP-${identity.baseBoundary}-Part_1"`);
		expect(sent).toBe(preview);
	});

	it('keeps a quoted display name with a comma as one recipient', async () => {
		const composed = await composeFromValues(values());
		expect(composed.envelope.to).toEqual(['smith@example.test', 'friend@example.test']);
	});

	it('attaches the files of the Attach field; a quoted path may hold a comma', async () => {
		const plain = path.join(dir, 'report.txt');
		const comma = path.join(dir, 'a,b.txt');
		writeFileSync(plain, 'report contents');
		writeFileSync(comma, 'comma contents');
		const {bytes} = await dataBytes(await composeFromValues(values({attach: `${plain}, "${comma}"`})));
		expect(bytes).toContain('filename=report.txt');
		expect(bytes).toContain(Buffer.from('report contents').toString('base64'));
		expect(bytes).toContain(Buffer.from('comma contents').toString('base64'));
		await expect(composeFromValues(values({attach: path.join(dir, 'missing.pdf')}))).rejects.toThrow(/missing\.pdf: no such file/);
	});

	it("says that send's --attach options are not the Attach field's", async () => {
		const logo = path.join(dir, 'logo.png');
		writeFileSync(logo, 'PNG');
		await expect(composeFromValues(values({attach: `${logo};cid=logo`}))).rejects.toThrow(
			`attachment ${logo};cid=logo: no such file (;cid=, ;type= and ;name= are smtp-tui send's --attach options: here give the file alone)`,
		);
	});

	it('names the file a comma split when a name with one was typed without quotes', async () => {
		const comma = path.join(dir, 'x,y.txt');
		writeFileSync(comma, 'comma contents');
		writeFileSync(path.join(dir, 'report.txt'), 'report contents');
		// Whichever part the message builder names first, the error names the first part and the whole name.
		const said = `attachment ${path.join(dir, 'x')}: no such file (did you mean "${comma}"? quote a name with a comma)`;
		await expect(composeFromValues(values({attach: comma}))).rejects.toThrow(said);
		await expect(composeFromValues(values({attach: `${path.join(dir, 'report.txt')}, ${comma}`}))).rejects.toThrow(said);
		// A part missing for another reason is said as before; so is another attachment's own problem (a folder).
		await expect(composeFromValues(values({attach: `${path.join(dir, 'missing')},${path.join(dir, 'report.txt')}`}))).rejects.toThrow(/missing: no such file$/);
		const folder = new SmtpInputError(`attachment ${dir} is a folder: give files, one by one`, 'attachment');
		expect(withCommaHint(folder, `${dir}, ${comma}`, dir)).toBe(folder);
	});

	it('reads ~/ as the home folder and drops the quotes of a path', () => {
		expect(unquotePath('~/notes.txt', '/home/ann')).toBe('/home/ann/notes.txt');
		expect(unquotePath('"a, b.txt"', '/home/ann')).toBe('a, b.txt');
		// A backslash is a folder separator on Windows only: elsewhere `~\x` is a file name of its own.
		expect(unquotePath('~\\notes.txt', 'C:\\Users\\ann', 'win32')).toBe('C:\\Users\\ann\\notes.txt');
		expect(unquotePath('~/notes.txt', 'C:\\Users\\ann', 'win32')).toBe('C:\\Users\\ann/notes.txt');
		expect(unquotePath('~\\notes.txt', '/home/ann', 'linux')).toBe('~\\notes.txt');
		expect(attachments('one.txt, "two, three.txt"')).toEqual(['one.txt', 'two, three.txt']);
	});

	it('shows a large message in the preview up to a limit, and says how much more there is', async () => {
		const big = path.join(dir, 'big.bin');
		writeFileSync(big, Buffer.alloc(300_000, 7));
		const composed = await composeFromValues(values({attach: big}));
		const {bytes: whole, ...wholeCounts} = await dataBytes(composed, Number.POSITIVE_INFINITY);
		const {bytes: shown, ...shownCounts} = await dataBytes(composed, 10_000);
		const cut = shown.lastIndexOf('[…');
		expect(shown.slice(0, cut)).toBe(whole.slice(0, cut));
		expect(shown.slice(cut)).toBe(`[… ${(Buffer.byteLength(whole) - cut).toLocaleString('en-US')} more bytes not shown …]\r\n`);
		// The counts are the whole payload's, not the part shown: lines without the final "."; the size stored without
		// that line and the stuffed dots, the bytes sent with them.
		const sent = Buffer.byteLength(whole);
		const stuffed = whole.split('\r\n').filter(line => line.startsWith('..')).length;
		expect(stuffed).toBeGreaterThan(0);
		expect(wholeCounts).toEqual({counts: {lines: whole.split('\r\n').length - 2, stored: sent - stuffed - 3, sent, stuffed}});
		expect(shownCounts).toEqual(wholeCounts);
	});

	it('keeps the attachments in the draft', () => {
		const draft = draftFromComposer({from: 'a@example.test', to: 'b@example.test', subject: 's', body: 'b', attach: 'one.txt, "two, three.txt"'});
		expect(draft.attachments).toEqual(['one.txt', 'two, three.txt']);
		expect(composerFromDraft(draft).attach).toBe('one.txt, "two, three.txt"');
	});
});
