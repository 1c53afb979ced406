// A failed TLS handshake as the rest of the session needs it: the record a replay fails with, and the kind of
// failure the advice depends on.
import type {FailureKind} from '../smtp/failure.js';
import {ConnectError} from '../transport/connection.js';
import type {WireRecord} from './types.js';
import {NO_COMMON_VERSION_CODES, narrowedByUser, type TlsVersionRange} from '../transport/tls-versions.js';

/** The record of a failed TLS handshake, so a replay fails where and as the session did. */
export function tlsFailedRecord(error: unknown): WireRecord {
	const {code, certificate} = error instanceof ConnectError ? error : {code: undefined, certificate: undefined};
	return {direction: 'tls-failed', message: error instanceof Error ? error.message : String(error), ...(code !== undefined && {code}), ...(certificate && {certificate}), time: Date.now()};
}

/**
 * Which TLS failure an error of the handshake (or of the TLS session right after it) is: advice depends on it.
 * `versions`: the range --tls-min/--tls-max allowed, which is to blame for no version in common when it left some out.
 */
export function tlsFailureKind(error: unknown, versions?: TlsVersionRange): FailureKind {
	if (!(error instanceof ConnectError)) return 'tls-handshake';
	if (error.certificate) return 'certificate';
	if (error.code !== undefined && NO_COMMON_VERSION_CODES.has(error.code) && narrowedByUser(versions)) return 'tls-versions';
	return error.clientCertificate ? 'client-certificate' : 'tls-handshake';
}

const SEND_TERM = 'certificate verification failed for ';

/**
 * A refused certificate in the words of a caller that advises in its own terms (the dashboard, whose panel has a CA
 * file and Verify where send has --ca and --insecure): "certificate not trusted for 127.0.0.1: self-signed
 * certificate; certificate: CN=localhost, …; SHA-256 …", send's advice in parentheses left out. Any other error's
 * words (or ones not in that form, as an old recording's may be) as they are.
 */
export function unadvisedTrustText(error: unknown, message: string): string {
	const reason = error instanceof ConnectError ? error.certificate?.reason : undefined;
	if (reason === undefined || !message.startsWith(SEND_TERM)) return message;
	const open = message.indexOf(`: ${reason} (`, SEND_TERM.length);
	if (open < 0) return message;
	// The advice may hold parentheses of its own ("(e.g. --host localhost)"): it ends where they balance.
	let depth = 0;
	let close = open + reason.length + 3;
	for (; close < message.length; close++) {
		if (message[close] === '(') depth++;
		else if (message[close] === ')' && --depth === 0) break;
	}
	if (depth !== 0) return message;
	return `certificate not trusted for ${message.slice(SEND_TERM.length, open)}: ${reason}${message.slice(close + 1)}`;
}
