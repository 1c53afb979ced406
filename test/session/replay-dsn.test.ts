// A session recorded with DSN parameters (RFC 3461) and REQUIRETLS (RFC 8689) replays as it went: the MAIL and RCPT
// lines with their parameters, each reply answering its own command, and no failure the session never had.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import type {SmtpDriver} from '../../source/session/driver.js';
import {parseRecording, RecordingWriter} from '../../source/session/recording.js';
import {replayNext} from '../../source/session/replay.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const conversation = (driver: SmtpDriver) => driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received').map(e => `${e.kind} ${e.text}`);

describe('replay of a session with DSN and REQUIRETLS', () => {
	it('plays MAIL and RCPT with their parameters, as recorded, and ends as the live session did', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-dsn-')), 'dsn.jsonl');
		const target = {host: '127.0.0.1', port: sandbox.port, tls: 'starttls' as const};
		const writer = new RecordingWriter(file, target);
		const live = new SessionController({...target, ca: sandbox.certificate.pem, ehloName: 'rec.test', dsn: {notify: ['SUCCESS'], ret: 'HDRS', envid: 'id 1'}, requireTls: true}, {onWire: writer.record});
		live.subscribe(() => live.getSnapshot().session.connection === 'connecting' && writer.connecting());
		cleanups.push(() => live.close());
		const result = await live.send({
			from: 'me@example.test',
			recipients: ['a@example.test'],
			eightBit: false,
			body: async function* () {
				yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
			},
		}, {step: false});
		expect(result?.ok).toBe(true);
		await live.disconnect();
		const sent = conversation(live.driver);
		expect(sent).toContain('sent MAIL FROM:<me@example.test> RET=HDRS ENVID=id+201 REQUIRETLS');
		expect(sent).toContain('sent RCPT TO:<a@example.test> NOTIFY=SUCCESS ORCPT=rfc822;a@example.test');

		const {driver, server} = replayOf(parseRecording(readFileSync(file, 'utf8'), file));
		cleanups.push(() => driver.destroy());
		expect(await replayNext(driver, server)).toMatchObject({outcome: 'played'});
		expect(conversation(driver)).toEqual(sent);
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
	});
});
