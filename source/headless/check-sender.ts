// `check`'s "this machine as a sender" block: the address mail leaves from (the probes' own, or --public-address),
// its reverse DNS and whether the name resolves back to it (forward-confirmed: Gmail and Microsoft require it), the
// HELO name against it, and the address on DNS blocklists. Asks only DNS, never an outside service.
import {hostname} from 'node:os';
import {isIPv6} from 'node:net';
import {defaultEhloName} from '../smtp/ehlo-name.js';
import {clientAddress, nibbles, reverseName} from '../spf/address.js';
import type {SpfDns} from '../spf/evaluate.js';
import {isPublicAddress} from '../spf/client.js';
import {isHostName} from '../transport/host-port.js';
import {isLoopback} from '../transport/loopback.js';
import {listsTestPoint, queryBlocklist} from '../transport/dnsbl.js';
import {endpoint} from '../transport/connect-error.js';
import {errorCode} from '../error-code.js';
import {asksFor, blocklistMeaning, DEFAULT_BLOCKLISTS, type BlocklistStatus} from './blocklist-codes.js';
import {genericReason} from './generic-ptr.js';
import type {SenderSettings} from './check-sender-options.js';
import type {ProbeResult} from './check-probe.js';
import {shown} from './check-verdict.js';

/** A PTR name, and whether its A (AAAA) records hold the address again. */
export type PtrName = {name: string; addresses: string[]; confirmed: boolean; generic?: string; error?: string};

export type BlocklistResult = {zone: string; status: BlocklistStatus | 'not-asked'; codes?: string[]; meaning?: string[]; txt?: string[]; error?: string};

/** `warning`: mail from here is likely refused or junked (with --nagios, WARNING); `advice`: worth fixing, no state. */
/** `zone`: a listing on that blocklist, which the block's line for it says already. */
export type SenderProblem = {severity: 'warning' | 'advice'; text: string; zone?: string};

export type SenderReport = {
	/** The address judged, and where it came from: --public-address, or the probe that left from it. */
	address?: string;
	from: 'public-address' | 'probe';
	probe?: string;
	/** Why no address was judged: the probes went over loopback, from a private one, through SOCKS, or none connected. */
	unjudged?: 'loopback' | 'private' | 'socks' | 'no-connection';
	/** The PTR names, or why the lookup failed. */
	ptr?: PtrName[] | {error: string};
	/** The HELO name send would give (--helo, else its default), and whether a PTR name is it. */
	helo?: {name: string; matches: boolean};
	blocklists?: BlocklistResult[];
	/** The block's lines after its first. */
	lines: string[];
	problems: SenderProblem[];
};

/** What check knows of where mail from here leaves from. */
export type SenderOrigin = {publicAddress?: string; socks?: boolean; results?: readonly ProbeResult[]; ehloName?: string};

/** PTR names checked: a host has one or two; a zone that hands out dozens is not worth as many queries. */
const MAX_NAMES = 5;

/** The probe whose local address stands for this machine's: port 25's (mail goes out there), else any that connected. */
const leaving = (results: readonly ProbeResult[]) => results.find(result => result.port === 25 && result.outgoingAddress) ?? results.find(result => result.outgoingAddress);

const sameAddress = (a: string, b: string) => (isIPv6(a) && isIPv6(b) ? nibbles(a).join('') === nibbles(b).join('') : a === b);

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

async function ptrNames(ip: string, dns: SpfDns): Promise<PtrName[] | {error: string}> {
	let names: string[];
	try {
		names = [...new Set((await dns.ptr(reverseName(ip))).map(bare))].slice(0, MAX_NAMES);
	} catch (error) {
		return {error: `the PTR lookup of ${reverseName(ip)} failed (${errorCode(error) ?? String(error)})`};
	}
	return Promise.all(
		names.map(async (name): Promise<PtrName> => {
			const generic = genericReason(name, ip);
			try {
				const addresses = await (isIPv6(ip) ? dns.aaaa(name) : dns.a(name));
				return {name, addresses, confirmed: addresses.some(address => sameAddress(address, ip)), ...(generic && {generic})};
			} catch (error) {
				return {name, addresses: [], confirmed: false, ...(generic && {generic}), error: `the ${isIPv6(ip) ? 'AAAA' : 'A'} lookup of ${name} failed (${errorCode(error) ?? String(error)})`};
			}
		}),
	);
}

const SILENT_LIST = 'it does not list its test address 127.0.0.2 either (RFC 5782), so it is not answering your resolver: some lists must have it registered (Barracuda), refuse public resolvers (Spamhaus), or have shut down';

async function blocklist(ip: string, zone: string, dns: SpfDns): Promise<BlocklistResult> {
	if (!asksFor(zone, ip)) return {zone, status: 'not-asked'};
	const [answer, answering] = await Promise.all([queryBlocklist(ip, zone, dns), listsTestPoint(zone, dns)]);
	if ('error' in answer) return {zone, status: 'not-known', error: answer.error};
	if (answer.codes.length === 0 && answering === false) return {zone, status: 'not-known', error: SILENT_LIST};
	if (answer.codes.length === 0) return {zone, status: 'not-listed'};
	const {status, words} = blocklistMeaning(zone, answer.codes);
	return {zone, status, codes: answer.codes, ...(words.length > 0 && {meaning: words}), ...(answer.txt.length > 0 && {txt: answer.txt})};
}

const GIVE = 'give it with --public-address ADDR to check its reverse DNS and blocklists';

/** The first line for an address not judged. */
const UNJUDGED: Record<NonNullable<SenderReport['unjudged']>, (address: string | undefined) => string> = {
	loopback: address => `the probes went over loopback (${address}), which says nothing of the address mail to other hosts leaves from: ${GIVE}`,
	private: address => `the probes left from ${address}, a private address: receivers see your router's or provider's public address (NAT), which cannot be known from here without asking an outside service: ${GIVE}`,
	socks: () => `through the SOCKS proxy, mail leaves from the proxy's address, which cannot be known from here: ${GIVE}`,
	'no-connection': () => `no probe connected, so the address mail leaves from is not known here: ${GIVE}`,
};

/** Looks the address up and judges it; `dns`: --dns's server or the system's, each query within --timeout. */
export async function lookupSender(origin: SenderOrigin, settings: SenderSettings, dns: SpfDns): Promise<SenderReport> {
	const probe = origin.publicAddress === undefined && origin.results ? leaving(origin.results) : undefined;
	const found = origin.publicAddress ?? probe?.outgoingAddress;
	const address = found === undefined ? undefined : clientAddress(found.replace(/%.*$/, ''));
	const base = {...(address !== undefined && {address}), from: origin.publicAddress === undefined ? ('probe' as const) : ('public-address' as const), ...(probe && {probe: endpoint(probe.host, probe.port)})};
	const unjudged = origin.publicAddress === undefined && origin.socks ? 'socks' : address === undefined ? 'no-connection' : isLoopback(address) ? 'loopback' : isPublicAddress(address) ? undefined : 'private';
	if (unjudged) return {...base, unjudged, lines: [], problems: []};
	const ip = address!;
	const zones = settings.blocklists ?? DEFAULT_BLOCKLISTS.map(known => known.zone);
	const [ptr, blocklists] = await Promise.all([ptrNames(ip, dns), Promise.all(zones.map(zone => blocklist(ip, zone, dns)))]);
	const helo = Array.isArray(ptr) && ptr.length > 0 ? heloOf(origin, probe, ip, ptr) : undefined;
	const problems = [...ptrProblems(ip, ptr), ...(helo && !helo.matches ? [heloProblem(helo.name, ptr as PtrName[])] : []), ...blocklistProblems(ip, blocklists)];
	const lines = [...ptrLines(ip, ptr), ...(helo?.matches ? [`HELO name ${helo.name} is the reverse DNS name`] : []), ...blocklists.map(blocklistLine)];
	return {...base, ptr, ...(helo && {helo}), blocklists, lines, problems};
}

/** The HELO send would give from here: --helo, else the host name with a dot, else the address literal. */
function heloOf(origin: SenderOrigin, probe: ProbeResult | undefined, ip: string, ptr: PtrName[]): {name: string; matches: boolean} {
	const name = bare(origin.ehloName ?? defaultEhloName(hostname(), probe?.outgoingAddress ?? ip));
	return {name, matches: ptr.some(entry => entry.name === name)};
}

function ptrLines(ip: string, ptr: PtrName[] | {error: string}): string[] {
	if (!Array.isArray(ptr)) return [`reverse DNS: not known (${shown(ptr.error, 200)})`];
	if (ptr.length === 0) return [`reverse DNS: none (no PTR record at ${reverseName(ip)})`];
	return ptr.map(entry => {
		const type = isIPv6(ip) ? 'AAAA' : 'A';
		if (entry.confirmed) return `reverse DNS: ${shown(entry.name, 253)}, forward-confirmed (its ${type} records hold ${ip})`;
		if (entry.error !== undefined) return `reverse DNS: ${shown(entry.name, 253)}, not known whether it resolves back (${shown(entry.error, 200)})`;
		const has = entry.addresses.length === 0 ? `it has no ${type} record` : `its ${type} records are ${entry.addresses.join(', ')}, not ${ip}`;
		return `reverse DNS: ${shown(entry.name, 253)}, NOT forward-confirmed: ${has}`;
	});
}

function ptrProblems(ip: string, ptr: PtrName[] | {error: string}): SenderProblem[] {
	if (!Array.isArray(ptr)) return [];
	if (ptr.length === 0) return [{severity: 'warning', text: `${ip} has no reverse DNS: receivers such as Gmail refuse mail from an address without reverse DNS: ask your hosting provider to set a PTR`}];
	const problems: SenderProblem[] = [];
	// One name that resolves back is enough for receivers; an unknown answer is no problem found.
	if (!ptr.some(entry => entry.confirmed || entry.error !== undefined)) {
		const type = isIPv6(ip) ? 'AAAA' : 'A';
		problems.push({severity: 'warning', text: `the reverse DNS name of ${ip} (${ptr.map(entry => shown(entry.name, 253)).join(', ')}) does not resolve back to it: receivers such as Gmail and Microsoft require forward-confirmed reverse DNS: give the name an ${type} record of ${ip}, or ask your provider to set the PTR to a name that has one`});
	}
	for (const entry of ptr.filter(candidate => candidate.generic !== undefined)) {
		problems.push({severity: 'advice', text: `${shown(entry.name, 253)} looks like a provider's generic name (${entry.generic}): receivers treat mail from it as from a home or dynamic line: ask your provider for a PTR of your mail host's own name, e.g. mail.example.com`});
	}
	return problems;
}

function heloProblem(name: string, ptr: PtrName[]): SenderProblem {
	const names = ptr.map(entry => shown(entry.name, 253)).join(', ');
	const literal = name.startsWith('[') ? ', an address literal' : '';
	// Only a name a host can have is offered to type: a hostile PTR's (an escape in it, shown as \027) is none.
	const usable = ptr.find(entry => isHostName(entry.name))?.name;
	const fix = usable === undefined ? "make it this machine's host name" : `give send --helo ${usable}, or make it this machine's host name`;
	return {severity: 'advice', text: `the HELO name ${shown(name, 253)}${literal} is not the reverse DNS name (${names}): some receivers score the mismatch as spam: ${fix}`};
}

/** A listing (the PBL is none: it asks for a relay, which a host sending through one has). */
function blocklistProblems(ip: string, results: readonly BlocklistResult[]): SenderProblem[] {
	return results
		.filter(result => result.status === 'listed')
		.map(result => ({severity: 'warning', zone: result.zone, text: `${ip} is listed on ${result.zone}${result.meaning?.length ? ` (${result.meaning.join('; ')})` : ''}: receivers that use it refuse or junk mail from it`}));
}

function blocklistLine(result: BlocklistResult): string {
	const reason = result.txt?.length ? `: ${result.txt.map(text => JSON.stringify(shown(text, 200))).join(', ')}` : '';
	switch (result.status) {
		case 'not-asked':
			return `${result.zone}: not asked (it lists IPv4 addresses only)`;
		case 'not-listed':
			return `${result.zone}: not listed`;
		case 'not-known':
			return `${result.zone}: not known: ${shown(result.error ?? result.meaning!.join('; '), 300)}`;
		case 'listed':
			return `${result.zone}: LISTED (${result.codes!.join(', ')})${result.meaning ? `: ${result.meaning.join('; ')}` : ''}${reason}`;
		case 'policy':
			return `${result.zone}: ${result.meaning!.join('; ')} (${result.codes!.join(', ')})${reason}`;
	}
}

/** The block: the address and where it came from, then its lines and each problem. */
export function formatSender(report: SenderReport): string {
	if (report.unjudged) return `This machine as a sender: ${UNJUDGED[report.unjudged](report.address)}\n`;
	const from = report.from === 'public-address' ? '--public-address' : `the address the probe of ${report.probe} left from`;
	const problems = report.problems.filter(problem => problem.zone === undefined).map(problem => `warning: ${problem.text}`);
	return [`This machine as a sender: ${report.address} (${from})`, ...[...report.lines, ...problems].map(line => `  ${line}`)].map(line => `${line}\n`).join('');
}

/** With --nagios, the problems that make the state WARNING. */
export const senderWarnings = (report: SenderReport | undefined): SenderProblem[] => report?.problems.filter(problem => problem.severity === 'warning') ?? [];
