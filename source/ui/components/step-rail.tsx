// The step rail: the engine's steps in order with their status. Labels shorten until the rail fits the width
// (80 columns with every step failed-or-done still fits the short form).
import {XCLIENT_CAPTION} from '../../text/xclient-meaning.js';
import React from 'react';
import {Box, Text} from 'ink';
import {groupDigits} from '../../smtp/digits.js';
import {acceptedAtRcpt, deliveryCount} from '../../smtp/lmtp.js';
import {helloVerb} from '../../smtp/transitions.js';
import type {FailureKind} from '../../smtp/failure.js';
import type {RecipientResult, Step, StepState} from '../../smtp/types.js';
import type {SessionSnapshot} from '../../session/types.js';
import {MARK, secondary, type Theme, useTheme} from '../theme.js';
import {textWidth, truncateText} from './display-text.js';

const FULL: Record<Step, string> = {
	connect: 'connect',
	greeting: 'greeting',
	ehlo: 'EHLO',
	starttls: 'STARTTLS',
	auth: 'AUTH',
	mail: 'MAIL',
	rcpt: 'RCPT',
	data: 'DATA',
	message: 'message',
	queued: 'queued',
	quit: 'QUIT',
};

const SHORT: Record<Step, string> = {
	connect: 'conn',
	greeting: 'greet',
	ehlo: 'EHLO',
	starttls: 'TLS',
	auth: 'AUTH',
	mail: 'MAIL',
	rcpt: 'RCPT',
	data: 'DATA',
	message: 'msg',
	queued: 'queue',
	quit: 'QUIT',
};

/**
 * The EHLO after STARTTLS, until it is done: it stands left of a STARTTLS already done, so the rail would seem to go
 * back without it. "2nd" where "again" leaves no room (the short rail must fit 80 columns).
 */
const FULL_AGAIN: Record<Step, string> = {...FULL, ehlo: 'EHLO again'};
const SHORT_AGAIN: Record<Step, string> = {...SHORT, ehlo: 'EHLO 2nd'};

/** BDAT (RFC 3030) stands for DATA and carries the message: its label and what the two steps mean then. */
const BDAT_LABELS: Partial<Record<Step, string>> = {data: 'BDAT'};
const BDAT_CAPTIONS: Partial<Record<Step, string>> = {
	data: 'no go-ahead: BDAT carries the message in counted chunks',
	message: 'each chunk: BDAT n, then exactly n octets; LAST ends it',
};

/** What each step is, in plain words (presenter captions). */
const STEP_CAPTIONS: Record<Step, string> = {
	connect: 'open a TCP connection to the server',
	greeting: 'the server greets us with 220 and its name',
	ehlo: 'we say who we are; the server lists what it supports',
	starttls: 'switch to TLS, then say EHLO again',
	auth: 'log in with your user name and password',
	mail: 'name the sender (of the envelope, not the From header)',
	rcpt: 'name each recipient; each is accepted or refused',
	data: 'ask to send the message; 354 means "go ahead"',
	message: 'headers, a blank line, the body, then a lone "."',
	queued: 'the reply: 250 means the server took responsibility',
	quit: 'say goodbye; the server answers 221 and closes',
};

/** A step in one line, "RCPT: name each recipient; …": the step prompt's, for a student without presenter captions. */
export function stepMeaning(step: Step, bdat = false, lmtp = false): string {
	return inProtocol(`${labelOf(step, bdat)}: ${captionOf(step, bdat, lmtp)}`, lmtp);
}

/** Words about the hello in the session's protocol: LMTP's is LHLO (the engine's helloVerb), which is EHLO's step. */
const inProtocol = (text: string, lmtp: boolean): string => (lmtp ? text.replace(/\bEHLO\b/g, helloVerb(true)) : text);

export const labelOf = (step: Step, bdat = false): string => (bdat && BDAT_LABELS[step]) || FULL[step];
/**
 * LMTP (RFC 2033): the step after the message is still named `queued` on the rail (its fixed place in the session), but
 * each reply there is one recipient's delivery, and its caption says so.
 */
const LMTP_CAPTIONS: Partial<Record<Step, string>> = {queued: 'one reply per recipient: 250 means delivered to that one'};
const captionOf = (step: Step, bdat: boolean, lmtp = false): string => (bdat && BDAT_CAPTIONS[step]) || (lmtp && LMTP_CAPTIONS[step]) || STEP_CAPTIONS[step];

/** What a failed step means, for the presenter's caption (the log has the server's own words). */
const FAILED_CAPTIONS: Record<Step, string> = {
	connect: 'no connection could be opened (the log says why)',
	greeting: 'the server did not greet us with 220',
	ehlo: 'the server refused our EHLO',
	starttls: 'the switch to TLS failed',
	auth: 'the login was refused',
	mail: 'the server refused the sender',
	rcpt: 'the server accepted no recipient',
	data: 'the server refused DATA',
	message: 'the message could not be sent whole',
	queued: 'the server refused the message',
	quit: 'the goodbye went wrong',
};

/** The EHLO after STARTTLS: the rail steps back from 4 to 3, which the caption must explain on a projector. */
const EHLO_AGAIN = 'TLS made the server forget all; AUTH often comes now';
/** The EHLO after XCLIENT's 220 (with or without TLS before it): the server started over for the client named. */
const EHLO_AGAIN_XCLIENT = 'XCLIENT made the server start over as that client';
/** A greeting whose "220-" line came while its last is held back (postscreen's pause): "greets us with 220" would be wrong. */
const GREETING_BEGUN = 'its first line came (220-); the server holds back the rest';
const againInTls = (state: StepState, steps: readonly StepState[]) => state.step === 'ehlo' && steps.some(other => other.step === 'starttls' && other.status === 'done');

/** Steps that end with the server's reply: without a code, the reply never came. */
const ANSWERED_STEPS: ReadonlySet<Step> = new Set(['greeting', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'queued', 'quit']);

/** Refusals whose kind says more than their code: what the server wants first, or why no password helps. */
const KIND_CAPTIONS: Partial<Record<FailureKind, string>> = {
	'login-needs-starttls': 'the server wants TLS before a login',
	// Logins turned off, for this account or for password logins, or refused by a sign-in policy (Microsoft 365's 5.7.139).
	'login-disabled': 'no password helps: logins are off here, or a policy refuses them',
	'login-temporary': 'the login failed for now: try again later',
	'login-transition': 'log in once with PLAIN inside TLS first (a password transition)',
	'login-transition-failed': 'a password transition PLAIN inside TLS did not complete: ask the admin',
	'login-mechanism-weak': 'the login mechanism is too weak here, not the password',
	'mail-needs-tls': 'the server wants TLS before any sender',
	'mail-needs-login': 'the server wants a login before any sender',
	'mail-too-big': 'the message is too big for this server, not the sender',
	'mail-parameters': "MAIL FROM's parameters were refused, not the sender",
	'mail-deferred': 'not taken for now, not the sender: try again later',
	'tls-not-offered': 'the server wants TLS but offers no STARTTLS',
	// A 354 to MAIL is no refusal of the sender: the reply answers another command.
	'out-of-step': 'the replies are out of step with the commands',
};

/** Why a step that ends with a reply got none. */
const NO_REPLY_CAPTIONS: Partial<Record<FailureKind, string>> = {
	'protocol-error': 'the reply broke the SMTP protocol (see the log)',
	'reply-slow': 'the reply began but did not finish in time',
	'greeting-slow': 'the reply began but did not finish in time',
	'reply-silent': 'no reply came in time',
	'greeting-silent': 'no reply came in time',
	'connection-closed': 'the connection closed before the reply',
	'closed-between-commands': 'the connection closed before the reply',
	stopped: 'stopped before the reply came',
};
/** A step with no reply and no known reason (a wait of its own timed out): nothing was refused. */
const NO_REPLY = 'no reply came (the log says why)';

/** Refusals that MAIL or RCPT carries for something said earlier: the steps where they come. */
const CARRIED: Partial<Record<FailureKind, {steps: readonly Step[]; what: string}>> = {
	'helo-refused': {steps: ['mail', 'rcpt'], what: 'our EHLO name'},
	'sender-refused': {steps: ['rcpt'], what: 'the sender'},
};

/**
 * The caption of a failed step, by its step and the kind of its failure: the step's own (the engine reads it from
 * the reply, also in manual mode), else the run's (`failureKind`). A 421 is the server ending the session, not a
 * refusal of what was asked, and a step with no code got no reply at all: the run's failure says why.
 */
export function failedCaption(state: StepState, failureKind?: FailureKind, lmtp = false): string {
	if (state.code === 421) return 'the server closed the session (421)';
	// LMTP: the step fails when every recipient's own reply after the message refused or deferred it.
	if (lmtp && state.step === 'queued' && state.code !== undefined) return `no recipient got the message: each reply refused or deferred it (${state.code})`;
	// A 503 to AUTH: before EHLO, logged in already, in a transaction, or not offered here (Postfix without SASL).
	if (state.code === 503 && state.step === 'auth') return 'AUTH refused at this point: the log says why (503)';
	// Typed out of order (RCPT before MAIL): the command came too soon, nothing it named was judged.
	if (state.code === 503) return 'out of order: another command must come first (503)';
	const kind = state.kind ?? failureKind;
	const code = state.code ?? '?';
	const told = kind && KIND_CAPTIONS[kind];
	if (told && state.code !== undefined) return `${told} (${code})`;
	// Postfix judges the sender and our EHLO name at RCPT (or MAIL): the refusal is theirs, though RCPT carries it.
	const carried = kind && CARRIED[kind];
	if (carried?.steps.includes(state.step)) return `the server refused ${carried.what}, at ${FULL[state.step]} (${code})`;
	if (state.code !== undefined) return `${FAILED_CAPTIONS[state.step]} (${state.code})`;
	// Stopped here by smtp-tui before anything was sent (no AUTH offered, no STARTTLS): nothing was refused.
	if (state.step === 'auth') return 'no login was possible: nothing was sent (the log says why)';
	if (state.step === 'starttls' && kind === 'starttls-not-offered') return 'the server offers no STARTTLS (the log says why)';
	if (!ANSWERED_STEPS.has(state.step)) return FAILED_CAPTIONS[state.step];
	if (state.step === 'queued') return `${kind === 'protocol-error' ? 'a malformed reply' : 'no reply'} came after the message: it may have been accepted`;
	return (kind && NO_REPLY_CAPTIONS[kind]) ?? (state.step === 'greeting' ? FAILED_CAPTIONS.greeting : NO_REPLY);
}

/** A session over without its last message: the rail shows only that one's steps, but earlier ones may have gone. */
function closedCaption(messagesQueued: number, lmtp: boolean): string {
	const done = lmtp ? 'delivered' : 'queued';
	if (messagesQueued === 0) return `CLOSED: the session is over, and no message was ${done}`;
	const earlier = messagesQueued === 1 ? '1 message was' : `${groupDigits(messagesQueued)} messages were`;
	return `CLOSED: the session is over; ${earlier} ${done} on it, not this last one`;
}

// Read when drawn: the glyph set is chosen at start, after this module is loaded.
const MARKERS: Record<StepState['status'], keyof typeof MARK> = {
	done: 'done',
	active: 'active',
	failed: 'error',
	skipped: 'skipped',
	pending: 'pending',
};

/**
 * Extra words after a done step's label, which then reads as a warning: RCPT's "1/2" when only some recipients were
 * accepted (the message went, so it is no failure, but a refused recipient is no success either).
 */
type StepNotes = Partial<Record<Step, string>>;

const warned = (state: StepState, notes: StepNotes) => state.status === 'done' && notes[state.step] !== undefined;

function itemText(state: StepState, labels: Record<Step, string>, notes: StepNotes = {}, codes = true): string {
	const code = codes && state.status === 'failed' && state.code !== undefined ? ` ${state.code}` : '';
	const note = warned(state, notes) ? ` ${notes[state.step]}` : '';
	return `${warned(state, notes) ? MARK.warning : MARK[MARKERS[state.status]]} ${labels[state.step]}${code}${note}`;
}

type RailFormat = {labels: Record<Step, string>; separator: string; codes: boolean};

/**
 * The widest label set and separator that fit; the last resort leaves out failed steps' reply codes (two failures
 * at 80 columns pushed QUIT off the rail; the log and the footer still have the codes).
 */
export function railFormat(steps: readonly StepState[], width: number, notes: StepNotes = {}, bdat = false, lmtp = false): RailFormat {
	const again = steps.some(state => state.status !== 'done' && againInTls(state, steps));
	const [full, short] = (again ? [FULL_AGAIN, SHORT_AGAIN] : [FULL, SHORT]).map(labels => (bdat ? {...labels, ...BDAT_LABELS} : labels)).map(labels => (lmtp ? {...labels, ehlo: inProtocol(labels.ehlo, true)} : labels));
	const candidates: RailFormat[] = [
		{labels: full, separator: '  ', codes: true},
		{labels: full, separator: ' ', codes: true},
		// "EHLO again" alone shortened before every label is: at 100 columns, a failed step's code (MAIL 503) beside
		// it would otherwise turn the whole rail to "conn  greet".
		{labels: {...full, ehlo: short.ehlo}, separator: ' ', codes: true},
		{labels: short, separator: '  ', codes: true},
		{labels: short, separator: ' ', codes: true},
		{labels: short, separator: ' ', codes: false},
	];
	for (const candidate of candidates) {
		const total = steps.reduce((sum, state) => sum + textWidth(itemText(state, candidate.labels, notes, candidate.codes)), 0);
		if (total + candidate.separator.length * Math.max(0, steps.length - 1) <= width) return candidate;
	}
	return candidates.at(-1)!;
}

function Item({state, format, notes, theme}: {state: StepState; format: RailFormat; notes: StepNotes; theme: Theme}) {
	const text = itemText(state, format.labels, notes, format.codes);
	switch (state.status) {
		case 'done':
			return <Text color={warned(state, notes) ? theme.warning : theme.reply[2]}>{text}</Text>;
		case 'active':
			return (
				<Text color={theme.accent} bold inverse>
					{text}
				</Text>
			);
		case 'failed':
			return (
				<Text color={theme.error} bold>
					{text}
				</Text>
			);
		case 'skipped':
			return (
				<Text {...secondary(theme)} strikethrough>
					{text}
				</Text>
			);
		case 'pending':
			return <Text {...secondary(theme)}>{text}</Text>;
	}
}

/**
 * Steps the connection's settings leave out: STARTTLS with security none, AUTH with no user; and STARTTLS once the
 * server's EHLO reply (`extensions`) does not offer it. Manual mode's engine cannot know it (a line typed by hand may
 * still do them), so the rail shows them skipped while they are pending, rather than as the next step. A replay
 * plays what was recorded: the steps its next connection never takes.
 */
/** What of the target decides which steps a session leaves out. */
export type UnusedStepsTarget = Pick<SessionSnapshot['target'], 'replay' | 'security' | 'login'>;

export function unusedSteps(target: UnusedStepsTarget, notPlayed: readonly Step[] = [], extensions?: SessionSnapshot['extensions']): readonly Step[] {
	if (target.replay) return notPlayed;
	const noTls = target.security === 'none' || (extensions !== undefined && !extensions.starttls);
	return [...(noTls ? ['starttls' as const] : []), ...(target.login ? [] : ['auth' as const])];
}

export type StepRailProps = {
	steps: readonly StepState[];
	width: number;
	/** Presenter mode: a second row with the current step's caption in bold. */
	presenter?: boolean;
	/** The step of the line waiting for Enter (step mode): the one that comes next, whatever is still pending. */
	upcoming?: Step;
	/** The connection is closed: no step comes next. */
	closed?: boolean;
	/** The last transaction's recipients, each address once (as the engine counts them): when only some were accepted, RCPT and the caption say so. */
	recipients?: readonly RecipientResult[];
	/** What kind of failure ended the last run, for the caption of a failed step. */
	failureKind?: FailureKind;
	/** The verb of a line waiting for Enter that is no step of the rail (HELP, VRFY, NOOP, RSET), or XCLIENT inside EHLO's: the caption names it. */
	offered?: string;
	/** The steps of a pipelined group waiting for Enter (MAIL, RCPT, DATA): the caption names them all, going in one write. */
	pipelined?: readonly Step[];
	/** The message goes by BDAT (RFC 3030): DATA's step reads BDAT, and the captions say what BDAT does. */
	bdat?: boolean;
	/** The session speaks LMTP (the snapshot's target): EHLO's step reads LHLO, and `queued` counts each recipient's delivery. */
	lmtp?: boolean;
	/** What last made the server start over (the snapshot's): the caption of the EHLO that follows names it. */
	startedOverBy?: 'tls' | 'xclient';
	/** Messages the server took on this connection (the engine's count): earlier ones, when the last did not go. */
	messagesQueued?: number;
	/** Steps the settings leave out (see unusedSteps): shown skipped while pending. */
	unused?: readonly Step[];
	/** When each step last changed (useStepHistory, kept by the dashboard); without it, the rail's order stands for time. */
	history?: StepHistory;
	/** The reply waited for has begun (the snapshot's `waiting.begun`): a greeting's caption says its last line is held back. */
	replyBegun?: boolean;
};

/** When each step last changed its status (a counter, not a clock): the rail's order is not the session's. */
export type StepHistory = {count: number; at: Partial<Record<Step, {status: StepState['status']; at: number}>>};

/**
 * The history after a new snapshot of the steps. With none yet, the rail's order stands for time (the EHLO after a
 * STARTTLS that is done came after it); after that each change is stamped when seen.
 */
export function stepHistory(previous: StepHistory | undefined, steps: readonly StepState[]): StepHistory {
	if (!previous) {
		const tlsAt = steps.findIndex(state => state.step === 'starttls' && state.status === 'done');
		const at = Object.fromEntries(steps.map((state, index) => [state.step, {status: state.status, at: state.step === 'ehlo' && tlsAt >= 0 ? tlsAt + 0.5 : index}]));
		return {count: steps.length, at};
	}
	let {count} = previous;
	let at = previous.at;
	for (const state of steps) {
		if (at[state.step]?.status === state.status) continue;
		at = {...at, [state.step]: {status: state.status, at: ++count}};
	}
	return at === previous.at ? previous : {count, at};
}

/**
 * Whether a failed step is behind the session: something other than QUIT (which ends a session, and undoes
 * nothing) went on after it. `later` asks in time (the history), else in the rail's order.
 */
function passed(failed: StepState, steps: readonly StepState[], history: StepHistory, later: 'time' | 'order'): boolean {
	const index = steps.indexOf(failed);
	const failedAt = history.at[failed.step]?.at ?? index;
	return steps.some((state, other) => {
		if (state.step === 'quit' || (state.status !== 'done' && state.status !== 'active')) return false;
		if (later === 'time') return (history.at[state.step]?.at ?? other) > failedAt;
		// The STARTTLS before the EHLO again is not after it.
		return other > index && !(failed.step === 'ehlo' && state.step === 'starttls');
	});
}

export function StepRail({steps: engineSteps, width, presenter, upcoming, closed, recipients = [], failureKind, offered, pipelined, bdat = false, lmtp = false, startedOverBy, messagesQueued = 0, unused = [], history = stepHistory(undefined, engineSteps), replyBegun = false}: StepRailProps) {
	const theme = useTheme();
	// RCPT on offer after a recipient was refused is not over: the next recipient is to go. Any other failed step on
	// offer again is a retry (the planned line, after an edited one was refused): its failure shows until it goes.
	const goesOn = (state: StepState) => state.step === upcoming && state.status === 'failed' && state.step === 'rcpt' && recipients.some(recipient => recipient.accepted === false);
	const left = (state: StepState) => state.status === 'pending' && unused.includes(state.step);
	const steps = engineSteps.map(state => (goesOn(state) ? {step: state.step, status: 'active' as const} : left(state) ? {step: state.step, status: 'skipped' as const} : state));
	// The last refusal was of a line typed over the planned one (the engine marks it off the plan): the planned
	// recipient is offered again, and the caption says so, but the rail keeps the refusal's mark until it goes.
	const lastRecipient = recipients.at(-1);
	const editRefused = lastRecipient?.offPlan === true && lastRecipient.accepted === false;
	const marked = editRefused ? steps.map((state, index) => (goesOn(engineSteps[index]!) ? engineSteps[index]! : state)) : steps;
	// LMTP: RCPT counts the recipients accepted there, and `queued` those the replies after the message delivered to.
	const accepted = recipients.filter(acceptedAtRcpt).length;
	const partial = accepted > 0 && accepted < recipients.length;
	const deliveries = deliveryCount(recipients);
	const partlyDelivered = deliveries !== undefined && deliveries.delivered > 0 && deliveries.delivered < deliveries.of;
	const notes: StepNotes = {
		...(partial && {rcpt: `${groupDigits(accepted)}/${groupDigits(recipients.length)}`}),
		...(partlyDelivered && {queued: `${groupDigits(deliveries.delivered)}/${groupDigits(deliveries.of)}`}),
	};
	const format = railFormat(marked, width, notes, bdat, lmtp);
	const label = (step: Step) => inProtocol(labelOf(step, bdat), lmtp);
	const meaning = (state: StepState) => (replyBegun && state.step === 'greeting' && state.status === 'active' ? GREETING_BEGUN : captionOf(state.step, bdat, lmtp));
	// A failure is the caption only while nothing later has succeeded (manual mode goes on after a 535). One passed
	// only by steps before it on the rail (a login after MAIL's 530) is still to do again: it counts as pending.
	const stale = (state: StepState) => state.status === 'failed' && passed(state, steps, history, 'time');
	const retry = (state: StepState) => stale(state) && !passed(state, steps, history, 'order');
	// Once the connection is closed no step is under way, whatever the engine last marked active. Of two (a MAIL
	// refused, then a DATA typed by hand and refused too), the latest is where the session stands.
	const when = (state: StepState) => history.at[state.step]?.at ?? steps.indexOf(state);
	const current = steps
		.filter(state => (state.status === 'active' && !closed) || (state.status === 'failed' && !stale(state)))
		.reduce<StepState | undefined>((latest, state) => (latest === undefined || when(state) > when(latest) ? state : latest), undefined);
	// Between steps (step mode waiting for Enter) the caption names the step that comes next.
	const started = steps.some(state => state.status === 'done');
	// The line waiting for Enter is where the session stands, also after another step's refusal (a DATA typed too
	// early, with RCPT on offer again); STARTTLS and AUTH stay pending until MAIL shows they were passed over.
	// Not a step later on the rail than the failure (QUIT, offered after a refused login): the failure stays the caption.
	const offer = upcoming === undefined ? undefined : steps.find(state => state.step === upcoming);
	const before = (state: StepState, other: StepState) => steps.indexOf(state) < steps.indexOf(other);
	const onOffer = !closed && offer && (current === undefined || (current.status === 'failed' && before(offer, current))) ? offer : undefined;
	const next = onOffer ?? current ?? (closed || !started ? undefined : steps.find(state => state.status === 'pending' || retry(state)));
	const position = next ? steps.indexOf(next) + 1 : 0;
	const queued = steps.some(state => state.step === 'queued' && state.status === 'done');
	const failedNow = next !== undefined && next.status === 'failed' && !stale(next);
	// A step whose line waits for Enter is next, like every other in step mode (the message is already active then).
	const waiting = !current || next?.step === upcoming;
	const afterXclient = startedOverBy === 'xclient' && next?.step === 'ehlo';
	const again = next !== undefined && (afterXclient || againInTls(next, steps));
	// A line of no step waits for Enter (HELP typed in a recorded session, say): it is what comes next, not the rail's
	// first pending step.
	const caption = offered === 'XCLIENT' && upcoming !== undefined && !closed
		? XCLIENT_CAPTION
		: offered !== undefined && upcoming === undefined && !closed
		? // RSET opens the next message: the rail already shows that transaction's steps to come.
			/^RSET$/i.test(offered)
			? // Short enough for 80 columns: a projected caption is never cut.
				`NEXT: ${offered}, outside the steps: clears the last transaction before the next MAIL`
			: `NEXT: ${offered}, a command outside the steps (the rail stays where it is)`
		: next
		? failedNow
			? `FAILED at STEP ${position}/${steps.length} ${label(next.step)}: ${failedCaption(next, failureKind, lmtp)}`
			: pipelined && pipelined.length > 1 && next.step === upcoming
				? // Short enough for 80 columns, as every caption.
					`NEXT STEPS ${position}-${position + pipelined.length - 1}/${steps.length} ${pipelined.map(step => label(step)).join(', ')} in one write: the replies come in order`
				: `${waiting ? 'NEXT ' : ''}STEP ${position}/${steps.length} ${label(next.step)}${again ? ' again' : ''}: ${afterXclient ? EHLO_AGAIN_XCLIENT : again ? EHLO_AGAIN : meaning(next)}`
		: started
			? queued
				? deliveries
					? `DONE: the message was delivered to ${deliveries.delivered === recipients.length ? 'every recipient' : `${groupDigits(deliveries.delivered)} of ${groupDigits(recipients.length)} recipients`} (LMTP) and the session is over`
					: `DONE: the message was queued${partial ? ` for ${groupDigits(accepted)} of ${groupDigits(recipients.length)} recipients` : ''} and the session is over`
				: closedCaption(messagesQueued, lmtp)
			: 'READY: nothing sent yet';
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				{marked.map((state, index) => (
					<Text key={state.step}>
						{index > 0 ? format.separator : ''}
						{/* The step of the line waiting for Enter is where the session stands: marked as current (RCPT too once
						one recipient is in, with the next on offer). */}
						<Item state={onOffer === state && (state.status === 'pending' || (state.status === 'done' && state.step === 'rcpt')) ? {...state, status: 'active'} : state} format={format} notes={notes} theme={theme} />
					</Text>
				))}
			</Text>
			{presenter ? (
				<Text bold color={failedNow ? theme.error : theme.accent} wrap="truncate-end">
					{truncateText(inProtocol(caption, lmtp), width)}
				</Text>
			) : null}
		</Box>
	);
}
