// What a failed session says about the PROXY protocol: a port behind a load balancer waits in silence for a header
// that never came; a port that takes none reads one as a command, or hangs up at it.
import type {RunResult} from '../session/types.js';
import type {HeaderRefusal} from '../session/proxy-refusal.js';
import type {ProxySettings} from '../transport/proxy-header.js';

export const TRY_PROXY = '; or it waits for a PROXY protocol header, as a server behind a load balancer does (Postfix with smtpd_upstream_proxy_protocol): try --proxy';

/** The end of send's failure summary; `refused`: how the server refused the header, if it did (see ProxyRefusal). */
export function proxyHint(proxy: ProxySettings | undefined, result: RunResult | undefined, firstBytes: Buffer | undefined, refused: HeaderRefusal | undefined, implicitTls = false): string {
	if (refused?.kind === 'command') return '; the server does not take a PROXY header on this port: leave out --proxy';
	if (refused) return `; ${refused.note}`;
	// smtp-server's answer to a header it cannot parse (its useProxy, and so serve --proxy, reads version 1 alone).
	if (proxy?.version === 2 && result?.message.includes('Invalid PROXY header')) return '; the server expects a PROXY header but could not read this one: it may take version 1 only (smtp-server and smtp-tui serve --proxy do): try --proxy-version 1';
	// --tls: Postfix took the ClientHello for a broken PROXY header and answered in plain text.
	if (!proxy && implicitTls && result?.stage === 'tls' && result.cause === 'not-tls') return '; or it waits for a PROXY protocol header before TLS (a server behind a load balancer): try --proxy';
	// Not a byte back: silence (the port may want a header), or a close (it may not take the one sent).
	if (result === undefined || firstBytes !== undefined || (result.stage !== 'banner' && result.stage !== 'closed')) return '';
	const silent = result.kind === 'greeting-silent';
	if (!proxy) return silent ? TRY_PROXY : '';
	return silent ? '' : '; the server closed the connection at the PROXY header without a word: a port that does not expect one may do that; try without --proxy';
}
