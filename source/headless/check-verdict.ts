// The plain-words verdict of `smtp-tui check`: what the pattern of probe results most likely means, and
// what to do about it. Pure: results in, a paragraph out.
import {endpoint, seconds} from '../transport/connect-error.js';
import {REFUSED_HEDGED, suggestedTimeout, type ProbeResult, type ProbeStatus, type ProbeTlsFailure} from './check-probe.js';
import type {StarttlsRule} from './check-options.js';
import {certificateDate, certificateFixFor, leafOnlyCode, missingIssuerText, verifyReason} from '../transport/tls-info.js';
import {signalName} from './interrupts.js';
import {isLoopback} from '../transport/loopback.js';
import {noHostOfFamily} from '../transport/address-family.js';
import type {RouteSettings} from './route-options.js';
import {proxyTurnedAway} from '../session/proxy-refusal.js';
import {CLOSE_DAYS, daysLeftText} from '../transport/certificate-expiry.js';
import {expiresWithin, soonestEnd} from './check-expiry.js';
import {CHECK_DEFAULTS} from './check-flags.js';
import {SOCKS_EARLY_CLOSE} from './socks-hints.js';
import {escapeUnsafe} from '../text/escape.js';

/**
 * A handshake failure as the transport words it, "TLS handshake with host:port failed: …", without its
 * "TLS handshake with host:port ": for a row or a sentence that names the host and port already.
 */
export const handshakeTail = (reason: string): string | undefined => /^TLS handshake with \S+ (.*)$/s.exec(reason)?.[1];

export type VerdictOptions = {
	/** --ca was given (with its file's name when known): a chain that does not reach it is not fixed by "use --ca". */
	ca?: {file?: string};
	/** --starttls or --no-starttls (or a profile's): what send does about STARTTLS is then not its default. */
	starttlsRule?: StarttlsRule;
	/** Ports written PORT/tls in --ports: TLS from the first byte on those alone, which dropping /tls undoes. */
	tlsPorts?: readonly number[];
	/** -4/-6 and --local-address: a host may resolve, but not in that family. */
	route?: RouteSettings;
	/** --proxy: every probe sent a PROXY header first. */
	proxy?: true;
	/** --dns: the server names were resolved through (as `host:port`), not this machine's settings. */
	dns?: string;
	/** --cert-days: a certificate with fewer days left is said (0: never); default CHECK_DEFAULTS.certDays. */
	certDays?: number;
	/** --socks: every probe went through this SOCKS proxy (host:port), so what they met is the proxy's network. */
	socks?: string;
	/** The banner's wait, when it is not the timeout (no --timeout given). */
	greetingTimeoutMs?: number;
};

/**
 * A 220 banner with nothing wrong on the way (a 220 behind a certificate that fails does not count, nor one whose
 * server then refused the PROXY header that --proxy sent: the port is not reachable the way it was asked to be).
 */
export const answered = (result: ProbeResult) => (result.status === 'open' || result.status === 'tls-ok') && !result.proxyRefused;

/** " (e.g. --timeout 30)" after "a longer --timeout", while the wait was shorter than that (see suggestedTimeout). */
function forExample(timeoutMs: number): string {
	const suggested = suggestedTimeout(timeoutMs);
	return suggested === undefined ? '' : ` (e.g. ${suggested})`;
}

/** "25", "25 and 587", "25, 465 and 587". */
export function listOf(items: ReadonlyArray<string | number>): string {
	const words = items.map(String);
	return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/**
 * Server text in a sentence: one line, control and bidi characters escaped as send's transcript shows them (`\x1b`,
 * `\u202e`; a byte that is no UTF-8 is `\xHH` already), so the same byte reads the same in every output. Cut at `max`,
 * never inside an escape.
 */
export function shown(text: string, max = 80, keepControls = false): string {
	const clean = keepControls ? text : escapeUnsafe(text);
	return clean.length > max ? `${clean.slice(0, max - 1).replace(/\\(?:x[\da-f]?|u(?:\{[\da-f]*|[\da-f]{0,3}))?$/, '')}…` : clean;
}

/**
 * A reason in a sentence of the verdict (a handshake's, a certificate's): smtp-tui's own words mostly, which run
 * long, so cut only at 400 characters, and then after a whole clause or word, not mid-word.
 */
function shownReason(text: string): string {
	const whole = shown(text, Infinity);
	if (whole.length <= 400) return whole;
	const room = whole.slice(0, 399);
	const clause = room.lastIndexOf('; ');
	return `${room.slice(0, clause > 200 ? clause : Math.max(room.lastIndexOf(' '), 1)).replace(/[,:;.]$/, '')}…`;
}

const where = (result: Pick<ProbeResult, 'host' | 'port'>) => endpoint(result.host, result.port);

/** A 421 in place of the greeting, right after --proxy's header: it answers the header (see proxyTurnedAway). */
const turnedAwaySentence = (at: string, result: ProbeResult) => {
	const {code, text} = result.banner!;
	return `${at} answered ${code} "${shown(text)}" in place of a greeting: ${proxyTurnedAway(result.proxyHeader ?? '')}.`;
};

/** A refusing banner that is temporary (4xx): busy or rate-limited, not a block. */
const temporary = (result: ProbeResult) => result.banner !== undefined && result.banner.code < 500;

/** Gets through to the host at all: anything but silence, no route or no name. */
const reachesHost = (result: ProbeResult) => !(['filtered', 'unreachable', 'dns-failed'] as ProbeStatus[]).includes(result.status);

/**
 * Unreachable while another port of the same host gets through: there is a route, so the "unreachable" is a
 * firewall's reject of this port (ICMP admin- or host-prohibited, which Node reports as EHOSTUNREACH).
 */
export const rejectedPort = (result: ProbeResult, results: readonly ProbeResult[]) =>
	result.status === 'unreachable' && !result.socksReport && results.some(other => other.host === result.host && other.port !== result.port && reachesHost(other));

function portPhrase(status: ProbeStatus, timeoutMs: number): string {
	switch (status) {
		case 'refused':
			return `refused ${REFUSED_HEDGED}`;
		case 'filtered':
			return `filtered (no reply within ${seconds(timeoutMs)})`;
		case 'silent':
			return 'silent (connects, but no banner)';
		case 'greeting-unfinished':
			return 'slow to greet (its greeting began, but did not finish)';
		case 'closed-before-banner':
			return 'closed before the banner';
		case 'refused-service':
			return 'refusing service';
		case 'tls-failed':
			return 'failing TLS';
		case 'dns-failed':
			return 'not resolvable';
		case 'unreachable':
			return 'unreachable (no route, or a firewall rejecting it)';
		default:
			return 'failing';
	}
}

/** The most frequent status among a port's results (first seen wins a tie). */
function commonStatus(results: ProbeResult[]): ProbeStatus {
	const counts = new Map<ProbeStatus, number>();
	for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
	return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/** One sentence over all ports: which answer and what the others do. */
function portSummary(all: readonly ProbeResult[], byPort: Map<number, ProbeResult[]>, hostCount: number, timeoutMs: number): string {
	const parts: string[] = [];
	for (const [port, results] of byPort) {
		const good = results.filter(answered).length;
		if (good > 0) {
			parts.push(`port ${port} answers${hostCount > 1 && good < results.length ? ` on ${good} of ${results.length} hosts` : ''}`);
		} else {
			const status = commonStatus(results);
			const forNow = status === 'refused-service' && results.every(result => result.status !== 'refused-service' || temporary(result));
			const rejected = status === 'unreachable' && results.every(result => result.status !== 'unreachable' || rejectedPort(result, all));
			const beyondProxy = status === 'unreachable' && results.every(result => result.status !== 'unreachable' || result.socksReport !== undefined);
			const header = results.some(result => result.proxyRefused) && results.every(result => result.proxyRefused || !reachesHost(result));
			const phrase = header
				? 'refusing the PROXY header'
				: forNow
					? 'refusing service for now'
					: rejected
						? 'rejected by a firewall'
						: beyondProxy
							? 'unreachable from the SOCKS proxy'
							: portPhrase(status, timeoutMs);
			parts.push(`port ${port} is ${phrase}`);
		}
	}
	const text = parts.join('; ');
	return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const SUBMISSION_ADVICE = "Use submission (587 with STARTTLS, or 465) with your provider's credentials.";
/** The same advice after a colon. */
const USE_SUBMISSION = `${SUBMISSION_ADVICE.charAt(0).toLowerCase()}${SUBMISSION_ADVICE.slice(1)}`;
/** A submission server that answers from any network that is online: what a port-25 block leaves reachable. */
const PORT_587_CHECK = "smtp-tui check smtp.gmail.com:587 (or your provider's submission server)";

/** Whether port 25 is blocked or this machine offline, told apart by a server that listens on 587. */
const TELL_25_APART =
	`To tell them apart, check a server that listens on 587: ${PORT_587_CHECK}. ` +
	`If it answers, you are online and port 25 is most likely blocked: ${USE_SUBMISSION}`;

/**
 * Every probe unreachable (`host`: the one host probed). Without another port that gets through, a missing route
 * and a firewall's reject (ICMP admin- or host-prohibited: EHOSTUNREACH, as a missing route gives) look the same.
 */
function noRoute(byPort: Map<number, ProbeResult[]>, host: string | undefined): string {
	const ports = [...byPort.keys()];
	const these = ports.length === 1 ? `port ${ports[0]}` : `ports ${listOf(ports)}`;
	const what =
		`No route to ${host ?? 'any host'}, or a firewall rejecting ${these}: either this machine has no working network connection ` +
		`(or no route for this address family, e.g. IPv6), or a firewall answers ${ports.length === 1 ? 'that port' : 'them'} with an ICMP "unreachable" (a REJECT rule).`;
	if (byPort.has(25)) return `${what} ${TELL_25_APART}`;
	// One port probed: another port of the host that answers shows there is a route.
	const more = ports.length === 1 ? ' Probe other ports of the host too (--ports): if one answers, a firewall rejects this one.' : ' Check that you are online.';
	return `${what}${more}`;
}

function headline(results: ProbeResult[], byPort: Map<number, ProbeResult[]>, hostCount: number, timeoutMs: number, dns: string | undefined): string {
	const everyHost = hostCount > 1 ? ' to every host' : '';
	if (results.every(result => result.status === 'dns-failed')) {
		return `No host name could be resolved: check the spelling of the target, or ${dns ? `what the DNS server ${dns} (--dns) has for it` : "this machine's DNS settings"}.`;
	}
	if (results.every(answered)) {
		return `Every probed port answers with a 220 banner${hostCount > 1 ? ' on every host' : ''}: the server is reachable from here.`;
	}
	const port25 = byPort.get(25);
	// Dropped (filtered), or rejected while other ports of the host get through: either way a block of port 25.
	if (port25 && port25.every(result => result.status === 'filtered' || rejectedPort(result, results))) {
		const filtered = port25.filter(result => result.status === 'filtered').length;
		const how = filtered === port25.length ? 'filtered' : filtered === 0 ? 'rejected by a firewall' : 'filtered or rejected by a firewall';
		// An ICMP "unreachable" for one port of a host that answers on others is no missing route.
		const reject = filtered < port25.length ? ' (an ICMP "unreachable" for that port alone, not a missing route)' : '';
		const otherPorts = [...byPort.entries()].filter(([port]) => port !== 25);
		const answering = otherPorts.filter(([, list]) => list.some(answered)).map(([port]) => port);
		const blocked = `your network most likely blocks outbound port 25. ${SUBMISSION_ADVICE}`;
		if (answering.length > 0) {
			return `Port 25 is ${how}${everyHost} while ${listOf(answering)} ${answering.length > 1 ? 'answer' : 'answers'}${reject}: ${blocked}`;
		}
		if (otherPorts.some(([, list]) => list.some(reachesHost))) {
			return `Port 25 is ${how}${everyHost} while other ports get an answer from the same hosts${reject}: ${blocked}`;
		}
	}
	if (results.every(result => result.status === 'unreachable')) return noRoute(byPort, hostCount === 1 ? results[0]!.host : undefined);
	if (results.every(result => result.status === 'filtered' || result.status === 'unreachable')) {
		const nothing = `Nothing answered on any port within ${seconds(timeoutMs)}`;
		// MX hosts mostly listen on 25 alone: with it blocked, nothing at all answers, as offline. One check tells them apart.
		if (port25?.some(result => result.status === 'filtered')) {
			return (
				`${nothing}. A network that blocks outbound port 25 looks like this where the host listens on port 25 alone, as mail (MX) hosts mostly do; so does a machine offline, or a firewall that drops all of these connections. ` +
				TELL_25_APART
			);
		}
		// No network is on the way to this machine's own loopback: being offline or on another network changes nothing.
		if (results.every(result => isLoopback(result.address ?? result.host))) {
			return `${nothing}, on this machine's own loopback, where no network is in the way: a local firewall rule dropping them (iptables or nftables on lo), or a server that no longer takes connections (its queue of new ones full: hung or overloaded). Check the server's process and its log.`;
		}
		return `${nothing}: either this machine has no working network connection, or a firewall drops all of these connections. Check that you are online, then try another network or a larger --timeout.`;
	}
	if (results.every(result => result.status === 'refused')) {
		// An ICMP port-unreachable (a REJECT rule) comes as the same ECONNREFUSED as a reset: "the host is up" would be a guess.
		return 'Every port refused the connection: nothing listens on these ports, or a firewall rejects them. Check the host name and the ports (a typo, the wrong host, or a server that is down).';
	}
	const summary = portSummary(results, byPort, hostCount, timeoutMs);
	if (results.some(answered)) return summary;
	return results.some(result => result.proxyRefused) ? `No port took the PROXY header that --proxy sent first. ${summary}` : `No port answered with a usable 220 banner. ${summary}`;
}

/** A probe that went no further than the proxy, or one the proxy could not get through to the host. */
const blockedBeyond = (result: ProbeResult) => result.status === 'filtered' || result.status === 'refused' || result.status === 'unreachable';

/** An error as the end of a sentence: its own "?" kept, else one full stop. */
const sentenceEnd = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

/**
 * Through a SOCKS proxy (--socks) the probes met the proxy's network, not this machine's: a proxy that failed probed
 * nothing, and a port that gets no answer is blocked from the proxy, which says nothing of the network here.
 * Undefined where the usual verdict (banners, TLS) holds as it is.
 */
function socksHeadline(results: ProbeResult[], byPort: Map<number, ProbeResult[]>, proxy: string): string | undefined {
	const through = `through the SOCKS proxy ${proxy}`;
	const own = results.find(result => result.socksFailed);
	if (own && !results.some(answered)) return `The SOCKS proxy ${proxy} could not be used, so no host was probed: ${sentenceEnd(own.error ?? 'unknown error')}`;
	if (results.every(answered)) return `Every probed port answers with a 220 banner: the server is reachable ${through}.`;
	const notHere = "This is the proxy's network (a jump host's provider) or its rules, not this machine's: smtp-tui check without --socks tests the network here.";
	const port25 = byPort.get(25);
	const answering = [...byPort.entries()].filter(([port, list]) => port !== 25 && list.some(answered)).map(([port]) => port);
	if (port25 !== undefined && port25.length > 0 && port25.every(blockedBeyond) && answering.length > 0) {
		const how = port25.every(result => result.status === 'refused') ? 'is refused' : port25.every(result => result.status === 'filtered') ? 'gets no answer' : 'is not reachable';
		const also = port25.some(result => result.status === 'refused')
			? ' (or nothing listens on port 25 there)'
			: port25.some(result => result.socksReport === 'close')
				? ' (or nothing listens on port 25 there: ssh -D closes the same way for both)'
				: '';
		return `Port 25 ${how} ${through} while ${listOf(answering)} ${answering.length > 1 ? 'answer' : 'answers'}: outbound port 25 is most likely blocked from the proxy${also}. ${notHere}`;
	}
	if (results.every(blockedBeyond)) return `Nothing answered ${through}: the proxy could not reach the host on any port (each row says how). ${notHere}`;
	// Not a byte, on any port: a proxy that answered the CONNECT before it tried it, then failed.
	if (results.every(result => result.status === 'closed-before-banner' && result.partialGreeting === undefined)) {
		return `Every connection ${through} closed before a byte of a banner: most likely the proxy could not reach the host: ${SOCKS_EARLY_CLOSE}. ${notHere}`;
	}
	return undefined;
}

/** What to do about a certificate that did not verify; check has no --insecure, so unlike send's hint it offers none. */
function certificateAdvice(tls: ProbeResult['tls'], options: VerdictOptions): string {
	const caFile = options.ca && (options.ca.file === undefined ? 'the --ca file' : shown(options.ca.file));
	// A wrong host name may follow the first reason ("…; also, the certificate is not valid for …").
	const first = (reason: string) => tls?.error === reason || tls?.error?.startsWith(`${reason};`) === true;
	const alsoName = tls?.problem !== 'name' && /; also, the certificate is not valid for /.test(tls?.error ?? '') ? ' Also connect by a name the certificate lists.' : '';
	// The certificate came alone and no trusted CA issued it: a private CA, or a chain without its intermediate.
	if (first(verifyReason(leafOnlyCode)) && tls?.issuer) return `${missingIssuerText(tls.issuer, caFile)}.${alsoName}`;
	// OpenSSL found the issuer (the --ca file holds it) but not the CA above it: the file lacks the root.
	if (caFile && first(verifyReason('UNABLE_TO_GET_ISSUER_CERT')) && tls?.issuer) {
		return `if ${caFile} holds "${tls.issuer}", that is not a root CA: give --ca a file that also holds the CA above it (its root).${alsoName}`;
	}
	switch (tls?.problem) {
		case 'name':
			return 'connect by a name the certificate lists.';
		case 'untrusted':
			if (caFile) return `the CA in ${caFile} does not vouch for it: give --ca the CA that issued it.${alsoName}`;
			return `if it is your own server, trust its CA with --ca FILE or fix the certificate.${alsoName}`;
		default: {
			// Expired, not yet valid, a SHA-1 signature: what to fix, as send says it.
			const fix = tls?.error === undefined ? undefined : certificateFixFor(tls.error);
			return `${fix ?? 'if it is your own server, fix the certificate'}.${alsoName}`;
		}
	}
}

type FirstOf = (matching: ProbeResult[]) => {result: ProbeResult; at: string} | undefined;

/** A STARTTLS rule in words: who set it (the flag, or the profile saved with it), and the send command it governs. */
function ruleWords(rule: StarttlsRule): {who: string; send: string} {
	const flag = rule.policy === 'starttls' ? '--starttls' : '--no-starttls';
	if (rule.profile === undefined) return {who: flag, send: `smtp-tui send ${flag}`};
	const name = shown(rule.profile);
	return {who: `profile "${name}" (saved with ${flag})`, send: `smtp-tui send --profile ${name}`};
}

/**
 * What came of STARTTLS where `check` went on with it (the port is open either way): a certificate that does not
 * verify, a refusal, a handshake that broke; one sentence for each kind, naming the first example.
 */
function starttlsNotes(results: ProbeResult[], firstOf: FirstOf, options: VerdictOptions): string[] {
	const failing = results.filter(result => result.status === 'open' && result.starttls === true && result.tls !== undefined && !result.tls.authorized);
	const sentences: string[] = [];
	// Postfix's smtpd_tls_req_ccert: the handshake went, and the EHLO after it was answered with a 421.
	const demand = firstOf(results.filter(result => result.status === 'open' && result.tls?.clientCertificate !== undefined));
	if (demand) {
		sentences.push(
			`${demand.at} offers STARTTLS, but after the TLS handshake the server demands a client certificate: it answered ${shownReason(demand.result.tls!.clientCertificate!)} inside TLS. ` +
				'smtp-tui send stops there (exit 29); check offers none (smtp-tui send does, with --cert FILE and --key FILE).',
		);
	}
	const handshaken = failing.filter(result => result.tls!.protocol !== undefined);
	// One sentence per reason: an expired certificate and one for another name have different fixes, and "(and 1
	// more)" under the first's reason said the other had it too.
	for (const [i, reason] of [...new Set(handshaken.map(result => result.tls!.error))].entries()) {
		const certificate = firstOf(handshaken.filter(result => result.tls!.error === reason))!;
		const {tls} = certificate.result;
		const why = shownReason(tls!.error ?? 'unknown reason');
		// send verifies as check does: it stops at this certificate, before any password or message goes.
		sentences.push(
			i === 0
				? `${certificate.at} offers STARTTLS, but its certificate does not verify: ${why}. ` +
						`smtp-tui send stops there (exit 29), before any password or message; ${certificateAdvice(tls, options)} With send --insecure, the rest can be tested anyway.`
				: `The certificate of ${certificate.at} does not verify either, for another reason: ${why}; ${certificateAdvice(tls, options)}`,
		);
	}
	const refused = firstOf(failing.filter(result => result.tls!.refused !== undefined));
	if (refused) {
		const {code, text} = refused.result.tls!.refused!;
		const required = options.starttlsRule?.policy === 'starttls' ? ruleWords(options.starttlsRule) : undefined;
		sentences.push(
			`${refused.at} offers STARTTLS, but refused it with ${code} "${shown(text)}"` +
				(required
					? `, and ${required.who} requires it: ${required.send} stops there (exit 29), before any password or message. `
					: ': smtp-tui send goes on unencrypted there, with a warning (--starttls makes it stop, exit 29). ') +
				'If the server is yours, check its TLS settings' +
				// Postfix's "454 4.7.0 TLS not available due to local problem".
				(code === 454 ? ': a 454 usually means it could not load its key or certificate.' : '.'),
		);
	}
	const broken = firstOf(failing.filter(result => result.tls!.protocol === undefined && result.tls!.refused === undefined));
	if (broken) {
		const reason = broken.result.tls!.error ?? 'unknown reason';
		const handshake = handshakeTail(reason);
		const what = handshake !== undefined ? `the TLS handshake after it ${shownReason(handshake)}` : `STARTTLS failed: ${shownReason(reason)}`;
		const failure = broken.result.tlsFailure;
		// A connection closed is send's exit 6; anything else at this step (a timeout, an injection) is its TLS step's.
		const code = failure?.failure === 'closed-after-starttls' ? ' (exit 6)' : ' (exit 29)';
		// The user's own --tls-min/--tls-max: the reason says which to change; nothing is the server's to fix.
		const fix = failure?.versions || failure?.clientCertificate || !handshake
			? ''
			: failure?.failure === 'no-common-version'
				? ' The server must be updated to TLS 1.2 or newer.'
				: ' If the server is yours, check its TLS setup (its key and certificate, the TLS versions and ciphers it allows).';
		sentences.push(`${broken.at} offers STARTTLS, but ${what.replace(/\.$/, '')}. smtp-tui send stops there${code}.${fix}`);
	}
	return sentences;
}

/** After a failed TLS-from-the-first-byte handshake: whether the port speaks TLS at all, and what to try. */
function notTlsAdvice(failure: ProbeTlsFailure | undefined, port: number, options: VerdictOptions): string {
	// The user's own --tls-min/--tls-max: the reason says which to change; nothing is the server's to fix.
	// A close proves no TLS: the reason's advice about the flag is all there is to say.
	if (failure?.versions) return failure.failure === 'closed' ? '' : ' The port does speak TLS, but not in the versions you allowed.';
	// It answered in TLS, with an alert about the version: a plain-SMTP port would not.
	if (failure?.failure === 'no-common-version') return ' The port does speak TLS, but not in the versions allowed: an old server must be updated to TLS 1.2 or newer.';
	// Failed in TLS itself (a cipher suite, an alert): the port speaks TLS, so "without --tls" would mislead.
	if (failure?.failure === 'no-cipher' || failure?.failure === 'alert') return '';
	// 465 is the implicit-TLS port: submission with STARTTLS is 587. Any other port may well be that port in plain SMTP.
	if (port === 465) return ' The port may not speak TLS from the first byte: try 587 with STARTTLS.';
	return ` The port may not speak TLS from the first byte: probe port ${port} ${options.tlsPorts?.includes(port) ? `without /tls (--ports ${port}: plain` : 'without --tls (plain'} SMTP, with STARTTLS if it offers it).`;
}

/**
 * Open ports where no STARTTLS happened: not offered (fatal to send under --starttls), or offered and left alone
 * under --no-starttls, which send does too, so no certificate of it was checked.
 */
function clearNotes(results: ProbeResult[], firstOf: FirstOf, options: VerdictOptions): string[] {
	const rule = options.starttlsRule && {...options.starttlsRule, ...ruleWords(options.starttlsRule)};
	const sentences: string[] = [];
	const clear = firstOf(results.filter(result => result.status === 'open' && result.starttls === false));
	if (clear && rule?.policy === 'starttls') {
		sentences.push(`${clear.at} does not offer STARTTLS, and ${rule.who} requires it: ${rule.send} stops there (exit 29), before any password or message.`);
	} else if (clear) {
		sentences.push(`${clear.at} does not offer STARTTLS: whatever is sent there, passwords included, travels unencrypted.`);
	}
	const unused = firstOf(results.filter(result => result.status === 'open' && result.starttls === true && result.tls === undefined));
	if (unused && rule?.policy === 'none') {
		const fix = rule.profile === undefined ? 'drop --no-starttls' : 'add --starttls';
		sentences.push(`${unused.at} offers STARTTLS, left alone as ${rule.who} asks: ${rule.send} goes on unencrypted there, passwords included; ${fix} to check its certificate.`);
	}
	return sentences;
}

/**
 * Port 25 refused on every host while another port answers: nothing may listen on 25, or the network blocks it with a
 * REJECT rule, whose ICMP port-unreachable Linux reports as the same refusal. Not said of this machine (loopback),
 * which no network is in the way of.
 */
function port25Refused(results: ProbeResult[]): string | undefined {
	const port25 = results.filter(result => result.port === 25);
	if (port25.length === 0 || !port25.every(result => result.status === 'refused' && !isLoopback(result.address ?? result.host))) return undefined;
	const answering = [...new Set(results.filter(result => result.port !== 25 && answered(result)).map(result => result.port))];
	if (answering.length === 0) return undefined;
	return (
		`Port 25 is refused while ${listOf(answering)} ${answering.length > 1 ? 'answer' : 'answers'}: nothing may listen on port 25 there, ` +
		'or your network blocks outbound port 25 with a REJECT rule, which looks the same. ' +
		`For a mail (MX) host, which listens on 25, the block is the likelier: ${USE_SUBMISSION}`
	);
}

/**
 * The sentence for the first probe whose certificate expires within --cert-days (`at`: where, and how many more). An
 * expired one is said only where its reason does not say so already.
 */
function expirySentence(result: ProbeResult, at: string, certDays: number): string | undefined {
	const end = soonestEnd(result.tls)!;
	const date = certificateDate(end.validTo);
	const chain = end.chain && `the ${end.chain.root ? 'root' : 'intermediate'} CA "${shown(end.chain.subject)}" in the chain of ${at}`;
	const chainFix = 'the server must send the current certificate of its CA';
	if (Date.parse(end.validTo) < Date.now()) {
		if (chain) return `${capital(chain)} expired ${date}: ${chainFix}.`;
		return result.tls?.error?.includes('expired') ? undefined : `The certificate of ${at} expired ${date}: it must be renewed on the server.`;
	}
	const left = `${daysLeftText(end.daysLeft)}, fewer than --cert-days ${certDays}`;
	if (chain) return `${capital(chain)} expires ${date} (${left}), before the server's own certificate, which no longer verifies from then on: ${chainFix}.`;
	// Past the day automatic renewal comes, its absence is the news; before it, only the date is.
	const renewal =
		end.daysLeft < CLOSE_DAYS
			? "one renewed automatically should have been renewed by now (Let's Encrypt's clients renew at 30 days left); renew it on the server, and find out why its renewal failed."
			: 'renew it on the server before then.';
	// firstOf's " (and 2 more)" goes after the subject, out of its brackets.
	const [where, more] = at.split(/ \((and \d+ more)\)$/);
	return `The certificate of ${where} (${shown(result.tls!.subject ?? '')})${more ? `, ${more},` : ''} expires ${date} (${left}): ${renewal}`;
}

const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** A greeting this late is no network delay: a server holding clients back on purpose. */
const SLOW_GREETING_MS = 3000;

/** Extra sentences for results that need their own explanation, one per kind, naming the first example. */
function notes(results: ProbeResult[], ports: readonly number[], timeoutMs: number, options: VerdictOptions): string[] {
	const firstOf: FirstOf = (matching: ProbeResult[]) => {
		const more = matching.length > 1 ? ` (and ${matching.length - 1} more)` : '';
		return matching[0] && {result: matching[0], at: `${where(matching[0])}${more}`};
	};
	const first = (status: ProbeStatus) => firstOf(results.filter(result => result.status === status));
	// Through --socks the servers met the proxy's address, so a refusal is of the proxy, not of this machine.
	const us = options.socks === undefined ? 'this machine' : 'the proxy';
	const sentences: string[] = [];
	const refusing = results.filter(result => result.status === 'refused-service');
	// RFC 7504's 521: the host takes no mail from anyone, which no other address or network changes.
	const noMail = firstOf(refusing.filter(result => result.banner?.code === 521));
	if (noMail) {
		const {text} = noMail.result.banner!;
		sentences.push(`${noMail.at} answers 521 "${shown(text)}": this host accepts no mail at all, from anyone (RFC 7504), not a refusal of ${us}; mail for its domain goes to the hosts its MX records name, if any.`);
	}
	const service = firstOf(refusing.filter(result => !temporary(result) && result.banner?.code !== 521));
	if (service) {
		const {code, text} = service.result.banner!;
		sentences.push(
			`${service.at} refuses service with ${code} "${shown(text)}": the server will not talk to ${options.socks === undefined ? 'this machine' : `the SOCKS proxy ${options.socks}, which these connections came from`}. ` +
				`If the text names a block list (Spamhaus, PBL, ...), ${options.socks === undefined ? 'your' : "the proxy's"} IP address is listed, as home and cloud addresses often are for port 25; ` +
				"send through your provider's submission server (587 or 465) instead.",
		);
	}
	// A 4xx banner (Exim's "421 Too many concurrent SMTP connections") turns this machine away for now, not for good.
	const busy = firstOf(refusing.filter(result => temporary(result) && !result.proxyRefused));
	if (busy) {
		const {code, text} = busy.result.banner!;
		sentences.push(
			`${busy.at} is temporarily refusing service with ${code} "${shown(text)}": the server is busy or limits connections (too many from this address, or in all). ` +
				`Try again later; if it keeps happening, look for other connections from ${us} that are still open, or, if the server is yours, check its connection limits (per host and in all).`,
		);
	}
	// Through a SOCKS proxy the headline has said it, of the proxy's network.
	const refused25 = options.socks === undefined ? port25Refused(results) : undefined;
	if (refused25) sentences.push(refused25);
	const tls = first('tls-failed');
	if (tls) {
		// It does speak TLS: it wants a certificate from us (after the handshake, in TLS 1.3).
		const clientCertificate = tls.result.tlsFailure?.clientCertificate !== undefined;
		const reason = clientCertificate ? (tls.result.error ?? tls.result.tls!.error!) : (tls.result.tls?.error ?? tls.result.error ?? 'unknown reason');
		if (tls.result.tls?.protocol !== undefined && !clientCertificate) {
			sentences.push(`TLS on ${tls.at} failed: ${shownReason(reason)}. Do not send a password there; ${certificateAdvice(tls.result.tls, options)}`);
		} else {
			// No handshake: the reason names the host and port already, so they are not said twice.
			const handshake = handshakeTail(reason);
			const port = tls.result.port;
			// Its own certificate may have failed too (the handshake got that far): said after the main reason.
			const certificate = tls.result.tls?.protocol !== undefined && tls.result.tls.error !== undefined ? ` Its certificate did not verify either: ${shownReason(tls.result.tls.error)}.` : '';
			sentences.push(
				(handshake !== undefined ? `The TLS handshake with ${tls.at} ${shownReason(handshake).replace(/\.$/, '')}.` : `TLS on ${tls.at} failed: ${shownReason(reason)}.`) +
					(clientCertificate ? certificate : notTlsAdvice(tls.result.tlsFailure, port, options)),
			);
		}
	}
	// A server that sent the start of its greeting speaks plain SMTP: it paused (Postfix postscreen), it is no TLS port.
	const greetingMs = options.greetingTimeoutMs ?? timeoutMs;
	const paused = firstOf(results.filter(result => result.status === 'greeting-unfinished'));
	if (paused) {
		sentences.push(
			paused.result.greetingMidLine
				? `${paused.at} started its greeting ("${shown(paused.result.partialGreeting!)}", with no line end yet) but did not finish it within ${seconds(greetingMs)}: ` +
						`the server stopped in the middle of a line, or sends it very slowly (a tarpit); try a longer --timeout${forExample(greetingMs)}.`
				: `${paused.at} started its greeting ("${shown(paused.result.partialGreeting!)}") but did not finish it within ${seconds(greetingMs)}: ` +
						`a greeting pause, as Postfix's postscreen makes before the last line (postscreen_greet_wait, 6 s) to catch clients that talk too early, or a deliberate banner delay (an Exim connect ACL's delay); try a longer --timeout${forExample(greetingMs)}.`,
		);
	}
	const silent = firstOf(results.filter(result => result.status === 'silent'));
	if (silent) {
		sentences.push(
			`${silent.at} accepted the connection but sent no banner within ${seconds(greetingMs)}: an overloaded server, a tarpit, ` +
				'or something in between (an antivirus "mail shield", a proxy) holding the connection' +
				// A TLS-only port waits for our ClientHello and looks exactly like this to a plain client.
				// Of several ports, that one alone: --tls would switch every port.
				(silent.result.tls === undefined ? `; or the port expects TLS from the first byte (try ${ports.length > 1 ? `${silent.result.port}/tls in --ports` : '--tls'}).` : '.') +
				// A tarpit greets after its delay: a longer wait shows it.
				' A longer --timeout tells a slow greeting from none.' +
				// Postfix with smtpd_upstream_proxy_protocol says nothing until the load balancer's header comes.
				(options.proxy ? '' : ' Behind a load balancer, a server waits in silence for a PROXY protocol header: try --proxy.'),
		);
	}
	// Through a SOCKS proxy, a close with not a byte is the proxy's failure to reach the host (the headline's).
	const closed = firstOf(results.filter(result => result.status === 'closed-before-banner' && (options.socks === undefined || result.partialGreeting !== undefined)));
	if (closed) {
		sentences.push(
			`${closed.at} closed the connection before its banner: the server may limit connections or silently refuse ${options.socks === undefined ? 'your' : "the proxy's"} address, ` +
				'or a firewall or antivirus in between resets it' +
				(options.proxy ? '; or it does not take the PROXY header sent first, and hung up at it: try without --proxy.' : '.'),
		);
	}
	// A banner that came, but late: a tarpit or a greeting pause holds every client this long, send included.
	const slow = firstOf(results.filter(result => result.status === 'open' && (result.timeToBannerMs ?? 0) >= SLOW_GREETING_MS));
	if (slow) {
		sentences.push(
			`${slow.at} took ${seconds(slow.result.timeToBannerMs!)} to greet: a deliberate delay, as tarpits and greeting pauses (Postfix postscreen) make to catch clients that talk too early, or the server's own slow lookups of this machine (reverse DNS, ident); ` +
				'smtp-tui send waits for it (up to --timeout, 30 s by default) and sends nothing before it.',
		);
	}
	sentences.push(...clearNotes(results, firstOf, options), ...starttlsNotes(results, firstOf, options));
	const certDays = options.certDays ?? CHECK_DEFAULTS.certDays;
	const expiring = firstOf(results.filter(result => expiresWithin(result, certDays)));
	const expiry = expiring && expirySentence(expiring.result, expiring.at, certDays);
	if (expiry) sentences.push(expiry);
	const proxyRefused = firstOf(results.filter(result => result.proxyRefused && result.ehloProblem !== undefined));
	if (proxyRefused) {
		sentences.push(`${proxyRefused.at} does not take a PROXY header on this port: it read the header as a command and refused it (${shownReason(proxyRefused.result.ehloProblem!.replace(/^PROXY header refused: /, 'it answered '))}); leave out --proxy there.`);
	}
	const turnedAway = firstOf(results.filter(result => result.proxyRefused && result.banner !== undefined && result.banner.code !== 220));
	if (turnedAway) sentences.push(turnedAwaySentence(turnedAway.at, turnedAway.result));
	const odd = firstOf(results.filter(result => result.status === 'open' && result.ehloProblem !== undefined && !result.proxyRefused));
	if (odd) {
		sentences.push(
			`${odd.at} is reachable, but sending there may fail (${shownReason(odd.result.ehloProblem!)}): ` +
				// Bytes of the reply came: nothing was refused, the reply was slow (a tarpit dripping it, a slow link) or cut off.
				(odd.result.ehloCutOff
					? `its reply came too slowly, or was cut off on the way (a tarpit, a slow or lossy link); try a longer --timeout${forExample(timeoutMs)}.`
					: odd.result.ehloClosed
						? 'the server closed the session at EHLO, turning it away for now (busy, or limiting connections from this address, as its words may say); try again later.'
						: odd.result.ehloBroken
							? "the server's replies break SMTP's rules, which no EHLO name mends: the server is broken, or something in between (a proxy, a security appliance) writes to the connection; its operator must fix it."
							: ehloAdvice(odd.result, timeoutMs, us)),
		);
	}
	// A SOCKS proxy that failed is the headline's already.
	const failed = firstOf(results.filter(result => result.status === 'error' && !result.socksFailed));
	// The error may end its own sentence: one full stop, not two.
	if (failed) sentences.push(`${failed.at}: ${shownReason(failed.result.error ?? 'unknown error').replace(/\.$/, '')}.`);
	return sentences;
}

/**
 * Advice for an EHLO that got no 250, by what came back. Only a refusal in words can be about the name given: a
 * session ended without a reply, or no reply at all, says nothing of why, and a server that does not know EHLO
 * (500, 502) is old, whatever the name.
 */
function ehloAdvice(result: ProbeResult, timeoutMs: number, us: string): string {
	if (result.ehloUnanswered === 'ended') {
		return 'no reply came before the session ended, so nothing says why; a server may drop a client it turns away (this address, a limit on connections), and so may a firewall or antivirus in between; try again later, or from another network.';
	}
	if (result.ehloUnanswered === 'silent') return `a tarpit holds some clients that long, or the server is stuck; try a longer --timeout${forExample(timeoutMs)}.`;
	if (result.ehloCode === 500 || result.ehloCode === 502) return 'a very old server knows only HELO, and offers no STARTTLS or AUTH with it; no EHLO name mends that.';
	return `some servers refuse an EHLO name they dislike (try --ehlo with ${us}'s real name), or this client's address; the reply's words may say which.`;
}

/** The verdict paragraph for results of `ports` (in this order) on `hostCount` hosts. */
export function checkVerdict(results: ProbeResult[], ports: readonly number[], hostCount: number, timeoutMs: number, options: VerdictOptions = {}): string {
	if (results.length === 0) return 'Nothing was probed.';
	const byPort = new Map<number, ProbeResult[]>(ports.map(port => [port, results.filter(result => result.port === port)]));
	// The names resolve, in the other family only: no DNS trouble, no spelling mistake.
	const noFamily = results.every(result => result.status === 'dns-failed' && result.otherFamilyOnly) ? noHostOfFamily(options.route ?? {}) : undefined;
	if (noFamily !== undefined) return noFamily;
	const first = (options.socks !== undefined ? socksHeadline(results, byPort, options.socks) : undefined) ?? headline(results, byPort, hostCount, timeoutMs, options.dns);
	return [first, ...notes(results, ports, timeoutMs, options)].join(' ');
}

/** What an interrupted check knew: its ports and timeout, and the mail domain when MX hosts were looked up. */
/** `senderLookups`: this machine's sender lookups (reverse DNS, blocklists) were still running. */
type InterruptedContext = {ports: readonly number[]; timeoutMs: number; mxDomain?: string | undefined; senderLookups?: boolean};

/**
 * The verdict of a check cut short by a signal: which probes did not finish, then the verdict of those that did
 * (the same words as a whole check's, about fewer probes), or that there is none.
 */
export function interruptedVerdict(
	signal: NodeJS.Signals,
	results: ProbeResult[],
	unfinished: ReadonlyArray<Pick<ProbeResult, 'host' | 'port'>>,
	context: InterruptedContext,
	options: VerdictOptions = {},
): string {
	const how = `Interrupted (${signalName(signal)})`;
	if (results.length === 0 && unfinished.length === 0) {
		return context.mxDomain === undefined ? `${how} before any probe: nothing was probed.` : `${how} while looking up the MX hosts of ${context.mxDomain}: nothing was probed.`;
	}
	const shownCount = 3;
	const named = unfinished.slice(0, shownCount).map(where);
	const more = unfinished.length > shownCount ? ` and ${unfinished.length - shownCount} more` : '';
	const list = more ? `${named.join(', ')}${more}` : listOf(named);
	// Every probe may have finished while a mail domain's records were still being looked up.
	const sender = context.senderLookups ? "this machine's sender lookups (reverse DNS, blocklists)" : undefined;
	const lookups = context.mxDomain === undefined && sender ? sender : `the MTA-STS, DANE, SPF and DMARC lookups of ${context.mxDomain ?? 'the domain'}${sender ? ` and ${sender}` : ''}`;
	const notDone = unfinished.length > 0 ? `${list} ${unfinished.length === 1 ? 'was' : 'were'} not probed to the end` : `${lookups} were not finished, so none is shown`;
	if (results.length === 0) return `${how} before any probe finished: ${notDone}, so there is no verdict.`;
	// Only the ports and hosts that have a result: the verdict speaks of what was seen.
	const ports = context.ports.filter(port => results.some(result => result.port === port));
	const hostCount = new Set(results.map(result => result.host)).size;
	const verdict = checkVerdict(results, ports, hostCount, context.timeoutMs, options);
	const finished = results.length === 1 ? 'the probe that finished' : `the ${results.length} probes that finished`;
	return `${how}: ${notDone}. From ${finished}: ${verdict.charAt(0).toLowerCase()}${verdict.slice(1)}`;
}
