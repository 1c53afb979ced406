// The lessons, as data: each an ordered list of tasks, each task what to type and why, the exact line as a hint, and
// a test over what the engine saw (see exchanges.ts). A task is done once its test passes, in any order: a student
// who types ahead finds the tasks ahead already ticked.
import {recipeEffect, recipeFor, type RecipeName} from '../sandbox/recipes.js';
import {sandboxDefaults} from '../sandbox/settings.js';
import {typedVerb} from '../smtp/command-line.js';
import type {Step} from '../smtp/types.js';
import {bccBesideTo, fromDiffers, type Captured} from './captured.js';
import {addressOf, hasHeader, messageParts, type Exchange, type ExchangeVerb} from './exchanges.js';

/**
 * What a task's test reads: the exchanges so far, the lines of a message being typed (after 354, before its dot), the
 * messages the sandbox captured from a transaction the student typed, and those opened in the inbox (by id).
 */
export type Facts = {exchanges: readonly Exchange[]; typing: readonly string[]; captured: readonly Captured[]; opened: readonly number[]};

/** The verb of a task done in the inbox (opening a message), not by a command. */
export const INBOX = 'inbox';

export type LessonTask = {
	/** One word for the row of tasks. */
	label: string;
	/** One to three short lines: what to type, and why. */
	lines: readonly string[];
	/** The exact lines to type. */
	hint: readonly string[];
	/** The hint's lines go inside a message (after DATA's 354): outside one, the hint leads the way into one first. */
	inMessage?: true;
	/** The lines that open that message, where OPEN_MESSAGE's one recipient would not do the task. */
	opens?: readonly string[];
	/** The command the task is about: another one answered says so (the nudge). */
	verb: ExchangeVerb;
	done: (facts: Facts) => boolean;
	/**
	 * Why that command, answered, did not do the task (EHLO with a bare word), or what tells why from the exchange and
	 * those before it (the session's latest, ending with it).
	 */
	unmet?: string | ((exchange: Exchange, exchanges: readonly Exchange[]) => string);
};

export type Lesson = {name: string; title: string; tasks: readonly LessonTask[]; learned: readonly string[]};

/** The student typed `verb` and it was answered as `test` says: what Ctrl+S sent teaches no typing. */
const replied = (exchange: Exchange, verb: ExchangeVerb, test: (code: number) => boolean) => exchange.byHand && exchange.verb === verb && test(exchange.code);
const is = (code: number) => (answer: number) => answer === code;
const positive = (answer: number) => answer >= 200 && answer < 300;
/** Some exchange: `verb` answered as `test` says, and `also` holds for it. */
const answered = (verb: ExchangeVerb, test: (code: number) => boolean, also: (exchange: Exchange) => boolean = () => true) => (facts: Facts) => facts.exchanges.some(exchange => replied(exchange, verb, test) && also(exchange));
const recipe = (name: RecipeName) => (exchange: Exchange) => recipeFor(addressOf(exchange.line) ?? '') === name;

/** The message lines a task may read: those being typed, and each message's, as typed and as on the wire. */
const messages = (facts: Facts): Array<readonly string[]> => [facts.typing, ...facts.exchanges.filter(exchange => exchange.verb === '.' && exchange.byHand).flatMap(exchange => [exchange.typed ?? [], exchange.wire ?? []])];
const HEADERS = ['From', 'To', 'Subject'];
const hasHeaders = (lines: readonly string[]) => HEADERS.every(name => hasHeader(messageParts(lines).headers, name));
const hasBody = (lines: readonly string[]) => (messageParts(lines).body ?? []).some(line => line !== '' && line !== '.');
/** A message line that starts with a dot: typed as such, or on the wire as ".." (dot-stuffed). */
const dotLine = (exchange: Exchange) => (messageParts(exchange.typed ?? []).body ?? []).some(line => line.startsWith('.')) || (messageParts(exchange.wire ?? []).body ?? []).some(line => line.startsWith('..'));
/** An EHLO name as RFC 5321 §4.1.1.1 asks: a full host name (with a dot) or an address literal. */
const fullName = (exchange: Exchange) => /^\S+\s+(\S+\.\S+|\[\S+\])/.test(exchange.line);

/** A task done by one command answered as `test` says: its label is the verb, its hint the line (or `hint`). */
const step = (verb: ExchangeVerb, test: (code: number) => boolean, lines: readonly string[], hint: readonly string[] = [verb]): LessonTask => ({label: verb, lines, hint, verb, done: answered(verb, test)});

const delays = {greylist: `${sandboxDefaults.greylistDelayMs / 1000} s`, slow: `${sandboxDefaults.slowDelayMs / 1000} s`};

const greeting: LessonTask = {
	...step('CONNECT', is(220), ['Press Enter on the empty command line: it connects, as telnet would.', 'The server speaks first: a 220 greeting says it is ready.'], ['(Enter on the empty command line)']),
	label: 'connect',
};

const BARE_NAME = 'EHLO wants a full name, with a dot: client.example.test';

const ehlo: LessonTask = {
	label: 'EHLO',
	lines: ["Say hello with EHLO and this machine's full name (a domain).", 'The 250 lines after the first list the extensions the server offers.'],
	hint: ['EHLO client.example.test'],
	verb: 'EHLO',
	done: answered('EHLO', positive, fullName),
	unmet: BARE_NAME,
};

/** The lines that connect and say EHLO, as a hint gives them. */
export const CONNECT_HINT = [...greeting.hint, ...ehlo.hint];

/** The lines that open a message (MAIL, RCPT, DATA), as a hint gives them. */
const OPEN_MESSAGE = ['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA'];

/** The lines that open a message for a task's lines. */
export const opening = (task: LessonTask): readonly string[] => task.opens ?? OPEN_MESSAGE;

/**
 * The commands a task's hint leads through before its own (Enter and EHLO before MAIL; MAIL, RCPT and DATA before a
 * message's lines): answered well, each is a step on the way, no "not yet".
 */
export function onTheWay(task: LessonTask, verb: ExchangeVerb): boolean {
	const lines = [...task.hint, ...(task.inMessage ? [...CONNECT_HINT, ...opening(task)] : [])];
	return lines.some(line => (line === greeting.hint[0] ? 'CONNECT' : typedVerb(line)) === verb);
}

const mail = step('MAIL', positive, ['MAIL FROM names the sender (the envelope: where bounces go).', 'A 250 opens a transaction.'], [OPEN_MESSAGE[0]!]);
const rcpt = step('RCPT', positive, ['RCPT TO names a recipient, one per line; the server accepts or refuses each.'], [OPEN_MESSAGE[1]!]);
const data = step('DATA', is(354), ['DATA asks to send the message itself.', 'A 354 says go on: every line typed now is the message, until a lone ".".']);
/** Whether the connection of the exchange at `index` was opened by hand: its greeting (the last one before it) was. */
function openedByHand(exchanges: readonly Exchange[], index: number): boolean {
	for (let before = index - 1; before >= 0; before--) if (exchanges[before]!.verb === 'CONNECT') return exchanges[before]!.byHand;
	return false;
}

/**
 * QUIT's 221 ends the conversation the student typed. The QUIT that closes a connection Ctrl+S opened (as the connect
 * task's hint asks) ends none: it ticked a lesson's last task before its first.
 */
const quit = (lines: readonly string[]): LessonTask => ({
	...step('QUIT', is(221), lines),
	done: facts => facts.exchanges.some((exchange, index) => replied(exchange, 'QUIT', is(221)) && openedByHand(facts.exchanges, index)),
});

const classic: Lesson = {
	name: 'classic',
	title: 'The classic conversation',
	tasks: [
		greeting,
		ehlo,
		mail,
		rcpt,
		data,
		{
			label: 'headers',
			inMessage: true,
			lines: ['Type the headers, one per line: From:, To: and Subject:.', 'They are what the reader sees; MAIL and RCPT were the envelope.'],
			hint: ['From: you@example.test', 'To: friend@example.test', 'Subject: My first SMTP session'],
			verb: '.',
			done: facts => messages(facts).some(hasHeaders),
			unmet: 'queued without From:, To: and Subject: lines before its empty line: send another (MAIL, RCPT, DATA)',
		},
		{
			label: 'body',
			inMessage: true,
			lines: ['An empty line (Enter alone) ends the headers; then type a line of text.'],
			hint: ['(Enter on the empty command line)', 'Hello! This is my first message typed by hand.'],
			verb: '.',
			done: facts => messages(facts).some(lines => hasHeaders(lines) && hasBody(lines)),
			unmet: 'queued without an empty line after its headers, then a line of text: send another (MAIL, RCPT, DATA)',
		},
		{
			label: 'dot',
			inMessage: true,
			lines: ['A lone "." on its line ends the message.', 'A 250 says the server queued it: it is responsible for it now.'],
			hint: ['.'],
			verb: '.',
			done: answered('.', positive, exchange => hasHeader(messageParts(exchange.typed ?? []).headers, 'Subject') || hasHeader(messageParts(exchange.wire ?? []).headers, 'Subject')),
			unmet: 'queued, but without a Subject: header: type the message again, with one',
		},
		quit(['QUIT says goodbye: 221, and the server closes the connection.']),
	],
	learned: [
		'The server speaks first (220); EHLO says who you are and learns what it offers.',
		'MAIL and RCPT are the envelope; DATA carries the message: headers, an empty line, the body, a lone ".".',
	],
};

const failures: Lesson = {
	name: 'failures',
	title: 'When it goes wrong',
	tasks: [
		// The whole way to MAIL: its line alone, typed first, gets a 503 (no EHLO yet).
		{...mail, lines: ['Connect (Enter), say EHLO, then open a transaction with MAIL FROM.'], hint: [...CONNECT_HINT, ...mail.hint]},
		{
			label: 'refused',
			lines: [`RCPT TO nobody@: the sandbox answers ${recipeEffect('nobody', delays)}.`, 'A 5xx is final: the same RCPT will always fail.'],
			hint: ['RCPT TO:<nobody@example.test>'],
			verb: 'RCPT',
			done: answered('RCPT', code => code >= 500, recipe('nobody')),
		},
		{
			label: 'deferred',
			lines: ['RCPT TO grey@: a 4xx is for now only (greylisting).', `The sandbox: ${recipeEffect('grey', delays)}.`],
			hint: ['RCPT TO:<grey@example.test>'],
			verb: 'RCPT',
			done: answered('RCPT', code => code >= 400 && code < 500, recipe('grey')),
		},
		{
			label: 'retry',
			lines: [`Wait ${delays.greylist} and send the same RCPT TO grey@ again: this time a 250.`, 'A real mail server retries a 4xx by itself, for days.'],
			hint: ['RCPT TO:<grey@example.test>'],
			verb: 'RCPT',
			done: facts => facts.exchanges.some((exchange, index) => replied(exchange, 'RCPT', positive) && recipe('grey')(exchange) && facts.exchanges.slice(0, index).some(before => before.code >= 400 && recipe('grey')(before))),
		},
		step('RSET', positive, ['RSET drops the transaction (sender and recipients); the connection stays open.']),
		{
			label: 'dot line',
			lines: ['Send a message (MAIL, RCPT, DATA) with a body line that starts with a dot.', 'A lone "." would end it, so a leading dot goes doubled ("dot-stuffing"),', 'and the server takes one off. Ctrl+Y shows the ".." in the log.'],
			hint: ['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA', 'Subject: dots', '(Enter on the empty command line)', '.signature', '.'],
			verb: '.',
			done: answered('.', positive, dotLine),
			unmet: 'queued, but no body line started with a dot',
		},
	],
	learned: [
		'5xx: refused for good (fix the address); 4xx: try again later (greylisting); RSET starts over.',
		'A line that starts with a dot goes doubled, so only a lone "." ends a message.',
	],
};

const tls: Lesson = {
	name: 'tls',
	title: 'Encryption and login',
	tasks: [
		{...greeting, lines: ['Press Enter on the empty command line to connect.']},
		{
			...ehlo,
			lines: ['EHLO: the server offers STARTTLS, so TLS can start on this connection.'],
			// The EHLO before STARTTLS: the one inside TLS is the next task's.
			done: answered('EHLO', positive, exchange => fullName(exchange) && !exchange.tls),
			unmet: exchange => (exchange.tls ? 'that EHLO went inside TLS: this one goes before STARTTLS (QUIT, then Enter connects again)' : BARE_NAME),
		},
		step('STARTTLS', is(220), ['STARTTLS: after its 220 the connection switches to TLS.']),
		{
			label: 'EHLO again',
			lines: ['EHLO again: TLS starts the session over and the server forgot all (RFC 3207).', 'Inside TLS it now offers AUTH.'],
			hint: ['EHLO client.example.test'],
			verb: 'EHLO',
			done: answered('EHLO', positive, exchange => exchange.tls && fullName(exchange)),
			unmet: exchange => (exchange.tls ? BARE_NAME : 'that EHLO went before TLS: STARTTLS first'),
		},
		{
			label: 'AUTH',
			lines: ['AUTH PLAIN logs in as demo, password demo: base64 of "\\0demo\\0demo".', "Made with: printf '\\0demo\\0demo' | base64", '235 says you are logged in; a wrong password gets 535.'],
			hint: ['AUTH PLAIN AGRlbW8AZGVtbw==', "(that base64 from: printf '\\0demo\\0demo' | base64)"],
			verb: 'AUTH',
			done: answered('AUTH', is(235), exchange => exchange.tls),
			unmet: 'log in inside TLS: STARTTLS and EHLO first',
		},
		quit(['QUIT ends the session.']),
	],
	learned: ['STARTTLS turns the connection into TLS; EHLO goes again, as the server forgot all.', 'AUTH PLAIN sends the user and password in base64: never outside TLS.'],
};

const BOSS = 'RCPT TO:<boss@example.test>';
const STARTS_OVER = new Set(['MAIL', 'RSET', 'EHLO', 'HELO']);
/**
 * After each exchange, the addresses of the RCPTs accepted in the transaction then open: a MAIL, RSET or EHLO
 * accepted, a new connection or a message's end starts another.
 */
function openRecipients(exchanges: readonly Exchange[]): Array<ReadonlySet<string | undefined>> {
	let open = new Set<string | undefined>();
	return exchanges.map(exchange => {
		if (replied(exchange, 'RCPT', positive)) open = new Set([...open, addressOf(exchange.line)]);
		else if (exchange.verb === 'CONNECT' || exchange.verb === '.' || (STARTS_OVER.has(exchange.verb) && positive(exchange.code))) open = new Set();
		return open;
	});
}
/** The addresses a typed header names (lower case), in angle brackets or not. */
const typedAddresses = (headers: readonly string[], name: string) => headers.filter(line => hasHeader([line], name)).flatMap(line => line.toLowerCase().match(/[^\s<>,;:"]+@[^\s<>,;"]+/g) ?? []);
/** A message's header lines, as typed (or as on the wire). */
const typedHeaders = (exchange: Exchange) => messageParts(exchange.typed?.length ? exchange.typed : (exchange.wire ?? [])).headers;
/** Accepted RCPTs for this many addresses in one transaction. */
const recipients = (count: number) => (facts: Facts) => openRecipients(facts.exchanges).some(open => open.size >= count);
/** A message the sandbox captured as `test` says. */
const captured = (test: (message: Captured) => boolean) => (facts: Facts) => facts.captured.some(test);
/** Such a message opened in the inbox (its headers view, the first, starts with the envelope). */
const opened = (test: (message: Captured) => boolean) => (facts: Facts) => facts.captured.some(message => test(message) && facts.opened.includes(message.id));

const envelope: Lesson = {
	name: 'envelope',
	title: 'Envelope and headers',
	tasks: [
		{...mail, lines: ['Connect (Enter), EHLO, then MAIL FROM: the envelope\'s sender, where bounces go.'], hint: [...CONNECT_HINT, ...mail.hint]},
		{
			label: 'two RCPT',
			lines: ['RCPT TO friend@, then RCPT TO boss@: the envelope has two recipients.', 'The envelope decides who gets the message, whatever its headers say.'],
			hint: [OPEN_MESSAGE[1]!, BOSS],
			verb: 'RCPT',
			done: recipients(2),
			// The one still missing from this transaction (friend@ after boss@, or after a new connection).
			unmet: (_, exchanges) => `one recipient so far: ${openRecipients(exchanges).at(-1)?.has('boss@example.test') ? OPEN_MESSAGE[1] : BOSS} adds a second`,
		},
		data,
		{
			label: 'Bcc',
			lines: ['Name friend@ alone in To:, then a Subject, an empty line, a line of text, ".".', 'boss@ gets it too, and no header says so: that is a Bcc.'],
			hint: ['To: friend@example.test', 'Subject: Who else?', '(Enter on the empty command line)', 'Only the envelope knows.', '.'],
			inMessage: true,
			opens: [OPEN_MESSAGE[0]!, OPEN_MESSAGE[1]!, BOSS, 'DATA'],
			verb: '.',
			done: captured(bccBesideTo),
			unmet: (exchange, exchanges) => {
				const headers = typedHeaders(exchange);
				// Those of the transaction its "." (the last exchange) ended.
				const recipients = openRecipients(exchanges).at(-2) ?? new Set();
				if (recipients.size < 2) return `queued to one recipient: send another, with ${BOSS} too`;
				if (hasHeader(headers, 'Bcc')) return 'queued with a Bcc: header, which names boss@ in the message: a Bcc is a RCPT TO alone; send another without it';
				if (!hasHeader(headers, 'To')) return 'queued without a To: header: send another, with To: friend@example.test';
				if (!typedAddresses(headers, 'To').some(address => recipients.has(address))) return 'queued, but its To: names none of its RCPT TO addresses: send another, To: friend@example.test';
				return 'queued, but its To: or Cc: names every recipient: send another, with boss@ in no header';
			},
		},
		{
			label: 'again',
			lines: ['Another message: MAIL FROM you@ again, RCPT TO friend@, DATA.'],
			hint: OPEN_MESSAGE,
			verb: 'DATA',
			// Or no need: the Bcc's own message had From: boss@ already (typed from memory), the next task's.
			done: facts => captured(fromDiffers)(facts) || facts.exchanges.some((exchange, index) => replied(exchange, 'DATA', is(354)) && facts.exchanges.slice(0, index).some(before => replied(before, '.', positive))),
		},
		{
			label: 'From',
			lines: ['From: boss@example.test is who the reader sees; MAIL FROM said you@.', 'Then To:, a Subject, an empty line, a line of text and ".".'],
			hint: ['From: boss@example.test', 'To: friend@example.test', 'Subject: Who sent it?', '(Enter on the empty command line)', 'Signed boss.', '.'],
			inMessage: true,
			verb: '.',
			done: captured(fromDiffers),
			unmet: exchange => `queued, but ${hasHeader(typedHeaders(exchange), 'From') ? 'its From: is the MAIL FROM address' : 'without a From: header'}: send another, From: boss@example.test`,
		},
		{
			label: 'inbox',
			lines: ['Tab to the Inbox, Enter opens the newest message: its headers view starts', 'with the envelope, and "! differs from the From: header" under MAIL FROM.'],
			hint: ['(Tab: to the Inbox, unless there)', '(Enter: opens the newest message)'],
			verb: INBOX,
			done: opened(fromDiffers),
		},
		{
			label: 'Bcc seen',
			lines: ['Esc, Up, Enter opens the message before: "! not in To or Cc (a Bcc', 'recipient)" under RCPT TO:<boss@example.test>. Only the envelope named boss@.'],
			// Shown in the inbox, where the last task left the student (Ctrl+L works there): a Tab would leave it.
			hint: ['(Esc: back to the Inbox list)', '(Up: the message before)', '(Enter: opens it)'],
			verb: INBOX,
			done: opened(bccBesideTo),
		},
	],
	learned: ['MAIL FROM and RCPT TO (the envelope) say where mail goes and bounces return.', 'From:, To:, Cc: are what the reader sees; a Bcc is a RCPT TO no header names.'],
};

export const LESSONS: readonly Lesson[] = [classic, failures, tls, envelope];

/** The lessons as `--lesson` takes them: "1 classic (The classic conversation), 2 failures (…), …". */
export const lessonList = (): string => LESSONS.map((lesson, index) => `${index + 1} ${lesson.name} (${lesson.title})`).join(', ');

/** The lesson `--lesson` names: its number from 1, or its name in any case; undefined when none is. */
export function findLesson(value: string): number | undefined {
	const trimmed = value.trim().toLowerCase();
	const index = /^\d+$/.test(trimmed) ? Number(trimmed) - 1 : LESSONS.findIndex(lesson => lesson.name === trimmed);
	return index >= 0 && index < LESSONS.length ? index : undefined;
}

/**
 * The steps a lesson never asks for, STARTTLS and AUTH but in the TLS lesson: the step rail shows them left out while
 * they are pending, so its caption names the step the lesson's task does (MAIL after EHLO, not STARTTLS).
 */
export const stepsLeftOut = (lesson: Lesson): readonly Step[] => (['starttls', 'auth'] as const).filter(step => !lesson.tasks.some(task => task.verb === step.toUpperCase()));
