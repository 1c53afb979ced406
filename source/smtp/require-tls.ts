// RFC 8689 REQUIRETLS: a message that may travel only over TLS, every hop. MAIL carries REQUIRETLS only inside TLS
// and to a server that advertises it there; anywhere else the message must not be sent at all (RFC 8689 §4.1).
import type {SessionState} from './session-types.js';

/** The server advertised REQUIRETLS in its last EHLO reply. */
const offersRequireTls = (state: SessionState): boolean => state.extensions?.keywords.has('REQUIRETLS') === true;

/**
 * Why a REQUIRETLS message cannot go on this session, or undefined when it can. Checked before MAIL, after the TLS
 * phase (which --require-tls makes required, so an unencrypted session has already stopped there).
 */
export function requireTlsRefusal(state: SessionState, unverified: boolean): string | undefined {
	if (unverified) return "certificate verification is off (--insecure; in the dashboard, Verify off): REQUIRETLS needs the server's certificate verified (RFC 8689 §4.2.1); the message was not sent";
	if (!state.secure) return 'the session is not encrypted: REQUIRETLS needs TLS (STARTTLS or implicit TLS); the message was not sent (RFC 8689 forbids sending it without)';
	if (offersRequireTls(state)) return undefined;
	const where = state.tlsStarted ? 'after STARTTLS' : 'over TLS';
	return `the server does not offer REQUIRETLS ${where}: the message was not sent (RFC 8689 forbids sending it without)`;
}
