// --socks and --socks-user: reach the server through a SOCKS5 proxy (ssh -D on a jump host, a corporate proxy).
// Shared by send, talk, check and the dashboard. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';

export const socksFlags = {
	socks: {type: 'string'},
	socksUser: {type: 'string'},
} satisfies FlagSpecs;

/**
 * The help lines, for the Connection sections; `more`: what the command adds to --socks's own lines; `socket`:
 * whether the command has --socket (check has not).
 */
export const socksHelp = ({more = '', socket = true}: {more?: string; socket?: boolean} = {}) => `    --socks HOST[:PORT]    connect through this SOCKS5 proxy (port 1080 if none is given), such as the one
                           ssh -D 1080 JUMPHOST opens: it resolves the server's name and connects; not
                           with ${socket ? '--socket, ' : ''}-4, -6, --local-address or --proxy${more}
    --socks-user NAME      log in to the proxy as NAME (RFC 1929); the password from SMTP_TUI_SOCKS_PASSWORD`;
