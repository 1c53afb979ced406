// `send --json`: what a script needs from the result line without parsing prose (the reply that failed the session
// as data, the queue id, each recipient's reply, the Message-ID), the message's sizes in the text's terms, and
// warnings as a kind of their own. In-process, against the sandbox and real SMTP servers on loopback.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {queueIdOf} from '../../source/smtp/queue-id.js';
import {UsageError} from '../../source/headless/command.js';
import {greetAndEhlo, greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

const tempDir = useTempDirs('send-json-result');
/** Offers no STARTTLS (so the session warns that it goes in clear) and refuses the sender blocked@. */
let plain: TestSmtpServer;
let sandbox: TestSandbox;
beforeAll(async () => {
	plain = await startSmtpServer({
		hideSTARTTLS: true,
		onRcptTo(address, _session, callback) {
			if (address.address.startsWith('nobody')) callback(Object.assign(new Error('5.1.1 user unknown'), {responseCode: 550}));
			else if (address.address.startsWith('later')) callback(Object.assign(new Error('4.2.0 mailbox busy, try later'), {responseCode: 450}));
			else callback();
		},
		onMailFrom(address, _session, callback) {
			if (address.address.startsWith('blocked')) callback(Object.assign(new Error('5.7.1 sender blocked by policy'), {responseCode: 550}));
			else callback();
		},
	});
	sandbox = await startTestSandbox();
});
afterAll(async () => {
	await plain.close();
	await sandbox.close();
});

const send = (port: number, flags: Record<string, unknown> = {}, input?: string[]) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(port), from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', subject: 'Hi', body: '.a dot\nHello.', json: true, ...flags}, [], {
		...(input && {input}),
	});

const lines = (out: string) =>
	out
		.trimEnd()
		.split('\n')
		.map(line => JSON.parse(line) as Record<string, unknown>);
const resultOf = (out: string) => lines(out).at(-1)!;

/** The Message-ID in a message's header section. */
const messageIdIn = (raw: Buffer) => /^Message-ID: (<[^>]+>)\r$/im.exec(raw.toString())?.[1];

describe('send --json: the result line', () => {
	it('names the queue id the server gave, and the Message-ID the message went with', async () => {
		// This send's message: the sandbox is the file's, and another test's may have been accepted before.
		const before = sandbox.events.length;
		const {code, out} = await send(sandbox.port, {starttls: false});
		expect(code).toBe(0);
		const result = resultOf(out);
		// As the server sent it, its enhanced code too.
		expect(result.queued).toMatch(/^250 2\.\d\.\d .*queued as \d+$/);
		const event = await sandbox.event('accepted', accepted => sandbox.events.indexOf(accepted) >= before);
		expect(result.queueId).toBe(String(event.id));
		expect(result.messageId).toBe(messageIdIn(await sandbox.mailbox.read(event.id)));
	});

	it('a --data message: the Message-ID of its own header, folded or not', async () => {
		const data = 'Message-ID:\n <folded.1@example.test>\nSubject: ready\n\nbody\n';
		const {code, out} = await send(plain.port, {subject: undefined, body: undefined, data: '-'}, [data]);
		expect(code).toBe(0);
		expect(resultOf(out).messageId).toBe('<folded.1@example.test>');
		// Without one: left out, not made up.
		const none = await send(plain.port, {subject: undefined, body: undefined, data: '-'}, ['Subject: no id\n\nbody\n']);
		expect(resultOf(none.out)).not.toHaveProperty('messageId');
	});

	it('a refusal: the reply as data (code, enhanced code, text, temporary or not), and each recipient\'s reply text', async () => {
		const {code, out} = await send(plain.port, {from: 'blocked@example.test'});
		expect(code).toBe(23);
		expect(resultOf(out)).toMatchObject({
			stage: 'mail',
			reply: {code: 550, enhanced: '5.7.1', text: 'sender blocked by policy', temporary: false},
			recipients: [{address: 'a@example.test', accepted: null, code: null, enhanced: null, text: null}],
		});
		const rcpt = await send(plain.port, {to: ['nobody@example.test']});
		expect(rcpt.code).toBe(24);
		expect(resultOf(rcpt.out)).toMatchObject({
			reply: {code: 550, enhanced: '5.1.1', text: 'user unknown', temporary: false},
			recipients: [{address: 'nobody@example.test', accepted: false, code: 550, enhanced: '5.1.1', text: 'user unknown'}],
		});
		// Every recipient refused, one for good: the reply is that permanent one, whatever the order, so a script
		// that retries on "temporary" does not retry a message one recipient will always refuse.
		for (const to of [['nobody@example.test', 'later@example.test'], ['later@example.test', 'nobody@example.test']]) {
			const mixed = await send(plain.port, {to});
			expect(mixed.code).toBe(24);
			expect(resultOf(mixed.out)).toMatchObject({reply: {code: 550, temporary: false}});
		}
		// Only temporary refusals: temporary.
		expect(resultOf((await send(plain.port, {to: ['later@example.test']})).out)).toMatchObject({reply: {code: 450, temporary: true}});
		// A temporary refusal of the message itself: a script may try again later.
		const later = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('451 4.3.0 try again later\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const deferred = await send(later.port, {starttls: false});
		await later.close();
		expect(deferred.code).toBe(26);
		expect(resultOf(deferred.out)).toMatchObject({stage: 'final-dot', reply: {code: 451, enhanced: '4.3.0', text: 'try again later', temporary: true}});
		// A success has no failing reply.
		expect(resultOf((await send(plain.port)).out)).not.toHaveProperty('reply');
	});

	it('a 4xx that no wait helps is not temporary: a script that retries on it would retry for ever', async () => {
		// RFC 4954 §6's password transition: a login with PLAIN inside TLS is the remedy.
		const transition = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['AUTH CRAM-MD5']);
			await peer.readLine();
			peer.write('432 4.7.12 A password transition is needed\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const refused = await send(transition.port, {starttls: false, user: 'demo', password: 'pw', allowPlaintextAuth: true});
		await transition.close();
		expect(resultOf(refused.out)).toMatchObject({stage: 'auth', reply: {code: 432, enhanced: '4.7.12', temporary: false}});
	});
});

describe('send --json: log lines', () => {
	it('the message: the size the server stores and the bytes sent, as the text line says them', async () => {
		const {out} = await send(plain.port);
		const data = lines(out).find(line => line.kind === 'data') as {text: string; data: {stored: number; bytes: number}};
		const stored = plain.messages.at(-1)!.raw.length;
		// One dot stuffed, then ".\r\n".
		expect(data.data).toMatchObject({stored, bytes: stored + 1 + 3});
		expect(data.text).toContain(`${stored} bytes, then "." (${stored + 4} bytes sent: 1 line dot-stuffed)`);
	});

	it('warnings are "kind":"warning", in the json transcript file too; the text transcript is unchanged', async () => {
		const file = path.join(await tempDir(), 'session.jsonl');
		const {out} = await send(plain.port, {transcript: file});
		const warning = 'warning: no TLS (the server does not offer STARTTLS): the rest of this session, message included, goes unencrypted; --starttls requires TLS';
		expect(lines(out).filter(line => line.kind === 'warning').map(line => line.text)).toEqual([warning]);
		const saved = lines(readFileSync(file, 'utf8'));
		expect(saved.filter(line => line.kind === 'warning').map(line => line.text)).toEqual([warning]);
		expect(saved.find(line => line.kind === 'data')).toMatchObject({data: {stored: plain.messages.at(-1)!.raw.length}});
		const text = await send(plain.port, {json: false});
		expect(text.out).toContain(`\n=== ${warning}\n`);
	});

	it('the --insecure lines of a session that went on past them are warnings, not errors', async () => {
		// The sandbox's certificate is not trusted here (no --ca): --insecure takes it, loudly.
		const {code, out} = await send(sandbox.port, {insecure: true});
		expect(code).toBe(0);
		const warnings = lines(out).filter(line => line.kind === 'warning').map(line => line.text as string);
		expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^certificate verification is OFF \(--insecure\)/), expect.stringMatching(/; continuing because of --insecure$/)]));
		expect(lines(out).filter(line => line.kind === 'error')).toEqual([]);
	});
});

describe('queueIdOf: only the forms known to name a queue id', () => {
	const reply = (text: string) => ({code: 250, lines: [text], raw: []});
	it.each([
		['Ok: queued as 4Xyz1ab', '4Xyz1ab'],
		['Ok: queued as 12', '12'],
		['OK id=1qXyz-0001Ab-Cd', '1qXyz-0001Ab-Cd'],
		['5B4Gx012345 Message accepted for delivery', '5B4Gx012345'],
		// OpenSMTPD 6: "250 2.0.0: 3e9a1f2b Message accepted for delivery", the colon left in the text by the parser.
		['2.0.0: 3e9a1f2b Message accepted for delivery', '3e9a1f2b'],
		// Haraka: its transaction's uuid, with the message's number in it after a dot.
		['Message Queued (2CC349EE-570F-4E3B-AC20-74CA3A3B6574.1)', '2CC349EE-570F-4E3B-AC20-74CA3A3B6574.1'],
		// MailHog: its message id whole, not cut at "=" (a full stop ending the sentence is not part of it).
		['Ok: queued as 5C7Xj1a2B3c4D5e6F7g8H9i0=@mailhog.example', '5C7Xj1a2B3c4D5e6F7g8H9i0=@mailhog.example'],
		['Ok: queued as 4Xyz1ab.', '4Xyz1ab'],
		// qmail: the qp that qmail-send logs ("info msg …: … qp 12345").
		['ok 1733512345 qp 12345', '12345'],
		// Amazon SES: its message id.
		['Ok 0100018c3f2a1b2c-4e5f6a7b-8c9d-0e1f-2a3b-4c5d6e7f8a9b-000000', '0100018c3f2a1b2c-4e5f6a7b-8c9d-0e1f-2a3b-4c5d6e7f8a9b-000000'],
	])('%s: %s', (text, id) => {
		expect(queueIdOf(reply(text))).toBe(id);
	});
	it.each(['OK  1700000000 d12-20020a05600c3a0c00b0040b2c195523si1234567wmq.123 - gsmtp', 'Accepted', 'Queued mail for delivery', 'Ok', 'Ok: queued', 'ok 1733512345'])('%s: none', text => {
		expect(queueIdOf(reply(text))).toBeUndefined();
	});
});

describe('send: SMTP_PASSWORD set but empty', () => {
	const refusal = (env: NodeJS.ProcessEnv) =>
		runInProcess(runSend, {host: '127.0.0.1', port: String(plain.port), to: ['a@example.test'], user: 'demo'}, [], {env}).then(
			() => expect.fail('send went on without a password'),
			(error: unknown) => error as UsageError,
		);

	it('says so, rather than that no password was given', async () => {
		expect(await refusal({SMTP_PASSWORD: ''})).toMatchObject({
			message: '--user demo given but no password: SMTP_PASSWORD is set but empty',
			hint: 'use --password, or set SMTP_PASSWORD to the password (there is no prompt without a terminal)',
		});
		expect(await refusal({})).toMatchObject({message: '--user demo given but no password', hint: 'use --password, or set SMTP_PASSWORD (there is no prompt without a terminal)'});
	});
});
