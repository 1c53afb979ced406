// `send --attach mail.eml`: a message attached (a forward) goes as message/rfc822 unencoded, 7bit or 8bit, as RFC 2046
// §5.2.1 asks (base64 made mail programs show it as a file); one SMTP cannot carry so goes as a file, with a note.
// Run as users run it (dist/cli.js), against a real server; what it captured is read back with mailparser.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {simpleParser} from 'mailparser';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-attach-message-'));
let server: TestSmtpServer;
let old: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
	old = await startSmtpServer({hideSTARTTLS: true, hide8BITMIME: true});
});
afterAll(async () => {
	await Promise.all([server.close(), old.close()]);
	rmSync(dir, {recursive: true, force: true});
});

const file = (name: string, content: string | Buffer) => {
	const where = path.join(dir, name);
	writeFileSync(where, content);
	return where;
};
const EIGHT_BIT = 'From: jörg@example.test\r\nSubject: Grüße\r\n\r\nSchöne Grüße\r\n';
const FORWARD = 'From: Ann <ann@example.test>\nTo: me@example.test\nSubject: the plan\n\nHere it is.\n.hidden dot line\n';

/** Sends `attach` to `to` (default: the server with 8BITMIME); the transcript, the raw message and its attachment. */
async function sent(attach: string, to = server) {
	const before = to.messages.length;
	const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(to.port), '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test', '--body', 'Forwarded.', '--attach', attach]);
	expect(result.code, result.stdout + result.stderr).toBe(0);
	expect(to.messages.length).toBe(before + 1);
	const raw = to.messages.at(-1)!.raw;
	return {stdout: result.stdout, raw: raw.toString('latin1'), attachment: (await simpleParser(raw)).attachments[0]!};
}

describe('send --attach of a message (.eml)', () => {
	it('goes as message/rfc822, 7bit, its lines in CRLF, as an attachment: not base64', async () => {
		const {raw, attachment, stdout} = await sent(file('forward.eml', FORWARD));
		expect(raw).toMatch(/^Content-Type: message\/rfc822; name=forward\.eml\r\nContent-Transfer-Encoding: 7bit\r\nContent-Disposition: attachment; filename=forward\.eml\r\n\r\nFrom: Ann <ann@example\.test>\r\n/m);
		expect(raw).not.toContain('base64');
		expect(attachment.contentType).toBe('message/rfc822');
		expect(attachment.content.toString('utf8')).toBe(FORWARD.replaceAll('\n', '\r\n'));
		expect(stdout).not.toMatch(/MAIL FROM:.*BODY=8BITMIME/);
	});

	it('goes 8bit with 8-bit bytes, declared BODY=8BITMIME', async () => {
		const {raw, attachment, stdout} = await sent(file('grüße.eml', EIGHT_BIT));
		expect(raw).toMatch(/^Content-Transfer-Encoding: 8bit\r\nContent-Disposition: attachment;/m);
		expect(attachment.content.toString('utf8')).toBe(EIGHT_BIT);
		expect(stdout).toMatch(/ -> MAIL FROM:<me@example\.test> BODY=8BITMIME/);
	});

	// RFC 6152 §3: no 8-bit data to a server that does not offer 8BITMIME; a message part may not be encoded instead.
	it('with 8-bit bytes is not sent to a server without 8BITMIME: no MAIL, the way out named; as a file it goes', async () => {
		const utf8 = file('grüße.eml', EIGHT_BIT);
		const before = old.messages.length;
		const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(old.port), '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'Forwarded.', '--attach', utf8]);
		expect(result.code).toBe(23);
		expect(result.stdout).not.toContain('MAIL FROM');
		expect(result.stdout).toMatch(/^\*\*\* failed \(mail\): the attached message grüße\.eml has 8-bit bytes, which go only to a server that offers 8BITMIME \(RFC 6152\), and this one does not; nothing was sent: send through one that offers it, or attach it as a file, in base64 \(--attach 'FILE;type=application\/octet-stream'; in the dashboard, a copy not named \.eml\)$/m);
		expect(old.messages.length).toBe(before);
		const {raw, attachment} = await sent(`${utf8};type=application/octet-stream`, old);
		// The non-ASCII name is folded onto a line of its own.
		expect(raw).toMatch(/^Content-Type: application\/octet-stream;\r\n name="[^"]+"\r\nContent-Transfer-Encoding: base64\r\n/m);
		expect(attachment.content.toString('utf8')).toBe(EIGHT_BIT);
	});

	it.each([
		['a line over 998 octets', `Subject: wide\n\n${'x'.repeat(1200)}\n`, 'its line 3 is longer than 998 octets, the most SMTP carries unencoded'],
		['a NUL byte', 'Subject: odd\n\na\u0000b\n', 'it holds NUL bytes, which SMTP does not carry unencoded'],
	])('with %s goes as a file (application/octet-stream, base64), its bytes whole, and says why', async (_case, content, why) => {
		const {attachment, stdout, raw} = await sent(file('odd.eml', content));
		expect(stdout).toContain(`=== note: odd.eml goes as a file (application/octet-stream, base64), not as a message (message/rfc822): ${why}, and a message part may not be encoded (RFC 2046 §5.2.1)`);
		// On the wire (mailparser guesses message/rfc822 again from the name).
		expect(raw).toMatch(/^Content-Type: application\/octet-stream; name=odd\.eml\r\nContent-Transfer-Encoding: base64\r\n/m);
		expect(attachment.filename).toBe('odd.eml');
		expect(attachment.content.toString('latin1')).toBe(content);
	});

	it('takes ;type=message/rfc822 for a file named otherwise, as a message too', async () => {
		const {raw} = await sent(`${file('saved.txt', FORWARD)};type=message/rfc822`);
		expect(raw).toMatch(/^Content-Type: message\/rfc822; name=saved\.txt\r\nContent-Transfer-Encoding: 7bit\r\n/m);
	});

	it('ends a message whose last line has no line break on one, before the next boundary', async () => {
		const {raw} = await sent(file('cut.eml', 'Subject: cut\n\nno end'));
		expect(raw).toMatch(/\r\n\r\nno end\r\n-+_NmP-[\w-]+--\r\n/);
	});
});
