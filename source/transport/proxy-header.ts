// The HAProxy PROXY protocol header (haproxy's doc/proxy-protocol.txt, versions 1 and 2) that a load balancer puts
// before a client's first byte: which client, and which address it reached. Written by `send --proxy` and
// `check --proxy` right after the TCP connect, before TLS and SMTP. Pure: bytes and words, no socket.
import net from 'node:net';

export type ProxyVersion = 1 | 2;

/** TCP over IPv4 or IPv6, or UNKNOWN: v1's "PROXY UNKNOWN", v2's LOCAL command (AF_UNSPEC, no addresses). */
export type ProxyFamily = 'TCP4' | 'TCP6' | 'UNKNOWN';

/** What the user asked for; every address or port left out is the real connection's. */
export type ProxySettings = {
	version: ProxyVersion;
	family?: ProxyFamily;
	source?: string;
	sourcePort?: number;
	dest?: string;
	destPort?: number;
};

/** A connection's two ends as the header claims them: the client (source) and the address it connected to (dest). */
type ProxyEnds = {source: string; sourcePort: number; dest: string; destPort: number};

/** The header to write, and how the transcript shows it. */
export type ProxyHeader = {bytes: Buffer; text: string};

/** v2's fixed first twelve bytes: "\r\n\r\n\0\r\nQUIT\n". */
export const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** Version 2, command PROXY: the connection was relayed for a client, whose addresses follow. */
const V2_PROXY = 0x21;
/**
 * Version 2, command LOCAL: the proxy's own connection (a health check), no addresses; the server uses the real
 * ones. What HAProxy sends when it has no client to name, and what Postfix accepts: it refuses PROXY with AF_UNSPEC.
 */
const V2_LOCAL = 0x20;
/** The family byte: address family in the high nibble, transport (1: STREAM) in the low one. */
const V2_FAMILY: Record<ProxyFamily, number> = {TCP4: 0x11, TCP6: 0x21, UNKNOWN: 0x00};

/**
 * A socket's address as a header carries it: an IPv4 address that a dual-stack socket reports in IPv6 form
 * (::ffff:192.0.2.1) as IPv4, and a link-local one without its zone (fe80::1%eth0), which means nothing elsewhere.
 */
const headerAddress = (address: string) => {
	const plain = address.replace(/%.*$/, '');
	return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(plain) ? plain.slice(7) : plain;
};

/** TCP4 or TCP6, for an IP address; undefined for anything else. */
export function familyOfAddress(address: string): 'TCP4' | 'TCP6' | undefined {
	const version = net.isIP(address);
	return version === 4 ? 'TCP4' : version === 6 ? 'TCP6' : undefined;
}

/** Where an address given by the user came from, for errors: `--proxy-source`, or the connection's own. */
type Origin = {source: string; dest: string};

/**
 * The ends the header claims: the user's addresses and ports over the real connection's. A family the user gave
 * (or the source's or destination's, when only one was given) must match the other end's: the header holds one family.
 * Returns the reason in words (naming the flags) when they do not match.
 */
export function proxyEnds(settings: ProxySettings, real: ProxyEnds, origin: Origin = {source: '--proxy-source', dest: '--proxy-dest'}): ProxyEnds | string {
	const ends: ProxyEnds = {
		source: settings.source ?? headerAddress(real.source),
		sourcePort: settings.sourcePort ?? real.sourcePort,
		dest: settings.dest ?? headerAddress(real.dest),
		destPort: settings.destPort ?? real.destPort,
	};
	if (settings.family === 'UNKNOWN') return ends;
	const sourceFamily = familyOfAddress(ends.source);
	const destFamily = familyOfAddress(ends.dest);
	const say = (which: 'source' | 'dest', family: string | undefined) =>
		`${settings[which] === undefined ? `the connection's ${which === 'source' ? 'local' : 'server'} address` : origin[which]} ${ends[which]} is ${family ?? 'no IP address'}`;
	if (settings.family !== undefined) {
		if (sourceFamily !== settings.family) return `${say('source', sourceFamily)}, and --proxy-family is ${settings.family}${sameFamilyHint(settings, settings.family, {source: sourceFamily, dest: destFamily})}`;
		if (destFamily !== settings.family) return `${say('dest', destFamily)}, and --proxy-family is ${settings.family}${sameFamilyHint(settings, settings.family, {source: sourceFamily, dest: destFamily})}`;
	}
	if (sourceFamily !== destFamily) {
		const wanted = settings.source === undefined ? destFamily : sourceFamily;
		return `${say('source', sourceFamily)} and ${say('dest', destFamily)}: a PROXY header holds one family${wanted ? sameFamilyHint(settings, wanted, {source: sourceFamily, dest: destFamily}) : ''}`;
	}
	return ends;
}

/** Documentation addresses (RFC 5737, RFC 3849) to show in a hint, per family and end. */
const EXAMPLE: Record<'TCP4' | 'TCP6', {source: string; dest: string}> = {TCP4: {source: '203.0.113.5', dest: '192.0.2.1'}, TCP6: {source: '2001:db8::5', dest: '2001:db8::1'}};

/**
 * What to do when an end taken from the connection is of the other family than the header's (a name that resolved
 * to IPv4 with an IPv6 --proxy-source): give that end too, or connect over the header's family.
 */
function sameFamilyHint(settings: ProxySettings, wanted: 'TCP4' | 'TCP6', families: Record<'source' | 'dest', string | undefined>): string {
	const missing = (['source', 'dest'] as const).filter(which => settings[which] === undefined && families[which] !== wanted);
	if (missing.length === 0) return '';
	const flags = missing.map(which => `--proxy-${which} ${EXAMPLE[wanted][which]}`).join(' ');
	return `; add a ${wanted} ${missing.map(which => `--proxy-${which}`).join(' and ')} (e.g. ${flags}), or connect with ${wanted === 'TCP6' ? '-6' : '-4'}`;
}

/** 203.0.113.5:40000, [2001:db8::5]:40000. */
const at = (address: string, port: number) => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`);

/** The 16 (IPv6) or 4 (IPv4) bytes of an address. */
function addressBytes(address: string): Buffer {
	if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number));
	// Expand "::" into the zero groups it stands for; an embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
	const withTail = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) => `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
	const [head = '', tail] = withTail.split('::');
	const groups = (text: string) => (text === '' ? [] : text.split(':'));
	const left = groups(head);
	const right = tail === undefined ? [] : groups(tail);
	const all = [...left, ...Array.from({length: 8 - left.length - right.length}, () => '0'), ...right];
	const bytes = Buffer.alloc(16);
	all.forEach((group, index) => bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2));
	return bytes;
}

/** The header for these ends. `family`: UNKNOWN sends no addresses; otherwise the addresses' own (checked by proxyEnds). */
export function proxyHeader(version: ProxyVersion, ends: ProxyEnds, family?: ProxyFamily): ProxyHeader {
	const kind: ProxyFamily = family === 'UNKNOWN' ? 'UNKNOWN' : familyOfAddress(ends.source) ?? 'UNKNOWN';
	if (version === 1) {
		// Only IP literals and numbers reach here: the line holds no CR or LF but its own end.
		const line = kind === 'UNKNOWN' ? 'PROXY UNKNOWN' : `PROXY ${kind} ${ends.source} ${ends.dest} ${ends.sourcePort} ${ends.destPort}`;
		return {bytes: Buffer.from(`${line}\r\n`, 'latin1'), text: line};
	}
	const addresses =
		kind === 'UNKNOWN'
			? Buffer.alloc(0)
			: Buffer.concat([addressBytes(ends.source), addressBytes(ends.dest), Buffer.from([ends.sourcePort >> 8, ends.sourcePort & 0xff, ends.destPort >> 8, ends.destPort & 0xff])]);
	const fixed = Buffer.from([kind === 'UNKNOWN' ? V2_LOCAL : V2_PROXY, V2_FAMILY[kind], addresses.length >> 8, addresses.length & 0xff]);
	const bytes = Buffer.concat([V2_SIGNATURE, fixed, addresses]);
	const claims = kind === 'UNKNOWN' ? 'LOCAL, no addresses (the server takes the connection\'s own)' : `${kind} ${at(ends.source, ends.sourcePort)} -> ${at(ends.dest, ends.destPort)}`;
	return {bytes, text: `PROXY v2 (${bytes.length} bytes): ${claims}`};
}
