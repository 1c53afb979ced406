// A SCRAM login recorded against a server that runs SCRAM replays as it went: its empty answer to the server's
// signature goes as the empty line it was (not the stand-in for a redacted payload), so the replay logs in as the
// live session did, and reports no impostor the live session never met.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SmtpDriver} from '../../source/session/driver.js';
import {parseRecording, RecordingWriter} from '../../source/session/recording.js';
import {replayNext} from '../../source/session/replay.js';
import {startRawServer} from '../helpers/raw-server.js';
import {scramServer} from '../helpers/scram-server.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const lines = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received').map(e => `${e.kind} ${e.text}`);

describe('replay of a SCRAM login', () => {
	it('plays the exchange as recorded, logs in, and fails nothing', async () => {
		const server = await startRawServer(scramServer({mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'pencil'}));
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-scram-'));
		cleanups.push(() => server.close(), () => rmSync(dir, {recursive: true, force: true}));
		const file = path.join(dir, 'scram.jsonl');
		const target = {host: '127.0.0.1', port: server.port, tls: 'none' as const};
		const writer = new RecordingWriter(file, target);
		const live = new SmtpDriver({...target, ehloName: 'rec.test', auth: {user: 'alice', password: 'pencil'}, onWire: writer.record});
		cleanups.push(() => live.destroy());
		const body = async function* () {
			yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
		};
		expect(await live.run({from: 'me@example.test', recipients: ['a@example.test'], eightBit: false, allowPartial: false, body})).toMatchObject({ok: true});
		await live.quit();
		expect(lines(live)).toContain('sent (empty line)');

		const {driver, server: replayed} = replayOf(parseRecording(readFileSync(file, 'utf8'), file));
		cleanups.push(() => driver.destroy());
		expect(await replayNext(driver, replayed)).toMatchObject({outcome: 'played'});
		expect(lines(driver)).toEqual(lines(live));
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
		expect(driver.getSnapshot().authenticated).toBe(true);
	});
});
