// What a session through a SOCKS proxy (--socks) that closed before the greeting most likely means: some proxies
// answer a CONNECT with success before they try it, and close when the server cannot be reached, so an unreachable
// server reads as one that hung up. (OpenSSH's ssh -D does not: it answers once connected, and closes with no reply
// on a failure, which the transport says as such.)
import type {RunResult} from '../session/types.js';
import type {SocksSettings} from '../transport/socks-connect.js';

/** Why a close before the greeting is most likely the proxy's failure to reach the server. */
export const SOCKS_EARLY_CLOSE = 'some SOCKS proxies report a CONNECT as made before they try it, and close when they cannot reach the server';

/** The end of send's failure summary for a close, through a proxy, before a byte of the greeting. */
export function socksHint(socks: SocksSettings | undefined, result: RunResult | undefined, firstBytes: Buffer | undefined): string {
	if (!socks || result === undefined || firstBytes !== undefined || (result.stage !== 'banner' && result.stage !== 'closed') || result.kind === 'greeting-silent') return '';
	return `; through the SOCKS proxy this is most likely the server unreachable from the proxy: ${SOCKS_EARLY_CLOSE}`;
}
