// Presenter mode's "what happens now or next" line under the step rail: the proposed line, the engine's note for
// the current step, or, after a failure that the same Ctrl+S would repeat, what to change first.
import {deliveryUncertain, unsentRecipients} from '../../session/outcome.js';
import type {ReplayProgress} from '../../session/replay.js';
import type {SessionSnapshot} from '../../session/types.js';
import {greetsAsSandbox} from '../../sandbox/banner.js';
import {recipeFor} from '../../sandbox/recipes.js';
import {refusedTooBig} from '../../smtp/codes.js';
import {countOf, groupDigits} from '../../smtp/digits.js';
import type {FailureCause, FailureKind} from '../../smtp/failure.js';
import {clientRefusalOf, greylisted, overLimitRecipients, refusesClient, refusesRelay} from '../../smtp/refusal-texts.js';
import type {Reply, TlsPolicy} from '../../smtp/types.js';
import {helloVerb, stepNote, TRANSITIONS} from '../../smtp/transitions.js';
import {narrowingFlags, rangeFlags, versionsListed, type TlsVersionRange} from '../../transport/tls-versions.js';
import {keyFor, type Mode} from '../keys/bindings.js';
import {MARK} from '../theme.js';
import {trustNext} from '../trust-advice.js';
import {wholeStepRows} from './command-hint.js';
import {printable} from './display-text.js';
import {type UnusedStepsTarget, unusedSteps} from './step-rail.js';
import {formValue, type FormState} from './form-state.js';
import {textValue, type TextEditorState} from './text-editor-state.js';

/** The certificate is set at start (--cert, --key), not in the panel: what helps is another start, or another server. */
function clientCertificateNext(cause: FailureCause | undefined): string {
	if (cause === 'certificate-withheld') return 'next: the server wants a client certificate: start smtp-tui again without --no-cert, to offer the profile\'s';
	if (cause === 'certificate-refused') return 'next: the server refused the client certificate (the log says why); start smtp-tui again with one it takes (--cert, --key)';
	return 'next: the server wants a client certificate: start smtp-tui with --cert FILE (and --key FILE), or use another port or server';
}

/**
 * The flags that left out what the server speaks (its protocol_version alert: `cause` no-common-version), or most
 * likely did (it broke off the handshake otherwise), and which way to move them.
 */
function versionsRemedy(range: TlsVersionRange | undefined, cause: FailureCause | undefined): string {
	const wider = narrowingFlags(range).map(flag => `a ${flag === '--tls-min' ? 'lower' : 'higher'} ${flag}`);
	const what = cause === 'no-common-version'
		? `the server offers none of ${versionsListed(range)}, all that ${rangeFlags(range)} allows`
		: `the server most likely refused ${versionsListed(range)}, all that ${rangeFlags(range)} allows`;
	return `${what}: start smtp-tui again with ${wider.join(' and ')} (or without)`;
}

/**
 * A replayed failure that the live run's advice is about, rather than only what Ctrl+S plays (a replay sets no run
 * result: the failure is the driver's): a handshake that the recorded --tls-min/--tls-max broke (the recording
 * keeps both the flags and that they were the cause), or a client certificate refused or demanded.
 */
function replayedFailure({replay, snapshot}: NextStepProps): {kind: FailureKind; cause?: FailureCause} | undefined {
	if (!replay || snapshot.busy) return undefined;
	const kind = snapshot.failureKind;
	const versions = kind === 'tls-versions' && narrowingFlags(snapshot.target.tlsVersions).length > 0;
	if (!versions && kind !== 'client-certificate') return undefined;
	return {kind, ...(snapshot.failureCause && {cause: snapshot.failureCause})};
}

/**
 * `replayProgress`: the last play of the recording, which says what the next Ctrl+S plays. `stepEdit`: the
 * proposed line as being edited at the step prompt, which is what Enter sends. `composer`: where a refused
 * recipient is to be fixed (To, Cc or Bcc).
 */
type NextStepProps = {snapshot: SessionSnapshot; mode: Mode; replay?: boolean; replayProgress?: ReplayProgress; stepEdit?: TextEditorState; composer?: FormState};

/** The line on at most two rows (a remedy cut mid-word, "in the con…", is no remedy; the panels need the rest). */
export function nextStepRows(props: NextStepProps, width: number): string[] {
	return wholeStepRows(printable(nextLine(props)), width);
}

/**
 * Silence where a greeting should be: a port that speaks TLS from the first byte waits for our ClientHello, or a
 * server that greets late on purpose (a tarpit) needs a longer wait. Both are said, as `send` says them. Short
 * enough for two rows at 80 columns.
 */
export function silentGreetingHint(kind: FailureKind | undefined, security: TlsPolicy): string | undefined {
	if (kind !== 'greeting-silent') return undefined;
	const later = 'a server that greets late (a tarpit)? start again with a longer --timeout';
	return security === 'tls' ? `no greeting in time: ${later}` : `no greeting: a TLS-only port (465)? choose TLS in the connection panel; ${later}`;
}

/**
 * A STARTTLS whose handshake failed (not a refused certificate, which has advice of its own): going on without TLS
 * is also a way, as `send` says with --no-starttls. Implicit TLS has no such way.
 */
export function starttlsFailedHint(kind: FailureKind | undefined, security: TlsPolicy): string | undefined {
	if (kind !== 'tls-handshake' || security === 'tls' || security === 'none') return undefined;
	return `the STARTTLS handshake failed (see the log); security none in the connection panel sends without TLS instead, then ${keyFor('session.send')}`;
}

/** A server that demands TLS and offers no STARTTLS: stripped on the way, or set up wrong; implicit TLS may work. */
const TLS_NOT_OFFERED = 'next: the server wants TLS but offers no STARTTLS (stripped on the way, or set up wrong): try security TLS on port 465, or ask its admin';

// Two whole rows at 80 columns.
const GREETING_HELD = "now: the greeting began, its last line held back: a pause to catch clients that talk first (Postfix's postscreen, 6 s) or a deliberate delay; wait for it";

/**
 * After a 421 past the greeting: the server closed its whole service (RFC 5321 §3.8), whatever command it answered,
 * and no recipient or sender is to blame; one that names this client's IP address turns it away. `place`: the
 * next-step line, or the footer (see sessionClosedWords).
 */
function serverClosed(reply: Reply | undefined, place: LinePlace): string | undefined {
	if (reply?.code !== 421) return undefined;
	if (refusesClient(reply)) return "next: the server turns this IP address away and closed the session (see the log): send through your provider's submission server (587 or 465)";
	return `next: ${sessionClosedWords(reply, place)}, not for a recipient or the sender: ${keyFor('session.send')} tries again later`;
}

/**
 * After a login that cannot succeed as set: what to change first. Sending again as it is would fail the same way.
 * `security`: the policy asked for; STARTTLS demanded under any other than none means it failed here.
 */
function authRemedy(kind: FailureKind | undefined, cause: FailureCause | undefined, security: TlsPolicy): string | undefined {
	const send = keyFor('session.send');
	switch (kind) {
		// A refused login is refused again with the same user and password: the panel is where they change.
		case 'login-refused':
			if (cause === 'app-password') return `next: the account wants an app password, not its normal one (see the log): put one in Password, then ${send}`;
			if (cause === 'mechanism-picked') return `next: the login was refused (see the log); if the password is right, the server may not check the mechanism chosen: ${keyFor('app.quit')} quits, then start again with --auth PLAIN`;
			return `next: the login was refused (see the log); fix User or Password in the connection panel, then ${send}`;
		// Microsoft 365 gives these one code (535 5.7.139); what is left to try differs.
		case 'login-disabled':
			if (cause === 'basic-auth-off') return `next: password logins (basic auth) are off here, whatever the password (see the log): ${keyFor('app.quit')} quits, then start again with --auth XOAUTH2`;
			if (cause === 'sign-in-policy') return "next: the server's sign-in policy refused this login, whatever the password (see the log): ask its administrator";
			return 'next: logins are turned off for this account, whatever the password (see the log): an administrator must allow SMTP AUTH';
		case 'login-temporary':
			return `next: the server refused the login for now (see the log); ${send} tries again later`;
		// RFC 4954 §6's 432 and 534: the mechanism is what changes, and only a flag at start chooses it.
		case 'login-transition':
			return `next: a password transition: log in once with PLAIN inside TLS; ${keyFor('app.quit')} quits, then start again with --auth PLAIN`;
		case 'login-transition-failed':
			return "next: a password transition, though this login was PLAIN inside TLS already (see the log): ask the server's administrator";
		case 'login-mechanism-weak':
			return `next: the server finds the login mechanism too weak, not the password (see the log); ${keyFor('app.quit')} quits, then start again with another --auth`;
		// Security none against a server that offers STARTTLS: AUTH usually comes only inside it.
		case 'login-needs-starttls':
			return security === 'none'
				? `next: the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then ${send}`
				: `next: the login needs TLS and STARTTLS failed here (see the log); ${send} tries again later`;
		case 'tls-not-offered':
			return TLS_NOT_OFFERED;
		case 'login-in-clear':
			return 'next: the login needs TLS: choose security STARTTLS or TLS in the connection panel, or start again with --allow-plaintext-auth';
		case 'login-after-failed-starttls':
			return `next: STARTTLS failed (see the log): ${send} tries again later; only --allow-plaintext-auth (at start) logs in without it`;
		case 'login-mechanism':
			return `next: the server does not offer the --auth mechanism; ${keyFor('app.quit')} quits, then start again with another --auth (or none)`;
		case 'login-impossible':
			return `next: no login is possible here (see the log); clear User in the connection panel to send without one, then ${send}`;
		default:
			return undefined;
	}
}

/**
 * After a greeting that refused service, which the same Ctrl+S meets again: RFC 7504's 521 is a host that takes no
 * mail from anyone; another 5xx turns this client away (a block list, most often); a 4xx, for now.
 */
function refusedGreeting(snapshot: SessionSnapshot): string | undefined {
	const code = snapshot.steps.find(state => state.step === 'greeting')?.code;
	if (code === undefined || code < 400) return undefined;
	if (code === 521) return 'next: this host accepts no mail at all, from anyone (521): send to another one; the MX records of the domain name where its mail goes';
	if (code >= 500) return "next: the server refuses service to this client (see the log), and will again: use another server, or your provider's submission server (587 or 465)";
	return `next: the server turns sessions away for now (see the log); ${keyFor('session.send')} tries again later`;
}

/**
 * After a MAIL refused for what it carries, not its sender: the size, or the parameters (for now, or for good). The
 * message itself refused for its size (at its end, or while it still went) needs the same: a smaller one.
 */
function mailRemedy(snapshot: SessionSnapshot, composer: FormState | undefined): string | undefined {
	const failure = snapshot.result;
	const tooBig = failure?.kind === 'mail-too-big' || (failure?.ok === false && failure.stage === 'final-dot' && failure.reply !== undefined && refusedTooBig(failure.reply));
	// The sandbox's big@ refuses every message it is among the recipients of, whatever its size: a smaller one meets
	// the same 552.
	const big = tooBig && recipeNamed(failure?.reply) === 'big@ recipe' ? snapshot.recipients.filter(recipient => recipeFor(recipient.address) === 'big') : [];
	if (big.length > 0) return `next: fix ${recipientFields(composer, big)} (big@ refuses every message, whatever its size), then ${keyFor('session.send')}`;
	if (tooBig) return `next: the message is too big for this server (see the log): make it smaller (fewer or smaller attachments), then ${keyFor('session.send')}`;
	if (failure?.kind === 'mail-deferred') return `next: the server did not take MAIL for now, not for the sender (see the log); ${keyFor('session.send')} tries again later`;
	if (failure?.kind !== 'mail-parameters') return undefined;
	const why = "next: the server refused MAIL FROM's parameters, not the sender (see the log)";
	const code = snapshot.steps.find(state => state.step === 'mail')?.code ?? 500;
	return code < 500 ? `${why}; ${keyFor('session.send')} tries again later` : `${why}: sending again fails the same way; ask its admin`;
}

/**
 * What the next Ctrl+S of a replay plays, as the log's end note says it: "again" only once the last connection
 * played (the recording starts over), never between connections of one recording.
 */
function nextPlay(progress: ReplayProgress | undefined): string {
	if (!progress) return 'plays the recording';
	const several = progress.connections > 1;
	if (progress.outcome === 'stopped') return several ? `plays connection ${progress.next} of ${progress.connections} again from its start` : 'plays the recording again from its start';
	if (progress.next > progress.connection) return `plays connection ${progress.next} of ${progress.connections}`;
	return 'plays the recording again';
}

/** Recipients as a line short of room names them: the mailbox and its @ ("nobody@"). */
const shortNames = (recipients: ReadonlyArray<{address: string}>) => recipients.map(recipient => recipient.address.replace(/@[^@]*$/, '@')).join(', ');

/**
 * The recipients a queued message did not reach, told apart as the footer tells them: "nobody@ was refused, grey@
 * deferred (try again later)" (a 4xx a wait helps, such as greylisting's 450). Undefined when it reached them all.
 */
function unsentWords(recipients: SessionSnapshot['recipients']): string | undefined {
	const {refused: forGood, deferred} = unsentRecipients(recipients);
	if (forGood.length + deferred.length === 0) return undefined;
	return [
		forGood.length > 0 && `${shortNames(forGood)} ${forGood.length === 1 ? 'was' : 'were'} refused`,
		deferred.length > 0 && `${shortNames(deferred)} ${forGood.length > 0 ? '' : `${deferred.length === 1 ? 'was' : 'were'} `}deferred (try again later)`,
	]
		.filter(Boolean)
		.join(', ');
}

/** The RCPT step once recipients have answers: the engine's note ("sender accepted") is one step behind by then. */
function recipientsNote(recipients: SessionSnapshot['recipients']): string {
	const accepted = recipients.filter(recipient => recipient.accepted === true).length;
	const refused = recipients.filter(recipient => recipient.accepted === false).length;
	if (accepted > 0) return `${accepted === 1 ? 'recipient' : countOf(accepted, 'recipient')} accepted${refused > 0 ? ` (${groupDigits(refused)} refused)` : ''}: RCPT TO for another, or DATA to send the message`;
	if (refused > 0) return `${refused === 1 ? 'recipient' : countOf(refused, 'recipient')} refused: RCPT TO another (DATA needs one accepted), or RSET`;
	return TRANSITIONS.rcpt.note;
}

const RECIPIENT_FIELDS = ['to', 'cc', 'bcc'];

/**
 * What to change after a refusal at RCPT: `line`, the next-step line, which names whom it is about; `todo`, what to
 * do alone, for the footer, which has named them already ("✖ Not sent: nobody@example.test refused (550). Fix To,
 * then Ctrl+S").
 */
type RecipientRemedy = {line: string; todo: string; said?: string};

/**
 * Every recipient refused for what Postfix checks at RCPT (smtpd_delay_reject): the EHLO name, the sender, this
 * client's IP address. The recipients are fine, and "fix To" would send the user after the wrong field.
 */
function notTheRecipients(snapshot: SessionSnapshot, refused: SessionSnapshot['recipients']): RecipientRemedy | undefined {
	if (refused.length === 0 || refused.length < snapshot.recipients.length) return undefined;
	const send = keyFor('session.send');
	const said = (what: string, todo: string) => ({line: `next: ${what}, not the recipient (see the log): ${todo}`, todo: `${what}, not the recipient: ${todo}`});
	const {kind} = snapshot.result ?? {};
	const hello = helloVerb(snapshot.target.lmtp);
	if (kind === 'helo-refused') return said(`the server refused our ${hello} name`, `change the ${hello} name in the connection panel to a full one (mail.example.com), then ${send}`);
	if (kind === 'sender-refused') return said('the server refused the sender', `fix From, then ${send}`);
	const kinds = refused.map(recipient => clientRefusalOf(recipient.reply!));
	if (!kinds.every(Boolean)) return undefined;
	// Postfix's submission port (smtpd_client_restrictions = permit_sasl_authenticated, reject) refuses every client
	// that has not logged in, as "Client host rejected: Access denied": where it offers AUTH, the login is the cure.
	if (kinds.every(refusal => refusal === 'client') && !snapshot.authenticated && (snapshot.extensions?.auth.length ?? 0) > 0) {
		return said('the server refuses clients that have not logged in', `fill User and Password in the connection panel (it offers AUTH), ${panelThen(snapshot)}`);
	}
	return said('the server refuses this IP address', "send through your provider's submission server (587 or 465)");
}

/**
 * After a relay refusal, the login that could lift it: a User and Password where the server offers AUTH (or before
 * its EHLO reply is known); where it offers none in clear but does offer STARTTLS, TLS first (Postfix's
 * smtpd_tls_auth_only offers AUTH inside TLS only); where it offers none at all, no login can help.
 */
function relayLogin(snapshot: Pick<SessionSnapshot, 'extensions' | 'secure' | 'connection'>): string {
	const {extensions} = snapshot;
	const other = 'or send only to its own domains';
	const login = !extensions || extensions.auth.length > 0;
	const tlsFirst = !login && !snapshot.secure && extensions.starttls;
	if (!login && !tlsFirst) return `it offers no login (no AUTH in its EHLO reply): use a server that relays for you, ${other}, then ${keyFor('session.send')}`;
	const change = login ? 'fill User and Password in the connection panel' : 'choose security auto or STARTTLS in the connection panel (it may offer a login inside TLS only)';
	return snapshot.connection === 'connected' ? `${change}, ${panelThen(snapshot)}, ${other}` : `${change}, ${other}, then ${keyFor('session.send')}`;
}

/**
 * What follows a change in the connection panel: its settings wait for the next connection (the log says so at the
 * next Ctrl+S, which goes over the open one, without the login), so while one is open, Ctrl+X first.
 */
function panelThen(snapshot: Pick<SessionSnapshot, 'connection'>): string {
	const send = keyFor('session.send');
	return snapshot.connection === 'connected' ? `then ${keyFor('session.disconnect')} and ${send} (it applies to a new connection)` : `then ${send}`;
}

/**
 * After a refusal at RCPT that the same Ctrl+S would meet again, what to change first: a recipient refused for good
 * (5xx), one whose RCPT got a 421 (the sandbox's bye@ always does), or, at the sandbox, drop@, whose RCPT the
 * connection closes on (stage "closed": no reply came); or, all of them greylisted (a 450), how long to wait
 * before the same Ctrl+S. Named by local part, to fit 80 columns.
 */
function recipientRemedy(snapshot: SessionSnapshot, composer: FormState | undefined): RecipientRemedy | undefined {
	if (snapshot.busy || snapshot.result?.ok !== false) return undefined;
	const {stage} = snapshot.result;
	const send = keyFor('session.send');
	const refused = (test: (code: number) => boolean) => snapshot.recipients.filter(recipient => recipient.accepted === false && recipient.reply && test(recipient.reply.code));
	const forGood = refused(code => code >= 500);
	// The sandbox's bye@ answers its RCPT 421 on purpose; a real server's 421 closes its service to any recipient. A
	// room's `serve`, aimed at with --host, is known by its greeting.
	const sandbox = snapshot.target.sandbox || greetsAsSandbox(snapshot.greeting);
	const hangUp = refused(code => code === 421).filter(recipient => sandbox && recipeFor(recipient.address) === 'bye');
	const dropped = sandbox && stage === 'closed' ? snapshot.recipients.filter(recipient => !recipient.reply && recipeFor(recipient.address) === 'drop') : [];
	if (stage !== 'rcpt' && dropped.length === 0) return undefined;
	// A 421 closed the session as well: its own line (below) says so.
	const elsewhere = notTheRecipients(snapshot, refused(code => code >= 400 && code !== 421));
	if (elsewhere) return elsewhere;
	if (forGood.length === 0 && hangUp.length === 0 && dropped.length === 0) return deferredRemedy(snapshot.recipients);
	// Refused because the server does not relay for this client (Postfix's "Relay access denied", Haraka's "I cannot
	// deliver mail for"): the address may be right, and a login is what lets it through.
	if (!snapshot.authenticated && hangUp.length === 0 && dropped.length === 0 && forGood.every(recipient => refusesRelay(recipient.reply!))) {
		const todo = relayLogin(snapshot);
		return {line: `next: the server does not relay for you (see the log): ${todo}`, todo: `the server does not relay for you: ${todo}`};
	}
	const why = [
		forGood.length > 0 && `${shortNames(forGood)} ${forGood.length === 1 ? 'is' : 'are'} refused for good`,
		hangUp.length > 0 && `${shortNames(hangUp)} ${hangUp.length === 1 ? 'ends' : 'end'} the session`,
		dropped.length > 0 && `${shortNames(dropped)} closes the connection`,
	]
		.filter(Boolean)
		.join(', ');
	const where = recipientFields(composer, [...forGood, ...hangUp, ...dropped]);
	// The footer names no recipient where the session ended at RCPT (421, or no reply): it says what happened here.
	const said = hangUp.length + dropped.length > 0 ? [
		forGood.length > 0 && `${shortNames(forGood)} ${forGood.length === 1 ? 'is' : 'are'} refused for good`,
		hangUp.length > 0 && sessionClosedWords(hangUp[0]!.reply!, 'footer'),
		dropped.length > 0 && `the connection dropped while waiting for RCPT's reply (${shortNames(dropped)} recipe)`,
	]
		.filter(Boolean)
		.join('; ') : undefined;
	return {line: `next: fix ${where} (${why}), then ${send}`, todo: `fix ${where}, then ${send}`, ...(said && {said})};
}

/** The composer's fields that hold these recipients ("To", "To/Cc"); once edited away, the recipients in general. */
function recipientFields(composer: FormState | undefined, recipients: ReadonlyArray<{address: string}>): string {
	const addresses = recipients.map(recipient => recipient.address.toLowerCase());
	const fields = (composer?.fields ?? []).filter(field => RECIPIENT_FIELDS.includes(field.id) && addresses.some(address => formValue(composer!, field.id).toLowerCase().includes(address)));
	return fields.length > 0 ? fields.map(field => field.label).join('/') : 'the recipients';
}

/** The sandbox recipe a reply names at its end ("… closing the connection (bye@ recipe)"): "bye@ recipe". */
const recipeNamed = (reply: Pick<Reply, 'lines'> | undefined) => /\(([^()]+ recipe)\)$/.exec(reply?.lines.join(' ') ?? '')?.[1];

/** Where a line of advice goes: the next-step line, or the footer, whose head shows the reply's code ("✖ Not sent (RCPT 421)"). */
type LinePlace = 'next-step' | 'footer';

/**
 * A 421 that ended the session, one sentence for every place that says it: the exit summary and the next-step line
 * "the server closed the session (421, bye@ recipe)", the footer "… (bye@ recipe)", as its head shows the code
 * already. Where the reply names no recipe, the exit summary quotes it (its line has the room: "(421 4.7.0 too many
 * connections)"); the others say "(421, see the log)" and "(see the log)", which leaves room for their advice.
 */
export function sessionClosedWords(reply: Pick<Reply, 'code' | 'lines' | 'raw'>, place: LinePlace | 'summary'): string {
	const recipe = recipeNamed(reply);
	const why = recipe === undefined && place === 'summary' ? reply.raw.join(' ') : [...(place === 'footer' ? [] : [reply.code]), recipe ?? 'see the log'].join(', ');
	return `the server closed the session (${why})`;
}

/**
 * Every recipient greylisted (a 450 that turns a first try away on purpose): the same Ctrl+S is the fix, after the
 * wait the reply names ("try again in 5 s"), or later. Undefined when any was refused otherwise: another 4xx (a full
 * mailbox's 452, a real server's 421) keeps its own line.
 */
function deferredRemedy(recipients: SessionSnapshot['recipients']): RecipientRemedy | undefined {
	const unsent = recipients.filter(recipient => recipient.accepted === false);
	const greylists = unsent.map(recipient => recipient.reply && greylisted(recipient.reply));
	if (unsent.length === 0 || !greylists.every(Boolean)) return undefined;
	const send = keyFor('session.send');
	const wait = greylists.map(found => found?.wait).find(named => named !== undefined);
	const todo = wait ? `wait ${wait}, then ${send}` : `${send} tries again later`;
	const codes = [...new Set(unsent.map(recipient => recipient.reply!.code))].join(', ');
	return {line: `next: ${shortNames(unsent)} ${unsent.length === 1 ? 'was' : 'were'} greylisted (${codes}): ${todo}`, todo};
}

/**
 * What Ctrl+S does after a stop with the connection open: goes on from where it stopped, or, once MAIL went, starts
 * the message's transaction again (RSET, then MAIL), which "goes on" would not make a presenter expect.
 */
export function afterStop(snapshot: Pick<SessionSnapshot, 'steps'>, mode?: Mode): string {
	// Switched to manual mode at the prompt: typed lines go on, and Ctrl+S there asks first (its own question says what).
	if (mode === 'manual') return 'what you type goes over this connection';
	const begun = snapshot.steps.some(step => step.step === 'mail' && step.status === 'done');
	return begun ? `${keyFor('session.send')} starts the message again over this connection (RSET, then MAIL)` : `${keyFor('session.send')} goes on over this connection`;
}

/**
 * A mode chosen on a connection left open (auto mode's Ctrl+S keeps it, manual mode's typed lines opened it): each
 * goes on from where it is, so the greeting, EHLO, STARTTLS and AUTH a student came to see do not come again. Said
 * with the way to see them, or undefined with no connection open and idle. Auto mode names the commands its Ctrl+S
 * sends first (`ahead`, as the planner would send them: RSET where a typed MAIL left a transaction open).
 */
export function stillConnectedNote(
	mode: Mode,
	snapshot: Pick<SessionSnapshot, 'connection' | 'busy' | 'proposed' | 'steps'> & {target?: UnusedStepsTarget & Pick<SessionSnapshot['target'], 'lmtp'>; extensions?: SessionSnapshot['extensions']},
	ahead: () => readonly string[] = () => [],
): string | undefined {
	if (snapshot.connection !== 'connected' || snapshot.busy || snapshot.proposed) return undefined;
	const greeted = snapshot.steps.some(step => step.step === 'ehlo' && step.status === 'done');
	const close = keyFor('session.disconnect');
	if (mode === 'auto') {
		const commands = ahead();
		return `still connected: ${keyFor('session.send')} sends the composer's message over this connection${commands.length > 0 ? ` (${commands.join(', ')})` : ''}; ${close} closes it, then ${keyFor('session.send')} sends from the greeting`;
	}
	// Stopped before STARTTLS or AUTH, step mode offers that next, as the rail's caption says: never "from MAIL".
	const from = (snapshot.target && stepBeforeMail({...snapshot, target: snapshot.target})) ?? 'mail';
	if (mode === 'step') return `still connected: step mode goes on ${greeted ? `from ${from.toUpperCase()}` : 'over this connection'}; ${close} closes it, then ${keyFor('session.send')} steps from the greeting`;
	return `still connected: what you type goes over this connection${greeted ? ` (${helloVerb(snapshot.target?.lmtp)} done)` : ''}; ${close} closes it, then the first line typed connects again`;
}

/** STARTTLS or AUTH, where still to do before MAIL (pending, and neither turned off nor left out by the server). */
function stepBeforeMail(snapshot: Pick<SessionSnapshot, 'steps' | 'extensions'> & {target: UnusedStepsTarget}): 'starttls' | 'auth' | undefined {
	const unused = unusedSteps(snapshot.target, [], snapshot.extensions);
	const next = snapshot.steps.find(state => (state.step === 'starttls' || state.step === 'auth') && state.status === 'pending' && !unused.includes(state.step));
	return next?.step === 'starttls' || next?.step === 'auth' ? next.step : undefined;
}

/**
 * At MAIL, with STARTTLS or AUTH still to do before it: the step the rail's caption names next (the same steps
 * left out), so the two never disagree about what to type. MAIL FROM would be taken too, and is said as such.
 * With neither left, MAIL FROM in words of where the session stands.
 */
function beforeMail(snapshot: SessionSnapshot): string | undefined {
	if (snapshot.connection !== 'connected' || snapshot.busy || snapshot.current !== 'mail') return undefined;
	const next = stepBeforeMail(snapshot);
	if (next === 'starttls') return `STARTTLS next, which the server offers (then ${helloVerb(snapshot.target.lmtp)} again); MAIL FROM would be taken too, in clear`;
	if (next === 'auth') return 'AUTH next, to log in; MAIL FROM would be taken too where the server needs no login';
	// A login typed and refused (535): "ready for a transaction" read as if it had gone through, beside a lesson's AUTH task.
	if (!snapshot.authenticated && snapshot.steps.some(({step, status}) => step === 'auth' && status === 'failed')) {
		return 'the login was refused: AUTH again with the right user name and password; MAIL FROM would be taken too where the server needs no login';
	}
	return readyForMail(snapshot);
}

/**
 * At MAIL with nothing left before it: the engine's note ("STARTTLS and AUTH come before it, when used") would speak
 * of steps done already, or not used here (a Unix socket has no STARTTLS).
 */
function readyForMail(snapshot: SessionSnapshot): string {
	return snapshot.authenticated ? 'logged in: MAIL FROM starts a message' : 'ready for a transaction: MAIL FROM starts a message';
}

/**
 * The proposed line, else the engine's own note for the current step, else what starts a session. `place`: the
 * footer takes its advice from here too (see failureRemedy), in its own words where they differ.
 */
export function nextLine(props: NextStepProps, place: LinePlace = 'next-step'): string {
	const {snapshot} = props;
	if (snapshot.proposed) return `next: ${MARK.sent} ${props.stepEdit ? textValue(props.stepEdit) : snapshot.proposed.display}`;
	if (!snapshot.busy && deliveryUncertain(snapshot)) return `next: check whether it arrived before sending it again (${keyFor('session.send')} would send a second copy)`;
	// Not in manual mode, where the lines typed since describe the session; in a replay, the recording answers as it did.
	const recipients = props.mode === 'manual' || props.replay ? undefined : recipientRemedy(snapshot, props.composer);
	if (recipients) return recipients.line;
	// After a send that failed and left the connection open (every recipient refused, say), the step's general
	// note ("one RCPT TO per recipient, then DATA") would contradict the log's "DATA is not sent".
	// In manual mode the lines typed since describe the session, not the last Ctrl+S result.
	if (snapshot.connection === 'connected' && !snapshot.busy && snapshot.result?.ok === false && props.mode !== 'manual') {
		// Stopped with Esc (before EHLO, say), no transaction need have begun.
		if (snapshot.result.kind === 'stopped') return `now: stopped here; ${afterStop(snapshot)}, ${keyFor('session.disconnect')} disconnects`;
		// A new transaction on this connection in clear would be refused the same way (530 "STARTTLS first").
		if (snapshot.result.kind === 'mail-needs-tls') {
			return snapshot.target.security === 'none'
				? `next: the server takes mail only over TLS: ${keyFor('session.disconnect')} disconnects; then choose security auto or STARTTLS in the connection panel (not none), and ${keyFor('session.send')}`
				: `next: the server takes mail only over TLS, and STARTTLS failed here (see the log): ${keyFor('session.disconnect')} disconnects, ${keyFor('session.send')} later tries again`;
		}
		if (snapshot.result.kind === 'tls-not-offered') return TLS_NOT_OFFERED;
		const mail = mailRemedy(snapshot, props.composer);
		if (mail) return mail;
		if (snapshot.result.kind === 'mail-needs-login') return `next: the server takes mail only after a login: fill User and Password in the connection panel, ${panelThen(snapshot)}`;
		return `now: the transaction stopped; ${keyFor('session.send')} starts a new one, ${keyFor('session.disconnect')} disconnects`;
	}
	// The engine is past the message once its dot went, but the answer to it is still to come.
	const answered = snapshot.steps.some(state => state.step === 'queued' && state.status !== 'pending' && state.status !== 'active');
	if (snapshot.connection === 'connected' && snapshot.busy && snapshot.current === 'queued' && !answered) {
		// LMTP: one reply per recipient, each its delivery.
		return snapshot.target.lmtp ? "now: the message went; waiting for the server's replies to it, one per recipient (250: delivered to that one)" : "now: the message went; waiting for the server's answer to it (250: it took the message)";
	}
	// After a message with its QUIT declined (Esc), the connection stays for the next one: say which keys do what.
	if (snapshot.connection === 'connected' && !snapshot.busy && snapshot.current === 'queued' && props.mode !== 'manual' && snapshot.result?.ok) {
		// Ctrl+S as it is would send to all of them again, the limit refusing the same ones.
		const over = overLimitRecipients(snapshot.recipients);
		// LMTP delivered it to each recipient whose reply said so; SMTP queued it.
		const done = snapshot.target.lmtp ? 'delivered to' : 'queued for';
		if (over.length > 0) return `now: ${done} the others; ${over.join(', ')} ${over.length === 1 ? 'was' : 'were'} over the server's limit per message: leave only ${over.length === 1 ? 'it' : 'them'} in the recipients, then ${keyFor('session.send')}`;
		// Some refused (a 550) or deferred (a greylisting 450): Ctrl+S as it is would send the others a second copy.
		const unsent = unsentWords(snapshot.recipients);
		if (unsent) return `now: ${done} the others; ${unsent}: change the recipients before ${keyFor('session.send')}, which would send the others a second copy`;
		// One row at 80 columns (the caption above names QUIT, the footer the queue id): two, after every Ctrl+S of a
		// demo, moved every panel under it down a row and back at the next.
		return `now: ${snapshot.target.lmtp ? 'delivered' : 'queued'}; ${keyFor('session.send')} sends another on this connection, ${keyFor('session.disconnect')} says QUIT`;
	}
	if (snapshot.connection === 'connected' && snapshot.current === 'rcpt') return `now: ${recipientsNote(snapshot.recipients)}`;
	const before = props.replay ? undefined : beforeMail(snapshot);
	if (before) return `now: ${before}`;
	// The log shows the greeting's first line; its last is held back on purpose: the class sees why nothing happens yet.
	if (snapshot.connection === 'connected' && snapshot.current === 'greeting' && snapshot.waiting?.begun) return GREETING_HELD;
	if (snapshot.connection === 'connected' || snapshot.connection === 'connecting') return `now: ${stepNote(snapshot.current, snapshot.target.lmtp)}`;
	const failure = !snapshot.busy && snapshot.result?.ok === false ? snapshot.result : undefined;
	const tls = failure ?? replayedFailure(props);
	// Asked for during the handshake or right after it (TLS 1.3): no setting of ours helps.
	if (tls?.kind === 'client-certificate') return clientCertificateNext(tls.cause);
	// Sending again would fail the same way until the panel's CA file or Verify changes (--ca and --insecure fill
	// them at start). What would help depends on why it was refused; the log has the whole reason.
	// Manual mode's typed STARTTLS sets no result, but the connection it ended keeps the certificate it refused.
	const typedRefusal = props.mode === 'manual' && snapshot.connection === 'closed' && snapshot.refusedCertificate !== undefined;
	if (failure?.kind === 'certificate' || typedRefusal) return trustNext(snapshot.refusedCertificate?.remedy, snapshot.refusedCertificate?.wrongName, greetsAsSandbox(snapshot.greeting));
	// The user's own --tls-min/--tls-max left out what the server speaks: those flags are the fix, never plain text.
	if (tls?.kind === 'tls-versions') return `next: ${versionsRemedy(snapshot.target.tlsVersions, tls.cause)}`;
	// Nothing was sent, and Ctrl+S meets the same server: only another server, or no REQUIRETLS, sends it (never in clear by itself).
	if (failure?.kind === 'require-tls') {
		return `next: REQUIRETLS (--require-tls) cannot go here (see the log): it needs TLS, Verify on and a server that offers REQUIRETLS; ${keyFor('app.quit')} quits, to start again without --require-tls`;
	}
	if (props.replay) return `next: ${keyFor('session.send')} ${nextPlay(props.replayProgress)}`;
	// After a session that delivered, Ctrl+S is no "send": it would deliver the message a second time.
	const delivered = snapshot.connection === 'closed' && !snapshot.busy && snapshot.steps.some(state => state.step === 'queued' && state.status === 'done');
	if (delivered && props.mode !== 'manual') {
		const unsent = unsentWords(snapshot.recipients);
		if (unsent) return `next: the message went to the others; ${unsent}; ${keyFor('session.send')} sends it again to all (a second copy for the others), ${keyFor('app.quit')} quits`;
		return `next: the message went; ${keyFor('session.send')} sends it again (a second copy), ${keyFor('app.quit')} quits`;
	}
	const greeting = failure?.stage === 'banner' ? refusedGreeting(snapshot) : undefined;
	if (greeting) return greeting;
	const closed = serverClosed(failure?.reply, place);
	if (closed) return closed;
	// A refused EHLO (Postfix's "need fully-qualified hostname") is refused again until the name changes. A failure
	// of another kind (no reply in time, a reply that broke SMTP, the connection gone) refused no name.
	if (failure?.stage === 'ehlo' && failure.kind === undefined) {
		const hello = helloVerb(snapshot.target.lmtp);
		return `next: the server refused our ${hello} (see the log); change the ${hello} name in the connection panel, then ${keyFor('session.send')}`;
	}
	// Bytes after STARTTLS's 220, before the handshake: going on as if nothing happened is what an attacker wants.
	if (failure?.kind === 'starttls-injection') {
		return `next: the server sent more after its 220 to STARTTLS, as an attack on the path does (see the log): the path may be hostile; try TLS from the first byte (port 465) or another network, then ${keyFor('session.send')}`;
	}
	// The same server answers the same way again: Ctrl+S alone would only repeat it.
	if (failure?.kind === 'out-of-step' || failure?.kind === 'protocol-error') {
		return `next: the server's replies broke SMTP (see the log), and ${keyFor('session.send')} meets them again: check the server, or a proxy or filter on the way`;
	}
	const remedy = authRemedy(failure?.kind, failure?.cause, snapshot.target.security) ?? (failure && mailRemedy(snapshot, props.composer));
	if (remedy) return remedy;
	const starttls = starttlsFailedHint(failure?.kind, snapshot.target.security);
	if (starttls) return `next: ${starttls}`;
	// Silence where a greeting should be: a port that speaks TLS from the first byte waits for our ClientHello,
	// or a server that greets late on purpose (a tarpit) needs a longer wait. Both are said, as `send` says them.
	const silent = silentGreetingHint(failure?.kind, snapshot.target.security);
	if (silent) return `next: ${silent}`;
	// A greeting begun and paused (postscreen): only a longer wait reads it.
	if (failure?.kind === 'greeting-slow') return 'next: the greeting came too slowly (see the log); start again with a longer --timeout';
	return startLine(props);
}

/** What starts a session, where nothing more particular is to be said: the line before the first Ctrl+S. */
function startLine(props: NextStepProps): string {
	// Manual mode: Enter alone connects, as the command line's row and lesson 1 say (it said to type EHLO first, while
	// the row under it said Enter): the greeting is read before anything is typed, as with telnet. Within 80 columns.
	if (props.mode === 'manual') return `next: ${keyFor('manual.submit')} connects (the 220 greeting), then type ${helloVerb(props.snapshot.target.lmtp)} and this machine's name`;
	// Step mode: Ctrl+S starts the session, and each line waits for Enter.
	if (props.mode === 'step') return `next: ${keyFor('session.send')} starts the session, one line per Enter`;
	return `next: ${keyFor('session.send')} sends the message`;
}

/**
 * What to do after a failed Ctrl+S, for the footer, which says what happened before it: the next-step line's advice
 * (one wording for both), without its "next: "; undefined where it has none of its own (it then names what starts a
 * session, or where the open connection is).
 */
export function failureRemedy(props: NextStepProps): string | undefined {
	const recipients = props.mode === 'manual' || props.replay ? undefined : recipientRemedy(props.snapshot, props.composer);
	if (recipients) return recipients.said ? `${recipients.said}. ${recipients.todo.charAt(0).toUpperCase()}${recipients.todo.slice(1)}` : recipients.todo;
	const line = nextLine(props, 'footer');
	return line.startsWith('next: ') && line !== startLine(props) ? line.slice('next: '.length) : undefined;
}
