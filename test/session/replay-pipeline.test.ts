// A session recorded with pipelining (RFC 2920) replays as it went: the group's lines before any reply, each reply
// answering its own command, and no failure the session never had.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import type {SmtpDriver} from '../../source/session/driver.js';
import {parseRecording, RecordingWriter, type Recording} from '../../source/session/recording.js';
import {clientActions, recordedMessage, replayNext} from '../../source/session/replay.js';
import type {RecordingEvent} from '../../source/session/recording.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const conversation = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received' || e.kind === 'data').map(e => `${e.kind} ${e.text.split(' ')[0]}`);

/** A session sent with --pipeline to the sandbox (MAIL, two RCPTs and DATA in one write), recorded; the live driver to compare. */
async function recordPipelined(): Promise<{recording: Recording; live: SmtpDriver}> {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-pipeline-')), 'piped.jsonl');
		const target = {host: '127.0.0.1', port: sandbox.port, tls: 'none' as const};
		const writer = new RecordingWriter(file, target);
		const live = new SessionController({...target, ehloName: 'rec.test', pipeline: true}, {onWire: writer.record});
		live.subscribe(() => live.getSnapshot().session.connection === 'connecting' && writer.connecting());
		cleanups.push(() => live.close());
		const result = await live.send({
			from: 'me@example.test',
			recipients: ['a@example.test', 'b@example.test'],
			eightBit: false,
			body: async function* () {
				yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
			},
		}, {step: false});
		expect(result?.ok).toBe(true);
		await live.disconnect();
		const sent = conversation(live.driver);
		expect(sent.slice(sent.indexOf('sent MAIL'), sent.indexOf('sent MAIL') + 5)).toEqual(['sent MAIL', 'sent RCPT', 'sent RCPT', 'sent DATA', 'received 250']);

		return {recording: parseRecording(readFileSync(file, 'utf8'), file), live: live.driver};
}

describe('replay of a pipelined session', () => {
	it('plays MAIL, both RCPTs and DATA before their replies, as recorded, and ends as the live session did', async () => {
		const {recording, live} = await recordPipelined();
		const {driver, server} = replayOf(recording);
		cleanups.push(() => driver.destroy());
		expect(await replayNext(driver, server)).toMatchObject({outcome: 'played'});
		expect(conversation(driver)).toEqual(conversation(live));
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
	});

	it('shows the recorded message with its sender and recipients, which went inside the group', async () => {
		const {recording} = await recordPipelined();
		expect(recordedMessage(recording)).toEqual({from: 'me@example.test', to: ['a@example.test', 'b@example.test'], subject: 'hi', body: 'hello'});
	});

	it('step mode offers the group as one step, as it went, and logs that it went in one write', async () => {
		const {recording, live} = await recordPipelined();
		const {driver, server} = replayOf(recording);
		cleanups.push(() => driver.destroy());
		const offered: Array<readonly string[] | string> = [];
		const confirm = async () => {
			const proposed = driver.getSnapshot().proposed!;
			offered.push(proposed.group ?? proposed.display);
			return {action: 'send'} as const;
		};
		expect(await replayNext(driver, server, {confirm})).toMatchObject({outcome: 'played'});
		expect(offered).toEqual(['EHLO rec.test', ['MAIL FROM:<me@example.test>', 'RCPT TO:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA'], expect.stringMatching(/^\(the message/), 'QUIT']);
		expect(driver.log.entries.map(e => e.text)).toContain('the 4 lines above went in one write (pipelining, RFC 2920): their replies come in the same order');
		expect(conversation(driver)).toEqual(conversation(live));
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
	});

	it('knows a group by its lines going with no reply between them: led by RSET too; a QUIT behind a slow RCPT, or RSET and MAIL alone, are not one', () => {
		let t = 0;
		const out = (text: string): RecordingEvent => ({type: 'out', t: t++, tls: false, text: `${text}\r\n`});
		const reply = (text: string): RecordingEvent => ({type: 'in', t: t++, tls: false, text: `${text}\r\n`});
		const kinds = (events: RecordingEvent[]) => clientActions(events).map(action => (action.kind === 'group' ? action.commands.map(each => each.typed) : action.kind === 'command' ? action.line : action.kind));
		expect(kinds([reply('220 hi'), out('RSET'), out('MAIL FROM:<a@b.test>'), out('RCPT TO:<c@d.test>'), out('DATA'), reply('250 ok'), reply('250 ok'), reply('250 ok'), reply('354 go')])).toEqual([
			['RSET', 'MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'DATA'],
		]);
		expect(kinds([reply('220 hi'), out('MAIL FROM:<a@b.test>'), reply('250 ok'), out('RCPT TO:<c@d.test>'), out('QUIT'), reply('250 ok'), reply('221 bye')])).toEqual(['MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'QUIT']);
		expect(kinds([reply('220 hi'), out('RSET'), out('MAIL FROM:<a@b.test>'), reply('250 ok'), reply('250 ok')])).toEqual(['RSET', 'MAIL FROM:<a@b.test>']);
	});
});
