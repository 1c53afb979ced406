// `smtp-tui send`: one whole SMTP session without a screen, printing a swaks-like transcript.
import {hostname} from 'node:os';
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import process from 'node:process';
import {Readable} from 'node:stream';
import {SmtpDriver} from '../session/driver.js';
import {proxyHint} from './proxy-hints.js';
import {socksHint} from './socks-hints.js';
import {timeoutsFromSeconds} from '../session/timeouts.js';
import {recordedTarget} from '../session/recording.js';
import {deliveredBefore, deliveryUncertain, maybeDelivered, refusedRecipients} from '../session/outcome.js';
import type {LogEntry, OutgoingMessage, RunResult, WireRecord} from '../session/types.js';
import {SmtpInputError, type Command, type RecipientResult, type Reply} from '../smtp/types.js';
import {bareAddress} from '../message/lists.js';
import {sizeLimitExceeded} from '../smtp/plan.js';
import {quoteReply} from '../smtp/session-texts.js';
import {overLimitNote} from '../smtp/refusal-texts.js';
import type {FailureKind} from '../smtp/failure.js';
import {groupDigits} from '../smtp/digits.js';
import {composeMessage, rawMessage, type BodySource, type ComposedMessage} from '../message/compose.js';
import {parseHeaderArgument} from '../message/header-checks.js';
import {domainOf, lookupMx, mxWarnings, mxFailureText, systemResolverWithin, type Resolver} from '../transport/mx.js';
import {dnsServerText, serverResolver} from '../transport/dns-resolver.js';
import {unusedDnsWarning} from './dns-options.js';
import {formatTextLine, formatTranscript, jsonKind, visible} from './transcript.js';
import {certificateOf, failingReply, INTERRUPTED_STAGE, resultObject, tlsUseOf} from './send-result.js';
import {Cancelled, UsageError, type CommandIO} from './command.js';
import {INTERRUPTS, signalExitCode, signalName} from './interrupts.js';
import {escapeUnsafe, safeJson} from '../text/escape.js';
import {exitCodeFor} from './exit-codes.js';
import type {RefusedCertificate} from '../transport/connect-error.js';
import {parseSendFlags, type SendSettings} from './send-options.js';
import type {BodyFlag} from './body-flags.js';
import {sandboxTrustHint} from './sandbox-trust-hint.js';
import {passwordWithoutUser} from './password-without-user.js';
import {startRecording} from './record.js';
import {writeTranscriptFile} from './transcript-file.js';
import {refuseUnwritable} from './writable.js';
import {promptHidden} from './prompt.js';
import {applyProfile, withheldCertificate, withheldPassword, withheldVariable} from './profile-flags.js';
import {loginFlags} from './login-flags.js';
import {privateFileWarnings} from './private-file.js';
import {routeOf} from '../transport/address-family.js';
import {applyMtaSts, MtaStsRefusal, type MtaStsRoute} from './send-mta-sts.js';
import {daneOf, daneOutcome, daneRoute, type DaneHostResult} from './send-dane.js';
import {terminalInputHint} from './terminal-input-hint.js';
import {signForSending, type DkimResult} from './dkim-send.js';
import {dmarcSendWarning, lookupFromPolicy, type FromPolicy} from './send-dmarc.js';
import {isLoopback} from '../transport/loopback.js';
import {messageFromDomain} from '../message/dkim-message.js';
import {SendSpfCheck} from './send-spf.js';
import {SPF_CHECK_MS} from '../spf/client.js';
import {spfDns} from '../transport/spf-dns.js';
import type {DkimSettings} from './dkim-flags.js';

/** How the messages name --body's or --html's file or standard input, and what to give for none. */
type PartNames = {file: string; stdin: string; none: string};
const BODY_NAMES: PartNames = {file: 'body file', stdin: 'the body on standard input', none: "for a message without a body, give --body ''"};
const HTML_NAMES: PartNames = {file: 'HTML file', stdin: 'the HTML on standard input', none: 'leave --html out for a plain-text message'};

/** A body that comes from a command and is empty is most likely a failed command: refused, so that no mail goes. */
function emptyBody(label: string, hint: string, names: PartNames): UsageError {
	return new UsageError(`${label} is empty`, `${hint}; ${names.none}`);
}

/** The stream as it was, or undefined when it ends without a byte. Its first bytes are read ahead to know. */
async function unlessEmpty(stream: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream | undefined> {
	const chunks = stream[Symbol.asyncIterator]();
	let first = await chunks.next();
	while (!first.done && first.value.length === 0) first = await chunks.next();
	if (first.done) return undefined;
	const head = first.value;
	return Readable.from(
		(async function* () {
			yield head;
			for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
		})(),
	);
}

/** What the composer reads the body (or the HTML) from; an empty --body - or @FILE is refused here, before connecting. */
async function bodySource(body: BodyFlag, stdin: NodeJS.ReadableStream, names: PartNames): Promise<BodySource> {
	if (body.kind === 'text') return body;
	if (body.kind === 'stdin') {
		const stream = await unlessEmpty(stdin);
		if (!stream) throw emptyBody(names.stdin, 'did the command before the pipe fail? nothing was sent', names);
		return {kind: 'stdin', stream};
	}
	// A missing or unreadable file is left to the composer, which names the problem.
	const info = await stat(body.path).catch(() => undefined);
	if (info?.isFile() && info.size === 0) throw emptyBody(`${names.file} ${body.path}`, 'nothing was sent', names);
	if (!info || !(info.isFIFO() || info.isCharacterDevice() || info.isSocket())) return body;
	// A pipe (`@<(command)`) can be read only once: after reading ahead, it goes on as a stream, like stdin.
	const stream = await unlessEmpty(createReadStream(body.path));
	if (!stream) throw emptyBody(`${names.file} ${body.path}`, 'did the command writing it fail? nothing was sent', names);
	return {kind: 'stdin', stream};
}

/** A pipe given as the body (or HTML) file reaches the composer as a stream: its errors still name the file. */
function namingBodyFile(message: string, body: SendSettings['body'] | undefined, names: PartNames): string {
	return body?.kind === 'file' ? message.replace(new RegExp(`^${names.stdin}\\b`), `${names.file} ${body.path}`) : message;
}

async function buildMessage(settings: SendSettings, io: CommandIO): Promise<ComposedMessage> {
	try {
		if (settings.data) {
			return await rawMessage(settings.data.kind === 'stdin' ? {kind: 'stdin', stream: io.stdin} : settings.data);
		}
		return await composeMessage({
			// The null sender has no address for the From header: bounces name MAILER-DAEMON there.
			from: settings.from === '' ? `MAILER-DAEMON@${settings.ehloName ?? hostname()}` : settings.from,
			to: settings.to,
			cc: settings.cc,
			bcc: settings.bcc,
			subject: settings.subject,
			body: settings.body.kind === 'from-html' ? settings.body : await bodySource(settings.body, io.stdin, BODY_NAMES),
			...(settings.html && {html: await bodySource(settings.html, io.stdin, HTML_NAMES)}),
			headers: settings.headers.map(header => parseHeaderArgument(header)),
			attachments: settings.attachments,
		});
	} catch (error) {
		if (error instanceof SmtpInputError) throw new UsageError(namingBodyFile(namingBodyFile(error.message, settings.body, BODY_NAMES), settings.html, HTML_NAMES));
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new UsageError((error as Error).message);
		throw error;
	}
}

/** The message signed (--dkim-key), its DNS key checked; a message that cannot be signed (no From) is a bad input. */
async function signed(composed: ComposedMessage, dkim: DkimSettings, settings: SendSettings): ReturnType<typeof signForSending> {
	try {
		return await signForSending(composed, dkim, {...(settings.dns && {server: settings.dns}), timeoutMs: settings.timeoutSeconds * 1000});
	} catch (error) {
		if (error instanceof SmtpInputError) throw new UsageError(`--dkim-key: ${error.message}`);
		throw error;
	}
}

/** Added to a refused QUIT's summary: the message went before it, and sending it again would deliver it twice. */
function queuedBefore(reply: Reply, refusedList: string, lmtp = false): string {
	// LMTP: the replies after the message were deliveries, each recipient's.
	const queued = `the message was ${lmtp ? 'delivered' : 'queued'} before it (${quoteReply(reply)})`;
	return refusedList === '' ? `; ${queued}: do not send it again` : `; ${queued} for the accepted recipients: do not send it to them again; ${refusedList}`;
}

/**
 * A failed STARTTLS that no flag asked for (the server offered it): going without TLS is also a way out, and what
 * swaks, which starts TLS only when told to, does by default. Never after an injection: going in clear is then
 * what the attacker wants. Nor with --user: its password would go unencrypted, or, where AUTH is offered only after
 * STARTTLS (Postfix's smtpd_tls_auth_only), the login would fail.
 */
const WITHOUT_TLS = '; --no-starttls would send without TLS instead, as swaks does by default';

/**
 * Not after an injection either, nor where a flag or a certificate is the way: --tls-min/--tls-max that left out the
 * server's versions, a client certificate demanded or refused (Postfix demands one only with TLS enforced).
 */
const offersPlainText = (kind: FailureKind | undefined) => kind !== 'starttls-injection' && kind !== 'tls-versions' && kind !== 'client-certificate' && kind !== 'require-tls';

/**
 * A login or MAIL refused until TLS, under --no-starttls, from a server that offers STARTTLS: the flag is the way,
 * unless the failure's own words name it already.
 */
function tlsDeclined(settings: Pick<SendSettings, 'tls'>, result: Pick<RunResult, 'kind' | 'cause'> | undefined): string {
	const wanted = result?.kind === 'login-needs-starttls' || result?.kind === 'mail-needs-tls';
	return settings.tls === 'none' && wanted && result.cause !== 'starttls-declined' ? '; it offers STARTTLS: drop --no-starttls to use it' : '';
}

/** "protocol error: X" is said by a summary "failed (tls): X": the label is not part of what it says. */
const withoutLabel = (error: string) => error.replace(/^\w+ error: /, '');

/**
 * The summary under a transcript whose error line just gave a refused certificate in full: its subject, dates and
 * fingerprint are left to that line, the reason stays. --quiet (which prints no error line the summary says) and
 * the --json result keep the whole text.
 */
function underCertificateError(summary: string, certificate: RefusedCertificate | undefined, errors: readonly string[]): string {
	if (!certificate?.fingerprint256) return summary;
	const start = summary.lastIndexOf(`; certificate: ${certificate.subject}, `);
	const tail = `; SHA-256 ${certificate.fingerprint256}`;
	const end = summary.indexOf(tail, start) + tail.length;
	if (start === -1 || end < tail.length) return summary;
	const details = summary.slice(start, end);
	return errors.some(error => error.includes(details)) ? summary.slice(0, start) + summary.slice(end) : summary;
}

/** Prints log entries as they arrive, in the chosen format. With --quiet, only errors, kept for the end. */
class Printer {
	#printed = 0;
	/** --quiet: the errors, printed at the end unless the summary already says them. */
	readonly #quietErrors: string[] = [];
	constructor(
		readonly settings: SendSettings,
		readonly io: CommandIO,
	) {}

	line(entry: Pick<LogEntry, 'kind' | 'text'>): void {
		this.print({id: 0, time: Date.now(), ...entry});
	}

	flush(driver: SmtpDriver): void {
		for (const entry of driver.log.since(this.#printed)) {
			this.#printed = entry.id;
			this.print(entry);
		}
	}

	reset(): void {
		this.#printed = 0;
	}

	/**
	 * The last line. --quiet: after the errors it does not repeat (one failure, one line), escaped as the transcript
	 * is. `shown`: the text under a transcript whose error lines said some of it already.
	 */
	summary(text: string, ok: boolean, shown = text): void {
		if (this.settings.quiet) {
			for (const error of this.#quietErrors) if (!text.includes(withoutLabel(error))) this.io.stderr.write(`${visible(error)}\n`);
			if (!ok) this.io.stderr.write(`${visible(text)}\n`);
			return;
		}
		this.line({kind: ok ? 'info' : 'error', text: shown});
	}

	print(entry: LogEntry): void {
		if (this.settings.quiet) {
			if (entry.kind === 'error') this.#quietErrors.push(entry.text);
			return;
		}
		// `time` in ISO 8601, as the json transcript file has it.
		if (this.settings.json) this.io.stdout.write(`${safeJson({type: 'log', ...entry, kind: jsonKind(entry), time: new Date(entry.time).toISOString()})}\n`);
		else this.io.stdout.write(`${formatTextLine(entry).join('\n')}\n`);
	}
}

/** The route, and the domain whose MX records named its hosts (--dane needs them validated); none for --host. */
type Route = MtaStsRoute & {mxOf?: string};

async function targetsOf(settings: SendSettings, note: (entry: Pick<LogEntry, 'kind' | 'text'>) => void, resolver: Resolver): Promise<Route> {
	if (settings.host !== undefined && !settings.mx) {
		// The DKIM key check, the DMARC lookup and the SPF check ask --dns's server too: only a host on this machine
		// (without the key check) leaves it nothing to do.
		const asked = settings.dkim?.check || wantsDmarc(settings) || (!relayed(settings) && !isLoopback(settings.host));
		const unused = asked ? undefined : unusedDnsWarning(settings.dns, settings.host);
		if (unused) note({kind: 'info', text: `warning: ${unused}`});
		return {hosts: [settings.host], tls: settings.tls};
	}
	const recipient = settings.to[0] ?? settings.cc[0] ?? settings.bcc[0];
	if (recipient === undefined) throw new UsageError('--mx needs a recipient to take the domain from', "give --to ADDRESS: the MX of its domain is looked up");
	const domain = domainOf(recipient);
	const hosts = await lookupMx(domain, resolver);
	const asked = resolver.server ? ` (from ${dnsServerText(resolver.server)}, --dns)` : '';
	// SOCKS5 carries no DNS: the MX records are this machine's view, the hosts' addresses the proxy's.
	const here = settings.socks ? ', looked up here; the connections go through the SOCKS proxy' : '';
	note({kind: 'info', text: `MX for ${domain}${asked}${here}: ${hosts.map(h => `${h.priority} ${h.exchange}${h.implicit ? ' (no MX: A/AAAA)' : ''}`).join(', ')}`});
	for (const warning of mxWarnings(domain, hosts)) note({kind: 'info', text: `warning: ${warning}`});
	const options = {timeoutMs: settings.timeoutSeconds * 1000, ...routeOf(settings), ...(settings.ca !== undefined && {ca: settings.ca}), ...(settings.socks && {socks: settings.socks})};
	const route = await applyMtaSts(domain, hosts.map(host => host.exchange), settings, resolver, options, note);
	// A domain without MX records is its own host: its address is what --dane needs validated.
	return hosts.some(host => host.implicit) ? route : {...route, mxOf: domain};
}

/** A TLS record's first bytes: handshake (22) or alert (21), then version 3.x. */
const isTlsRecord = (bytes: Buffer) => (bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03;

/**
 * A port that speaks TLS from the first byte waits in silence for a ClientHello, so a plain client sees no
 * greeting (or, from some servers, a TLS record): say what `check` says of a silent port.
 */
function implicitTlsHint(result: RunResult | undefined, firstBytes: Buffer | undefined): string {
	if (firstBytes !== undefined && isTlsRecord(firstBytes)) return '; the port speaks TLS from the first byte (465 usually does): try --tls';
	// Not a byte: a TLS port waiting for our hello, or a server that delays its greeting on purpose (a tarpit).
	if (result?.stage === 'banner' && firstBytes === undefined) {
		return '; the port may speak TLS from the first byte (465 usually does): try --tls; or the server delays its greeting on purpose (a tarpit, as Postfix\'s "sleep" restriction does): try a longer --timeout';
	}
	return '';
}

/**
 * No password and no prompt to ask for one. Said from the profile when the user came from it (no --user was
 * typed), naming the variable the profile reads it from when that is what is missing, or an SMTP_PASSWORD that is
 * set but empty (an unfilled CI secret, say), which counts as none.
 */
function noPassword(user: string, typed: Record<string, unknown>, filled: Record<string, unknown>, env: NodeJS.ProcessEnv): UsageError {
	const emptyVariable = env.SMTP_PASSWORD === '' ? 'SMTP_PASSWORD is set but empty' : undefined;
	const why = withheldPassword(filled);
	const variable = withheldVariable(filled);
	const noPrompt = '(there is no prompt without a terminal)';
	const hint = variable ? `set ${variable} (or SMTP_PASSWORD), or use --password ${noPrompt}` : `use --password, or set SMTP_PASSWORD ${emptyVariable ? 'to the password ' : ''}${noPrompt}`;
	const reason = why ?? emptyVariable;
	if (typed.user !== undefined) return new UsageError(`--user ${user} given but no password${reason ? `: ${reason}` : ''}`, hint);
	return new UsageError(why ?? `profile "${String(typed.profile)}" logs in as ${user}, but keeps no password${emptyVariable ? `, and ${emptyVariable}` : ''}`, hint);
}

/**
 * --quit-after with a message over the server's SIZE: the session goes on to test the envelope (the planner leaves
 * SIZE= out of MAIL), and a warning just before the MAIL line says that sending the message would fail there.
 * Likewise --ignore-size, which sends it. Before the line, not after it: between MAIL and its reply it would read
 * as part of the exchange.
 */
function oversizeWarning(driver: SmtpDriver, settings: SendSettings, size: number | undefined): (command: Command) => void {
	let said = settings.quitAfter === undefined && !settings.ignoreSize;
	return command => {
		if (said || command.verb !== 'MAIL') return;
		const limit = sizeLimitExceeded(driver.state?.extensions, size);
		if (limit === undefined) return;
		said = true;
		const over = `warning: the message is about ${groupDigits(size!)} bytes and the server accepts at most ${groupDigits(limit)} (SIZE in its EHLO reply)`;
		driver.info(
			settings.ignoreSize
				? `${over}: sent anyway (--ignore-size); this MAIL leaves SIZE= out, so the server judges it after the message`
				: `${over}: sending it would fail at MAIL (exit 23); this MAIL leaves SIZE= out, to test the envelope (--quit-after)`,
		);
	};
}

/**
 * For the DMARC warning (see send-dmarc.ts): a message signed with its key checked in DNS (--no-dkim-check: no DNS is
 * wanted), or going to a real server; the sandbox on this machine applies no DMARC.
 */
function wantsDmarc(settings: SendSettings): boolean {
	const real = settings.mx || (settings.host !== undefined && !isLoopback(settings.host));
	return settings.dkim ? settings.dkim.check : real;
}

/** Where receivers see another address than this end's (see the SPF check): submission, a SOCKS proxy, or LMTP. */
const relayed = (settings: SendSettings) => settings.user !== undefined || settings.mechanism === 'EXTERNAL' || settings.port === 465 || settings.port === 587 || settings.socks !== undefined || settings.lmtp;

/** `send`; `resolver` finds the --mx hosts (default: this machine's DNS, or --dns's server); tests inject a fake. */
export const runSend = async (flags: Record<string, unknown>, _input: string[], io: CommandIO, resolver?: Resolver): Promise<number> => {
	const filled = await applyProfile(flags, io.env);
	const settings = parseSendFlags(loginFlags(flags, filled), io.env, {terminal: io.stdin.isTTY === true});
	// --dns: the MX hosts, and every host connected to, are found through that server.
	const chosen = settings.dns && serverResolver(settings.dns, settings.timeoutSeconds * 1000);
	// Said to a person at a terminal (a script's stderr is left alone): smtp-tui hides its own argv, but npm's and a
	// shell's processes in front of it show the password to every user of the machine while it runs; and a password
	// or key file that others can read.
	if ((io.stderr as {isTTY?: boolean}).isTTY) {
		if (typeof flags.password === 'string') io.stderr.write('smtp-tui: warning: --password shows in the process list (npx, sh) while this runs; SMTP_PASSWORD or the prompt keep it out\n');
		for (const warning of privateFileWarnings(flags, filled)) io.stderr.write(`smtp-tui: warning: ${warning}\n`);
	}
	// Interrupted before the session (at the password prompt, reading the message from a slow pipe): say so, with
	// --json in the result line alone (`2>&1 | jq` must not meet text), and exit 128 + the signal, as a shell would.
	let phase = 'at the password prompt';
	const notAsked: RecipientResult[] = [...settings.to, ...settings.cc, ...settings.bcc].map(address => ({address: bareAddress(address)}));
	const interruptedBefore = (code: number, text: string): never => {
		if (settings.json) io.stdout.write(`${safeJson(resultObject(code, INTERRUPTED_STAGE, text, notAsked, {insecure: settings.insecure}))}\n`);
		else io.stderr.write(`smtp-tui: ${text}\n`);
		process.exit(code);
	};
	// A signal at the prompt leaves its line unended (the prompt ends it only when it returns).
	let prompting = false;
	const onInterrupt = (signal: NodeJS.Signals) => {
		if (prompting) io.stderr.write('\n');
		interruptedBefore(signalExitCode(signal), `interrupted (${signalName(signal)}) ${phase}: nothing was sent`);
	};
	for (const signal of INTERRUPTS) process.once(signal, onInterrupt);
	/** `error`, to throw once the handler is gone: a usage error ends the command (in-process in tests: no listener left behind). */
	const released = (error: unknown): unknown => {
		for (const signal of INTERRUPTS) process.off(signal, onInterrupt);
		return error;
	};
	let composed: ComposedMessage;
	let dkimNotes: string[] = [];
	let dkimResult: DkimResult | undefined;
	// The MX lookup's and the DMARC warning's resolver: --dns's server, else this machine's (tests inject one).
	const lookups = resolver ?? chosen ?? systemResolverWithin(settings.timeoutSeconds * 1000);
	let fromPolicy: Promise<FromPolicy | undefined> | undefined;
	try {
		// --quit-after before AUTH never logs in: no password is needed (a cron probe with a profile).
		const logsIn = !['connect', 'greeting', 'first-ehlo', 'ehlo', 'tls'].includes(settings.quitAfter ?? '');
		if (logsIn && settings.user !== undefined && settings.password === undefined && settings.mechanism !== 'EXTERNAL') {
			if (!io.stdin.isTTY || settings.data?.kind === 'stdin' || settings.body.kind === 'stdin' || settings.html?.kind === 'stdin') throw noPassword(settings.user, flags, filled, io.env);
			// The profile's name, host and user come from a file: escaped, as usage errors are.
			const why = withheldPassword(filled);
			if (why) io.stderr.write(`smtp-tui: ${escapeUnsafe(why)}\n`);
			prompting = true;
			try {
				settings.password = await promptHidden(`password for ${escapeUnsafe(settings.user)}: `, io);
			} catch (error) {
				// Ctrl+C read by the prompt itself (the terminal is raw while it reads).
				if (error instanceof Cancelled) interruptedBefore(signalExitCode('SIGINT'), error.message);
				throw error;
			} finally {
				prompting = false;
			}
		}
		phase = 'while reading the message';
		const typing = terminalInputHint(settings, io.stdin.isTTY === true);
		if (typing) io.stderr.write(`smtp-tui: ${typing}\n`);
		// --quit-after before MAIL needs no message at all (and may have no recipient to build one for).
		const noMessage = settings.to.length + settings.cc.length + settings.bcc.length === 0;
		composed = noMessage ? {envelope: {from: settings.from, to: []}, eightBit: false, stream: async function* () {}} : await buildMessage(settings, io);
		// Alongside the DKIM key check, which waits as long at most; the From header read first, before the signing reads the message.
		const from = !noMessage && wantsDmarc(settings) ? await messageFromDomain(composed) : undefined;
		if (from !== undefined) fromPolicy = lookupFromPolicy(from, lookups, settings.timeoutSeconds * 1000);
		if (settings.dkim && !noMessage) {
			phase = 'while signing the message';
			({message: composed, notes: dkimNotes, result: dkimResult} = await signed(composed, settings.dkim, settings));
		}
	} catch (error) {
		throw released(error);
	}
	// Kept until the session's own handler takes over, with no moment without one: a Ctrl+C that also ended the
	// generator piped into --data - reaches this process as that end of input and a signal, which libuv may hand
	// over in that order; dispatched to no listener, it was lost, and the cut message went as if whole.
	phase = 'before connecting';
	const printer = new Printer(settings, io);
	const envelopeTo = settings.data ? [...settings.to, ...settings.cc, ...settings.bcc] : composed.envelope.to;
	const message: OutgoingMessage = {
		from: settings.data || settings.from === '' ? settings.from : composed.envelope.from,
		recipients: envelopeTo,
		// Without a size the engine neither refuses it nor declares SIZE=: --ignore-size sends it as swaks does.
		...(composed.estimatedSize !== undefined && !settings.ignoreSize && {size: composed.estimatedSize}),
		eightBit: composed.eightBit,
		...(composed.utf8Headers && {utf8Headers: true}),
		...(composed.nonUtf8Headers && {nonUtf8Headers: true}),
		...(composed.eightBitBody && {eightBitBody: true}),
		...(composed.eightBitMessages && {eightBitMessages: composed.eightBitMessages}),
		...(composed.utf8Addresses && {utf8Addresses: composed.utf8Addresses}),
		body: () => composed.stream(),
		allowPartial: settings.allowPartial,
	};

	// What the transcript holds: the MX lookup's lines, then every attempt's log.
	const entries: LogEntry[] = [];
	const note = (line: Pick<LogEntry, 'kind' | 'text'>) => {
		const entry = {id: 0, time: Date.now(), ...line};
		entries.push(entry);
		printer.print(entry);
	};
	for (const text of [...settings.notes, ...(composed.notes ?? []), ...dkimNotes]) note({kind: 'info', text});
	const found = await fromPolicy;
	const dmarc = found && dmarcSendWarning(found, message.from, dkimResult?.domain);
	if (dmarc) note({kind: 'info', text: dmarc});
	let hosts: string[] = [];
	/** --dane: the domain whose MX records must come validated. */
	let mxOf: string | undefined;
	/** --tls, --starttls, --no-starttls, or (auto) STARTTLS required by an MTA-STS policy in enforce mode. */
	let security = settings.tls;
	/** The last host's: the route's, or STARTTLS where --dane found TLSA records (its failure is no case for --no-starttls). */
	let hostTls = security;
	/** An MTA-STS policy in enforce mode: a host whose STARTTLS or certificate fails is passed over (RFC 8461 §5). */
	let enforced = false;
	let result: RunResult | undefined;
	/** The server's reply to the message, when it took it and then refused QUIT (exit 27). */
	let queuedBeforeQuit: Reply | undefined;
	try {
		const route = await targetsOf(settings, note, lookups);
		({hosts, tls: security, mxOf} = route);
		hostTls = security;
		enforced = route.enforced === true;
	} catch (error) {
		if (error instanceof UsageError) throw released(error);
		// Reported like any failure to connect: the summary, the --json result line and the transcript follow.
		result = {ok: false, stage: 'connect', message: error instanceof MtaStsRefusal ? error.message : mxFailureText(error), recipients: []};
		note({kind: 'error', text: result.message});
	}

	// Checked before connecting, written at the end: a path that cannot be written is a bad option, not a surprise
	// after the message went; an existing transcript is replaced only by a new one.
	if (settings.transcript !== undefined) {
		try {
			refuseUnwritable('--transcript', settings.transcript);
		} catch (error) {
			throw released(error);
		}
	}
	/** The host of the last attempt: the one the transcript (and the recording, from its first byte) is about. */
	let used: string | undefined;
	/** A recording that stopped (a full disk) is said in the transcript, and on stderr under --quiet, which prints none. */
	const recordStopped = (line: string) => {
		current?.info(line);
		if (settings.quiet) io.stderr.write(`smtp-tui: ${visible(line)}\n`);
	};
	const recorder = settings.record === undefined || hosts.length === 0 ? undefined : startRecording(settings.record, () => recordedTarget({...settings, host: used ?? hosts[0]!}), recordStopped);
	// Ctrl+C, SIGTERM (a CI timeout), SIGHUP (the terminal went away): drop the connection (no QUIT: the server
	// discards an unfinished message), then report and write the transcript as for any failure, and exit 128 +
	// the signal's number, as a shell would. The same signal again kills at once.
	let interrupted: NodeJS.Signals | undefined;
	let current: SmtpDriver | undefined;
	/** What the server sent first on the last attempt, if anything. */
	let firstBytes: Buffer | undefined;
	const onWire = (record: WireRecord) => {
		if (record.direction === 'in') firstBytes ??= record.bytes;
		recorder?.record(record);
	};
	const interrupt = (signal: NodeJS.Signals) => {
		interrupted = signal;
		// A connection attempt (a silent host, a stalled TLS handshake) is stopped at once too: the exit does not wait for its timeout.
		const connection = current?.getSnapshot().connection;
		const line = `interrupted (${signalName(signal)}): ${connection === 'connecting' ? 'the connection attempt is stopped' : 'the connection is dropped without QUIT'}`;
		const cause = signal === 'SIGHUP' ? 'hangup' : 'user';
		// Connected: the driver logs the drop and records it, so that the recording replays as this stop, not as a
		// connection the server closed ("not sent" for a message that may have gone).
		if (connection === 'connected') return current!.destroy(cause, line);
		current?.info(line);
		current?.destroy(cause);
	};
	for (const signal of INTERRUPTS) {
		process.once(signal, interrupt);
		process.off(signal, onInterrupt);
	}
	// From a public address, what receivers' SPF says of it, for the envelope sender's domain (the HELO name's for <>).
	// Not where receivers see another address than this end's: submission (a login, ports 465 and 587), whose server
	// relays the mail, or a SOCKS proxy's; nor for LMTP, which delivers to a mailbox, past any SPF check.
	const spfMs = Math.min(SPF_CHECK_MS, settings.timeoutSeconds * 1000);
	const spf = relayed(settings) ? undefined : new SendSpfCheck(message.from, spfDns(settings.dns, spfMs), spfMs);
	const dane = settings.dane && hosts.length > 0 ? await daneRoute(settings, mxOf, note) : undefined;
	/** --dane: each host tried, for the --json result. */
	const daneResults: DaneHostResult[] = [];
	for (const host of hosts) {
		if (interrupted) break;
		const decision = dane && (await daneOf(host, settings.port, dane, note));
		if (decision) daneResults.push(decision.result);
		hostTls = decision && decision.kind !== 'opportunistic' ? 'starttls' : security;
		if (interrupted) break;
		if (decision?.kind === 'passed-over') {
			result = {ok: false, stage: 'tls', message: decision.text, recipients: []};
			continue;
		}
		const required = decision?.kind === 'required';
		// Only unusable records authenticate nothing: a policy in enforce mode still has the CAs verify the certificate (the stricter of the two).
		const daneTrust = required && (decision.trust.records.length > 0 || !enforced) ? decision.trust : undefined;
		if (required && !daneTrust) note({kind: 'info', text: `MTA-STS enforce: ${host}'s certificate is verified by the CAs all the same, as DANE authenticates nothing with only unusable records`});
		const driver = new SmtpDriver({
			host,
			port: settings.port,
			// DANE takes precedence over MTA-STS (RFC 8461 §2): STARTTLS, and the TLSA records instead of the CAs.
			tls: hostTls,
			...(daneTrust && {dane: daneTrust}),
			// RFC 7672 §8.1: the SNI is the TLSA base, an alias's target when its records were found there.
			...(decision?.kind === 'required' && decision.servername !== undefined && {servername: decision.servername}),
			...(settings.ca !== undefined && {ca: settings.ca}),
			insecure: settings.insecure,
			...(settings.clientCertificate && {clientCertificate: settings.clientCertificate}),
			...(withheldCertificate(filled) !== undefined && {withheldCertificate: withheldCertificate(filled)}),
			...(settings.tlsVersions && {tlsVersions: settings.tlsVersions}),
			...routeOf(settings),
			...(chosen && {lookup: chosen.lookup}),
			...(settings.proxy && {proxy: settings.proxy}),
			...(settings.socks && {socks: settings.socks}),
			...(settings.ehloName !== undefined && {ehloName: settings.ehloName}),
			...(settings.lmtp && {lmtp: true}),
			// EXTERNAL logs in with the client certificate: no user is needed (it names whom to act as, if given).
			...((settings.user !== undefined || settings.mechanism === 'EXTERNAL') && {auth: {user: settings.user ?? '', password: settings.password ?? '', ...(settings.mechanism && {mechanism: settings.mechanism})}}),
			...(settings.allowPlaintextAuth && {allowPlaintextAuth: true}),
			...(settings.pipeline && {pipeline: true}),
			...settings.delivery,
			...(settings.xclient && {xclient: settings.xclient}),
			...(settings.bdat && {bdat: settings.bdat}),
			timeouts: timeoutsFromSeconds(settings.timeoutSeconds),
			onWire,
		});
		current = driver;
		used = host;
		firstBytes = undefined;
		printer.reset();
		const unsubscribe = driver.subscribe(() => {
			printer.flush(driver);
			spf?.watch(driver);
		});
		result = await driver.run(message, {...(settings.quitAfter && {quitAfter: settings.quitAfter}), beforeCommand: oversizeWarning(driver, settings, composed.estimatedSize)});
		if (result.ok) await driver.quit();
		unsubscribe();
		printer.flush(driver);
		entries.push(...driver.log.entries);
		if (result.ok && driver.state?.failure?.stage === 'quit') {
			// The message went before QUIT was refused: its reply stays in the result, so that nobody sends it again.
			queuedBeforeQuit = settings.quitAfter === undefined ? result.reply : undefined;
			const {message, reply} = driver.state.failure;
			result = {ok: false, stage: 'quit', message, recipients: result.recipients, ...(reply && {reply})};
		}
		if (required) Object.assign(daneResults.at(-1)!, daneOutcome(driver, result));
		if (result.ok || interrupted) break;
		if (result.stage === 'tls' && required && host !== hosts.at(-1)) {
			note({kind: 'info', text: `DANE: no ${decision.trust.records.length > 0 ? 'authenticated ' : ''}TLS with ${host}: the next MX host is tried, as DANE senders do (they defer mail to it)`});
			continue;
		}
		if (result.stage === 'tls' && enforced && host !== hosts.at(-1)) {
			note({kind: 'info', text: `MTA-STS enforce: no valid TLS with ${host}: the next MX host is tried, as senders that honour MTA-STS do`});
			continue;
		}
		if (result.stage !== 'connect') break;
	}

	for (const signal of INTERRUPTS) process.off(signal, interrupt);
	const spfFound = interrupted ? undefined : await spf?.finish(text => note({kind: 'info', text}));

	const refused = result?.recipients.filter(r => r.accepted === false) ?? [];
	let code = result?.ok ? 0 : exitCodeFor(result?.stage);
	if (result?.ok && refused.length > 0 && !settings.allowPartial) code = exitCodeFor('rcpt');
	// Interrupted after the final dot was answered: the message is queued, and the exit code says so.
	if (interrupted && !result?.ok) code = signalExitCode(interrupted);

	// The whole message went (its final dot too) but no reply came: it may have been queued. Sending it again
	// could deliver it twice, so the summary says so rather than "not sent".
	const unanswered = result !== undefined && current !== undefined && deliveryUncertain({steps: current.getSnapshot().steps, result});
	// Refused for good apart from deferred (a 450's greylisting): they call for different things.
	const refusedList = refusedRecipients(refused);
	const summary = (() => {
		if (result?.ok && settings.quitAfter !== undefined) {
			const recipients = settings.quitAfter === 'rcpt' ? (refused.length > 0 ? `; ${refusedList}` : '; every recipient was accepted') : '';
			// "Stopped after TLS" with no TLS would tell a CI check that TLS works: say there was none.
			// LMTP's greeting is LHLO: the step is named as it went.
			const greeting = (step: string) => (settings.lmtp ? step.replace('EHLO', 'LHLO') : step);
			if (settings.quitAfter === 'tls' && !current?.getSnapshot().secure) {
				return `stopped after ${greeting('EHLO')} (--quit-after tls): nothing was sent, and there was NO TLS step: STARTTLS was not offered or was refused (--starttls makes that a failure, exit 29)`;
			}
			return `stopped after ${greeting(settings.quitAfter.toUpperCase())} (--quit-after): nothing was sent${recipients}`;
		}
		if (result?.ok && refused.length === 0) return result.message;
		if (result?.ok) return `${refused.some(r => r.rcptReply) ? 'delivered to some recipients only (LMTP: each has its own reply after the message)' : 'sent to the accepted recipients only'}; ${refusedList}${overLimitNote(refused)}${settings.allowPartial ? '' : ' (exit 24; --allow-partial to accept this)'}`;
		if (interrupted) return `interrupted (${signalName(interrupted)}): ${unanswered ? maybeDelivered(result) : 'the message was not sent'}`;
		// Refused here for its size, before MAIL: how to see what the server itself does with it.
		const oversize = result?.kind === 'over-size-limit' ? '; --ignore-size sends it anyway, to see the server refuse it' : '';
		const more = `${unanswered ? `; ${maybeDelivered(result)}` : deliveredBefore(result?.recipients ?? [])}${socksHint(settings.socks, result, firstBytes)}${settings.tls === 'tls' ? '' : implicitTlsHint(result, firstBytes)}${proxyHint(settings.proxy, result, firstBytes, current?.proxyRefused, settings.tls === 'tls')}${queuedBeforeQuit ? queuedBefore(queuedBeforeQuit, refusedList, settings.lmtp) : ''}${oversize}${tlsDeclined(settings, result)}${result?.stage === 'tls' ? sandboxTrustHint(current?.getSnapshot().refusedCertificate) : ''}${hostTls === 'auto' && !settings.delivery.requireTls && result?.stage === 'tls' && offersPlainText(result.kind) && settings.user === undefined ? WITHOUT_TLS : ''}${passwordWithoutUser(result?.kind, settings.user, io.env)}`;
		// A message may end its own sentence: no full stop before what follows it.
		const message = result?.message ?? 'no result';
		return `failed (${result?.stage ?? 'unknown'}): ${more ? message.replace(/\.$/, '') : message}${more}`;
	})();
	// Sent to some recipients only (exit 24): the stage is rcpt, as for a refused transaction. A signal says so
	// whatever step it cut short.
	const stage = result?.ok ? (refused.length > 0 && code !== 0 ? 'rcpt' : undefined) : interrupted ? INTERRUPTED_STAGE : result?.stage;
	// Every envelope recipient is listed: one never asked for (after a 421, a dropped connection) as null, null.
	const tried = result?.recipients ?? [];
	const untried = envelopeTo.filter(address => !tried.some(r => r.address.toLowerCase() === address.toLowerCase())).map(address => ({address}));
	// The certificate of the last attempt's TLS handshake (the one the result is about), if it showed one.
	const certificate = current && certificateOf(current.getSnapshot());
	// How the last attempt was protected: a script that keeps only this line sees a session that went in clear.
	const tls = tlsUseOf(current?.getSnapshot().secure ?? false, hostTls);
	const outcome = {...resultObject(code, stage, summary, [...tried, ...untried], {
		queued: result?.ok ? result.reply : queuedBeforeQuit,
		failedReply: result && failingReply(result, current?.state?.transaction),
		// A 421 that turned the PROXY header away comes again on every try: no retry helps.
		...(current?.proxyRefused && {failedReplyFinal: true}),
		messageId: composed.messageId,
		tls,
		insecure: settings.insecure,
		certificate,
		clientCertificate: settings.clientCertificate,
		endpoints: current?.getSnapshot().endpoints,
		socks: current?.getSnapshot().target.socks,
		dkim: dkimResult,
	}), ...(spfFound && {spf: spfFound}), ...(settings.dane && {dane: daneResults})};
	const errors = entries.filter(entry => entry.kind === 'error').map(entry => entry.text);
	const shown = result?.ok ? summary : underCertificateError(summary, current?.getSnapshot().refusedCertificate, errors);
	if (settings.transcript !== undefined || settings.transcriptOnStdout) {
		const meta = {host: used ?? hosts[0] ?? settings.host ?? '(MX lookup)', port: settings.port, date: new Date(), ...(settings.lmtp && {lmtp: true})};
		const content = formatTranscript(entries, settings.transcriptFormat, meta, {summary: shown, exitCode: code, result: outcome});
		// A full disk, say: the session is over and its result still stands (the message may be queued), so the
		// result follows as always and the exit code stays the session's.
		// On standard output (--transcript -), a write that fails is said once by the output's own guard (writable.ts).
		const failed = settings.transcript === undefined ? io.stdout.write(content) : writeTranscriptFile(settings.transcript, content);
		if (typeof failed === 'string') io.stderr.write(`smtp-tui: ${failed}\n`);
	}
	// --json --quiet: only this line, the one a script reads.
	if (settings.json) io.stdout.write(`${safeJson(outcome)}\n`);
	else printer.summary(summary, code === 0, shown);
	return code;
};
