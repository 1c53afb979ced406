// `smtp-tui check TARGET`: probe a host's (or a mail domain's MX hosts') SMTP ports at once, and say in
// plain words what the pattern means (port 25 blocked, no network, nothing listening, refused, bad TLS).
import {allowsOldTls, rangeFlags} from '../transport/tls-versions.js';
import {isIPv4} from 'node:net';
import {dnsAdvice, lookupAddresses, lookupMx, MxLookupError, systemResolverWithin, type MxHost, type Resolver} from '../transport/mx.js';
import {dnsServerText, serverResolver} from '../transport/dns-resolver.js';
import {unusedDnsWarning} from './dns-options.js';
import {dnsWithoutLookup} from './socks-options.js';
import {endpoint} from '../transport/connect-error.js';
import {probePort, type ProbeResult} from './check-probe.js';
import {CHECK_DEFAULTS} from './check-flags.js';
import {parseCheckFlags, parseTarget, type CheckSettings, type Target} from './check-options.js';
import {refuseTlsFlagsWithoutTls} from './tls-flag-rules.js';
import {formatJson, formatPlan, formatReport, JsonProbeLines, tableLayout} from './check-output.js';
import {safeJson} from '../text/escape.js';
import {CERTIFICATE_EXPIRING_EXIT, expiresWithin} from './check-expiry.js';
import {formatNagios, nagiosExitCode, nagiosState} from './check-nagios.js';
import {judgeMtaSts, lookupMtaSts, MTA_STS_REFUSED_EXIT, readPolicyFile, type MtaStsFound, type MtaStsReport} from './check-mta-sts.js';
import {judgeDane, lookupDane, type DaneFound, type DaneReport} from './check-dane.js';
import {systemDnsServer} from '../transport/dns-query.js';
import {lookupDmarc, type DmarcReport} from './check-dmarc.js';
import {spfVerdictSentences, type SpfReport} from './check-spf.js';
import {lintSpf} from '../spf/lint.js';
import type {SpfDns} from '../spf/evaluate.js';
import {spfDns} from '../transport/spf-dns.js';
import {lookupSender, type SenderOrigin, type SenderReport} from './check-sender.js';
import type {SenderSettings} from './check-sender-options.js';
import {isLoopback} from '../transport/loopback.js';
import {answered, checkVerdict, interruptedVerdict, type VerdictOptions} from './check-verdict.js';
import {INTERRUPTS, signalExitCode, signalName} from './interrupts.js';
import {UsageError, type CommandIO, type CommandRun} from './command.js';
import {applyCheckProfile} from './profile-flags.js';
import {refuseOtherFamily, type RouteSettings} from './route-options.js';
import {familyFor, familyOf, noAddressOfFamily, routeOf} from '../transport/address-family.js';

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
	/** The banner's wait, when it is not timeoutMs. */
	greetingTimeoutMs?: number;
	/** -4/-6 and --local-address, when given. */
	route?: RouteSettings;
	/** --proxy: the version of the PROXY header each probe sends first. */
	proxy?: 1 | 2;
	/** --socks: the SOCKS proxy every probe goes through, as host:port. */
	socks?: string;
};

/** A probe cut short by Ctrl+C, SIGTERM or SIGHUP: where it went, and no result. */
type InterruptedProbe = Omit<ProbeResult, 'status'> & {status: 'interrupted'};

/** A row of the report: a probe's result, or a probe that was interrupted before it finished. */
export type CheckRow = ProbeResult | InterruptedProbe;

export type CheckReport = CheckPlan & {
	/** The probes that finished, in plan order (hosts, then ports). */
	results: ProbeResult[];
	/** Every probe in plan order: its result, or (interrupted) the probe that did not finish. */
	rows: CheckRow[];
	verdict: string;
	exitCode: number;
	/** The signal that cut the check short, when one did; `rows` then names the probes that did not finish. */
	interrupted?: NodeJS.Signals;
	/** A mail domain's MTA-STS and TLS-RPT, judged against its MX hosts and their probes. */
	mtaSts?: MtaStsReport;
	/** A mail domain's probed MX hosts' TLSA records, judged against the certificates their STARTTLS presented. */
	dane?: DaneReport;
	/** A mail domain's DMARC policy, and what is wrong with it. */
	dmarc?: DmarcReport;
	/** A mail domain's SPF record, its lookups counted and its problems. */
	spf?: SpfReport;
	/** This machine as a sender: its address's reverse DNS, HELO name and blocklists. */
	sender?: SenderReport;
};

type CheckOptions = Partial<Omit<CheckSettings, 'json' | 'nagios' | 'warnAfterMs' | 'criticalAfterMs' | 'allowUnverified'>> & {
	/** DNS for MX, the system's lookup for addresses (default: this machine's, or --dns's server); tests inject a fake. */
	resolver?: Resolver;
	/** The DNS SPF is looked up with; without it, that of --dns or the system, unless `resolver` is a test's own. */
	spfDns?: SpfDns;
	/** Called once the hosts are known, before the probes start (to show the MX list while waiting). */
	onPlan?: (plan: CheckPlan) => void;
	/**
	 * Go on with STARTTLS where EHLO offers it and report the certificate, as `send` would meet it: the `check`
	 * command's. The dashboard's Ctrl+K, a quick look at reachability, stops at the offer.
	 */
	starttls?: boolean;
	/**
	 * Called with each probe's result in plan order, as soon as it and every probe before it have finished (so
	 * `--json` can print its lines as they come, in the order it documents). Not called after an interruption.
	 */
	onResult?: (result: ProbeResult) => void;
	/**
	 * Resolves when the check is to stop (Ctrl+C, SIGTERM, SIGHUP): the report then has the probes that had finished,
	 * the others as interrupted, without waiting for them, and exit code 128 + the signal's number.
	 */
	interrupted?: Promise<NodeJS.Signals>;
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
	// A chosen server (--dns) that failed the MX query would only fail this one too, after as long a wait.
	if ((error.kind !== 'null-mx' && error.kind !== 'dns') || (error.kind === 'dns' && error.server)) return '';
	const [address] = await lookupAddresses(error.domain, resolver);
	return address === undefined ? '' : ` To probe ${error.domain} (${address}) itself as a host, add --no-mx.`;
}

/** An MX host's addresses a probe may use: those of the family asked for (-4, -6, or the local address's). */
const usable = ({addresses}: ProbeHost, route: RouteSettings) => {
	const family = familyFor(route);
	return family === undefined ? addresses : addresses?.filter(address => familyOf(address) === family);
};

/** The address a probe of an MX host connects to: IPv4 first, as many networks still have no IPv6 route, which would read as a failure of the server. */
const addressOf = (host: ProbeHost, route: RouteSettings) => {
	const addresses = usable(host, route);
	return addresses && (addresses.find(candidate => isIPv4(candidate)) ?? addresses[0]);
};

function probeHost(target: ProbeHost, port: number, options: CheckOptions & {timeoutMs: number}): Promise<ProbeResult> {
	const dnsFailed = (error: string, otherFamilyOnly = false) => Promise.resolve<ProbeResult>({host: target.host, port, status: 'dns-failed', error, ...(otherFamilyOnly && {otherFamilyOnly: true})});
	if (target.addresses?.length === 0) return dnsFailed(`${target.host} has no A or AAAA address`);
	if (usable(target, options)?.length === 0) return dnsFailed(noAddressOfFamily(target.host, familyFor(options)!, target.addresses!, options), true);
	const address = addressOf(target, options);
	return probePort(target.host, port, {
		timeoutMs: options.timeoutMs,
		...(options.greetingTimeoutMs !== undefined && {greetingTimeoutMs: options.greetingTimeoutMs}),
		...(options.ehloName !== undefined && {ehloName: options.ehloName}),
		...(options.implicitTls !== undefined && {implicitTls: options.implicitTls}),
		...(options.implicitTls === undefined && options.tlsPorts?.includes(port) && {implicitTls: true}),
		...(options.ca !== undefined && {ca: options.ca}),
		...(options.tlsVersions && {versions: options.tlsVersions}),
		...(address !== undefined && {address}),
		...(options.starttls === true && {starttls: true}),
		...routeOf(options),
		...(options.proxy && {proxy: options.proxy}),
		...(options.socks && {socks: options.socks}),
	});
}

const STOPPED: unique symbol = Symbol('stopped');

/** The ports TARGET is probed on: its own, else --ports, else the usual ones. */
const probedPorts = (target: Target, ports: readonly number[] | undefined): number[] => (target.kind === 'host' && target.port !== undefined ? [target.port] : [...(ports ?? CHECK_DEFAULTS.ports)]);

/**
 * Whether the sender block runs: mail is delivered to a domain's MX hosts, on port 25, so what receivers make of this
 * machine matters there, or wherever --public-address asks; a probe of this machine's own port 25 says nothing of it.
 */
const judgesSender = (target: Target, ports: readonly number[], sender: SenderSettings | undefined): boolean =>
	sender !== undefined && (sender.publicAddress !== undefined || target.kind === 'domain' || (ports.includes(25) && !isLoopback(target.host)));

/**
 * --no-starttls on ports none of which speaks TLS from the first byte (465, PORT/tls): no TLS at all, so the TLS
 * flags typed (`typed`: a profile's CA file is no mistake of the user's) would act on nothing, and are refused as
 * send refuses them. On 465 they still apply.
 */
function refuseUnusedTlsFlags(typed: Record<string, unknown>, target: Target, settings: CheckSettings): void {
	if (settings.starttlsRule?.policy !== 'none') return;
	if (probedPorts(target, settings.ports).some(port => port === 465 || settings.tlsPorts?.includes(port))) return;
	refuseTlsFlagsWithoutTls(typed);
}

/**
 * Looks TARGET up, probes every host and port concurrently, and judges the results. With `interrupted`, stops
 * waiting when it resolves: the probes that finished are reported, the others as interrupted.
 */
export async function checkTarget(text: string, options: CheckOptions = {}): Promise<CheckReport> {
	const target = parseTarget(text, options.useMx ?? true);
	if (target.kind === 'host') refuseOtherFamily(target.host, options, `TARGET`);
	if (target.kind === 'host' && target.port !== undefined && options.ports !== undefined) {
		throw new UsageError(`TARGET "${text}" names port ${target.port} and --ports is given too`, 'use one of them');
	}
	if (options.mtaStsPolicy && target.kind === 'host') {
		const why = options.useMx === false ? ' (--no-mx)' : '';
		throw new UsageError(`--mta-sts-policy checks a mail domain's policy, and TARGET "${text.trim()}" is probed as a host${why}`, `give the mail domain${why ? ', without --no-mx' : ''}: smtp-tui check example.com --mta-sts-policy FILE`);
	}
	// A draft's file that cannot be read is a mistake in the flags: said before any probe.
	const given = options.mtaStsPolicy;
	const draft = given && 'file' in given ? {file: given.file, text: await readPolicyFile(given.file)} : given;
	const ports = probedPorts(target, options.ports);
	const timeoutMs = options.timeoutMs ?? CHECK_DEFAULTS.timeoutSeconds * 1000;
	const route = routeOf(options);
	const plan: CheckPlan = {target: text.trim(), hosts: [], ports, timeoutMs, ...(options.greetingTimeoutMs !== undefined && {greetingTimeoutMs: options.greetingTimeoutMs}), ...((route.family ?? route.localAddress) !== undefined && {route}), ...(options.proxy && {proxy: options.proxy.version}), ...(options.socks && {socks: endpoint(options.socks.host, options.socks.port)})};

	const resolver = options.resolver ?? (options.dns ? serverResolver(options.dns, timeoutMs) : systemResolverWithin(timeoutMs));
	// Set (once) when the check is to stop; from then on no result counts, so what was printed and what is
	// reported agree.
	let stoppedBy: NodeJS.Signals | undefined;
	// Whether the sender lookups were still running when the check stopped: the verdict names them then.
	let senderWaiting = false;
	const stop = options.interrupted?.then((signal): typeof STOPPED => {
		stoppedBy ??= signal;
		return STOPPED;
	});
	const orStop = <T>(work: Promise<T>): Promise<T | typeof STOPPED> => (stop ? Promise.race([work, stop]) : work);
	const interruptedReport = (signal: NodeJS.Signals, rows: CheckRow[]): CheckReport => {
		const results = rows.filter((row): row is ProbeResult => row.status !== 'interrupted');
		const unfinished = rows.filter((row): row is InterruptedProbe => row.status === 'interrupted');
		const verdict = interruptedVerdict(signal, results, unfinished, {...plan, mxDomain: target.kind === 'domain' ? target.domain : undefined, senderLookups: senderWaiting}, verdictOptions(options, resolver));
		return {...plan, results, rows, verdict, exitCode: signalExitCode(signal), interrupted: signal};
	};

	let hosts: ProbeHost[];
	let mtaSts: Promise<MtaStsFound> | undefined;
	let dane: Promise<DaneFound> | undefined;
	let dmarc: Promise<DmarcReport> | undefined;
	let spf: Promise<SpfReport> | undefined;
	if (target.kind === 'host') {
		// With --dns, a host name's addresses come from that server too (an IP address is its own).
		// Through a SOCKS proxy the proxy finds the address: none is looked up here.
		const addresses = resolver.server && !options.socks ? await orStop(lookupAddresses(target.host, resolver)) : undefined;
		if (addresses === STOPPED) return interruptedReport(stoppedBy!, []);
		hosts = [{host: target.host, ...(addresses && {addresses})}];
	} else {
		const lookup = async (): Promise<{found: MxHost[]} | {failed: CheckReport}> => {
			try {
				return {found: await lookupMx(target.domain, resolver)};
			} catch (error) {
				if (!(error instanceof MxLookupError)) throw error;
				const noMx = !target.address && options.ports !== undefined ? await noMxAdvice(error, resolver) : '';
				const advice = dnsAdvice(error);
				return {failed: {...plan, results: [], rows: [], verdict: `${error.message}. ${advice ? `${advice[0]!.toUpperCase()}${advice.slice(1)}.` : ADVICE[error.kind]}${noMx}`, exitCode: 2}};
			}
		};
		const looked = await orStop(lookup());
		if (looked === STOPPED) return interruptedReport(stoppedBy!, []);
		if ('failed' in looked) return looked.failed;
		const limit = options.mxHosts ?? CHECK_DEFAULTS.mxHosts;
		const entries = await orStop(
			Promise.all(looked.found.map(async (host, index) => ({...host, addresses: await lookupAddresses(host.exchange, resolver), probed: index < limit}))),
		);
		if (entries === STOPPED) return interruptedReport(stoppedBy!, []);
		plan.mx = {domain: target.domain, hosts: entries};
		// Alongside the probes: its verdict needs their certificates, and nothing of theirs waits for it.
		if (resolver.resolveTxt) {
			mtaSts = lookupMtaSts(target.domain, resolver, {
				timeoutMs,
				...route,
				...(options.ca !== undefined && {ca: options.ca}),
				...(options.socks && {socks: options.socks}),
				...(draft && {policy: draft}),
			});
			dmarc = lookupDmarc(target.domain, resolver);
		}
		// DANE's queries go to --dns's server or the system's first; an injected resolver (tests) names its own, or none.
		const daneServer = options.resolver ? options.resolver.server : (options.dns ?? systemDnsServer());
		const probed = entries.filter(entry => entry.probed).map(entry => entry.exchange);
		if (daneServer) dane = lookupDane(target.domain, probed, {server: daneServer, chosen: options.resolver ? true : options.dns !== undefined}, timeoutMs);
		// An injected resolver is a test's fake: SPF then asks only the DNS it is given.
		const spfLookups = options.spfDns ?? (options.resolver ? undefined : spfDns(options.dns, timeoutMs));
		if (spfLookups) spf = lintSpf(target.domain, spfLookups);
		// Through a SOCKS proxy each probe goes by name: the proxy resolves it, whatever this machine's DNS says.
		hosts = entries.filter(entry => entry.probed).map(entry => ({host: entry.exchange, ...(!options.socks && {addresses: entry.addresses})}));
	}
	plan.hosts = hosts.map(host => host.host);
	options.onPlan?.(plan);
	// A test's injected resolver asks nothing else.
	const senderSettings = options.sender;
	const senderDns = senderSettings && judgesSender(target, ports, senderSettings) ? (options.spfDns ?? (options.resolver ? undefined : spfDns(options.dns, timeoutMs))) : undefined;
	const judgeSender = (origin: SenderOrigin) => senderDns && lookupSender({...origin, ...(options.ehloName !== undefined && {ehloName: options.ehloName})}, senderSettings!, senderDns);
	// Its address known, the lookups go alongside the probes.
	const watched = (lookup: Promise<SenderReport> | undefined) => {
		senderWaiting = lookup !== undefined;
		return lookup?.finally(() => (senderWaiting = false));
	};
	const early = senderSettings?.publicAddress === undefined ? undefined : watched(judgeSender({publicAddress: senderSettings.publicAddress}));

	const jobs = hosts.flatMap(host => ports.map(port => ({host, port})));
	const finished: Array<ProbeResult | undefined> = jobs.map(() => undefined);
	let told = 0;
	const probes = jobs.map(async ({host, port}, index) => {
		const result = await probeHost(host, port, {...options, timeoutMs});
		if (stoppedBy) return;
		finished[index] = result;
		// In plan order: each result as soon as it and every one before it are in.
		for (; told < jobs.length && finished[told] !== undefined; told++) options.onResult?.(finished[told]!);
	});
	if ((await orStop(Promise.all(probes))) === STOPPED) {
		const how = `not probed to the end: interrupted (${signalName(stoppedBy!)})`;
		const rows = jobs.map(({host, port}, index): CheckRow => {
			const address = addressOf(host, options);
			return finished[index] ?? {host: host.host, port, status: 'interrupted', ...(address !== undefined && {address}), error: how};
		});
		return interruptedReport(stoppedBy!, rows);
	}
	const results = finished as ProbeResult[];
	// Alongside the domain's own lookups.
	const sender = early ?? watched(judgeSender({results, ...(options.socks && {socks: true})}));
	const found = mtaSts && (await orStop(mtaSts));
	if (found === STOPPED) return interruptedReport(stoppedBy!, results);
	const spfFound = spf && (await orStop(spf));
	if (spfFound === STOPPED) return interruptedReport(stoppedBy!, results);
	const daneFound = dane && (await orStop(dane));
	if (daneFound === STOPPED) return interruptedReport(stoppedBy!, results);
	const dmarcFound = dmarc && (await orStop(dmarc));
	if (dmarcFound === STOPPED) return interruptedReport(stoppedBy!, results);
	const senderFound = sender && (await orStop(sender));
	if (senderFound === STOPPED) return interruptedReport(stoppedBy!, results);
	// Mail is delivered on 25; without it, a server under test answers on the first port that is not TLS from the first byte.
	const plainPort = ports.includes(25) ? 25 : ports.find(port => port !== 465 && !options.implicitTls && !options.tlsPorts?.includes(port));
	const policy = found && judgeMtaSts(found, plan.mx!.hosts.map(host => host.exchange), results, plainPort);
	const daneReport = daneFound && judgeDane(daneFound, results, plainPort, options.ca);
	const problems = [...(policy?.problems ?? []), ...(daneReport?.problems ?? [])];
	const verdict = [checkVerdict(results, ports, hosts.length, timeoutMs, verdictOptions(options, resolver)), ...problems.map(problem => problem.text), ...(spfFound ? spfVerdictSentences(spfFound) : [])].join(' ');
	// Reachable, but a certificate met runs out soon: a warning a monitoring job can tell from both.
	const expiring = results.some(result => expiresWithin(result, options.certDays ?? CHECK_DEFAULTS.certDays));
	const refused = problems.some(problem => problem.severity === 'refused');
	const exitCode = results.some(answered) ? (refused ? MTA_STS_REFUSED_EXIT : expiring ? CERTIFICATE_EXPIRING_EXIT : 0) : 2;
	return {...plan, results, rows: results, verdict, exitCode, ...(policy && {mtaSts: policy}), ...(daneReport && {dane: daneReport}), ...(spfFound && {spf: spfFound}), ...(dmarcFound && {dmarc: dmarcFound}), ...(senderFound && {sender: senderFound})};
}

const verdictOptions = (options: CheckOptions, {server}: Resolver): VerdictOptions => ({
	...(options.ca !== undefined && {ca: {file: options.caFile}}),
	...((options.family ?? options.localAddress) !== undefined && {route: routeOf(options)}),
	...(options.starttlsRule !== undefined && {starttlsRule: options.starttlsRule}),
	...(options.tlsPorts !== undefined && {tlsPorts: options.tlsPorts}),
	...(options.proxy && {proxy: true}),
	...(options.socks && {socks: endpoint(options.socks.host, options.socks.port)}),
	...(server && {dns: dnsServerText(server)}),
	...(options.certDays !== undefined && {certDays: options.certDays}),
	...(options.greetingTimeoutMs !== undefined && {greetingTimeoutMs: options.greetingTimeoutMs}),
});

/**
 * `check` with its output, stopping when `interrupted` resolves: what finished is printed, the rest as interrupted,
 * and the code is 128 + the signal's number. runCheck gives it the process's signals.
 */
export async function checkCommand(givenFlags: Record<string, unknown>, givenInput: string[], io: CommandIO, interrupted?: Promise<NodeJS.Signals>): Promise<CheckReport> {
	const {flags, input, starttlsFrom} = await applyCheckProfile(givenFlags, givenInput, io.env);
	const parsed = parseCheckFlags(flags, io.env);
	// The verdict names the profile a rule came from.
	const settings = starttlsFrom !== undefined && parsed.starttlsRule ? {...parsed, starttlsRule: {...parsed.starttlsRule, profile: starttlsFrom}} : parsed;
	if (input.length > 1) {
		throw new UsageError(`check takes one TARGET, got ${input.length}: ${input.join(' ')}`, 'run one check per host or domain');
	}
	const target = parseTarget(input[0] ?? '', settings.useMx);
	refuseUnusedTlsFlags(givenFlags, target, settings);
	// Known only now: a host TARGET (host:port, --no-mx, an address) has no MX to look up.
	if (target.kind === 'host' && settings.socks && settings.dns) throw dnsWithoutLookup();
	// The sender block asks --dns too, when it runs.
	const unusedDns = target.kind === 'host' && !judgesSender(target, probedPorts(target, settings.ports), settings.sender) ? unusedDnsWarning(settings.dns, target.host) : undefined;
	// With --json a line of its own on stdout, as serve's and inbox --wait's: stderr stays empty, so `2>&1 | jq` reads JSON alone.
	const warn = (message: string) => (settings.json ? io.stdout.write(`${safeJson({type: 'warning', message})}\n`) : io.stderr.write(`smtp-tui: warning: ${message}\n`));
	if (unusedDns) warn(unusedDns);
	// A port that answers only this way is no place for real mail.
	if (allowsOldTls(settings.tlsVersions)) {
		warn(`${rangeFlags(settings.tlsVersions)} lets the probes use TLS 1.0 or 1.1, which are insecure: a port reached only that way is no place for real passwords or mail`);
	}
	// --json: each probe's line as soon as it (and those before it) finished, so a job cut short still has them.
	const lines = new JsonProbeLines(line => io.stdout.write(line));
	const report = await checkTarget(input[0] ?? '', {
		...settings,
		// "Will mail to this port work?": a STARTTLS certificate send would refuse is said here too; with
		// --no-starttls send never meets it.
		starttls: settings.starttlsRule?.policy !== 'none',
		...(settings.json
			? {
					onResult: result => lines.result(result),
				}
			: settings.nagios
				? {}
				: {onPlan: plan => io.stdout.write(formatPlan(plan, tableLayout(io.stdout)))}),
		...(interrupted && {interrupted}),
	});
	const output = settings.json ? formatJson(report, lines.printed) : settings.nagios ? formatNagios(report, settings) : formatReport(report, tableLayout(io.stdout));
	// Resolves once the output is handed over (a pipe may be asynchronous): runCheck may exit right after it.
	await new Promise<void>(resolve => io.stdout.write(output, () => resolve()));
	// A plugin's exit code is its state's, which the monitor reads.
	return settings.nagios ? {...report, exitCode: nagiosExitCode(nagiosState(report, settings))} : report;
}

// Ctrl+C, SIGTERM (a CI job's timeout), SIGHUP (the terminal went away): the probes that finished are printed,
// the others as interrupted, then a verdict that says so, and the exit code is 128 + the signal's number, as
// send's is. The probes still running cannot be waited for (one may wait for the whole --timeout): the process
// exits once the output is written. A second signal exits at once, with 128 + its number. The handlers stay in
// place until then rather than giving the signal back to its default: the same Ctrl+C often comes twice, from the
// terminal and forwarded by npx, or a SIGTERM from `timeout` and again to its process group, and that second
// copy must not kill the process before the first has written what finished. It cannot: the first signal's
// report is built and its output written (a pipe or terminal write is tried at once, not queued) before the
// event loop turns again, and only there is the second one handled.
export const runCheck: CommandRun = async (flags, input, io) => {
	let first: NodeJS.Signals | undefined;
	let resolveInterrupted: (signal: NodeJS.Signals) => void = () => {};
	const interrupted = new Promise<NodeJS.Signals>(resolve => (resolveInterrupted = resolve));
	const onSignal = (signal: NodeJS.Signals) => {
		if (first !== undefined) process.exit(signalExitCode(signal));
		first = signal;
		resolveInterrupted(signal);
	};
	for (const signal of INTERRUPTS) process.on(signal, onSignal);
	let report: CheckReport;
	try {
		report = await checkCommand(flags, input, io, interrupted);
	} finally {
		for (const signal of INTERRUPTS) process.off(signal, onSignal);
	}
	if (report.interrupted) process.exit(report.exitCode);
	return report.exitCode;
};
