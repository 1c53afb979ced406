// A handshake broken off over the user's own --tls-min/--tls-max, recorded by `send --record` and replayed: the
// recording keeps the flags (its header's tlsVersions) and that they were the cause (the tls-failed event's
// versions), so the replay fails with the live run's words and kind, and its advice names the flags, never plain
// text. The sandbox refuses TLS 1.1 with alert 80; a server with TLS 1.3 only sends alert 70 to --tls-max 1.2. A
// version 5 recording without those fields plays as it did. Real servers on loopback, the built CLI.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {parseRecording, recordedTarget, type Recording} from '../../source/session/recording.js';
import {ReplayConnection} from '../../source/session/replay-connection.js';
import {nextStepRows} from '../../source/ui/components/next-step.js';
import {targetFor} from '../../source/ui/panel-target.js';
import {testCerts} from '../helpers/certs.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-versions-'));
let ca: string;
beforeAll(async () => {
	ca = path.join(dir, 'ca.pem');
	writeFileSync(ca, (await testCerts()).ca);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const startSandbox = sandboxPerTest();

/** The transcript's line for the failed handshake (`***`, before the close), as send and replay --print print it. */
const handshakeLine = (transcript: string) => transcript.split('\n').find(line => line.startsWith('*** TLS handshake with '));

/** `send --record FILE` to 127.0.0.1:port with `flags`; the live transcript and the file. */
async function recordSend(name: string, port: number, flags: string[]) {
	const file = path.join(dir, name);
	const live = await runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--to', 'a@example.test', '--record', file, ...flags]);
	expect(live.code, live.stdout + live.stderr).toBe(29);
	return {file, live: live.stdout};
}

/**
 * The recording played as the dashboard plays it (its target from the recording): the failure kind the replay
 * ends with, and its next-step line (presenter mode), unwrapped.
 */
async function replayedNext(recording: Recording) {
	const {host, port, tls, tlsVersions} = recordedTarget(recording.meta);
	const settings = {host, port, security: tls, user: '', password: '', ehlo: ''};
	const controller = new SessionController(targetFor(settings, {open: ReplayConnection.opener(recording.events, {instant: true}), replay: true, ...(tlsVersions && {tlsVersions})}));
	cleanups.push(() => controller.close());
	const progress = await controller.replay({step: false});
	const snapshot = controller.getSnapshot().session;
	return {kind: snapshot.failureKind, next: nextStepRows({snapshot, mode: 'auto', replay: true, ...(progress && {replayProgress: progress})}, 200).join(' ')};
}

describe('send --tls-max 1.1 --record against the sandbox (alert 80), replayed', () => {
	it('the recording keeps --tls-max 1.1 and that it was the cause; replay --print says what send said, no --no-starttls', async () => {
		const sandbox = await startSandbox();
		const {file, live} = await recordSend('alert-80.jsonl', sandbox.port, ['--tls-max', '1.1', '--ca', sandbox.certificate.path]);
		const said = handshakeLine(live);
		expect(said).toContain('you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error)');
		const recording = parseRecording(readFileSync(file, 'utf8'));
		expect(recording.meta.tlsVersions).toEqual({max: '1.1'});
		expect(recording.events.find(event => event.type === 'tls-failed')).toMatchObject({code: 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR', versions: true});

		const printed = await runCli(['replay', '--print', file]);
		expect(printed.code, printed.stderr).toBe(0);
		expect(handshakeLine(printed.stdout)).toBe(said);
		expect(printed.stdout).not.toContain('--no-starttls');
	});

	it("the replay fails as 'tls-versions', and its next step names --tls-max as the live dashboard's does", async () => {
		const sandbox = await startSandbox();
		const {file} = await recordSend('alert-80-next.jsonl', sandbox.port, ['--tls-max', '1.1', '--ca', sandbox.certificate.path]);
		const {kind, next} = await replayedNext(parseRecording(readFileSync(file, 'utf8')));
		expect(kind).toBe('tls-versions');
		expect(next).toBe('next: the server most likely refused TLS 1.1, all that --tls-max 1.1 allows: start smtp-tui again with a higher --tls-max (or without)');
	});
});

describe('--tls-max 1.2 against a server with TLS 1.3 only (alert 70, protocol_version), replayed', () => {
	it('replay --print says no version in common as send did; the next step names --tls-max, no plain-text way', async () => {
		const server = await startSmtpServer({minVersion: 'TLSv1.3'});
		cleanups.push(() => server.close());
		const {file, live} = await recordSend('alert-70.jsonl', server.port, ['--tls-max', '1.2', '--ca', ca]);
		const said = handshakeLine(live);
		expect(said).toContain('no TLS version in common: the server offers none of TLS 1.2; you allowed only TLS 1.2 (--tls-max 1.2): raise --tls-max (or leave it out)');
		const recording = parseRecording(readFileSync(file, 'utf8'));
		expect(recording.events.find(event => event.type === 'tls-failed')).toMatchObject({code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', versions: true});

		const printed = await runCli(['replay', '--print', file]);
		expect(handshakeLine(printed.stdout)).toBe(said);
		expect(printed.stdout).not.toContain('--no-starttls');
		const {kind, next} = await replayedNext(recording);
		expect(kind).toBe('tls-versions');
		expect(next).toBe('next: the server offers none of TLS 1.2, all that --tls-max 1.2 allows: start smtp-tui again with a higher --tls-max (or without)');
	});
});

describe('a recording without the new fields (version 5, as made before them)', () => {
	it('plays as before: the same words, a plain handshake failure, and the next step says what Ctrl+S plays', async () => {
		const sandbox = await startSandbox();
		const {file} = await recordSend('older.jsonl', sandbox.port, ['--tls-max', '1.1', '--ca', sandbox.certificate.path]);
		const older = path.join(dir, 'older-without.jsonl');
		writeFileSync(older, readFileSync(file, 'utf8').replace(',"tlsVersions":{"max":"1.1"}', '').replace(',"versions":true', ''));
		const recording = parseRecording(readFileSync(older, 'utf8'));
		expect(recording.meta).toMatchObject({version: 5});
		expect(recording.meta.tlsVersions).toBeUndefined();

		const printed = await runCli(['replay', '--print', older]);
		expect(handshakeLine(printed.stdout)).toBe(handshakeLine((await runCli(['replay', '--print', file])).stdout));
		const {kind, next} = await replayedNext(recording);
		expect(kind).toBe('tls-handshake');
		expect(next).toBe('next: Ctrl+S plays the recording again');
	});

	it('a header whose tlsVersions is no range (edited by hand) is refused, naming the line', async () => {
		const sandbox = await startSandbox();
		const {file} = await recordSend('edited.jsonl', sandbox.port, ['--tls-max', '1.1', '--ca', sandbox.certificate.path]);
		const text = readFileSync(file, 'utf8');
		expect(() => parseRecording(text.replace('{"max":"1.1"}', '{"max":"1.4"}'), 'x.jsonl')).toThrow(
			'x.jsonl, line 1: the header\'s tlsVersions {"max":"1.4"} is not a range of TLS versions (min and max, each 1.0, 1.1, 1.2, 1.3; edited by hand?)',
		);
		expect(() => parseRecording(text.replace('{"max":"1.1"}', '{"min":"1.3","max":"1.1"}'), 'x.jsonl')).toThrow('is not a range of TLS versions');
		const line = text.split('\n').findIndex(entry => entry.includes('"tls-failed"')) + 1;
		expect(() => parseRecording(text.replace('"versions":true', '"versions":"yes"'), 'x.jsonl')).toThrow(`x.jsonl, line ${line}: a tls-failed event with a field missing or of the wrong type (edited by hand?)`);
	});
});
