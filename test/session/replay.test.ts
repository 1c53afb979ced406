// Record a real session against the sandbox, then replay it with no server: the same lines, replies and steps.
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {SmtpDriver} from '../../source/session/driver.js';
import type {DriverOptions} from '../../source/session/driver-options.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {eventBytes, parseRecording, RecordingWriter, type Recording} from '../../source/session/recording.js';
import {ReplayConnection} from '../../source/session/replay-connection.js';
import {clientActions, CUT_NOTE, recordedMessage, replayNext, type ReplayOptions} from '../../source/session/replay.js';
import {ReplayServer} from '../../source/session/replay-connection.js';
import {EXAMPLES, exampleFile} from '../../source/ui/examples.js';
import {startRecording} from '../../source/headless/record.js';
import {failedCaption} from '../../source/ui/components/step-rail.js';
import {greetAndEhlo, startRawServer} from '../helpers/raw-server.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-'));

function message(to: string[], body = 'Subject: hi\r\n\r\n.dot line\r\nlast\r\n'): OutgoingMessage {
	return {from: 'me@example.test', recipients: to, eightBit: false, allowPartial: true, body: async function* () {
		yield Buffer.from(body);
	}};
}

const conversation = (driver: SmtpDriver) =>
	driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received' || e.kind === 'data').map(e => `${e.kind} ${e.text}`);
const rail = (driver: SmtpDriver) => driver.getSnapshot().steps.map(s => `${s.step}:${s.status}`);

function replayDriver(recording: Recording): SmtpDriver {
	const {host, port, tls} = recording.meta;
	const driver = new SmtpDriver({host, port, tls, ehloName: 'unused.test', open: ReplayConnection.opener(recording.events, {instant: true}), replay: true});
	cleanups.push(() => driver.destroy());
	return driver;
}

/** Plays the recording's next connection through the driver (whose open is a ReplayServer's): true when it played to its end. */
async function playedToEnd(driver: SmtpDriver, options: ReplayOptions = {}): Promise<boolean> {
	return (await replayNext(driver, ReplayServer.of(driver.options.open)!, options)).outcome === 'played';
}

/** A real session to 127.0.0.1:port, recorded to `name` in the test folder; the driver and the file, once it ran. */
async function recordSession(name: string, options: Omit<DriverOptions, 'host' | 'ehloName' | 'onWire'>, to = ['friend@example.test']) {
	const file = path.join(dir, name);
	const writer = new RecordingWriter(file, {host: '127.0.0.1', port: options.port, tls: options.tls});
	const original = new SmtpDriver({host: '127.0.0.1', ehloName: 'rec.test', onWire: writer.record, ...options});
	cleanups.push(() => original.destroy());
	const result = await original.run(message(to));
	return {file, original, result};
}

describe('record and replay', () => {
	it('replays a STARTTLS + AUTH session with the same conversation, step rail and TLS details, secrets absent', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const {file, original, result} = await recordSession('tls.jsonl', {port: sandbox.port, tls: 'starttls', ca: sandbox.certificate.pem, auth: {user: 'demo', password: 'demo'}});
		expect(result).toMatchObject({ok: true});
		await original.quit();

		const text = readFileSync(file, 'utf8');
		expect(text).not.toContain(Buffer.from('\0demo\0demo').toString('base64'));
		const recording = parseRecording(text, file);
		expect(recording.events.some(e => e.type === 'tls')).toBe(true);

		const replayed = replayDriver(recording);
		expect(await playedToEnd(replayed)).toBe(true);
		expect(conversation(replayed)).toEqual(conversation(original));
		expect(rail(replayed)).toEqual(rail(original));
		expect(replayed.getSnapshot().tls?.protocol).toBe(original.getSnapshot().tls?.protocol);
		expect(replayed.getSnapshot().authenticated).toBe(true);
		// The log and the panel say it is a recording, not a network connection to the recorded host.
		const infos = replayed.log.entries.filter(e => e.kind === 'info').map(e => e.text);
		expect(infos.slice(0, 2)).toEqual([`connecting to 127.0.0.1:${sandbox.port} (STARTTLS required) [replay: a recording, no network]`, 'playing the recording: no network']);
		expect(replayed.getSnapshot().target).toMatchObject({replay: true, sandbox: false});
	});

	it('asks before each command in step mode and stops when told', async () => {
		const recording = parseRecording(readFileSync(exampleFile('plain-delivery')!, 'utf8'));
		const driver = replayDriver(recording);
		const asked: string[] = [];
		const played = await playedToEnd(driver, {
			confirm: async ({display}) => {
				asked.push(display);
				return asked.length < 3 ? {action: 'send'} : {action: 'stop'};
			},
		});
		expect(played).toBe(false);
		expect(asked).toEqual(['EHLO workshop.example.test', expect.stringMatching(/^MAIL FROM:<you@example\.test>/), 'RCPT TO:<friend@example.test>']);
		expect(driver.log.entries.filter(e => e.kind === 'sent').map(e => e.text)).toHaveLength(2);
	});

	it('offers each recorded line as it was typed (lower case, its spacing): the prompt shows what the log then shows', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const file = path.join(dir, 'typed.jsonl');
		const writer = new RecordingWriter(file, {host: '127.0.0.1', port: sandbox.port, tls: 'none'});
		const typist = new SessionController({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'rec.test'}, {onWire: writer.record});
		cleanups.push(() => typist.close());
		const typed = ['ehlo me', 'mail from:<you@example.test>', 'rcpt  to:<friend@example.test>', 'quit'];
		for (const line of typed) expect(await typist.sendLine(line)).toBeUndefined();
		await typist.driver.until(() => false);

		const driver = replayDriver(parseRecording(readFileSync(file, 'utf8')));
		const offered: string[] = [];
		const played = await playedToEnd(driver, {
			confirm: async ({display}) => {
				offered.push(display);
				expect(driver.getSnapshot().proposed?.display).toBe(display);
				return {action: 'send'};
			},
		});
		expect(played).toBe(true);
		expect(offered).toEqual(typed);
		expect(driver.log.entries.filter(e => e.kind === 'sent').map(e => e.text)).toEqual(typed);
	});

	it('after a stop, playing again starts the recording from the top, in step with its replies', async () => {
		const recording = parseRecording(readFileSync(exampleFile('plain-delivery')!, 'utf8'));
		const driver = replayDriver(recording);
		let asked = 0;
		expect(await playedToEnd(driver, {confirm: async () => (++asked < 2 ? {action: 'send'} : {action: 'stop'})})).toBe(false);
		await driver.until(() => false);
		expect(driver.getSnapshot().connection).not.toBe('connected');
		const before = driver.log.entries.length;
		expect(await playedToEnd(driver)).toBe(true);
		const again = driver.log.entries.slice(before).filter(e => e.kind === 'sent' || e.kind === 'received').map(e => e.text);
		// The greeting first, then EHLO answered by its own 250, not by the reply the stop left pending.
		expect(again[0]).toMatch(/^220 /);
		expect(again[1]).toBe('EHLO workshop.example.test');
		expect(again[2]).toMatch(/^250[- ]/);
		expect(driver.getSnapshot().steps.filter(s => s.status === 'failed')).toEqual([]);
	});

	it('in step mode plays a failed login to its end: the recorded QUIT after the 535 is offered, not a stop', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const {file, original, result} = await recordSession('bad-login.jsonl', {port: sandbox.port, tls: 'starttls', ca: sandbox.certificate.pem, auth: {user: 'demo', password: 'wrong-password'}});
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		await original.quit();
		const driver = replayDriver(parseRecording(readFileSync(file, 'utf8')));
		const asked: string[] = [];
		const played = await playedToEnd(driver, {
			confirm: async ({display}) => {
				asked.push(display);
				// The presenter takes a moment before Enter: the offer must still be there then.
				await new Promise(resolve => setImmediate(resolve));
				return {action: 'send'};
			},
		});
		expect(played).toBe(true);
		expect(asked.at(-1)).toBe('QUIT');
		expect(conversation(driver).at(-1)).toMatch(/^received 221 /);
		expect(driver.log.entries.map(entry => entry.text)).not.toContainEqual(expect.stringMatching(/stopped by the user/));
	});

	it('a connection the server closed at RCPT replays with the failure in the snapshot, so the caption says closed', async () => {
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.write('250 ok\r\n');
			await peer.readLine();
			peer.destroy();
		});
		cleanups.push(() => server.close());
		const {file, result} = await recordSession('drop.jsonl', {port: server.port, tls: 'none'}, ['drop@example.test']);
		expect(result).toMatchObject({ok: false});
		const driver = replayDriver(parseRecording(readFileSync(file, 'utf8')));
		await playedToEnd(driver);
		const {failure, failureKind, steps} = driver.getSnapshot();
		expect(failure).toMatch(/closed/);
		expect(failedCaption(steps.find(state => state.step === 'rcpt')!, failureKind)).toBe('the connection closed before the reply');
	});

	it("a greeting held back after its '220-' line (postscreen) and timed out replays as the greeting's slow start, not a reply's", async () => {
		const server = await startRawServer(async peer => {
			peer.write('220-raw.test pausing\r\n');
			await peer.closed();
		});
		cleanups.push(() => server.close());
		const {file, original} = await recordSession('held-greeting.jsonl', {port: server.port, tls: 'none', timeouts: {greeting: 300}});
		expect(original.getSnapshot().failureKind).toBe('greeting-slow');
		const driver = replayDriver(parseRecording(readFileSync(file, 'utf8')));
		await playedToEnd(driver);
		expect(driver.getSnapshot().failureKind).toBe('greeting-slow');
	});

	it('ends a hand-edited recording with a TLS handshake no STARTTLS asked for, saying so, instead of waiting for good', async () => {
		const info = {protocol: 'TLSv1.3', cipher: 'x', subject: 'CN=a', issuer: 'CN=a', validFrom: 'x', validTo: 'y', fingerprint256: 'z', authorized: true, insecure: false};
		const file = [
			{type: 'meta', version: 4, tool: 'smtp-tui', host: '127.0.0.1', port: 25, tls: 'auto', startedAt: '2026-01-01T00:00:00Z'},
			{type: 'connect', t: 0},
			{type: 'in', t: 1, tls: false, text: '220 hi\r\n'},
			{type: 'out', t: 2, tls: false, text: 'EHLO x\r\n', verb: 'EHLO'},
			{type: 'in', t: 3, tls: false, text: '250 ok\r\n'},
			{type: 'tls', t: 4, info},
			{type: 'out', t: 5, tls: true, text: 'MAIL FROM:<a@example.test>\r\n', verb: 'MAIL'},
			{type: 'in', t: 6, tls: true, text: '250 ok\r\n'},
			{type: 'out', t: 7, tls: true, text: 'QUIT\r\n', verb: 'QUIT'},
			{type: 'in', t: 8, tls: true, text: '221 bye\r\n'},
		];
		const driver = replayDriver(parseRecording(file.map(line => JSON.stringify(line)).join('\n')));
		// Auto mode: nothing asks between the commands, so the rest would go at once into the closed connection.
		const progress = await replayNext(driver, ReplayServer.of(driver.options.open)!, {});
		await driver.until(() => false);
		expect(driver.getSnapshot().connection).not.toBe('connected');
		expect(progress.outcome).toBe('cut');
		expect(conversation(driver).filter(line => line.startsWith('sent'))).toEqual(['sent EHLO x']);
		expect(driver.log.entries.map(entry => entry.text).join('\n')).toContain('a TLS handshake here that no STARTTLS asked for');
	});

	it('makes the message a step of its own, as a live session does', async () => {
		const recording = parseRecording(readFileSync(exampleFile('plain-delivery')!, 'utf8'));
		const driver = replayDriver(recording);
		const asked: Array<{display: string; step: string | undefined}> = [];
		const played = await playedToEnd(driver, {
			confirm: async ({display}) => {
				asked.push({display, step: driver.getSnapshot().proposed?.step});
				return {action: 'send'};
			},
		});
		expect(played).toBe(true);
		const data = asked.findIndex(({display}) => display === 'DATA');
		expect(asked[data + 1]).toEqual({display: expect.stringMatching(/^\(the message, about \d+ bytes, ending with a lone "\."\)$/), step: 'message'});
		expect(asked[data + 2]?.display).toBe('QUIT');
	});

	it('sends the recorded line even when asked to edit it: its reply is the recorded one', async () => {
		const recording = parseRecording(readFileSync(exampleFile('plain-delivery')!, 'utf8'));
		const driver = replayDriver(recording);
		const proposals: Array<boolean | undefined> = [];
		const played = await playedToEnd(driver, {
			confirm: async () => {
				proposals.push(driver.getSnapshot().proposed?.fixed);
				return {action: 'edit', command: {verb: 'EHLO', domain: 'edited.example'}};
			},
		});
		expect(played).toBe(true);
		expect(proposals.every(fixed => fixed === true)).toBe(true);
		expect(driver.log.entries.find(e => e.kind === 'sent')?.text).toBe('EHLO workshop.example.test');
	});

	it.each(EXAMPLES)('the bundled example %s plays to its end', async name => {
		const recording = parseRecording(readFileSync(exampleFile(name)!, 'utf8'), name);
		const driver = replayDriver(recording);
		expect(await playedToEnd(driver)).toBe(true);
		const sent = driver.log.entries.filter(e => e.kind === 'sent').map(e => e.text);
		const recorded = clientActions(recording).filter(a => a.kind === 'command').length;
		expect(sent).toHaveLength(recorded);
		expect(sent.at(-1)).toBe('QUIT');
		expect(driver.log.entries.some(e => e.kind === 'received' && e.text.startsWith('221'))).toBe(true);
	});

	it('refuses what is not a recording, naming the line', () => {
		expect(() => parseRecording('', 'x.jsonl')).toThrow('x.jsonl is empty');
		expect(() => parseRecording('{"type":"meta","tool":"swaks"}\n', 'x.jsonl')).toThrow('not an smtp-tui recording');
		expect(() => parseRecording('{"type":"meta","tool":"smtp-tui","version":9,"host":"h","port":1}\n', 'x.jsonl')).toThrow('version 9 was made by a newer smtp-tui');
		expect(() => parseRecording('{"type":"meta","tool":"smtp-tui","version":"3","host":"h","port":1}\n', 'x.jsonl')).toThrow('x.jsonl, line 1: the version must be a number, not "3"');
		const header = '{"type":"meta","tool":"smtp-tui","version":1,"host":"h","port":25,"tls":"none","startedAt":"x"}';
		expect(() => parseRecording(`${header}\n{"type":"in","t":1}\n`, 'x.jsonl')).toThrow('x.jsonl, line 2: an in event with a field missing');
		expect(() => parseRecording(`${header}\n{"type":"noise","t":1}\n`, 'x.jsonl')).toThrow('x.jsonl, line 2: not a recording event (connect, in, out, tls, tls-failed, timeout, dropped, cut, with a time)');
		expect(() => parseRecording(`${header}\nnot json\n`, 'x.jsonl')).toThrow('x.jsonl, line 2: not a JSON object');
		// A shared recording is checked before anything shows what it names: no escape sequences as a host.
		const meta = (host: string, port = 25) => `${JSON.stringify({type: 'meta', version: 1, tool: 'smtp-tui', host, port, tls: 'none', startedAt: 'x'})}\n{"type":"in","t":1,"text":"220 ready"}\n`;
		expect(() => parseRecording(meta('evil\u001B]0;TITLE\u0007.test'), 'x.jsonl')).toThrow('x.jsonl, line 1: the host "evil\\u001b]0;TITLE\\u0007.test" is not a host name');
		expect(() => parseRecording(meta('mx\u202E.test'), 'x.jsonl')).toThrow('is not a host name');
		expect(() => parseRecording(meta('mx.example.test', 70_000), 'x.jsonl')).toThrow('the port 70000 is not a port number');
		expect(parseRecording(meta('mx.example.test'), 'x.jsonl').meta.host).toBe('mx.example.test');
	});

	it('reads a recording saved again by a Windows editor (byte order mark, CRLF), and names lines as the editor does', () => {
		const header = '{"type":"meta","tool":"smtp-tui","version":1,"host":"h","port":25,"tls":"none","startedAt":"x"}';
		const event = '{"type":"in","t":1,"text":"220 ready"}';
		const read = parseRecording(`\uFEFF${header}\r\n${event}\r\n`, 'x.jsonl');
		expect(read.meta.host).toBe('h');
		expect(read.events).toHaveLength(1);
		// A blank line does not shift the numbers: the bad line is the fourth of the file.
		expect(() => parseRecording(`${header}\n\n${event}\nnot json\n`, 'x.jsonl')).toThrow('x.jsonl, line 4: not a JSON object');
		expect(() => parseRecording(`\n${header.replace('25', '0')}\n${event}\n`, 'x.jsonl')).toThrow('x.jsonl, line 2: the port 0');
	});

	it('a last line cut short (a full disk while it was written) ends the recording there, and says so; one in the middle is still an error', async () => {
		const header = '{"type":"meta","tool":"smtp-tui","version":4,"host":"h","port":25,"tls":"none","startedAt":"x"}';
		const events = ['{"type":"connect","t":0}', '{"type":"in","t":1,"tls":false,"text":"220 ready\\r\\n"}', '{"type":"out","t":2,"tls":false,"text":"EHLO me\\r\\n","verb":"EHLO"}'];
		const cut = `${header}\n${events.join('\n')}\n{"type":"in","t":3,"tls":false,"text":"250-h`;
		const recording = parseRecording(cut, 'x.jsonl');
		expect(recording.events.map(event => event.type)).toEqual(['connect', 'in', 'out', 'cut']);
		expect(recording.cutShort).toBe(5);
		// Played, it ends where the file does, with a warning: not as the server closing on EHLO (a ✖ that never happened).
		const driver = replayDriver(recording);
		expect(await playedToEnd(driver)).toBe(true);
		expect(driver.log.entries.filter(entry => entry.kind === 'error')).toEqual([]);
		expect(driver.log.entries.map(entry => entry.text)).toContain(CUT_NOTE);
		expect(driver.state?.failure).toBeUndefined();
		expect(rail(driver)).not.toContainEqual(expect.stringMatching(/:failed$/));
		// A whole recording has no such note; a line cut short that is not the last, or that a line end follows, is no write cut off.
		expect(parseRecording(`${header}\n${events.join('\n')}\n`).cutShort).toBeUndefined();
		expect(() => parseRecording(`${cut}\n${events[2]!}\n`, 'x.jsonl')).toThrow('x.jsonl, line 5: not a JSON object');
		expect(() => parseRecording(`${cut}\n`, 'x.jsonl')).toThrow('x.jsonl, line 5: not a JSON object');
		expect(() => parseRecording(header.slice(0, 40), 'x.jsonl')).toThrow('x.jsonl, line 1: cut short in its header (a full disk while it was written?): it holds no session');
	});

	it('a recording with no session in it (an older dashboard quit before connecting: port 0) says so, not "port 0"', () => {
		const header = '{"type":"meta","version":4,"tool":"smtp-tui","host":"127.0.0.1","port":0,"tls":"starttls","startedAt":"2026-12-01T09:00:00.000Z"}';
		const none = 'x.jsonl holds no session: nothing was recorded after its header (the dashboard it was made with quit before connecting?)';
		expect(() => parseRecording(`${header}\n`, 'x.jsonl')).toThrow(none);
		expect(() => parseRecording(`${header}\n{"type":"connect","t":0}\n`, 'x.jsonl')).toThrow(none);
	});

	it('writes nothing before the first record: an earlier recording stays as it was, a missing file is not made', () => {
		const earlier = path.join(dir, 'earlier.jsonl');
		writeFileSync(earlier, 'yesterday\'s recording\n');
		const missing = path.join(dir, 'not-yet.jsonl');
		const warnings: string[] = [];
		const target = () => ({host: '127.0.0.1', port: 2525, tls: 'none' as const});
		startRecording(earlier, target, line => warnings.push(line));
		startRecording(missing, target, line => warnings.push(line));
		expect(readFileSync(earlier, 'utf8')).toBe('yesterday\'s recording\n');
		expect(existsSync(missing)).toBe(false);
		// The path is still checked at once.
		expect(() => startRecording(path.join(dir, 'no-folder', 'r.jsonl'), target, line => warnings.push(line))).toThrow('its folder does not exist');
		const writer = startRecording(earlier, target, line => warnings.push(line));
		writer.record({direction: 'in', bytes: Buffer.from('220 hi\r\n'), tls: false, time: Date.now()});
		expect(parseRecording(readFileSync(earlier, 'utf8')).meta.port).toBe(2525);
		expect(warnings).toEqual([]);
	});

	it('keeps a message body that is not UTF-8 byte for byte (base64)', async () => {
		const file = path.join(dir, 'latin1.jsonl');
		writeFileSync(file, '');
		const writer = new RecordingWriter(file, {host: 'h', port: 25, tls: 'none'});
		writer.record({direction: 'in', bytes: Buffer.from([0x32, 0x32, 0x30, 0x20, 0xe9, 0x0d, 0x0a]), tls: false, time: Date.now()});
		const [connect, event] = parseRecording(readFileSync(file, 'utf8')).events;
		expect(connect).toEqual({type: 'connect', t: 0});
		expect(event).toMatchObject({type: 'in', base64: Buffer.from([0x32, 0x32, 0x30, 0x20, 0xe9, 0x0d, 0x0a]).toString('base64')});
	});

	it('writes a server C1 or bidi control as JSON escapes, and reads them back as sent', () => {
		const file = path.join(dir, 'controls.jsonl');
		const writer = new RecordingWriter(file, {host: 'h', port: 25, tls: 'none'});
		const greeting = '220 a\u009B31mb \u202Egfedcba\r\n';
		writer.record({direction: 'in', bytes: Buffer.from(greeting), tls: false, time: Date.now()});
		const text = readFileSync(file, 'utf8');
		expect(text).not.toMatch(/[\u0080-\u009F\u202A-\u202E]/);
		expect(text).toContain('\\u009b31mb \\u202egfedcba');
		const [, event] = parseRecording(text).events;
		expect(event?.type).toBe('in');
		expect(eventBytes(event as Extract<typeof event & object, {type: 'in'}>).toString()).toBe(greeting);
	});

	it('times events from the connection when the dashboard says it opens, not from the dashboard start', () => {
		const file = path.join(dir, 'idle.jsonl');
		const started = Date.now();
		const writer = new RecordingWriter(file, () => ({host: 'h', port: 2525, tls: 'none'}));
		// The dashboard sat idle for a minute before Ctrl+S; the greeting came 40 ms after the connection opened.
		writer.connecting(started + 60_000);
		writer.record({direction: 'in', bytes: Buffer.from('220 hi\r\n'), tls: false, time: started + 60_040});
		writer.connecting(started + 90_000); // a later connection does not move the clock, but is marked
		writer.record({direction: 'out', bytes: Buffer.from('QUIT\r\n'), tls: false, time: started + 90_010});
		const recording = parseRecording(readFileSync(file, 'utf8'));
		expect(recording.events.map(e => `${e.type} ${e.t}`)).toEqual(['connect 0', 'in 40', 'connect 30000', 'out 30010']);
		expect(recording.meta).toMatchObject({port: 2525, startedAt: new Date(started + 60_000).toISOString()});
	});

	it('keeps at most 256 KiB of a message body, and always its final dot', () => {
		const file = path.join(dir, 'big.jsonl');
		const writer = new RecordingWriter(file, {host: 'h', port: 25, tls: 'none'});
		const line = `${'x'.repeat(1022)}\r\n`;
		writer.record({direction: 'out', bytes: Buffer.from(line.repeat(300)), tls: false, time: Date.now(), body: true});
		writer.record({direction: 'out', bytes: Buffer.from('.\r\n'), tls: false, time: Date.now(), body: true});
		const recording = parseRecording(readFileSync(file, 'utf8'));
		expect(recording.events.filter(e => e.type === 'out').map(e => e.truncated)).toEqual([300 * 1024 - 256 * 1024, 3]);
		const [action] = clientActions(recording);
		expect(action).toMatchObject({kind: 'body'});
		expect(action!.kind === 'body' && action!.text).toBe(line.repeat(256));
	});

	it('reads the recorded envelope, subject and body back for the composer', () => {
		const recording = parseRecording(readFileSync(exampleFile('rejected-recipient')!, 'utf8'));
		expect(recordedMessage(recording)).toEqual({
			from: 'you@example.test',
			to: ['nobody@example.test', 'friend@example.test'],
			subject: 'One recipient refused',
			body: 'Hello from smtp-tui.\n.A line that starts with a dot.',
		});
	});
});
