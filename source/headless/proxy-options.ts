// --proxy and its --proxy-* flags, checked into the header's settings. Every mistake names its flag: the header is
// a claim the server trusts, so a wrong one is refused here rather than sent.
import net from 'node:net';
import {unbracketed} from '../transport/host-port.js';
import {familyOfAddress, type ProxyFamily, type ProxySettings} from '../transport/proxy-header.js';
import {UsageError} from './command.js';
import {flagNumber} from './flags.js';
import {str} from './flag-values.js';

/** The flags besides --proxy, each of which implies it (as in swaks, where they build the header without it). */
const DETAIL_FLAGS = [
	['proxyVersion', '--proxy-version'],
	['proxyFamily', '--proxy-family'],
	['proxySource', '--proxy-source'],
	['proxySourcePort', '--proxy-source-port'],
	['proxyDest', '--proxy-dest'],
	['proxyDestPort', '--proxy-dest-port'],
] as const;

/** swaks' v2 names (AF_INET...) beside v1's (TCP4...): runbooks written for either work. */
const FAMILIES: Readonly<Record<string, ProxyFamily>> = {TCP4: 'TCP4', TCP6: 'TCP6', UNKNOWN: 'UNKNOWN', AF_INET: 'TCP4', AF_INET6: 'TCP6', AF_UNSPEC: 'UNKNOWN'};

function parseVersion(given: string | undefined): 1 | 2 {
	if (given === undefined) return 1;
	const text = given.trim().replace(/^v/i, '');
	if (text === '1' || text === '2') return Number(text) as 1 | 2;
	throw new UsageError(`--proxy-version must be 1 or 2, not "${given}"`, '1 is the text line (PROXY TCP4 ...), 2 the binary header; HAProxy and Postfix take both');
}

function parseFamily(given: string | undefined): ProxyFamily | undefined {
	if (given === undefined) return undefined;
	const text = given.trim().toUpperCase();
	const family = FAMILIES[text];
	if (family !== undefined) return family;
	if (text === 'AF_UNIX') throw new UsageError('--proxy-family AF_UNIX is not supported: smtp-tui sends headers for TCP connections', 'give TCP4, TCP6 or UNKNOWN, or leave --proxy-family out');
	throw new UsageError(`--proxy-family must be TCP4, TCP6 or UNKNOWN, not "${given}"`, 'leave it out to take the family of the addresses');
}

/** An IP address, as the header carries it: no name (a header holds no names), no zone, no line break. */
function parseAddress(given: string | undefined, flag: string): string | undefined {
	if (given === undefined) return undefined;
	const address = unbracketed(given.trim());
	if (familyOfAddress(address) === undefined || address.includes('%')) {
		throw new UsageError(`${flag} ${JSON.stringify(given)} is not an IP address`, `the PROXY header carries IP addresses, not names: e.g. ${flag} ${flag === '--proxy-source' ? '203.0.113.5' : '192.0.2.25'} (or 2001:db8::5)`);
	}
	// The usual short form (2001:db8::5): v1's line has room for 39 characters an address, as the spec counts them.
	return familyOfAddress(address) === 'TCP6' ? new net.SocketAddress({address, family: 'ipv6'}).address : address;
}

function parsePort(given: string | undefined, flag: string): number | undefined {
	if (given === undefined) return undefined;
	const port = flagNumber(given);
	if (!Number.isInteger(port) || port > 65535) throw new UsageError(`${flag} must be a whole number from 0 to 65535, not "${given}"`, `e.g. ${flag} 40000, or leave it out to use this connection's own`);
	return port;
}

/**
 * The header's settings, or undefined without --proxy (and its details); `host`: the host connected to, when known
 * now, whose family an address given alone must share (a connection, and so its header, stays in one family).
 */
export function parseProxyFlags(flags: Record<string, unknown>, host?: string): ProxySettings | undefined {
	const details = DETAIL_FLAGS.filter(([name]) => flags[name] !== undefined);
	if (flags.proxy === false && details.length > 0) {
		throw new UsageError(`--no-proxy with ${details.map(([, flag]) => flag).join(', ')}: they describe a header that --no-proxy leaves out`, 'drop --no-proxy to send the header, or the --proxy-* flags');
	}
	if (flags.proxy !== true && details.length === 0) return undefined;
	if (flags.socket !== undefined) throw new UsageError('--proxy cannot be used with --socket: a PROXY header describes a TCP connection', 'leave --proxy out, or connect with --host and --port');
	const source = parseAddress(str(flags.proxySource), '--proxy-source');
	const dest = parseAddress(str(flags.proxyDest), '--proxy-dest');
	const settings: ProxySettings = {
		version: parseVersion(str(flags.proxyVersion)),
		...definedOnly({
			family: parseFamily(str(flags.proxyFamily)),
			source,
			sourcePort: parsePort(str(flags.proxySourcePort), '--proxy-source-port'),
			dest,
			destPort: parsePort(str(flags.proxyDestPort), '--proxy-dest-port'),
		}),
	};
	refuseMixedFamilies(settings, host);
	return settings;
}

const definedOnly = <T extends Record<string, unknown>>(object: T): Partial<T> => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;

/** The given addresses, the family and a host given as an address: one family in all of them, or the header is nonsense. */
function refuseMixedFamilies(settings: ProxySettings, host: string | undefined): void {
	if (settings.family === 'UNKNOWN') return;
	// Each with the family it implies: "--proxy-source 203.0.113.5 (TCP4)".
	const given: Array<[label: string, family: string]> = [];
	const add = (label: string, address: string | undefined) => {
		const family = address === undefined ? undefined : familyOfAddress(unbracketed(address));
		if (family !== undefined) given.push([`${label} ${unbracketed(address!)} (${family})`, family]);
	};
	if (settings.family !== undefined) given.push([`--proxy-family ${settings.family}`, settings.family]);
	add('--proxy-source', settings.source);
	add('--proxy-dest', settings.dest);
	// The host's family matters only for an end taken from the connection.
	if (settings.source === undefined || settings.dest === undefined) add('--host', host);
	const [first, ...rest] = given;
	const other = rest.find(([, family]) => family !== first![1]);
	if (first && other) {
		throw new UsageError(`${first[0]} and ${other[0]} differ: a PROXY header holds addresses of one family`, 'give both --proxy-source and --proxy-dest of one family (each left out is taken from the connection), or --proxy-family UNKNOWN');
	}
}
