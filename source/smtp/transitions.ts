// Where the SMTP conversation may go, as one table (h11's transition table): the rows are the steps of the rail, and
// for each the commands that make sense there and where each reply leads. The step states the session yields from it
// (which the step rail draws), the "legal next commands" hint, the presenter's notes and the tests all come from it,
// as do the maps from what a reply answers to its rail step and its failure stage.
import {STEPS, type Command, type FailureStage, type Reply, type Step} from './types.js';

export type Verb = Command['verb'];
/**
 * What a reply (or the TLS handshake) can answer: a command, the greeting, the final dot of the message. 'chunk': a
 * planned BDAT chunk before the last (RFC 3030); `BDAT n LAST` is answered as the final dot is ('.'). A BDAT line
 * typed by hand is a raw line of no step, as before.
 */
export type Trigger = Verb | 'greeting' | '.' | 'handshake' | 'chunk';
/** First digit of a reply code. A finished TLS handshake counts as '2'. */
export type ReplyClass = '2' | '3' | '4' | '5';

type Transition = {
	/** What the step means, for hints. */
	note: string;
	/** Commands that make sense in this step. Anything else is "out of order" (a warning, or refused in strict mode). */
	verbs: readonly Verb[];
	/** For each trigger × reply class, the next step. A missing entry means: stay in this step. */
	on: Partial<Record<Trigger, Partial<Record<ReplyClass, Step>>>>;
};

/** RFC 5321 §4.1.4: these may be sent at any time once the server has greeted us. */
const ANYTIME: readonly Verb[] = ['NOOP', 'RSET', 'VRFY', 'EXPN', 'HELP', 'QUIT', 'RAW'];

/** Greeted and not inside a transaction: STARTTLS and AUTH are optional before MAIL; ETRN (RFC 1985) fits here too. */
const READY = {
	verbs: ['EHLO', 'HELO', 'STARTTLS', 'XCLIENT', 'AUTH', 'MAIL', 'ETRN', ...ANYTIME],
	on: {
		EHLO: {2: 'mail'},
		HELO: {2: 'mail'},
		STARTTLS: {2: 'starttls'},
		// XCLIENT's 220 is a new greeting: EHLO again (xclient.ts).
		XCLIENT: {2: 'ehlo'},
		AUTH: {2: 'mail', 3: 'auth'},
		MAIL: {2: 'rcpt'},
		RSET: {2: 'mail'},
		QUIT: {2: 'quit'},
	},
} satisfies Omit<Transition, 'note'>;

/**
 * The transition table. Rows are the steps of the rail; `step` in the session state is the row we are in.
 * Two rules stand outside the table because they hold in every row:
 * - a 421 reply, solicited or not, ends the session (RFC 5321 §3.8);
 * - a command sent out of order that the server accepts anyway moves the session as it would from the first row
 *   that lists a transition for it (a refused one changes nothing).
 */
export const TRANSITIONS: Readonly<Record<Step, Transition>> = {
	connect: {note: 'not connected yet', verbs: [], on: {}},
	greeting: {note: 'connected: waiting for the server to greet us (220)', verbs: [], on: {greeting: {2: 'ehlo', 3: 'quit', 4: 'quit', 5: 'quit'}}},
	ehlo: {
		note: 'greeted: introduce yourself with EHLO (HELO for old servers)',
		verbs: ['EHLO', 'HELO', ...ANYTIME],
		on: {EHLO: {2: 'mail'}, HELO: {2: 'mail'}, QUIT: {2: 'quit'}},
	},
	starttls: {note: 'STARTTLS accepted: TLS handshake in progress, then EHLO again', verbs: [], on: {handshake: {2: 'ehlo'}}},
	auth: {
		note: 'AUTH exchange: the server waits for the answer to its 334 challenge',
		verbs: ['AUTH-RESPONSE'],
		on: {'AUTH-RESPONSE': {2: 'mail', 3: 'auth', 4: 'mail', 5: 'mail'}},
	},
	mail: {note: 'ready for a transaction: MAIL FROM (STARTTLS and AUTH come before it, when used)', ...READY},
	rcpt: {
		note: 'sender accepted: one RCPT TO per recipient, then DATA',
		verbs: ['RCPT', 'DATA', 'EHLO', 'HELO', ...ANYTIME],
		on: {DATA: {3: 'message'}, RSET: {2: 'mail'}, EHLO: {2: 'mail'}, HELO: {2: 'mail'}, QUIT: {2: 'quit'}},
	},
	data: {note: 'DATA sent: 354 means "send the message"', verbs: [], on: {}},
	message: {
		note: 'the server reads the message until a lone "."',
		verbs: [],
		on: {'.': {2: 'queued', 4: 'queued', 5: 'queued'}},
	},
	queued: {note: 'the transaction is over: MAIL for the next message, or QUIT', ...READY},
	quit: {note: 'only QUIT is left', verbs: ['QUIT'], on: {QUIT: {2: 'quit'}}},
};

/**
 * The command of the ehlo row as the session's protocol names it: LMTP (RFC 2033) greets with LHLO, which the
 * session follows as EHLO (same reply, same extensions; no HELO to fall back to).
 */
export const helloVerb = (lmtp = false): 'EHLO' | 'LHLO' => (lmtp ? 'LHLO' : 'EHLO');

/** The greeting commands a session may send: EHLO or HELO in SMTP, LHLO alone in LMTP (RFC 2033 has no HELO). */
export const helloVerbs = (lmtp = false): string => (lmtp ? 'LHLO' : 'EHLO/HELO');

/** The steps whose notes name the greeting, as LMTP says them. */
const LMTP_NOTES: Partial<Record<Step, string>> = {
	ehlo: `greeted: introduce yourself with ${helloVerb(true)} (LMTP has no HELO)`,
	starttls: `STARTTLS accepted: TLS handshake in progress, then ${helloVerb(true)} again`,
};

/** A step's note (TRANSITIONS) in the session's protocol: LMTP greets with LHLO. */
export const stepNote = (step: Step, lmtp = false): string => (lmtp ? LMTP_NOTES[step] : undefined) ?? TRANSITIONS[step].note;

/** The rail step a trigger works on (commands without one, like NOOP, leave the rail alone). */
export const STEP_OF: Partial<Record<Trigger, Step>> = {
	greeting: 'greeting',
	EHLO: 'ehlo',
	HELO: 'ehlo',
	STARTTLS: 'starttls',
	handshake: 'starttls',
	// No step of its own: XCLIENT starts the greeting over, and the EHLO after it is the ehlo step's again.
	XCLIENT: 'ehlo',
	AUTH: 'auth',
	'AUTH-RESPONSE': 'auth',
	MAIL: 'mail',
	RCPT: 'rcpt',
	DATA: 'data',
	chunk: 'message',
	'.': 'queued',
	QUIT: 'quit',
};

/** The rail step a command works on, if any (NOOP, RSET, VRFY... have none). */
export function railStepOf(verb: Verb): Step | undefined {
	return STEP_OF[verb];
}

/** The rail step of a stage at which the client stops a run by itself. */
export const LOCAL_STEP_OF: Partial<Record<FailureStage, Step>> = {tls: 'starttls', xclient: 'ehlo', auth: 'auth', mail: 'mail', rcpt: 'rcpt', data: 'data'};

/** The failure stage of what a reply answers: where a session that fails there stopped. */
export const STAGE_OF: Partial<Record<Trigger, FailureStage>> = {
	greeting: 'banner',
	EHLO: 'ehlo',
	HELO: 'ehlo',
	STARTTLS: 'tls',
	handshake: 'tls',
	XCLIENT: 'xclient',
	AUTH: 'auth',
	'AUTH-RESPONSE': 'auth',
	MAIL: 'mail',
	RCPT: 'rcpt',
	DATA: 'data',
	chunk: 'data',
	'.': 'final-dot',
	QUIT: 'quit',
};

/** The rail step a failure stage belongs to ('closed' and 'connect' have none of their own). */
export function stepOfStage(stage: FailureStage): Step | undefined {
	const trigger = (Object.keys(STAGE_OF) as Trigger[]).find(key => STAGE_OF[key] === stage && STEP_OF[key] !== undefined);
	return trigger && STEP_OF[trigger];
}

/** The steps of one mail transaction: reset to pending when a new one starts. */
export const TRANSACTION_STEPS: readonly Step[] = ['mail', 'rcpt', 'data', 'message', 'queued'];

export const SERVICE_CLOSING = 421;

/**
 * A 421, or a 221 (which answers QUIT only): the server ends the session. Postfix answers a line that is no command
 * ("." typed outside DATA) "221 2.7.0 Error: I can break rules, too. Goodbye." and closes.
 */
export const closesSession = (reply: Reply) => reply.code === SERVICE_CLOSING || reply.code === 221;

export function classOf(reply: Reply): ReplyClass {
	return String(Math.floor(reply.code / 100)) as ReplyClass;
}

function isVerb(trigger: Trigger): trigger is Verb {
	return trigger !== 'greeting' && trigger !== '.' && trigger !== 'handshake';
}

/** Next step after `trigger` got a reply of class `cls` while in `step` (see the rules above TRANSITIONS). */
export function nextStep(step: Step, trigger: Trigger, cls: ReplyClass): Step {
	const row = TRANSITIONS[step];
	if (!isVerb(trigger) || row.verbs.includes(trigger)) return row.on[trigger]?.[cls] ?? step;
	if (cls !== '2' && cls !== '3') return step;
	const home = STEPS.find(s => TRANSITIONS[s].on[trigger] !== undefined);
	return (home && TRANSITIONS[home].on[trigger]?.[cls]) ?? step;
}

/** Where `trigger` leads if it succeeds: used to predict the step after commands still waiting for replies. */
export function successStep(step: Step, trigger: Trigger): Step {
	const next = nextStep(step, trigger, '2');
	return next === step ? nextStep(step, trigger, '3') : next;
}
