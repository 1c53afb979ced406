// Record real sessions on 127.0.0.1, then replay the files: a failed TLS handshake fails the same way, a dashboard
// session of several connections plays connection by connection, and replies show the recorded latency.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {AddressInfo} from 'node:net';
import tls from 'node:tls';
import {generate} from 'selfsigned';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {SmtpDriver} from '../../source/session/driver.js';
import type {DriverOptions} from '../../source/session/driver-options.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {connectionsOf, parseRecording, RecordingWriter, type Recording, type RecordingEvent} from '../../source/session/recording.js';
import type {ReplayTiming} from '../../source/session/replay-connection.js';
import {replayNext} from '../../source/session/replay.js';
import {replayTranscript} from '../../source/headless/replay-print.js';
import {greetAndEhlo, greetUpToData, stallStartTls, startRawServer} from '../helpers/raw-server.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {testCerts} from '../helpers/certs.js';
import {replayOf} from './replay-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-fidelity-'));
let files = 0;

function message(to: string[]): OutgoingMessage {
	return {from: 'me@example.test', recipients: to, eightBit: false, body: async function* () {
		yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
	}};
}

type Target = Pick<DriverOptions, 'host' | 'port' | 'tls'>;

/** A driver that records to a fresh file, as `smtp-tui send --record` does. */
function recorded(target: Target, options: Partial<DriverOptions> = {}): {driver: SmtpDriver; read: () => Recording} {
	const file = path.join(dir, `${++files}.jsonl`);
	const writer = new RecordingWriter(file, target);
	const driver = new SmtpDriver({...target, ehloName: 'rec.test', onWire: writer.record, ...options});
	cleanups.push(() => driver.destroy());
	return {driver, read: () => parseRecording(readFileSync(file, 'utf8'), file)};
}

/** A driver whose server side is the recording, as `smtp-tui replay` makes it. */
function replayer(recording: Recording, timing?: ReplayTiming): ReturnType<typeof replayOf> {
	const replay = replayOf(recording, timing);
	cleanups.push(() => replay.driver.destroy());
	return replay;
}

const wire = (driver: SmtpDriver) =>
	driver.log.entries.filter(e => e.kind === 'sent' || e.kind === 'received' || e.kind === 'data' || e.kind === 'error').map(e => `${e.kind} ${e.text}`);
const rail = (driver: SmtpDriver) => driver.getSnapshot().steps.map(s => `${s.step}:${s.status}`);

/** A CA, and a server certificate it signed for 127.0.0.1 that expired yesterday. */
async function expiredCertificate(): Promise<{ca: string; key: string; cert: string}> {
	const day = 24 * 60 * 60 * 1000;
	const ca = await generate([{name: 'commonName', value: 'Replay Test CA'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		extensions: [{name: 'basicConstraints', cA: true, critical: true}, {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true}],
	});
	const server = await generate([{name: 'commonName', value: 'expired.test'}], {
		keyType: 'ec',
		algorithm: 'sha256',
		notBeforeDate: new Date(Date.now() - 30 * day),
		notAfterDate: new Date(Date.now() - day),
		extensions: [{name: 'subjectAltName', altNames: [{type: 7, ip: '127.0.0.1'}]}],
		ca: {key: ca.private, cert: ca.cert},
	});
	return {ca: ca.cert, key: server.private, cert: server.cert};
}

describe('replay of a failed TLS handshake', () => {
	it('records an expired certificate at STARTTLS, and the replay fails there with the same words and steps', async () => {
		const certificate = await expiredCertificate();
		const smtp = await startSmtpServer({key: certificate.key, cert: certificate.cert});
		cleanups.push(smtp.close);
		const live = recorded({host: '127.0.0.1', port: smtp.port, tls: 'starttls'}, {ca: certificate.ca});
		const result = await live.driver.run(message(['you@example.test']));
		expect(result).toMatchObject({ok: false, stage: 'tls', message: expect.stringContaining('certificate has expired')});

		const recording = live.read();
		const failed = recording.events.find(e => e.type === 'tls-failed');
		expect(failed).toMatchObject({
			code: 'CERT_HAS_EXPIRED',
			message: expect.stringContaining('certificate has expired'),
			certificate: {subject: 'CN=expired.test', issuer: 'CN=Replay Test CA', validTo: expect.stringMatching(/GMT$/)},
		});

		const replay = replayer(recording);
		// The status line can say what the live one said.
		expect(await replayNext(replay.driver, replay.server)).toMatchObject({outcome: 'played', failure: {stage: 'tls', message: result.message}});
		expect(wire(replay.driver)).toEqual(wire(live.driver));
		expect(rail(replay.driver)).toEqual(rail(live.driver));
		expect(wire(replay.driver).join('\n')).not.toContain('no TLS handshake here');
	});

	it('records a handshake broken by plain text from the server, and replays the same failure', async () => {
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			await peer.readLine();
			peer.write('220 2.0.0 Ready to start TLS\r\n');
			// The client's hello arrives: the answer is not TLS.
			const before = peer.received.length;
			while (peer.received.length === before) await new Promise(resolve => setTimeout(resolve, 5));
			peer.write('this is not TLS at all\r\n');
			await peer.closed();
		});
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'starttls'});
		expect(await live.driver.run(message(['you@example.test']))).toMatchObject({ok: false, stage: 'tls'});
		const recording = live.read();
		expect(recording.events.at(-1)).toMatchObject({type: 'tls-failed', message: expect.stringContaining('did not answer in TLS')});

		const replay = replayer(recording);
		expect((await replayNext(replay.driver, replay.server)).outcome).toBe('played');
		expect(wire(replay.driver)).toEqual(wire(live.driver));
		expect(rail(replay.driver)).toEqual(rail(live.driver));
	});

	it('records an implicit-TLS handshake that fails before the greeting, and the replay fails to connect the same way', async () => {
		const server = await startRawServer(async peer => {
			peer.write('220 plain text on a TLS port\r\n');
			await peer.closed();
		});
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'tls'});
		const result = await live.driver.run(message(['you@example.test']));
		expect(result).toMatchObject({ok: false, stage: 'tls'});
		expect(live.read().events.map(e => e.type)).toEqual(['connect', 'tls-failed']);

		const replay = replayer(live.read());
		expect(await replayNext(replay.driver, replay.server)).toMatchObject({outcome: 'played', connections: 1, failure: {stage: 'tls', message: result.message}});
		expect(wire(replay.driver)).toEqual([`error ${result.message}`]);
		expect(rail(replay.driver)).toEqual(rail(live.driver));
	});

	it('says an older recording that stops at the handshake probably failed there, and refuses a malformed failure', () => {
		const header = '{"type":"meta","tool":"smtp-tui","version":1,"host":"h.test","port":25,"tls":"starttls","startedAt":"x"}';
		// What version 1 wrote for a refused certificate: nothing after the go-ahead.
		const old = [header, '{"type":"in","t":1,"tls":false,"text":"220 hi\\r\\n"}', '{"type":"out","t":2,"tls":false,"text":"STARTTLS\\r\\n","verb":"STARTTLS"}', '{"type":"in","t":3,"tls":false,"text":"220 go\\r\\n"}'];
		expect(parseRecording(old.join('\n')).events).toHaveLength(3);
		const v2 = header.replace('"version":1', '"version":2');
		expect(() => parseRecording(`${v2}\n{"type":"tls-failed","t":1}\n`, 'x.jsonl')).toThrow('x.jsonl, line 2: a tls-failed event with a field missing or of the wrong type (edited by hand?)');
		expect(() => parseRecording(`${v2}\n{"type":"tls-failed","t":1,"message":"m","certificate":{"subject":1}}\n`, 'x.jsonl')).toThrow('line 2: a tls-failed event with a field missing');
		expect(() => parseRecording(`${v2}\n{"type":"tls-lost","t":1,"message":"m"}\n`, 'x.jsonl')).toThrow('line 2: not a recording event');
		expect(() => parseRecording(`${v2}\n{"type":"timeout","t":1}\n`, 'x.jsonl')).toThrow('line 2: a timeout event with a field missing');
		// A tls event whose info a hand edit broke: refused, not played as "TLS started: 5, undefined".
		const info = {protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', subject: 'CN=mx.test', issuer: 'CN=ca.test', validFrom: 'Jan 1 2025', validTo: 'Jan 1 2035', fingerprint256: 'AB:CD', authorized: true, insecure: false};
		const tls = (fields: object) => `${v2}\n${JSON.stringify({type: 'tls', t: 1, info: {...info, ...fields}})}\n`;
		expect(parseRecording(tls({altNames: 'DNS:mx.test', authorizationError: undefined})).events).toHaveLength(1);
		expect(() => parseRecording(tls({protocol: 5, subject: {a: 1}, issuer: null}), 'x.jsonl')).toThrow('x.jsonl, line 2: a tls event with a field missing or of the wrong type (edited by hand?)');
		expect(() => parseRecording(tls({validTo: undefined}))).toThrow('line 2: a tls event with a field missing');
		expect(() => parseRecording(tls({authorized: 'yes'}))).toThrow('line 2: a tls event with a field missing');
		expect(() => parseRecording(tls({problem: 'other'}))).toThrow('line 2: a tls event with a field missing');
		expect(() => parseRecording(header.replace('"version":1', '"version":6'), 'x.jsonl')).toThrow('x.jsonl: recording version 6 was made by a newer smtp-tui (this smtp-tui reads versions 1 to 5): play it with that one (npx smtp-tui@latest replay x.jsonl)');
		expect(() => parseRecording(header.replace('"version":1', '"version":0'), 'x.jsonl')).toThrow('x.jsonl: recording version 0 is not supported (this smtp-tui reads versions 1 to 5)');
	});

	it('explains an older recording that ends at the handshake', async () => {
		const header = '{"type":"meta","tool":"smtp-tui","version":1,"host":"h.test","port":25,"tls":"starttls","startedAt":"x"}';
		const events = [
			'{"type":"in","t":1,"tls":false,"text":"220 hi\\r\\n"}',
			'{"type":"out","t":2,"tls":false,"text":"EHLO a.test\\r\\n","verb":"EHLO"}',
			'{"type":"in","t":3,"tls":false,"text":"250 STARTTLS\\r\\n"}',
			'{"type":"out","t":4,"tls":false,"text":"STARTTLS\\r\\n","verb":"STARTTLS"}',
			'{"type":"in","t":5,"tls":false,"text":"220 go\\r\\n"}',
		];
		const replay = replayer(parseRecording([header, ...events].join('\n')));
		await replayNext(replay.driver, replay.server);
		expect(wire(replay.driver).at(-1)).toMatch(/^error the recording ends before the TLS handshake: an older smtp-tui did not record a failed handshake/);
	});
});

describe('replay of a handshake refused after it was done (TLS 1.3)', () => {
	it('records a client certificate demanded after our handshake, and the replay fails the same way', async () => {
		const certs = await testCerts();
		const server = tls.createServer({...certs.server, requestCert: true, rejectUnauthorized: true, ca: [certs.ca]}, socket => {
			socket.on('error', () => {});
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise<void>(resolve => server.close(() => resolve())));
		const {port} = server.address() as AddressInfo;
		const live = recorded({host: 'localhost', port, tls: 'tls'}, {ca: certs.ca});
		const result = await live.driver.run(message(['you@example.test']));
		expect(result).toMatchObject({ok: false, stage: 'tls', message: expect.stringContaining('demands a client certificate')});
		expect(live.read().events.map(e => e.type)).toEqual(['connect', 'tls', 'tls-failed']);

		const replay = replayer(live.read());
		expect(await replayNext(replay.driver, replay.server)).toMatchObject({outcome: 'played', failure: {stage: 'tls', message: result.message}});
		expect(wire(replay.driver)).toEqual(wire(live.driver));
	});
});

describe('replay of a timeout', () => {
	it('records a greeting that never came, and the replay times out with the same words, not "connection closed"', async () => {
		const server = await startRawServer(async peer => {
			await peer.closed();
		});
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'none'}, {timeouts: {greeting: 200}});
		const result = await live.driver.run(message(['you@example.test']));
		expect(result).toMatchObject({ok: false, stage: 'banner', message: 'no answer within 0.2 s while waiting for the greeting'});
		const recording = live.read();
		expect(recording.meta.version).toBe(5);
		expect(recording.events.map(e => e.type)).toEqual(['connect', 'timeout']);

		const replay = replayer(recording);
		expect(await replayNext(replay.driver, replay.server)).toMatchObject({outcome: 'played', failure: {stage: 'banner', message: result.message}});
		expect(wire(replay.driver)).toEqual(wire(live.driver));
		expect(rail(replay.driver)).toEqual(rail(live.driver));
		expect(replay.driver.log.entries.map(e => e.text)).not.toContain('the connection closed');
	});

	it('records a reply cut off mid-way: the replay quotes what came and fails at the same step', async () => {
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.write('250-2.1.0 first half\r\n');
			await peer.closed();
		});
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'none'}, {timeouts: {command: 200}});
		const result = await live.driver.run(message(['you@example.test']));
		expect(result).toMatchObject({ok: false, stage: 'mail', message: expect.stringContaining('"250-2.1.0 first half"')});

		const replay = replayer(live.read());
		expect(await replayNext(replay.driver, replay.server)).toMatchObject({outcome: 'played', failure: {stage: 'mail', message: result.message}});
		expect(wire(replay.driver)).toEqual(wire(live.driver));
		expect(rail(replay.driver)).toEqual(rail(live.driver));
	});
});

describe('replay of a message the server stopped reading', () => {
	it('plays the recorded timeout after the message, instead of waiting for a final dot that never went', async () => {
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			// Never reads again: the client's writes stall once the socket buffers are full.
			peer.socket.pause();
			await peer.closed();
		});
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'none'}, {timeouts: {dataBlock: 300}});
		const line = Buffer.from(`${'x'.repeat(98)}\r\n`);
		const size = 40 * 1024 * 1024;
		const result = await live.driver.run({from: 'me@example.test', recipients: ['you@example.test'], eightBit: false, size, body: async function* () {
			const block = Buffer.concat(Array.from({length: 10_000}, () => line));
			for (let sent = 0; sent < size; sent += block.length) yield block;
		}});
		expect(result).toMatchObject({ok: false, stage: 'data', message: expect.stringMatching(/^nothing more of the message left this machine/)});
		live.driver.destroy();

		const replay = replayer(live.read(), {instant: true});
		expect(await replayNext(replay.driver, replay.server)).toMatchObject({outcome: 'played', failure: {stage: 'data', message: result.message}});
		expect(wire(replay.driver)).toEqual(wire(live.driver));
		expect(rail(replay.driver)).toEqual(rail(live.driver));
	}, 20_000);
});

describe('replay of a session stopped before the message', () => {
	it('records the close the user chose after 354, and the replay stops there with the same words, not as a failed send', async () => {
		const server = await startSmtpServer({hideSTARTTLS: true});
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'none'});
		// Step mode: every line goes, then Esc at the message prompt.
		const result = await live.driver.run(message(['you@example.test']), {confirm: async ({command}) => (command.verb === 'RAW' ? {action: 'stop'} : {action: 'send'})});
		expect(result).toMatchObject({ok: false, message: 'stopped by the user'});
		await live.driver.until(() => false);
		const recording = live.read();
		expect(recording.events.at(-1)).toMatchObject({type: 'dropped', message: 'stopped before the message: the connection is closed, since after 354 only a message may follow'});

		const replay = replayer(recording);
		const progress = await replayNext(replay.driver, replay.server);
		expect(progress).toMatchObject({outcome: 'played'});
		expect(progress.failure).toBeUndefined();
		const texts = replay.driver.log.entries.map(e => `${e.kind} ${e.text}`);
		expect(texts).toContain('info stopped before the message: the connection is closed, since after 354 only a message may follow');
		expect(texts.filter(text => text.startsWith('error'))).toEqual([]);
		expect(wire(replay.driver)).toEqual(wire(live.driver));
		expect(rail(replay.driver)).toEqual(rail(live.driver));
	});
});

describe('replay of a session the user stopped during a STARTTLS handshake', () => {
	it('plays the recorded close where it came, as the user\'s stop: no handshake is looked for, nothing fails', async () => {
		const server = await startRawServer(stallStartTls);
		cleanups.push(server.close);
		const live = recorded({host: '127.0.0.1', port: server.port, tls: 'auto'});
		const run = live.driver.run(message(['you@example.test']));
		await vi.waitFor(() => expect(live.driver.state?.awaiting).toBe('tls'), {timeout: 5000, interval: 5});
		// Ctrl+X: no line can go mid-handshake, so the connection is dropped, and the recording says so.
		await live.driver.quit();
		expect(await run).toMatchObject({ok: false, kind: 'stopped'});
		const recording = live.read();
		expect(recording.events.at(-1)).toMatchObject({type: 'dropped', message: expect.stringMatching(/^closing without QUIT: the TLS handshake is under way/)});

		const replay = replayer(recording);
		const progress = await replayNext(replay.driver, replay.server);
		expect(progress).toMatchObject({outcome: 'played'});
		expect(progress.failure).toBeUndefined();
		const texts = replay.driver.log.entries.map(e => `${e.kind} ${e.text}`);
		expect(texts.filter(text => text.startsWith('error'))).toEqual([]);
		expect(texts).toContain('info closing without QUIT: the TLS handshake is under way, and no command can go until it ends');
		expect(rail(replay.driver)).toContain('starttls:skipped');
		expect(wire(replay.driver)).toEqual(wire(live.driver));
	});
});

describe('replay of a dashboard session with several connections', () => {
	/** The dashboard's recording: its clock and connections follow the driver's "connecting" state. */
	async function twoConnections(): Promise<{recording: Recording; live: SessionController}> {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const file = path.join(dir, `${++files}.jsonl`);
		const target = {host: '127.0.0.1', port: sandbox.port, tls: 'none' as const};
		const writer = new RecordingWriter(file, target);
		const live = new SessionController({...target, ehloName: 'rec.test'}, {onWire: writer.record});
		live.subscribe(() => live.getSnapshot().session.connection === 'connecting' && writer.connecting());
		cleanups.push(() => live.close());
		// Ctrl+S in auto mode, Ctrl+X, then a second connection typed line by line in manual mode, then QUIT.
		expect(await live.send(message(['friend@example.test']), {step: false})).toMatchObject({ok: true});
		await live.disconnect();
		await live.driver.until(() => false);
		for (const line of ['EHLO typed.test', 'MAIL FROM:<me@example.test>', 'RCPT TO:<other@example.test>', 'DATA', 'Subject: typed', '', 'by hand', '.', 'QUIT']) {
			expect(await live.sendLine(line)).toBeUndefined();
		}
		await live.driver.until(() => false);
		return {recording: parseRecording(readFileSync(file, 'utf8'), file), live};
	}

	const sentLines = (entries: SmtpDriver['log']['entries']) => entries.filter(e => e.kind === 'sent').map(e => e.text);
	const conversation = (entries: SmtpDriver['log']['entries']) => entries.filter(e => e.kind === 'sent' || e.kind === 'received' || e.kind === 'data').map(e => `${e.kind} ${e.text}`);

	async function playsBoth(recording: Recording, live: SessionController): Promise<void> {
		const {driver, server} = replayer(recording);
		expect(server.connections).toHaveLength(2);
		expect(await replayNext(driver, server)).toEqual({connection: 1, connections: 2, outcome: 'played', next: 2});
		const first = driver.log.entries.length;
		expect(driver.log.entries.at(-1)?.text).toBe('connection 1 of 2 played: the next Ctrl+S plays connection 2');
		expect(await replayNext(driver, server)).toEqual({connection: 2, connections: 2, outcome: 'played', next: 1});
		// The second play is the typed connection, with its own lines, and nothing is sent into an ended session.
		expect(sentLines(driver.log.entries.slice(first))).toEqual(['EHLO typed.test', 'MAIL FROM:<me@example.test>', 'RCPT TO:<other@example.test>', 'DATA', 'QUIT']);
		expect(conversation(driver.log.entries)).toEqual(conversation(live.driver.log.entries));
		expect(driver.log.entries.filter(e => e.kind === 'error')).toEqual([]);
		expect(driver.log.entries.at(-1)?.text).toBe('connection 2 of 2 played: end of the recording');
	}

	it('marks where each connection starts, and plays one connection per play', async () => {
		const {recording, live} = await twoConnections();
		expect(recording.meta.version).toBe(5);
		expect(recording.events.filter(e => e.type === 'connect')).toHaveLength(2);
		await playsBoth(recording, live);
	});

	it('printed (replay --print), plays both connections one after the other, with no Ctrl+S between them', async () => {
		const {recording} = await twoConnections();
		const text = await replayTranscript(recording, 'text', ['replaying two connections']);
		const lines = text.split('\n');
		expect(lines[0]).toBe('=== replaying two connections');
		expect(lines).toContain('=== connection 1 of 2 played: connection 2 follows');
		expect(lines).toContain(' -> EHLO typed.test');
		expect(lines.at(-2)).toBe('=== connection 2 of 2 played: end of the recording');
		expect(text).not.toContain('Ctrl+S');
	});

	it('finds the second connection of an older recording (no connect events) by its greeting', async () => {
		const {recording, live} = await twoConnections();
		const old: Recording = {meta: {...recording.meta, version: 1}, events: recording.events.filter(e => e.type !== 'connect')};
		expect(connectionsOf(old.events).map(c => c.marked)).toEqual([false, false]);
		await playsBoth(old, live);
	});

	it('says so when the rest of an older recording cannot be played, instead of sending into an ended session', async () => {
		const header = '{"type":"meta","tool":"smtp-tui","version":1,"host":"h.test","port":25,"tls":"none","startedAt":"x"}';
		const line = (event: RecordingEvent) => JSON.stringify(event);
		// A second connection whose greeting refused service: nothing marks it as a new connection.
		const events: RecordingEvent[] = [
			{type: 'in', t: 1, tls: false, text: '220 hi\r\n'},
			{type: 'out', t: 2, tls: false, text: 'QUIT\r\n', verb: 'QUIT'},
			{type: 'in', t: 3, tls: false, text: '221 bye\r\n'},
			{type: 'in', t: 9, tls: false, text: '554 no service\r\n'},
			{type: 'out', t: 10, tls: false, text: 'QUIT\r\n', verb: 'QUIT'},
			{type: 'in', t: 11, tls: false, text: '221 bye\r\n'},
		];
		const {driver, server} = replayer(parseRecording([header, ...events.map(line)].join('\n')));
		expect(await replayNext(driver, server)).toMatchObject({outcome: 'cut', connections: 1, next: 1});
		const errors = driver.log.entries.filter(e => e.kind === 'error').map(e => e.text);
		expect(errors).toEqual(['the connection ended with 1 recorded command left: the rest of it cannot be played (this recording, made by an older smtp-tui, does not mark where a new connection starts)']);
	});

	it('plays a stopped connection again from its own start, not the recording\'s', async () => {
		const {recording} = await twoConnections();
		const {driver, server} = replayer(recording);
		await replayNext(driver, server);
		let asked = 0;
		const stopped = await replayNext(driver, server, {confirm: async () => (++asked < 2 ? {action: 'send'} : {action: 'stop'})});
		expect(stopped).toEqual({connection: 2, connections: 2, outcome: 'stopped', next: 2});
		const before = driver.log.entries.length;
		expect(await replayNext(driver, server)).toMatchObject({connection: 2, outcome: 'played'});
		expect(sentLines(driver.log.entries.slice(before))[0]).toBe('EHLO typed.test');
	});
});

describe('replayed latencies', () => {
	/** Recorded time of each reply: from the client's turn before it (or the connection's start) to the chunk that ended it. */
	function recordedLatencies(recording: Recording): number[] {
		const latencies: number[] = [];
		let since = 0;
		for (const event of recording.events) {
			if (event.type !== 'in') since = event.t;
			else if (/(?:^|\n)\d{3} [^\n]*\r\n$/.test(event.text ?? '')) latencies.push(event.t - since);
		}
		return latencies;
	}
	const shown = (driver: SmtpDriver) => driver.log.entries.filter(e => e.latencyMs !== undefined);

	async function slowSession(): Promise<{recording: Recording; live: SmtpDriver}> {
		const sandbox = await startTestSandbox({slowDelayMs: 300});
		cleanups.push(() => sandbox.close());
		const live = recorded({host: '127.0.0.1', port: sandbox.port, tls: 'none'});
		expect(await live.driver.run(message(['slow@example.test']))).toMatchObject({ok: true});
		await live.driver.quit();
		return {recording: live.read(), live: live.driver};
	}

	it('shows the recorded time of each reply with --instant, marked as not waited', async () => {
		const {recording, live} = await slowSession();
		const latencies = recordedLatencies(recording);
		const rcpt = shown(live).findIndex(e => e.text.startsWith('250') && e.reply?.code === 250 && (e.latencyMs ?? 0) >= 300);
		expect(rcpt).toBeGreaterThan(0);
		// The recorded times are the ones the live session showed.
		expect(latencies[rcpt]! - shown(live)[rcpt]!.latencyMs!).toBeLessThanOrEqual(2);

		const {driver, server} = replayer(recording, {instant: true});
		await replayNext(driver, server);
		expect(shown(driver).map(e => e.latencyMs)).toEqual(latencies);
		const slow = shown(driver)[rcpt]!;
		expect(slow.latencyMs).toBeGreaterThanOrEqual(300);
		expect(slow.latencyRecorded).toBe(true);
	});

	it('shows the recorded time when pauses are capped, and marks only the shortened ones', async () => {
		const {recording} = await slowSession();
		const latencies = recordedLatencies(recording);
		const {driver, server} = replayer(recording, {instant: false, maxPauseMs: 100});
		await replayNext(driver, server);
		expect(shown(driver).map(e => e.latencyMs)).toEqual(latencies);
		const marked = shown(driver).map(e => e.latencyRecorded === true);
		expect(marked).toEqual(latencies.map(latency => latency > 100));
		expect(marked).toContain(true);
	});
});
