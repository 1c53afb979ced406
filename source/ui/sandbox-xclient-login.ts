// The built-in sandbox offers AUTH in clear only to loopback clients. Once XCLIENT makes the session another client's
// (an --xclient-addr off loopback), a session without STARTTLS is offered no AUTH at all, so the dashboard's own demo
// login would fail every run: with --no-starttls and such an address, it makes none, and says why at start. Nor
// does it after XCLIENT LOGIN, which logs the session in already (smtp-server then offers no AUTH).
import type {XclientAttribute} from '../smtp/xclient.js';
import {isLoopback} from '../transport/loopback.js';

/** The client address the XCLIENT attributes name, when it is not on loopback ([UNAVAILABLE] leaves the real one). */
function addressOffLoopback(xclient: readonly XclientAttribute[][] | undefined): string | undefined {
	const address = xclient?.flat().find(attribute => attribute.name === 'ADDR')?.value.replace(/^ipv6:/i, '');
	return address !== undefined && !address.startsWith('[') && !isLoopback(address) ? address : undefined;
}

/** The login XCLIENT gives the session (--xclient-login), unless a special value ([UNAVAILABLE]) says none is known. */
function xclientLogin(xclient: readonly XclientAttribute[][] | undefined): string | undefined {
	const login = xclient?.flat().find(attribute => attribute.name === 'LOGIN')?.value;
	return login !== undefined && !login.startsWith('[') ? login : undefined;
}

/**
 * The start note saying why the dashboard makes no demo login against its sandbox, when it would be refused every
 * run; undefined when the demo login stays (a --user of the user's own, --no-auth, XCLIENT leaving it possible).
 */
export function noDemoLoginAfterXclient(connection: {tls: string; user?: string | undefined}, noAuth: boolean, xclient: readonly XclientAttribute[][] | undefined): string | undefined {
	if (connection.user !== undefined || noAuth) return undefined;
	// Logged in already: smtp-server offers no AUTH to a session that has a user.
	const login = xclientLogin(xclient);
	if (login !== undefined) return `no demo login: --xclient-login makes the session ${login}'s, logged in already`;
	if (connection.tls !== 'none') return undefined;
	const address = addressOffLoopback(xclient);
	if (address === undefined) return undefined;
	return `no demo login: XCLIENT makes the session ${address}'s, and the sandbox offers AUTH off loopback only in TLS (drop --no-starttls to log in)`;
}
