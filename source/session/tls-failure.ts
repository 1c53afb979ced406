// A failed TLS handshake as the rest of the session needs it: the record a replay fails with, and the kind of
// failure the advice depends on.
import type {FailureCause, FailureKind} from '../smtp/failure.js';
import {ConnectError} from '../transport/connection.js';
import type {WireRecord} from './types.js';

/**
 * The record of a failed TLS handshake, so a replay fails where and as the session did: with its words, and with
 * what its advice depends on that the replay cannot work out again (`versions`: the user's --tls-min/--tls-max were
 * blamed, which depends on how the server broke off; `clientCertificate`: demanded or refused, which depends on
 * whether one was offered). The rest comes again from `code`, as the transport made it from that.
 */
export function tlsFailedRecord(error: unknown): WireRecord {
	const {code, certificate, versions, clientCertificate} = error instanceof ConnectError ? error : {code: undefined, certificate: undefined, versions: undefined, clientCertificate: undefined};
	return {
		direction: 'tls-failed',
		message: error instanceof Error ? error.message : String(error),
		...(code !== undefined && {code}),
		...(certificate && {certificate}),
		...(versions && {versions}),
		...(clientCertificate && {clientCertificate}),
		time: Date.now(),
	};
}

/**
 * Which TLS failure an error of the handshake (or of the TLS session right after it) is: advice depends on it. The
 * handshake says when --tls-min/--tls-max are to blame (they left out versions, and the server found none in
 * common, or broke off as servers do over those versions).
 */
export function tlsFailureKind(error: unknown): FailureKind {
	if (!(error instanceof ConnectError)) return 'tls-handshake';
	if (error.certificate) return 'certificate';
	if (error.versions) return 'tls-versions';
	return error.clientCertificate ? 'client-certificate' : 'tls-handshake';
}

/**
 * Finer than tlsFailureKind, where advice tells cases apart: no version in common (not a handshake broken off over
 * the versions), and which trouble with the client certificate. `withheld`: --no-cert dropped a profile's, which a
 * demand for one then blames.
 */
export function tlsFailureCause(error: unknown, withheld?: string): FailureCause | undefined {
	if (!(error instanceof ConnectError) || error.certificate) return undefined;
	if (error.clientCertificate === 'refused') return 'certificate-refused';
	if (error.clientCertificate === 'demanded') return withheld ? 'certificate-withheld' : 'certificate-missing';
	if (error.versions) return error.tlsFailure === 'no-common-version' ? 'no-common-version' : undefined;
	return error.tlsFailure === 'not-tls' ? 'not-tls' : undefined;
}

const SEND_TERM = 'certificate verification failed for ';

/** A refused certificate's words in their parts: "certificate verification failed for HOST: REASON (HINT)REST". */
export type TrustMessage = {host: string; reason: string; hint: string; rest: string};

/**
 * The parts of a refused certificate's words, for a caller that words them its own way (the dashboard: its panel
 * has a CA file and Verify where send has --ca and --insecure). Undefined for any other error, or words not in that
 * form (an old recording's may not be).
 */
export function trustMessageParts(error: unknown, message: string): TrustMessage | undefined {
	const reason = error instanceof ConnectError ? error.certificate?.reason : undefined;
	if (reason === undefined || !message.startsWith(SEND_TERM)) return undefined;
	const open = message.indexOf(`: ${reason} (`, SEND_TERM.length);
	if (open < 0) return undefined;
	// The hint may hold parentheses of its own ("(e.g. --host localhost)"): it ends where they balance.
	const start = open + reason.length + 4;
	let depth = 1;
	let close = start;
	for (; close < message.length && depth > 0; close++) {
		if (message[close] === '(') depth++;
		else if (message[close] === ')') depth--;
	}
	if (depth !== 0) return undefined;
	return {host: message.slice(SEND_TERM.length, open), reason, hint: message.slice(start, close - 1), rest: message.slice(close)};
}
