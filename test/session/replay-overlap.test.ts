// A client that sent before the reply it waited for had come (Ctrl+X's QUIT behind a slow RCPT, pipelined commands,
// a command behind the final dot) replays as it happened: each line at its recorded moment, each reply answering
// the command it answered and timed from it, and no failure the session never had.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import type {SmtpDriver} from '../../source/session/driver.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {parseRecording, RecordingWriter, type Recording, type RecordingEvent} from '../../source/session/recording.js';
import type {ReplayTiming} from '../../source/session/replay-connection.js';
import {replayNext, type ReplayOptions} from '../../source/session/replay.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-overlap-'));

const message: OutgoingMessage = {
	from: 'me@example.test',
	recipients: ['slow@example.test'],
	eightBit: false,
	body: async function* () {
		yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
	},
};

/** A replay of the recording, closed after the test. */
function replayer(recording: Recording, timing?: ReplayTiming): ReturnType<typeof replayOf> {
	const replay = replayOf(recording, timing);
	cleanups.push(() => replay.driver.destroy());
	return replay;
}

const conversation = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received' || e.kind === 'data').map(e => `${e.kind} ${e.text}`);
const errors = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'error').map(e => e.text);
const entry = (driver: SmtpDriver, text: string) => driver.log.entries.find(e => e.text === text)!;
const rail = (driver: SmtpDriver) => Object.fromEntries(driver.getSnapshot().steps.map(s => [s.step, s.status]));
const recordedAt = (recording: Recording, type: 'in' | 'out', start: string) => recording.events.find(e => e.type === type && e.text?.startsWith(start))!.t;

/** As the presenter did: the dashboard in step mode against the sandbox, Enter at each step, Ctrl+X while RCPT waits. */
async function quitBehindRcpt(): Promise<{recording: Recording; live: SessionController}> {
	// The sandbox holds slow@'s RCPT reply this long: Ctrl+X comes within it.
	const sandbox = await startTestSandbox({slowDelayMs: 400});
	cleanups.push(() => sandbox.close());
	const file = path.join(dir, 'class2.jsonl');
	const target = {host: '127.0.0.1', port: sandbox.port, tls: 'none' as const};
	const writer = new RecordingWriter(file, target);
	const live = new SessionController({...target, ehloName: 'rec.test'}, {onWire: writer.record});
	live.subscribe(() => live.getSnapshot().session.connection === 'connecting' && writer.connecting());
	cleanups.push(() => live.close());
	const offered = () => live.getSnapshot().session.proposed?.display;
	const run = live.send(message, {step: true});
	for (;;) {
		await vi.waitFor(() => expect(offered()).toBeDefined());
		const line = offered()!;
		live.confirmStep();
		if (line.startsWith('RCPT')) break;
		await vi.waitFor(() => expect(offered()).not.toBe(line));
	}
	await vi.waitFor(() => expect(live.driver.log.entries.at(-1)?.text).toBe('RCPT TO:<slow@example.test>'));
	await live.disconnect({ask: true});
	await run;
	await live.driver.until(() => false);
	return {recording: parseRecording(readFileSync(file, 'utf8'), file), live};
}

describe('replay of a QUIT sent while the RCPT reply was pending', () => {
	it('sends QUIT where it went, the 250 answers RCPT with its recorded wait, the 221 answers QUIT, and nothing fails', async () => {
		const {recording, live} = await quitBehindRcpt();
		const wire = recording.events.filter(e => e.type === 'out' || e.type === 'in').map(e => `${e.type} ${e.text?.slice(0, 4)}`);
		expect(wire.slice(-3)).toEqual(['out RCPT', 'out QUIT', 'in 250 ']);

		// Live too, each reply's time is from its own command: the 250 from the RCPT (the sandbox held it), not the QUIT.
		const liveAccepted = live.driver.log.entries.find(e => e.text.startsWith('250 2.1.5'))!;
		expect(liveAccepted.latencyMs).toBeGreaterThanOrEqual(400);

		const {driver, server} = replayer(recording);
		expect(await replayNext(driver, server)).toEqual({connection: 1, connections: 1, outcome: 'played', next: 1});
		expect(conversation(driver)).toEqual(conversation(live.driver));
		expect(conversation(driver).slice(-4)).toEqual(['sent RCPT TO:<slow@example.test>', 'sent QUIT', 'received 250 2.1.5 Accepted', 'received 221 2.0.0 Bye']);
		expect(errors(driver)).toEqual([]);
		expect(driver.log.entries.at(-1)?.text).toBe('end of the recording');
		expect(rail(driver)).toMatchObject({rcpt: 'done', quit: 'done'});

		// Each reply's time runs from the command it answers: the RCPT's is the sandbox's hold, not the time since QUIT.
		const accepted = entry(driver, '250 2.1.5 Accepted');
		expect(accepted.latencyMs).toBe(recordedAt(recording, 'in', '250 2.1.5') - recordedAt(recording, 'out', 'RCPT'));
		expect(accepted.latencyMs).toBeGreaterThanOrEqual(400);
		expect(accepted.latencyRecorded).toBe(true);
		expect(entry(driver, '221 2.0.0 Bye').latencyMs).toBe(recordedAt(recording, 'in', '250 2.1.5') - recordedAt(recording, 'out', 'QUIT'));
	});

	it('offers QUIT in step mode before the RCPT reply is shown, as it went', async () => {
		const {recording} = await quitBehindRcpt();
		const {driver, server} = replayer(recording);
		let atQuit: string[] = [];
		const confirm: ReplayOptions['confirm'] = async ({display}) => {
			if (display === 'QUIT') atQuit = conversation(driver).slice(-1);
			return {action: 'send'};
		};
		expect(await replayNext(driver, server, {confirm})).toMatchObject({outcome: 'played'});
		expect(atQuit).toEqual(['sent RCPT TO:<slow@example.test>']);
		expect(errors(driver)).toEqual([]);
	});
});

/**
 * A recording as --record writes it, a line per event: `t > command` (sent), `t < reply` (one chunk received, `|`
 * between its lines), `t . message` (the message with its final dot, `|` between its lines). It starts with a connect.
 */
function recordingOf(lines: string[]): Recording {
	const crlf = (text: string) => `${text.split('|').join('\r\n')}\r\n`;
	const events = lines.map((line): RecordingEvent => {
		const [, t, kind, text] = /^(\d+) ([<>.]) (.*)$/.exec(line)!;
		if (kind === '<') return {type: 'in', t: Number(t), tls: false, text: crlf(text!)};
		if (kind === '.') return {type: 'out', t: Number(t), tls: false, body: true, text: crlf(text!)};
		return {type: 'out', t: Number(t), tls: false, text: crlf(text!), verb: text!.split(' ')[0] as 'MAIL'};
	});
	const meta = {type: 'meta', version: 4, tool: 'smtp-tui', host: 'mx.example.test', port: 25, tls: 'none', startedAt: '2026-01-01T00:00:00.000Z'};
	return parseRecording([meta, {type: 'connect', t: 0}, ...events].map(line => JSON.stringify(line)).join('\n'));
}

/** Greeted, EHLO and MAIL answered, then what the test recorded. */
const afterMail = (...rest: string[]) => recordingOf(['5 < 220 mx ESMTP', '10 > EHLO a.test', '12 < 250 mx', '20 > MAIL FROM:<me@example.test>', '22 < 250 2.1.0 Accepted', ...rest]);
const lastReplies = (driver: SmtpDriver) => driver.log.entries.filter(e => e.reply).slice(-2).map(e => [e.text, e.latencyMs, e.latencyRecorded]);

describe('replay of commands sent ahead of their replies (hand-written, as --record writes them)', () => {
	it('plays the presenter\'s recording: QUIT at 13806 ms behind RCPT at 9010 ms, replies in separate chunks', async () => {
		const {driver, server} = replayer(afterMail('9010 > RCPT TO:<slow@example.test>', '13806 > QUIT', '14021 < 250 2.1.5 Accepted', '14041 < 221 2.0.0 Bye'));
		expect(await replayNext(driver, server)).toEqual({connection: 1, connections: 1, outcome: 'played', next: 1});
		expect(conversation(driver).slice(-4)).toEqual(['sent RCPT TO:<slow@example.test>', 'sent QUIT', 'received 250 2.1.5 Accepted', 'received 221 2.0.0 Bye']);
		expect(errors(driver)).toEqual([]);
		expect(lastReplies(driver)).toEqual([
			['250 2.1.5 Accepted', 5011, true],
			['221 2.0.0 Bye', 235, true],
		]);
	});

	it('plays pipelined MAIL, RCPT and DATA, and an RSET behind the final dot, each reply answering its own command', async () => {
		const {driver, server} = replayer(
			recordingOf([
				'10 < 220 mx ESMTP',
				'20 > EHLO a.test',
				'25 < 250-mx|250 PIPELINING',
				'30 > MAIL FROM:<a@example.test>',
				'31 > RCPT TO:<b@example.test>',
				'32 > DATA',
				'40 < 250 2.1.0 sender ok|250 2.1.5 recipient ok',
				'45 < 354 go ahead',
				'50 . Subject: x||hi|.',
				'51 > RSET',
				'90 < 250 2.0.0 queued as 1',
				'92 < 250 2.0.0 reset',
				'100 > QUIT',
				'101 < 221 bye',
			]),
		);
		expect(await replayNext(driver, server)).toMatchObject({outcome: 'played'});
		expect(errors(driver)).toEqual([]);
		expect(conversation(driver).slice(4)).toEqual([
			'sent MAIL FROM:<a@example.test>',
			'sent RCPT TO:<b@example.test>',
			'sent DATA',
			'received 250 2.1.0 sender ok',
			'received 250 2.1.5 recipient ok',
			'received 354 go ahead',
			'data message: 3 lines, 18 bytes, then "." (21 bytes sent)',
			'sent RSET',
			'received 250 2.0.0 queued as 1',
			'received 250 2.0.0 reset',
			'sent QUIT',
			'received 221 bye',
		]);
		const answered = (text: string) => ({step: entry(driver, text).step, latencyMs: entry(driver, text).latencyMs});
		expect(answered('250 2.1.0 sender ok')).toEqual({step: 'mail', latencyMs: 10});
		expect(answered('250 2.1.5 recipient ok')).toEqual({step: 'rcpt', latencyMs: 9});
		expect(answered('354 go ahead')).toEqual({step: 'data', latencyMs: 13});
		expect(answered('250 2.0.0 queued as 1')).toEqual({step: 'queued', latencyMs: 40});
		expect(answered('250 2.0.0 reset')).toMatchObject({latencyMs: 41});
	});

	it('plays a refusal the server sent while the message was still going out, then the recorded QUIT', async () => {
		const {driver, server} = replayer(
			afterMail('30 > RCPT TO:<b@example.test>', '32 < 250 ok', '40 > DATA', '42 < 354 go', '50 . Subject: big||first part', '55 < 552 5.3.4 message too big', '56 . second part|.', '60 > QUIT', '61 < 221 bye'),
		);
		expect(await replayNext(driver, server)).toMatchObject({outcome: 'played'});
		expect(conversation(driver).slice(-4)).toEqual(['data message: 4 lines, 41 bytes, then "." (44 bytes sent)', 'received 552 5.3.4 message too big', 'sent QUIT', 'received 221 bye']);
	});

	it('plays the close the client chose while DATA waited for its answer, where it went', async () => {
		const why = 'closing without QUIT: DATA is waiting for its answer, and after a 354 a QUIT would be taken as part of the message';
		const recording = afterMail('30 > RCPT TO:<b@example.test>', '32 < 250 ok', '40 > DATA');
		recording.events.push({type: 'dropped', t: 300, message: why});
		const {driver, server} = replayer(recording);
		expect(await replayNext(driver, server)).toEqual({connection: 1, connections: 1, outcome: 'played', next: 1});
		expect(driver.log.entries.slice(-4).map(e => `${e.kind} ${e.text}`)).toEqual(['sent DATA', `info ${why}`, 'info connection closed', 'info end of the recording']);
	});

	const lateQuit = afterMail('30 > RCPT TO:<slow@example.test>', '180 > QUIT', '230 < 250 2.1.5 ok|221 bye');
	const sentAt = (driver: SmtpDriver, text: string) => entry(driver, text).time;

	it('with recorded timing, sends the QUIT as long after the RCPT as it went, and shows the RCPT reply as waited', async () => {
		const {driver, server} = replayer(lateQuit, {instant: false});
		await replayNext(driver, server);
		expect(sentAt(driver, 'QUIT') - sentAt(driver, 'RCPT TO:<slow@example.test>')).toBeGreaterThanOrEqual(140);
		expect(conversation(driver).slice(-4)).toEqual(['sent RCPT TO:<slow@example.test>', 'sent QUIT', 'received 250 2.1.5 ok', 'received 221 bye']);
		expect(lastReplies(driver)).toEqual([
			['250 2.1.5 ok', 200, undefined],
			['221 bye', 50, undefined],
		]);
	});

	it('with pauses capped, marks the RCPT reply as recorded: the replay waited less than 200 ms for it', async () => {
		const {driver, server} = replayer(lateQuit, {instant: false, maxPauseMs: 60});
		await replayNext(driver, server);
		expect(lastReplies(driver)).toEqual([
			['250 2.1.5 ok', 200, true],
			['221 bye', 50, undefined],
		]);
	});
});
