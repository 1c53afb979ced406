// `smtp-tui check TARGET`: probe a host's (or a mail domain's MX hosts') SMTP ports at once, and say in
// plain words what the pattern means (port 25 blocked, no network, nothing listening, refused, bad TLS).
import {isIPv4} from 'node:net';
import os from 'node:os';
import {lookupAddresses, lookupMx, MxLookupError, systemResolver, type MxHost, type Resolver} from '../transport/mx.js';
import {probePort, type ProbeResult} from '../transport/probe.js';
import {CHECK_DEFAULTS} from './check-flags.js';
import {parseCheckFlags, parseTarget, type CheckSettings} from './check-options.js';
import {formatJson, formatPlan, formatReport, tableLayout} from './check-output.js';
import {answered, checkVerdict} from './check-verdict.js';
import {UsageError, type CommandRun} from './command.js';
import {applyCheckProfile} from './profile-flags.js';

export type MxEntry = MxHost & {addresses: string[]; probed: boolean};

export type CheckPlan = {
	/** TARGET as typed. */
	target: string;
	/** The MX lookup, when TARGET was a mail domain or an address. */
	mx?: {domain: string; hosts: MxEntry[]};
	/** Hosts to probe, in order. */
	hosts: string[];
	ports: number[];
	timeoutMs: number;
};

export type CheckReport = CheckPlan & {results: ProbeResult[]; verdict: string; exitCode: number};

export type CheckOptions = Partial<Omit<CheckSettings, 'json'>> & {
	/** DNS for MX, the system's lookup for addresses (default: this machine's); tests inject a fake. */
	resolver?: Resolver;
	/** Called once the hosts are known, before the probes start (to show the MX list while waiting). */
	onPlan?: (plan: CheckPlan) => void;
	/** Ports that speak TLS from the first byte besides 465 (the dashboard's own target with security TLS). */
	tlsPorts?: readonly number[];
};

/** A host to probe; `addresses` when looked up through the resolver (MX hosts), else the connection resolves it. */
type ProbeHost = {host: string; addresses?: string[]};

const ADVICE: Record<MxLookupError['kind'], string> = {
	'null-mx': 'Nobody can deliver mail to it: there is nothing to probe.',
	nxdomain: 'There is nothing to probe.',
	'no-address': 'There is nothing to probe.',
	dns: "Check this machine's network connection and DNS settings.",
};

/**
 * With --ports the user is after a host's ports: --no-mx probes the name itself, which helps only when it
 * resolves. A null MX or a failed MX query says nothing about that; a name the system cannot find stays lost.
 */
async function noMxAdvice(error: MxLookupError, resolver: Resolver): Promise<string> {
	if (error.kind !== 'null-mx' && error.kind !== 'dns') return '';
	const [address] = await lookupAddresses(error.domain, resolver);
	return address === undefined ? '' : ` To probe ${error.domain} (${address}) itself as a host, add --no-mx.`;
}

function probeHost(target: ProbeHost, port: number, options: CheckOptions & {timeoutMs: number}): Promise<ProbeResult> {
	const {addresses} = target;
	if (addresses?.length === 0) {
		return Promise.resolve({host: target.host, port, status: 'dns-failed', error: `${target.host} has no A or AAAA address`});
	}
	// IPv4 first: many networks still have no IPv6 route, which would read as a failure of the server.
	const address = addresses && (addresses.find(candidate => isIPv4(candidate)) ?? addresses[0]);
	return probePort(target.host, port, {
		timeoutMs: options.timeoutMs,
		ehloName: options.ehloName ?? os.hostname(),
		...(options.implicitTls !== undefined && {implicitTls: options.implicitTls}),
		...(options.implicitTls === undefined && options.tlsPorts?.includes(port) && {implicitTls: true}),
		...(options.ca !== undefined && {ca: options.ca}),
		...(address !== undefined && {address}),
	});
}

/** Looks TARGET up, probes every host and port concurrently, and judges the results. */
export async function checkTarget(text: string, options: CheckOptions = {}): Promise<CheckReport> {
	const target = parseTarget(text, options.useMx ?? true);
	if (target.kind === 'host' && target.port !== undefined && options.ports !== undefined) {
		throw new UsageError(`TARGET "${text}" names port ${target.port} and --ports is given too`, 'use one of them');
	}
	const ports = target.kind === 'host' && target.port !== undefined ? [target.port] : (options.ports ?? [...CHECK_DEFAULTS.ports]);
	const timeoutMs = options.timeoutMs ?? CHECK_DEFAULTS.timeoutSeconds * 1000;
	const plan: CheckPlan = {target: text.trim(), hosts: [], ports, timeoutMs};

	let hosts: ProbeHost[];
	if (target.kind === 'host') {
		hosts = [{host: target.host}];
	} else {
		const resolver = options.resolver ?? systemResolver;
		let found: MxHost[];
		try {
			found = await lookupMx(target.domain, resolver);
		} catch (error) {
			if (!(error instanceof MxLookupError)) throw error;
			const noMx = !target.address && options.ports !== undefined ? await noMxAdvice(error, resolver) : '';
			return {...plan, results: [], verdict: `${error.message}. ${ADVICE[error.kind]}${noMx}`, exitCode: 2};
		}
		const limit = options.mxHosts ?? CHECK_DEFAULTS.mxHosts;
		const entries = await Promise.all(
			found.map(async (host, index) => ({...host, addresses: await lookupAddresses(host.exchange, resolver), probed: index < limit})),
		);
		plan.mx = {domain: target.domain, hosts: entries};
		hosts = entries.filter(entry => entry.probed).map(entry => ({host: entry.exchange, addresses: entry.addresses}));
	}
	plan.hosts = hosts.map(host => host.host);
	options.onPlan?.(plan);

	const results = await Promise.all(hosts.flatMap(host => ports.map(port => probeHost(host, port, {...options, timeoutMs}))));
	const verdict = checkVerdict(results, ports, hosts.length, timeoutMs, options.ca === undefined ? {} : {ca: {file: options.caFile}});
	return {...plan, results, verdict, exitCode: results.some(answered) ? 0 : 2};
}

export const runCheck: CommandRun = async (givenFlags, givenInput, io) => {
	const {flags, input} = await applyCheckProfile(givenFlags, givenInput, io.env);
	const settings = parseCheckFlags(flags, io.env);
	if (input.length > 1) {
		throw new UsageError(`check takes one TARGET, got ${input.length}: ${input.join(' ')}`, 'run one check per host or domain');
	}
	const report = await checkTarget(input[0] ?? '', {
		...settings,
		...(!settings.json && {onPlan: plan => io.stdout.write(formatPlan(plan))}),
	});
	io.stdout.write(settings.json ? formatJson(report) : formatReport(report, tableLayout(io.stdout)));
	return report.exitCode;
};
