// Turns `check` flags and TARGET into validated options. Every mistake becomes a UsageError naming the flag.
import type {TlsVersionRange} from '../transport/tls-versions.js';
import {isIP, isIPv6} from 'node:net';
import {isHostName} from '../transport/host-port.js';
import {domainOf} from '../transport/mx.js';
import type {DnsServer} from '../transport/dns-resolver.js';
import {CHECK_DEFAULTS, checkWaits} from './check-flags.js';
import {UsageError} from './command.js';
import {flagNumber, flagSeconds, kebab} from './flags.js';
import {isTlsScheme, unbracketedIpv6Port, urlParts} from './host-checks.js';
import {parseConnectionFlags} from './connection-flags.js';
import type {RouteSettings} from './route-options.js';
import {routeOf} from '../transport/address-family.js';
import type {ProxySettings} from '../transport/proxy-header.js';
import {parseProxyFlags} from './proxy-options.js';
import {parseSocksFlags} from './socks-options.js';
import type {SocksSettings} from '../transport/socks-connect.js';
import {hidePassword} from '../text/url-password.js';
import {policySource, type PolicySource} from './check-mta-sts.js';
import {parseSenderFlags, type SenderSettings} from './check-sender-options.js';

export type CheckSettings = {
	/** Absent when --ports was not given: a TARGET with its own port may then use it. */
	ports?: number[];
	/**
	 * Ports that speak TLS from the first byte besides 465: those of --ports written PORT/tls, or the dashboard's
	 * own target with security TLS.
	 */
	tlsPorts?: readonly number[];
	timeoutMs: number;
	/** The banner's wait, when it is not timeoutMs: --timeout not given (CHECK_DEFAULTS.greetingSeconds). */
	greetingTimeoutMs?: number;
	ehloName?: string;
	ca?: string;
	/** The --ca file's name, for a verdict that has to say that its CA does not vouch for a certificate. */
	caFile?: string;
	/** --tls-min and --tls-max: the TLS versions a handshake may use. */
	tlsVersions?: TlsVersionRange;
	/** TLS from the first byte on every port; otherwise only on 465. */
	implicitTls?: boolean;
	/** --starttls or --no-starttls (absent: STARTTLS where offered, as send does without either). */
	starttlsRule?: StarttlsRule;
	useMx: boolean;
	mxHosts: number;
	/** --cert-days: a certificate met with fewer days left makes the verdict say so and the exit code 3 (0: never). */
	certDays: number;
	json: boolean;
	/** --nagios: a monitoring plugin's output and exit codes. */
	nagios: boolean;
	/** --warn-after, --critical-after (--nagios): a banner that takes longer than this makes the state WARNING, CRITICAL. */
	warnAfterMs?: number;
	criticalAfterMs?: number;
	/** --allow-unverified (--nagios): a certificate that does not verify does not make the state CRITICAL. */
	allowUnverified?: true;
	/** --proxy: every probe sends this PROXY header first. */
	proxy?: ProxySettings;
	/** --dns: MX records and every host's addresses come from this server. */
	dns?: DnsServer;
	/** --socks: every probe goes through this SOCKS5 proxy, which finds each host's address itself. */
	socks?: SocksSettings;
	/** --mta-sts-policy: a draft MTA-STS policy to judge instead of the published one. */
	mtaStsPolicy?: PolicySource;
	/** --public-address, --blocklist, --no-blocklists: this machine as a sender (the block runs only for `check`). */
	sender?: SenderSettings;
} & RouteSettings;

/**
 * What send would do about STARTTLS, when not its default: require it (`starttls`) or leave it alone (`none`).
 * `profile`: the profile it came from, when no flag was typed, so that the verdict names that profile.
 */
export type StarttlsRule = {policy: 'starttls' | 'none'; profile?: string};

/** A host (probed as is, resolved by the system) or a mail domain (its MX hosts are probed). */
export type Target = {kind: 'host'; host: string; port?: number} | {kind: 'domain'; domain: string; address: boolean};

const TARGET_HINT = 'e.g. smtp-tui check smtp.example.com, smtp.example.com:587, example.com or you@example.com';
const PORTS_HINT = 'ports are 1 to 65535, comma-separated, /tls after one that speaks TLS from the first byte: --ports 25,587,2465/tls';

function port(text: string, what: string, hint: string): number {
	const value = /^\d{1,5}$/.test(text.trim()) ? Number(text) : Number.NaN;
	if (!(value >= 1 && value <= 65535)) throw new UsageError(`${what}: "${text}" is not a port number (1 to 65535)`, hint);
	return value;
}

/** --ports: each port, and those written PORT/tls (implicit TLS on that port alone, where --tls means every one). */
function parsePorts(value: unknown): Pick<CheckSettings, 'ports' | 'tlsPorts'> {
	if (value === undefined) return {};
	const items = String(value).split(',');
	if (items.every(item => item.trim() === '')) throw new UsageError('--ports needs a comma-separated list of ports, e.g. --ports 25,587', PORTS_HINT);
	const tlsPorts: number[] = [];
	const plainPorts: number[] = [];
	const ports = items.map(item => {
		const tls = /^(.*)\/tls\s*$/i.exec(item);
		const number = port(tls ? tls[1]! : item, '--ports', PORTS_HINT);
		(tls ? tlsPorts : plainPorts).push(number);
		return number;
	});
	// A port probes one way per check: given plain and as PORT/tls, one of the two would silently not be probed.
	const both = tlsPorts.find(tlsPort => plainPorts.includes(tlsPort));
	if (both !== undefined) {
		throw new UsageError(`--ports: port ${both} is given both plain and as ${both}/tls, and check probes each port one way`, `run check twice: once with --ports ${both}, once with --ports ${both}/tls`);
	}
	return {ports: [...new Set(ports)], ...(tlsPorts.length > 0 && {tlsPorts})};
}

function whole(value: unknown, flag: string, min: number, max: number, fallback: number, hint: string): number {
	if (value === undefined) return fallback;
	const number = flagNumber(value);
	if (!(number >= min && number <= max)) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${String(value)}"`, hint);
	return number;
}

const THRESHOLD_HINT = "seconds to the banner, as check_smtp's -w and -c: e.g. -w 3 -c 6";

/** --warn-after and --critical-after: seconds above 0 and below the banner's wait, the warning's no more than the critical one's. */
function parseThresholds(flags: Record<string, unknown>, greetingSeconds: number): Pick<CheckSettings, 'warnAfterMs' | 'criticalAfterMs'> {
	const wait = flags.timeout === undefined ? `the banner's wait (${greetingSeconds} s without --timeout)` : `--timeout (${greetingSeconds} s)`;
	const seconds = (value: unknown, flag: string): number | undefined => {
		if (value === undefined) return undefined;
		const number = flagSeconds(value);
		if (!(number > 0)) throw new UsageError(`${flag} must be a number of seconds above 0, not "${String(value)}"`, THRESHOLD_HINT);
		// Never crossed: a banner that slow is not waited for (the probe is silent, and CRITICAL for that).
		if (number >= greetingSeconds) throw new UsageError(`${flag} ${String(value)} is not below ${wait}: no banner is waited for that long`, `give ${flag} in seconds (not milliseconds) below it, or a longer --timeout`);
		return number;
	};
	const warn = seconds(flags.warnAfter, '--warn-after');
	const critical = seconds(flags.criticalAfter, '--critical-after');
	if (warn !== undefined && critical !== undefined && warn > critical) {
		throw new UsageError(`--warn-after ${String(flags.warnAfter)} is more than --critical-after ${String(flags.criticalAfter)}: a slow banner would be CRITICAL before it is a WARNING`, THRESHOLD_HINT);
	}
	return {...(warn !== undefined && {warnAfterMs: Math.round(warn * 1000)}), ...(critical !== undefined && {criticalAfterMs: Math.round(critical * 1000)})};
}

/** The flags that set --nagios's state alone: check's own exit code says whether a port answers, not how well. */
function refuseWithoutNagios(flags: Record<string, unknown>): void {
	if (flags.nagios === true) return;
	const given = (['warnAfter', 'criticalAfter', 'allowUnverified'] as const).find(key => flags[key] !== undefined && flags[key] !== false);
	if (given === undefined) return;
	throw new UsageError(`--${kebab(given)} sets the state of --nagios, which is not given`, `add --nagios (exit 0 OK, 1 WARNING, 2 CRITICAL; from cron too): check's own exit code says whether a port answers, whatever its time or certificate`);
}

/**
 * The sender block's settings, when it may run. A monitor (--nagios) watches the server it names, not the machine it
 * runs on, and runs every few minutes: there the block runs only when asked for, with --public-address or
 * --blocklist, so existing service checks keep their state and ask no blocklist uninvited.
 */
function senderBlock(flags: Record<string, unknown>): Pick<CheckSettings, 'sender'> {
	const sender = parseSenderFlags(flags);
	const asked = sender.publicAddress !== undefined || (sender.blocklists?.length ?? 0) > 0;
	return flags.nagios === true && !asked ? {} : {sender};
}

export function parseCheckFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): CheckSettings {
	// --timeout, --ca, --ehlo and the security flags mean what they mean for `send`: parse them the same way, with
	// check's timeout.
	const connection = parseConnectionFlags(
		{helo: flags.helo, ca: flags.ca, tls: flags.tls, starttls: flags.starttls, tlsMin: flags.tlsMin, tlsMax: flags.tlsMax, timeout: flags.timeout ?? CHECK_DEFAULTS.timeoutSeconds, ipv4: flags.ipv4, ipv6: flags.ipv6, localAddress: flags.localAddress, dns: flags.dns},
		env,
		// The flag's long name, which the error shows as typed (--ehlo, --helo).
		'--helo',
		// --no-starttls still leaves TLS on 465 and PORT/tls: the TLS flags are judged once the ports are known.
		{tlsLater: true},
	);
	if (flags.json === true && flags.nagios === true) throw new UsageError('--json and --nagios are two outputs: give one of them', '--nagios for a Nagios or Icinga service check, --json for scripts');
	refuseWithoutNagios(flags);
	const proxy = parseProxyFlags(flags);
	// A domain's MX records are looked up here, with --dns's server if given.
	const socks = parseSocksFlags(flags, env, true);
	return {
		...parsePorts(flags.ports),
		...(proxy && {proxy}),
		...(socks && {socks}),
		...checkWaits(flags.timeout === undefined ? undefined : Math.round(connection.timeoutSeconds * 1000)),
		...(connection.ehloName !== undefined && {ehloName: connection.ehloName}),
		...(connection.ca !== undefined && {ca: connection.ca, caFile: String(flags.ca)}),
		...(connection.tlsVersions && {tlsVersions: connection.tlsVersions}),
		...(connection.tls === 'tls' && {implicitTls: true}),
		...((connection.tls === 'starttls' || connection.tls === 'none') && {starttlsRule: {policy: connection.tls}}),
		useMx: flags.mx !== false,
		mxHosts: whole(flags.mxHosts, '--mx-hosts', 1, 50, CHECK_DEFAULTS.mxHosts, 'e.g. --mx-hosts 5 probes the 5 most preferred MX hosts'),
		certDays: whole(flags.certDays, '--cert-days', 0, 3650, CHECK_DEFAULTS.certDays, 'e.g. --cert-days 21 warns about a certificate with fewer than 21 days left; --cert-days 0 never does'),
		json: flags.json === true,
		nagios: flags.nagios === true,
		...parseThresholds(flags, flags.timeout === undefined ? CHECK_DEFAULTS.greetingSeconds : connection.timeoutSeconds),
		...(flags.allowUnverified === true && {allowUnverified: true}),
		...(connection.dns && {dns: connection.dns}),
		...(typeof flags.mtaStsPolicy === 'string' && {mtaStsPolicy: policySource(flags.mtaStsPolicy)}),
		...senderBlock(flags),
		...routeOf(connection),
	};
}

/** A host or domain name as typed, checked and in ASCII form. */
function nameOf(text: string): string {
	let name: string | undefined;
	try {
		name = domainOf(text);
	} catch {
		// Said below.
	}
	// A typo ("h_x!.example") is bad input (exit 1), not a DNS failure to report (exit 2).
	if (name === undefined || !isHostName(name)) throw new UsageError(`TARGET "${hidePassword(text)}" is not a host name, a mail domain or an address`, TARGET_HINT);
	return name;
}

/** `smtp://host` (a URL, as --host refuses one): the host alone, with the port the scheme means. */
function refuseUrl(target: string): void {
	const url = urlParts(target);
	if (!url) return;
	const host = url.host.includes(':') ? `[${url.host}]` : url.host;
	const fix = url.port
		? `${host}:${url.port}`
		: isTlsScheme(url.scheme)
			? `${host}:465 (${url.scheme}:// is port 465)`
			: url.scheme === 'smtp'
				? `${host} (every port of --ports), or ${host}:25 (the port smtp:// means)`
				: host;
	throw new UsageError(`TARGET "${hidePassword(target)}" has a scheme (${url.scheme}://) in it`, `give the host alone: smtp-tui check ${fix}`);
}

/** TARGET's port; "PORT/tls" belongs in --ports, which is where the hint points. */
function targetPort(text: string, target: string, host: string): number {
	const tls = /^(\d{1,5})\/tls$/i.exec(text.trim());
	if (tls) throw new UsageError(`TARGET "${target}": /tls goes after a port in --ports, not in TARGET`, `smtp-tui check ${host} --ports ${tls[1]}/tls`);
	return port(text, `TARGET "${target}"`, TARGET_HINT);
}

/** Reads TARGET: `[v6]:port`, an IP, `host:port`, `user@domain`, or a name (a mail domain unless useMx is off). */
export function parseTarget(text: string | undefined, useMx = true): Target {
	const target = text?.trim() ?? '';
	if (target === '') throw new UsageError('missing TARGET: a host, host:port, a mail domain or an address', TARGET_HINT);
	refuseUrl(target);
	if (target.includes('@')) return {kind: 'domain', domain: nameOf(target), address: true};
	const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(target);
	if (bracketed) {
		if (!isIPv6(bracketed[1]!)) throw new UsageError(`TARGET "${target}": "${bracketed[1]}" in brackets is not an IPv6 address`, TARGET_HINT);
		return {kind: 'host', host: bracketed[1]!, ...(bracketed[2] !== undefined && {port: targetPort(bracketed[2], target, `[${bracketed[1]}]`)})};
	}
	// Before isIP, which takes "fe80::1%eth0:25" whole, its zone "eth0:25".
	const v6 = unbracketedIpv6Port(target);
	if (v6) throw new UsageError(`TARGET "${target}" is an IPv6 address with a port after it`, `write the address in brackets: smtp-tui check [${v6.host}]:${v6.port}`);
	if (isIP(target)) return {kind: 'host', host: target};
	const withPort = /^([^:]*):([^:]*)$/.exec(target);
	if (withPort) return {kind: 'host', host: nameOf(withPort[1]!), port: targetPort(withPort[2]!, target, withPort[1]!)};
	const name = nameOf(target);
	// A name without a dot (localhost, an intranet host) has no MX to look up.
	return useMx && name.includes('.') ? {kind: 'domain', domain: name, address: false} : {kind: 'host', host: name};
}
