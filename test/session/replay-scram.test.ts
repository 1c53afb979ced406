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
import {scramServer, type ScramLogin} from '../helpers/scram-server.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const lines = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received').map(e => `${e.kind} ${e.text}`);

/** A SCRAM login and a message, recorded live: the live driver, the recording's text, and what the server saw. */
async function recordedLogin() {
	const seen: ScramLogin[] = [];
	const server = await startRawServer(scramServer({mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'pencil'}, seen));
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-scram-'));
	cleanups.push(() => server.close(), () => rmSync(dir, {recursive: true, force: true}));
	const file = path.join(dir, 'scram.jsonl');
	const target = {host: '127.0.0.1', port: server.port, tls: 'none' as const};
	const live = new SmtpDriver({...target, ehloName: 'rec.test', auth: {user: 'alice', password: 'pencil'}, onWire: new RecordingWriter(file, target).record});
	cleanups.push(() => live.destroy());
	const body = async function* () {
		yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
	};
	expect(await live.run({from: 'me@example.test', recipients: ['a@example.test'], eightBit: false, allowPartial: false, body})).toMatchObject({ok: true});
	await live.quit();
	return {live, file, recorded: readFileSync(file, 'utf8'), login: seen[0]!};
}

/** The recording played through a driver of its own, to its end. */
async function played(recorded: string, file: string): Promise<SmtpDriver> {
	const {driver, server} = replayOf(parseRecording(recorded, file));
	cleanups.push(() => driver.destroy());
	expect(await replayNext(driver, server)).toMatchObject({outcome: 'played'});
	return driver;
}

describe('replay of a SCRAM login', () => {
	it('plays the exchange as recorded, logs in, and fails nothing', async () => {
		const {live, file, recorded} = await recordedLogin();
		expect(lines(live)).toContain('sent (empty line)');
		const driver = await played(recorded, file);
		expect(lines(driver)).toEqual(lines(live));
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
		expect(driver.getSnapshot().authenticated).toBe(true);
		// The recording holds no signature: its line is as the log showed it.
		expect(lines(live)).toContain('received 334 [redacted]');
		expect(recorded).toContain('334 [redacted]');
	});

	it('a recording made before the signature was hidden plays with it hidden, and logs in', async () => {
		const {file, recorded, login} = await recordedLogin();
		// As an older smtp-tui recorded it: the server's line as it came.
		const signature = Buffer.from(`v=${login.signature!}`).toString('base64');
		const old = recorded.replace('334 [redacted]', `334 ${signature}`);
		expect(old).toContain(signature);
		const driver = await played(old, file);
		expect(lines(driver)).toContain('received 334 [redacted]');
		expect(JSON.stringify(driver.log.entries)).not.toContain(signature);
		expect(driver.getSnapshot().authenticated).toBe(true);
	});
});
