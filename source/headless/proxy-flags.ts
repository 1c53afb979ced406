// Flags of the PROXY protocol header (--proxy), shared by send and check. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';

// Strings, checked by parseProxyFlags: a number flag would turn "abc" into NaN before it can be quoted.
export const proxyFlags = {
	proxy: {type: 'boolean'},
	proxyVersion: {type: 'string'},
	proxyFamily: {type: 'string'},
	proxySource: {type: 'string'},
	proxySourcePort: {type: 'string'},
	proxyDest: {type: 'string'},
	proxyDestPort: {type: 'string'},
} satisfies FlagSpecs;

/** The help lines, for send's and check's Connection sections. */
export const proxyHelp = `    --proxy                send a PROXY protocol header first, as a load balancer does (HAProxy; Postfix's
                           smtpd_upstream_proxy_protocol): version 1, this connection's own addresses
    --proxy-version 1|2    1: the text line (default); 2: the binary header
    --proxy-source ADDR    the client address the header claims (default: this connection's local address)
    --proxy-source-port N  its port (0 to 65535; default: this connection's local port)
    --proxy-dest ADDR      the server address it claims (default: the address connected to)
    --proxy-dest-port N    its port (default: the port connected to)
    --proxy-family F       TCP4, TCP6 (default: the addresses' own) or UNKNOWN (no addresses; in v2 the
                           LOCAL command, which Postfix takes, unlike v1's); any --proxy-* flag implies --proxy`;
