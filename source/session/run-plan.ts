// What a run asks of the engine's planner: the driver's settings and the message's envelope and needs.
import {randomBytes} from 'node:crypto';
import type {SessionPlan} from '../smtp/plan.js';
import {asksForDsn} from '../smtp/dsn.js';
import type {TlsPolicy} from '../smtp/types.js';
import {isLoopback} from '../transport/loopback.js';
import {isSocketPath} from '../transport/host-port.js';
import type {OutgoingMessage, RunOptions} from './types.js';

type Settings = {host: string; port?: number; tls: TlsPolicy; ehloName: string; auth?: SessionPlan['auth']; allowPlaintextAuth?: boolean; pipeline?: boolean; insecure?: boolean; xclient?: SessionPlan['xclient']; bdat?: {chunkSize: number}} & Pick<SessionPlan, 'dsn' | 'requireTls'>;

export function runPlan(settings: Settings, message: Pick<OutgoingMessage, 'from' | 'recipients' | 'size' | 'eightBit' | 'utf8Headers' | 'eightBitMessages' | 'allowPartial'>, quitAfter: RunOptions['quitAfter']): SessionPlan {
	return {
		ehloName: settings.ehloName,
		tls: settings.tls,
		// SCRAM's nonce, fresh for each run (RFC 5802 §5.1: 18 random bytes as base64, no "," in it); OAUTHBEARER names the
		// server, which a Unix socket's path is not.
		...(settings.auth && {auth: {...settings.auth, nonce: randomBytes(18).toString('base64'), ...(!isSocketPath(settings.host) && {host: settings.host, ...(settings.port !== undefined && {port: settings.port})})}}),
		// Loopback is no network to read a password on: PLAIN and LOGIN go in clear there (the sandbox).
		allowPlaintextAuth: settings.allowPlaintextAuth ?? isLoopback(settings.host),
		from: message.from,
		recipients: message.recipients,
		...(message.size !== undefined && {size: message.size}),
		eightBit: message.eightBit,
		...(message.utf8Headers && {utf8Headers: true}),
		...(message.eightBitMessages && {eightBitMessages: message.eightBitMessages}),
		allowPartial: message.allowPartial ?? false,
		...(quitAfter && {quitAfter}),
		...(settings.pipeline && {pipeline: true}),
		...(asksForDsn(settings.dsn) && {dsn: settings.dsn}),
		...(settings.requireTls && {requireTls: true, ...(settings.insecure && {insecure: true})}),
		...(settings.xclient && {xclient: settings.xclient}),
		...(settings.bdat !== undefined && {bdat: true}),
	};
}
