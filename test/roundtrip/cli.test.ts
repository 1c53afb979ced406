// The round trip through the built CLI (dist/cli.js `send`, a real process, its flags from a real argv) to a sandbox
// started in the test: fixed cases of what the property tests (fidelity.test.ts) found or cover, read back by mailparser
// from what the sandbox captured, and the captured bytes held to the wire rules.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {attachmentFiles, readBackProblems, sendFlags, wireProblem, type Typed} from '../helpers/roundtrip.js';
import {runCli} from '../helpers/run-cli.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

let sandbox: TestSandbox;
let dir: string;
beforeAll(async () => {
	sandbox = await startTestSandbox({starttls: false});
	dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-roundtrip-cli-'));
});
afterAll(async () => {
	await sandbox.close();
	rmSync(dir, {recursive: true, force: true});
});

let runs = 0;

/** `send`'s flags as a command line: each value after its flag, a list flag once per value. */
const argv = (flags: Record<string, string | string[]>) => Object.entries(flags).flatMap(([name, value]) => [value].flat().flatMap(item => [`--${name}`, item]));

/** Runs `smtp-tui send` for `message` (its body given by `body`, else as --body TEXT); the problems, none when it arrived as typed. */
async function problems(message: Typed, body?: {flag: string; input?: string}): Promise<string[]> {
	const folder = path.join(dir, String(runs++));
	const {body: text, ...flags} = sendFlags(message, attachmentFiles(folder, message.attachments));
	const before = sandbox.mailbox.list().length;
	const env = {SMTP_TUI_STATE_DIR: folder, SMTP_TUI_CONFIG_DIR: folder};
	const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(sandbox.port), '--no-starttls', '--helo', 'client.test', ...argv({...flags, body: body?.flag ?? text})], {env, ...(body?.input !== undefined && {input: body.input})});
	if (result.code !== 0) return [`exit ${result.code}: ${result.stderr.trim()}`];
	const captured = sandbox.mailbox.list().slice(before);
	if (captured.length !== 1) return [`${captured.length} messages captured`];
	const {raw, envelope} = sandbox.mailbox.get(captured[0]!.id)!;
	const wire = wireProblem(raw, envelope.mailFrom.params.SMTPUTF8 === true);
	return [...(wire ? [wire] : []), ...(await readBackProblems(message, raw, envelope.rcptTo.map(recipient => recipient.address)))];
}

const plain = (fields: Partial<Typed>): Typed => ({from: 'Ann', to: ['Bob'], cc: [], bcc: 0, subject: 'Hello', headers: [], body: 'Hi\n', attachments: [], ...fields});

/** A body SMTP makes hard: dot lines, a `From ` line, blanks at line ends, a line past 998 octets, a lone CR, no final line break. */
const HARD_BODY = `.\n..\n.leading dot\nFrom me\ntrailing blanks \t \n${'x'.repeat(1200)}\nlone\rCR\r\nform\ffeed 𝔘𝔫𝔦 😀\n.\nno final line break`;

describe('smtp-tui send (the built CLI): what is typed is what the recipient reads', () => {
	it('display names, a subject and a header that read as encoded words, or hold quotes, backslashes and semicolons', async () => {
		const message = plain({
			from: '=?UTF-8?Q?x?=',
			to: ['Lee "Ace"; Ann', '\\'],
			cc: ['محمد (Sales, EU) 👩‍💻'],
			bcc: 2,
			subject: ' =?utf-8?b?w7w=?= Grüße, 日本語 '.repeat(6),
			headers: [{name: 'X-Note', value: `see =?UTF-8?B?SGk=?=\there ${'y'.repeat(120)}`}],
		});
		expect(await problems(message)).toEqual([]);
	});

	it('a body of dot lines, From, trailing blanks, a 1200-octet line and a lone CR, typed, from a file and on standard input', async () => {
		expect(await problems(plain({body: HARD_BODY}))).toEqual([]);
		const file = path.join(dir, 'body.txt');
		writeFileSync(file, HARD_BODY);
		expect(await problems(plain({body: HARD_BODY}), {flag: `@${file}`})).toEqual([]);
		expect(await problems(plain({body: HARD_BODY}), {flag: '-', input: HARD_BODY})).toEqual([]);
	});

	it('attachments named with spaces, unicode, quotes, semicolons and 200 octets, one of them empty, beside an empty body', async () => {
		const attachments = ['report (1).pdf', 'Grüße 日本 😀.txt', 'say "hi"; =?UTF-8?Q?x?=.bin', `${'ü'.repeat(95)}.tar.gz`, 'empty'].map((name, index) => ({name, bytes: index === 4 ? Buffer.alloc(0) : Buffer.from(Array.from({length: 300 * index + 1}, (_, at) => (at * 37) % 256))}));
		expect(await problems(plain({body: '', attachments}))).toEqual([]);
	});
});
