// A session recorded with --xclient-* replays as it went: XCLIENT read as XCLIENT (its 220 starts the greeting
// over), the EHLO after it, and no failure the session never had.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {parseRecording, RecordingWriter} from '../../source/session/recording.js';
import {replayNext} from '../../source/session/replay.js';
import type {SmtpDriver} from '../../source/session/driver.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const lines = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received').map(e => `${e.kind} ${e.text.split(' ')[0]}`);

describe('replay of a session with XCLIENT', () => {
	it('plays XCLIENT and the EHLO after it as recorded, and ends as the live session did', async () => {
		const sandbox = await startTestSandbox({xclient: true});
		cleanups.push(() => sandbox.close());
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-xclient-')), 'x.jsonl');
		const target = {host: '127.0.0.1', port: sandbox.port, tls: 'none' as const};
		const writer = new RecordingWriter(file, target);
		const xclient = [[{name: 'ADDR' as const, value: '203.0.113.5', flag: '--xclient-addr'}]];
		const live = new SessionController({...target, ehloName: 'rec.test', xclient}, {onWire: writer.record});
		live.subscribe(() => live.getSnapshot().session.connection === 'connecting' && writer.connecting());
		cleanups.push(() => live.close());
		const body = async function* () {
			yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
		};
		expect((await live.send({from: 'me@example.test', recipients: ['a@example.test'], eightBit: false, body}, {step: false}))?.ok).toBe(true);
		await live.disconnect();
		expect(lines(live.driver)).toContain('sent XCLIENT');

		const {driver, server} = replayOf(parseRecording(readFileSync(file, 'utf8'), file));
		cleanups.push(() => driver.destroy());
		expect(await replayNext(driver, server)).toMatchObject({outcome: 'played'});
		expect(lines(driver)).toEqual(lines(live.driver));
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
		expect(driver.log.entries.find(e => e.reply?.code === 220 && e.explanation?.startsWith('XCLIENT accepted'))).toBeDefined();
	});
});
