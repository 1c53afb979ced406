// --socks and --socks-user: reach the server through a SOCKS5 proxy (ssh -D on a jump host, a corporate proxy).
// Shared by send, talk, check and the dashboard. Kept light: cli.tsx imports this eagerly.
import type {FlagSpecs} from './command.js';

export const socksFlags = {
	socks: {type: 'string'},
	socksUser: {type: 'string'},
} satisfies FlagSpecs;

/** The help lines, for the Connection sections. */
export const socksHelp = `    --socks HOST[:PORT]    connect through this SOCKS5 proxy (default port 1080), e.g. ssh -D 1080 JUMPHOST's:
                           the proxy resolves the server's name and connects; not with --socket, -4, -6,
                           --local-address or --proxy
    --socks-user NAME      log in to the proxy as NAME (RFC 1929); the password from SMTP_TUI_SOCKS_PASSWORD`;
