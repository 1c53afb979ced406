// The driver's state as one immutable snapshot, the one thing headless output and the dashboard read.
import type {Failure} from '../smtp/failure.js';
import {latestAnswers} from '../smtp/recipients.js';
import type {SessionState} from '../smtp/session-types.js';
import {STEPS, type StepState, type TlsPolicy} from '../smtp/types.js';
import type {RefusedCertificate} from '../transport/connect-error.js';
import type {LogBuffer} from './log.js';
import {routeOf, type Route} from '../transport/address-family.js';
import type {Endpoints, SessionConnection, SessionSnapshot, TlsInfo} from './types.js';
import type {ClientCertificate} from '../transport/client-certificate.js';
import type {TlsVersionRange} from '../transport/tls-versions.js';
import type {ProxySettings} from '../transport/proxy-header.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import {endpoint} from '../transport/connect-error.js';

const INITIAL_STEPS: StepState[] = STEPS.map(step => ({step, status: 'pending'}));

/** Where the driver connects, as its options say. */
export function targetOf(options: {host: string; port: number; tls: TlsPolicy; sandbox?: boolean; replay?: boolean; auth?: unknown; bdat?: unknown; clientCertificate?: ClientCertificate; tlsVersions?: TlsVersionRange; proxy?: ProxySettings; lmtp?: boolean; socks?: SocksSettings} & Route): SessionSnapshot['target'] {
	const client = options.clientCertificate;
	return {
		host: options.host,
		port: options.port,
		security: options.tls,
		sandbox: options.sandbox ?? false,
		...(options.replay && {replay: true}),
		...(options.auth !== undefined && {login: true}),
		...(options.bdat !== undefined && {bdat: true}),
		// Its subject and expiry only: the key stays in the driver's options.
		...(client && {clientCertificate: {subject: client.subject, validTo: client.validTo}}),
		...(options.tlsVersions && {tlsVersions: options.tlsVersions}),
		...routeOf(options),
		// The version alone: the panel says a header goes first.
		...(options.proxy && {proxy: options.proxy.version}),
		// Where it is, for the panel's "via SOCKS" line: the login stays in the driver's options.
		...(options.socks && {socks: endpoint(options.socks.host, options.socks.port)}),
		// LMTP (RFC 2033): the rail's EHLO step is LHLO, and the message gets one reply per recipient.
		...(options.lmtp && {lmtp: true}),
	};
}

/** A connection's two ends, when it knows them (a recording played back does not). */
export function endpointsOf(connection: SessionConnection, port: number): Endpoints | undefined {
	const {remoteAddress, localAddress, localPort} = connection;
	if (remoteAddress === undefined || localAddress === undefined || localPort === undefined) return undefined;
	return {remote: {address: remoteAddress, port}, local: {address: localAddress, port: localPort}};
}

export type DriverState = Pick<SessionSnapshot, 'target' | 'connection' | 'endpoints' | 'proposed' | 'busy' | 'waiting' | 'sending' | 'result'> & {
	/** The engine's state: none before the first connection. */
	session: SessionState | undefined;
	tls: TlsInfo | undefined;
	refusedCertificate: RefusedCertificate | undefined;
	log: LogBuffer;
	failure: Failure | undefined;
};

export function driverSnapshot(driver: DriverState): SessionSnapshot {
	const state = driver.session;
	return {
		target: driver.target,
		connection: driver.connection,
		...(driver.endpoints && {endpoints: driver.endpoints}),
		secure: state?.secure ?? false,
		...(driver.tls && {tls: driver.tls}),
		...(driver.refusedCertificate && {refusedCertificate: driver.refusedCertificate}),
		...(state?.greeting && {greeting: state.greeting}),
		...(state?.extensions && {extensions: state.extensions}),
		authenticated: state?.authenticated ?? false,
		...(state?.startedOverBy && {startedOverBy: state.startedOverBy}),
		steps: state ? [...state.steps] : INITIAL_STEPS,
		current: state?.step ?? 'connect',
		log: driver.log.entries,
		logTotal: driver.log.total,
		recipients: state ? latestAnswers(state.transaction.recipients) : [],
		...(driver.proposed && {proposed: driver.proposed}),
		busy: driver.busy,
		...(driver.waiting && {waiting: driver.waiting}),
		...(driver.sending && {sending: driver.sending}),
		...(driver.result && {result: driver.result}),
		...(driver.failure && {failure: driver.failure.message}),
		...(driver.failure?.kind && {failureKind: driver.failure.kind}),
		...(driver.failure?.cause && {failureCause: driver.failure.cause}),
	};
}
