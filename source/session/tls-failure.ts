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
