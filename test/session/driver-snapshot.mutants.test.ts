// Cases found by mutation testing of driver-snapshot.ts: what the snapshot says of the target and of a driver
// before and after its first connection, each optional field only when there is something to say.
import {describe, expect, test} from 'vitest';
import {driverSnapshot, endpointsOf, targetOf, type DriverState} from '../../source/session/driver-snapshot.js';
import {LogBuffer} from '../../source/session/log.js';
import type {SessionState} from '../../source/smtp/session-types.js';
import type {SessionConnection} from '../../source/session/types.js';
import {STEPS} from '../../source/smtp/types.js';

const plain = {host: 'mail.example.test', port: 25, tls: 'auto' as const};

describe('targetOf', () => {
	test('a plain target: host, port, security, not the sandbox, and nothing else', () => {
		expect(targetOf(plain)).toEqual({host: 'mail.example.test', port: 25, security: 'auto', sandbox: false});
	});

	test('each option said when given: replay, login, BDAT, client certificate (not its key), versions, route, PROXY, LMTP', () => {
		const certificate = {cert: 'CERT', key: 'KEY', subject: 'CN=c', validTo: 'Mar  6 04:23:03 2099 GMT'};
		expect(
			targetOf({...plain, sandbox: true, replay: true, auth: {user: 'u'}, bdat: {}, clientCertificate: certificate, tlsVersions: {min: '1.3'}, family: 6, localAddress: '::1', proxy: {version: 2}, lmtp: true}),
		).toEqual({
			host: 'mail.example.test',
			port: 25,
			security: 'auto',
			sandbox: true,
			replay: true,
			login: true,
			bdat: true,
			clientCertificate: {subject: 'CN=c', validTo: 'Mar  6 04:23:03 2099 GMT'},
			tlsVersions: {min: '1.3'},
			family: 6,
			localAddress: '::1',
			proxy: 2,
			lmtp: true,
		});
	});

	test('options given as false are not said', () => {
		expect(targetOf({...plain, replay: false, lmtp: false})).toEqual({host: 'mail.example.test', port: 25, security: 'auto', sandbox: false});
	});
});

describe('endpointsOf', () => {
	const connection = (fields: Partial<SessionConnection>) => ({remoteAddress: '127.0.0.1', localAddress: '127.0.0.1', localPort: 40000, ...fields}) as SessionConnection;

	test('both ends, the remote one with the port connected to', () => {
		expect(endpointsOf(connection({}), 2525)).toEqual({remote: {address: '127.0.0.1', port: 2525}, local: {address: '127.0.0.1', port: 40000}});
	});

	test('none when any part is unknown (a recording played back)', () => {
		for (const missing of ['remoteAddress', 'localAddress', 'localPort'] as const) expect(endpointsOf(connection({[missing]: undefined}), 25), missing).toBeUndefined();
	});
});

describe('driverSnapshot', () => {
	const driver = (fields: Partial<DriverState> = {}): DriverState => ({
		target: targetOf(plain),
		connection: 'idle',
		busy: false,
		session: undefined,
		tls: undefined,
		refusedCertificate: undefined,
		log: new LogBuffer(),
		failure: undefined,
		...fields,
	}) as DriverState;

	test('before the first connection: every step pending at connect, not secure, nothing optional', () => {
		const snapshot = driverSnapshot(driver());
		expect(snapshot).toEqual({
			target: targetOf(plain),
			connection: 'idle',
			secure: false,
			authenticated: false,
			steps: STEPS.map(step => ({step, status: 'pending'})),
			current: 'connect',
			log: [],
			logTotal: 0,
			recipients: [],
			busy: false,
		});
	});

	test("a session's state: its steps copied, greeting, extensions, login, start-over, recipients once each", () => {
		const steps = STEPS.map(step => ({step, status: 'done' as const}));
		const recipients = [
			{address: 'a@example.test', accepted: false, reply: {code: 450}},
			{address: 'a@EXAMPLE.test', accepted: false, reply: {code: 550}},
		];
		const session = {secure: true, authenticated: true, steps, step: 'mail', greeting: {code: 220}, extensions: {keywords: new Set()}, startedOverBy: 'RSET', transaction: {recipients}} as unknown as SessionState;
		const snapshot = driverSnapshot(driver({session}));
		expect(snapshot).toMatchObject({secure: true, authenticated: true, current: 'mail', greeting: {code: 220}, extensions: {keywords: new Set()}, startedOverBy: 'RSET'});
		expect(snapshot.steps).toEqual(steps);
		expect(snapshot.steps).not.toBe(steps);
		expect(snapshot.recipients).toEqual([{address: 'a@EXAMPLE.test', accepted: false, reply: {code: 550}}]);
	});

	test("the driver's own fields, and the failure's message, kind and cause", () => {
		const log = new LogBuffer();
		log.append({kind: 'info', text: 'hello'});
		const snapshot = driverSnapshot(
			driver({
				log,
				endpoints: {remote: {address: '127.0.0.1', port: 25}, local: {address: '127.0.0.1', port: 1}},
				tls: {protocol: 'TLSv1.3'} as never,
				refusedCertificate: {reason: 'x'} as never,
				proposed: {verb: 'QUIT'} as never,
				waiting: {what: 'the greeting', since: 1, timeoutMs: 2},
				sending: {sent: 1} as never,
				result: {kind: 'sent'} as never,
				failure: {message: 'it failed', kind: 'timeout', cause: 'slow'} as never,
			}),
		);
		expect(snapshot).toMatchObject({
			endpoints: {remote: {address: '127.0.0.1', port: 25}},
			tls: {protocol: 'TLSv1.3'},
			refusedCertificate: {reason: 'x'},
			proposed: {verb: 'QUIT'},
			waiting: {what: 'the greeting'},
			sending: {sent: 1},
			result: {kind: 'sent'},
			failure: 'it failed',
			failureKind: 'timeout',
			failureCause: 'slow',
			logTotal: 1,
		});
		expect(snapshot.log.map(entry => entry.text)).toEqual(['hello']);
	});

	test('a failure without kind or cause has neither', () => {
		const snapshot = driverSnapshot(driver({failure: {message: 'it failed'} as never}));
		expect(snapshot.failure).toBe('it failed');
		expect('failureKind' in snapshot || 'failureCause' in snapshot).toBe(false);
	});
});
