// A TLS server that demands a client certificate, or refuses the one offered: the failure's kind and cause come
// from the transport (never from its words), the recording keeps which it was (the tls-failed event's
// clientCertificate), and a replay of it gives the live run's next step. A recording without that field (made
// before it) plays as it did. Real TLS servers on loopback; no message text is copied, so rewording cannot break it.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {readClientCertificate} from '../../source/headless/client-certificate-file.js';
import type {DriverOptions} from '../../source/session/driver-options.js';
import {parseRecording, RecordingWriter, type Recording} from '../../source/session/recording.js';
import {replayNext} from '../../source/session/replay.js';
import type {ClientCertificate} from '../../source/transport/client-certificate.js';
import {nextLine} from '../../source/ui/components/next-step.js';
import {clientCerts, testCerts} from '../helpers/certs.js';
import {tlsGreeter} from '../transport/probe-servers.js';
import {dashboardProps} from '../ui/dashboard-fixtures.js';
import {driverHarness, shortMessage} from './driver-harness.js';
import {replayOf} from './replay-harness.js';

const {driverFor} = driverHarness();
const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-client-cert-'));
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

let ca: string;
/** Implicit TLS (1.3) demanding a certificate from the client CA: it says so with an alert after our handshake. */
let demanding: number;
/** Answers the ClientHello with alert 48 (unknown_ca), as an OpenSSL server that refuses the certificate offered. */
let refusing: number;
/** A certificate from a CA the servers do not trust. */
let stranger: ClientCertificate;

beforeAll(async () => {
	const server = await testCerts();
	const client = await clientCerts();
	ca = server.ca;
	const later: Array<() => unknown> = [];
	afterAll(async () => {
		for (const cleanup of later) await cleanup();
	});
	demanding = await tlsGreeter(cleanup => later.push(cleanup), {...server.server, requestCert: true, rejectUnauthorized: true, ca: [client.ca]});
	const alerter = net.createServer(socket => {
		socket.on('error', () => {});
		// A TLS record: type 21 (alert), TLS 1.2, two bytes: fatal (2), unknown_ca (48).
		socket.once('data', () => socket.end(Buffer.from([21, 3, 3, 0, 2, 2, 48])));
	});
	await new Promise<void>(resolve => alerter.listen(0, '127.0.0.1', resolve));
	later.push(() => new Promise(resolve => alerter.close(resolve)));
	refusing = (alerter.address() as net.AddressInfo).port;
	const file = path.join(dir, 'stranger.pem');
	writeFileSync(file, client.otherCa.cert + client.otherCa.key);
	stranger = readClientCertificate(file, undefined, {});
});

let files = 0;

/** A run of the driver against `port` with implicit TLS, recorded as `send --record` does: its result, next step and recording. */
async function recordedRun(port: number, options: Partial<DriverOptions> = {}) {
	const file = path.join(dir, `${++files}.jsonl`);
	const target = {host: 'localhost', port, tls: 'tls' as const};
	const driver = driverFor(port, {...target, ca, onWire: new RecordingWriter(file, target).record, ...options});
	const result = await driver.run(shortMessage);
	const snapshot = driver.getSnapshot();
	return {result, snapshot, next: nextLine(dashboardProps({presenter: true, snapshot})), file, recording: parseRecording(readFileSync(file, 'utf8'), file)};
}

/** The recording played as the dashboard plays it: the failure's words, kind and cause, and the presenter's next step. */
async function replayed(recording: Recording) {
	const {driver, server} = replayOf(recording);
	cleanups.push(() => driver.destroy());
	const progress = await replayNext(driver, server);
	const snapshot = driver.getSnapshot();
	return {message: snapshot.failure, kind: snapshot.failureKind, cause: snapshot.failureCause, next: nextLine(dashboardProps({presenter: true, snapshot, replay: true, replayProgress: progress}))};
}

const tlsFailed = (recording: Recording) => recording.events.find(event => event.type === 'tls-failed');

describe('a client certificate demanded and none offered', () => {
	it('fails as client-certificate (missing), the recording says demanded, and the replay advises as the live run did', async () => {
		const live = await recordedRun(demanding);
		expect(live.result).toMatchObject({ok: false, stage: 'tls', kind: 'client-certificate', cause: 'certificate-missing'});
		expect(live.next).toBe('next: the server wants a client certificate: start smtp-tui with --cert FILE (and --key FILE), or use another port or server');
		expect(tlsFailed(live.recording)).toMatchObject({clientCertificate: 'demanded'});
		expect(await replayed(live.recording)).toEqual({message: live.result.message, kind: 'client-certificate', cause: 'certificate-missing', next: live.next});
	});

	it('with --no-cert over a profile\'s: the cause is withheld, and the next step blames --no-cert', async () => {
		const live = await recordedRun(demanding, {withheldCertificate: '--no-cert; profile "relay" has one: CN=relay-client'});
		expect(live.result).toMatchObject({kind: 'client-certificate', cause: 'certificate-withheld'});
		expect(live.next).toBe("next: the server wants a client certificate: start smtp-tui again without --no-cert, to offer the profile's");
	});
});

describe('a client certificate offered and refused (alert 48)', () => {
	it('fails as client-certificate (refused), the recording says refused, and the replay advises as the live run did', async () => {
		const live = await recordedRun(refusing, {clientCertificate: stranger});
		expect(live.result).toMatchObject({ok: false, stage: 'tls', kind: 'client-certificate', cause: 'certificate-refused'});
		expect(live.next).toBe('next: the server refused the client certificate (the log says why); start smtp-tui again with one it takes (--cert, --key)');
		expect(tlsFailed(live.recording)).toMatchObject({clientCertificate: 'refused'});
		expect(await replayed(live.recording)).toEqual({message: live.result.message, kind: 'client-certificate', cause: 'certificate-refused', next: live.next});
	});
});

describe('a recording without clientCertificate (made before it)', () => {
	it('plays as before: the same words, a plain handshake failure, and the next step says what Ctrl+S plays', async () => {
		const live = await recordedRun(refusing, {clientCertificate: stranger});
		const older = path.join(dir, 'older.jsonl');
		writeFileSync(older, readFileSync(live.file, 'utf8').replace(',"clientCertificate":"refused"', ''));
		const recording = parseRecording(readFileSync(older, 'utf8'), older);
		expect(tlsFailed(recording)).not.toHaveProperty('clientCertificate');
		expect(await replayed(recording)).toEqual({message: live.result.message, kind: 'tls-handshake', cause: undefined, next: 'next: Ctrl+S plays the recording again'});
	});

	it('a clientCertificate that is neither demanded nor refused (edited by hand) is refused, naming the line', async () => {
		const live = await recordedRun(refusing, {clientCertificate: stranger});
		const text = readFileSync(live.file, 'utf8');
		const line = text.split('\n').findIndex(entry => entry.includes('"tls-failed"')) + 1;
		expect(() => parseRecording(text.replace('"clientCertificate":"refused"', '"clientCertificate":true'), 'x.jsonl')).toThrow(
			`x.jsonl, line ${line}: a tls-failed event with a field missing or of the wrong type (edited by hand?)`,
		);
	});
});
