// What the user typed is what the recipient reads: random display names, subjects, extra headers, bodies and
// attachments go through `send` (in-process: its flags, composeMessage, the DATA encoder, TCP) to a real sandbox, and
// mailparser reads back from what the sandbox captured exactly what was typed, in bytes that keep SMTP's and MIME's
// rules. A recording proxy between them keeps the dot-stuffed wire bytes, which must unstuff to what was captured.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {DataEncoder} from '../../source/smtp/data-encoder.js';
import {composeFromValues} from '../../source/ui/outgoing.js';
import {checkFuzz, FUZZ_TIMEOUT} from '../helpers/fuzz.js';
import {attachmentFiles, composerValues, readBackProblems, sendFlags, typed, wireProblem, type Typed} from '../helpers/roundtrip.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {dataPayloads, payloadProblem, recordingProxy, unstuffed, type Proxy} from '../helpers/wire-check.js';
import {RawClient} from '../sandbox/helpers/raw-client.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

let sandbox: TestSandbox;
let proxy: Proxy;
let dir: string;
beforeAll(async () => {
	sandbox = await startTestSandbox({starttls: false});
	proxy = await recordingProxy(sandbox.port);
	dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-roundtrip-'));
});
afterAll(async () => {
	await proxy.close();
	await sandbox.close();
	rmSync(dir, {recursive: true, force: true});
});

let runs = 0;

/** A way a message is sent: `send`'s, or the dashboard's; the exit code and what it said (0 and '' when it went). */
type Sender = (message: Typed, files: string[], folder: string) => Promise<{code: number; out: string}>;

/** `send`, in-process, with these flags. A refused flag is thrown (the CLI prints it, exit 1): here it is the outcome. */
const sendWith = (flags: Record<string, unknown>) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(proxy.port), starttls: false, helo: 'client.test', ...flags}).catch((error: unknown) => ({code: 1, out: String(error)}));

/** `send` with the typed message's flags. */
const bySend: Sender = (message, files) => sendWith(sendFlags(message, files));

/** `send --body @FILE`: the body read from a file, streamed through the line-end normaliser. */
const byBodyFile: Sender = (message, files, folder) => {
	const file = path.join(folder, 'body.txt');
	mkdirSync(folder, {recursive: true});
	writeFileSync(file, message.body);
	return sendWith({...sendFlags(message, files), body: `@${file}`});
};

/**
 * The dashboard's way: the composer's field values built into a message (composeFromValues, as Ctrl+S and the preview
 * build it), its stream through the DATA encoder the session uses, to the sandbox over TCP.
 */
const byComposer: Sender = async (message, files) => {
	let composed;
	try {
		composed = await composeFromValues(composerValues(message, files));
	} catch (error) {
		return {code: 1, out: String(error)};
	}
	const client = await RawClient.connect(proxy.port);
	await client.reply();
	await client.command('EHLO client.test');
	// As the session declares it: a header with a UTF-8 address goes only where SMTPUTF8 does (RFC 6531).
	const replies = [await client.command(`MAIL FROM:<${composed.envelope.from}>${composed.utf8Headers ? ' SMTPUTF8' : ''}`)];
	for (const recipient of composed.envelope.to) replies.push(await client.command(`RCPT TO:<${recipient}>`));
	replies.push(await client.command('DATA'));
	const encoder = new DataEncoder();
	for await (const chunk of composed.stream()) client.write(Buffer.from(encoder.push(chunk)));
	client.write(encoder.end());
	replies.push(await client.reply());
	await client.command('QUIT');
	const refused = replies.find(reply => reply.code >= 400);
	return refused ? {code: 1, out: refused.text} : {code: 0, out: ''};
};

/** Sends `message`; what the sandbox captured and the wire carried, or the refusal's words. */
async function sent(message: Typed, sender: Sender) {
	const folder = path.join(dir, String(runs++));
	const files = attachmentFiles(folder, message.attachments);
	const before = sandbox.mailbox.list().length;
	const sentBefore = proxy.clientBytes().length;
	const {code, out} = await sender(message, files, folder);
	const captured = sandbox.mailbox.list().slice(before);
	const payloads = dataPayloads(proxy.clientBytes().subarray(sentBefore));
	return {code, out, captured: captured.map(summary => sandbox.mailbox.get(summary.id)!), payloads};
}

/** Every problem with how `message` went: refused, broken on the wire, or read back as other than typed. */
async function problems(message: Typed, sender: Sender = bySend): Promise<string[]> {
	const {code, out, captured, payloads} = await sent(message, sender);
	if (code !== 0) return [`exit ${code}: ${out.trim().split('\n').slice(-3).join(' | ')}`];
	if (captured.length !== 1 || payloads.length !== 1) return [`${captured.length} messages captured, ${payloads.length} DATA payloads sent`];
	const [{raw, envelope}] = captured as [(typeof captured)[number]];
	const [payload] = payloads as [Buffer];
	const found = [payloadProblem(payload), unstuffed(payload).equals(raw) ? undefined : 'the wire bytes, unstuffed, are not what the sandbox captured', wireProblem(raw, envelope.mailFrom.params.SMTPUTF8 === true)];
	return [...found.filter(problem => problem !== undefined), ...(await readBackProblems(message, raw, envelope.rcptTo.map(recipient => recipient.address)))];
}

/** A message with only the fields a case is about given. */
const plain = (fields: Partial<Typed>): Typed => ({from: 'Ann', to: ['Bob'], cc: [], bcc: 0, subject: 'Hello', headers: [], body: 'Hi\n', attachments: [], ...fields});

describe('send: what is typed is what the recipient reads', () => {
	// Failures the property found, shrunk.
	it.each([
		// MailComposer wrote ASCII that reads as an encoded word as it is: the recipient read "x".
		['a display name that reads as an encoded word', plain({from: '=?UTF-8?Q?x?=', to: ['=?utf-8?b?w7w=?= Lee']})],
		['a subject that reads as an encoded word', plain({subject: '=?UTF-8?Q?x?='})],
		['a header value that reads as an encoded word', plain({headers: [{name: 'X-Note', value: 'see =?UTF-8?B?SGk=?= here'}]})],
		// The list was split at a ; after an escaped quote, as if the quote had closed the name.
		['a display name with a quote, then a semicolon', plain({to: ['" ;'], cc: ['Lee "Ace"; Ann']})],
		// A backslash before the closing quote was taken for an escape: the address read as inside the quotes.
		['a display name that is a backslash', plain({cc: ['\\'], to: ['a\\']})],
		// The check for a list of files run together trimmed the name: ",! " was looked for as ",!".
		['an attachment whose name holds a comma and ends in a space', plain({attachments: [{name: ',! ', bytes: Buffer.from('x')}]})],
	])('%s arrives as typed', async (_what, message) => {
		expect(await problems(message)).toEqual([]);
	});

	it('random names, subjects, headers, bodies and attachments arrive as typed, in bytes that keep the rules', async () => {
		await checkFuzz(
			fc.asyncProperty(typed({nul: true}), async message => {
				expect(await problems(message)).toEqual([]);
			}),
			60,
		);
	}, FUZZ_TIMEOUT);

	it('random bodies given as a file (--body @FILE) arrive as typed', async () => {
		// A body file may not be empty, hold NUL or start with a byte order mark (refused, or left out, with a note).
		const fileBody = typed({nul: false}).filter(message => message.body !== '' && !message.body.startsWith('\uFEFF'));
		await checkFuzz(
			fc.asyncProperty(fileBody, async message => {
				expect(await problems(message, byBodyFile)).toEqual([]);
			}),
			30,
		);
	}, FUZZ_TIMEOUT);
});

describe("the dashboard's composer: what is typed is what the recipient reads", () => {
	const file = (name: string) => ({name, bytes: Buffer.from(name)});
	// The Attach list took a quote or a < inside a path for one opening quotes or <>: the comma after it split nothing.
	it.each([
		['a quote', [file('"report'), file('notes.txt')]],
		['a < and a >', [file('a<b'), file('c>d.txt'), file('e.txt')]],
		['a quoted comma', [file('a, b.txt'), file('say "hi".txt')]],
	])('attachments whose names hold %s, listed in the Attach field, arrive as typed', async (_what, attachments) => {
		expect(await problems(plain({attachments}), byComposer)).toEqual([]);
	});

	it('random names, subjects, headers, bodies and attachments typed into its fields arrive as typed', async () => {
		await checkFuzz(
			// A name with a quote before a comma cannot be typed in the Attach field: quoted, that quote would end the path.
			fc.asyncProperty(typed({nul: false}).filter(message => !message.attachments.some(({name}) => /"\s*,/.test(name))), async message => {
				expect(await problems(message, byComposer)).toEqual([]);
			}),
			40,
		);
	}, FUZZ_TIMEOUT);
});

/** Characters no header may carry: a line break would start a header or command, a control reach a terminal. */
const UNSAFE = ['\r', '\n', '\r\n', '\0', '\u001B', '\u0007', '\u007F', '\u0085', '\u009B'];
/** Where one goes: the field, the words the refusal names it by. */
const FIELDS = {subject: /subject/i, header: /header X-Rt-0|--header/, from: /From address|--from/i, to: /To address|--to/i} as const;

describe('what no header may hold is refused, naming the field, and nothing is sent', () => {
	const unsafe = fc.record({message: typed({nul: false}), field: fc.constantFrom(...(Object.keys(FIELDS) as Array<keyof typeof FIELDS>)), char: fc.constantFrom(...UNSAFE), at: fc.nat()});
	const inserted = (text: string, char: string, at: number) => text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1));
	it.each([['send', bySend], ['the composer', byComposer]] as const)('%s', async (_way, sender) => {
		await checkFuzz(
			fc.asyncProperty(unsafe, async ({message, field, char, at}) => {
				const bad: Typed =
					field === 'subject' ? {...message, subject: inserted(message.subject, char, at)}
					: field === 'header' ? {...message, headers: [{name: 'X-Rt-0', value: inserted(message.headers[0]?.value ?? 'value', char, at)}, ...message.headers.slice(1)]}
					: field === 'from' ? {...message, from: inserted(message.from || 'Ann', char, at)}
					: {...message, to: [inserted(message.to[0] || 'Ann', char, at), ...message.to.slice(1)]};
				const {code, out, captured, payloads} = await sent(bad, sender);
				expect({code: code === 0 ? 0 : 'refused', captured: captured.length, payloads: payloads.length}).toEqual({code: 'refused', captured: 0, payloads: 0});
				expect(out).toMatch(FIELDS[field]);
			}),
			30,
		);
	}, FUZZ_TIMEOUT);
});

