// What a session through a SOCKS proxy (--socks) that closed before the greeting most likely means: OpenSSH's ssh -D
// answers a CONNECT with success before it tries it (with 0.0.0.0:0 as its end), and closes when the server cannot
// be reached, so an unreachable server reads as one that hung up.
import type {RunResult} from '../session/types.js';
import type {SocksSettings} from '../transport/socks-connect.js';

/** Why a close before the greeting is most likely the proxy's failure to reach the server. */
export const SOCKS_EARLY_CLOSE = 'a SOCKS proxy such as ssh -D reports a CONNECT as made before it tries it, and closes when it cannot reach the server (ssh\'s own terminal then says "channel N: open failed: connect failed: ...")';

/** The end of send's failure summary for a close, through a proxy, before a byte of the greeting. */
export function socksHint(socks: SocksSettings | undefined, result: RunResult | undefined, firstBytes: Buffer | undefined): string {
	if (!socks || result === undefined || firstBytes !== undefined || (result.stage !== 'banner' && result.stage !== 'closed') || result.kind === 'greeting-silent') return '';
	return `; through the SOCKS proxy this is most likely the server unreachable from the proxy: ${SOCKS_EARLY_CLOSE}`;
}
