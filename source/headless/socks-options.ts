// --socks and --socks-user, checked into the proxy's settings. What the proxy makes moot is refused by name: the
// connection to the mail server is the proxy's, so this machine's family, address and PROXY header are not its.
import {isIPv6} from 'node:net';
import type {SocksSettings} from '../transport/socks-connect.js';
import {isHostName, unbracketed} from '../transport/host-port.js';
import {UsageError} from './command.js';
import {flagNumber} from './flags.js';
import {hostAndPort} from './host-checks.js';
import {refuseNotUtf8} from './not-utf8.js';

/** ssh -D's usual port, and curl's for socks5h:// without one. */
const SOCKS_PORT = 1080;

/** The password's variable: never a flag, which the process list and the shell's history would show. */
const SOCKS_PASSWORD_VARIABLE = 'SMTP_TUI_SOCKS_PASSWORD';

const HINT = 'e.g. --socks 127.0.0.1:1080 (after ssh -D 1080 JUMPHOST), or --socks proxy.example.com';

/** What a SOCKS proxy leaves no room for, with the flag as typed. */
const NOT_WITH_SOCKS = [
	['socket', '--socket', 'a Unix socket is on this machine'],
	['ipv4', '-4', 'the proxy picks the address family'],
	['ipv6', '-6', 'the proxy picks the address family'],
	['localAddress', '--local-address', 'the proxy connects from its own address'],
	['proxy', '--proxy', "a PROXY header would describe this machine's connection to the proxy, not the server's"],
] as const;

/** HOST, HOST:PORT, [V6]:PORT or a bare IPv6 address; socks5h:// (and socks5://) as curl's ALL_PROXY writes it. */
function parseAddress(given: string): {host: string; port: number} {
	const text = given.trim().replace(/^socks5h?:\/\//i, '').replace(/\/$/, '');
	if (text === '') throw new UsageError('--socks is empty', `give the proxy's host and port, ${HINT}`);
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(text)) throw new UsageError(`--socks "${given}": only SOCKS5 proxies are supported`, `give the proxy as HOST:PORT, ${HINT}`);
	const joined = isIPv6(text) ? undefined : hostAndPort(text);
	const host = unbracketed(joined?.host ?? text);
	refuseNotUtf8(host, '--socks');
	if (!isHostName(host)) throw new UsageError(`--socks "${given}" is not a host name or address, nor HOST:PORT`, HINT);
	const port = joined ? flagNumber(joined.port) : SOCKS_PORT;
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--socks "${given}": the port must be a whole number from 1 to 65535`, HINT);
	return {host, port};
}

/** The proxy login: the user from --socks-user, its password from the environment only. */
function parseLogin(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): SocksSettings['login'] {
	if (flags.socksUser === undefined) return undefined;
	const user = String(flags.socksUser);
	if (user === '') throw new UsageError('--socks-user is empty', 'give the user name the proxy knows, or leave --socks-user out for a proxy without login');
	const password = env[SOCKS_PASSWORD_VARIABLE];
	if (!password) throw new UsageError(`--socks-user ${user} given but no password: set ${SOCKS_PASSWORD_VARIABLE}`, `e.g. read -rs ${SOCKS_PASSWORD_VARIABLE} && export ${SOCKS_PASSWORD_VARIABLE} (a flag would show it in the process list)`);
	refuseNotUtf8(user, '--socks-user');
	refuseNotUtf8(password, SOCKS_PASSWORD_VARIABLE, {quote: false});
	// RFC 1929 gives each one byte of length.
	if (Buffer.byteLength(user) > 255) throw new UsageError('--socks-user is longer than 255 bytes (UTF-8), which SOCKS5 cannot carry');
	if (Buffer.byteLength(password) > 255) throw new UsageError(`${SOCKS_PASSWORD_VARIABLE} is longer than 255 bytes (UTF-8), which SOCKS5 cannot carry`);
	return {user, password};
}

/**
 * The proxy's settings, or undefined without --socks. `mxLookup`: the command looks up MX records (here, not
 * through the proxy: SOCKS5 carries no DNS), which is what --dns is then for.
 */
export function parseSocksFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, mxLookup = false): SocksSettings | undefined {
	if (flags.socks === undefined) {
		if (flags.socksUser !== undefined) throw new UsageError('--socks-user given without --socks', 'add --socks HOST:PORT, the proxy to log in to');
		return undefined;
	}
	const clashing = NOT_WITH_SOCKS.filter(([name]) => flags[name] !== undefined && flags[name] !== false);
	if (clashing.length > 0) {
		throw new UsageError(`--socks cannot be used with ${clashing.map(([, flag]) => flag).join(', ')}: ${clashing.map(([, , why]) => why).join('; ')}`, `leave ${clashing.map(([, flag]) => flag).join(', ')} out, or leave --socks out to connect directly`);
	}
	if (flags.dns !== undefined && !mxLookup) throw dnsWithoutLookup();
	return {...parseAddress(String(flags.socks)), ...definedLogin(parseLogin(flags, env))};
}

/** --dns beside --socks where no MX is looked up: the proxy resolves the one name there is. */
export const dnsWithoutLookup = () => new UsageError('--dns with --socks and no MX lookup: the proxy resolves the host name itself', 'leave --dns out; with --mx, --dns is where the MX records come from');

const definedLogin = (login: SocksSettings['login']) => (login ? {login} : {});
