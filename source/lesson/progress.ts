// A lesson's progress: a pure reducer fed the controller's snapshots (as the dashboard gets them) and the lesson
// panel's key. Tasks are ticked from what the engine saw of the lines the student typed, in any order; an exchange
// that ticks none gets a nudge.
import type {ConnectionState, LogEntry} from '../session/types.js';
import {typedVerb} from '../smtp/command-line.js';
import type {Captured} from './captured.js';
import {readExchanges, type Exchange, type Pending} from './exchanges.js';
import {CONNECT_HINT, INBOX, LESSONS, onTheWay, opening, type Facts, type Lesson, type LessonTask} from './lessons.js';

/** What of the controller's snapshot a lesson reads: the log, and the lines of a message typed by hand. */
export type LessonSnapshot = {session: {log: readonly LogEntry[]; connection: ConnectionState}; dataMode: boolean; body: readonly string[]};

export type LessonProgress = {
	/** Index into LESSONS. */
	lesson: number;
	/** The panel is on screen. */
	open: boolean;
	/** The current task's hint is shown (asked for with the panel's key). */
	hint: boolean;
	done: readonly boolean[];
	/** A few words on the last exchange, which did no task: what it was, and what the task wants. */
	nudge?: string;
	/** The log entry read last. */
	seen: number;
	exchanges: readonly Exchange[];
	pending?: Pending;
	/** The message lines typed so far after 354 (kept until the dot ends that message). */
	typing: readonly string[];
	/** The last snapshot's connection was open. */
	connected?: boolean;
	/** The sandbox's messages, and those opened in the inbox (by id), the panel open or not. */
	captured: readonly Captured[];
	/** The sandbox's ids of the messages the student typed (their DATA too): only these tick a task. */
	typedMail: readonly number[];
	opened: readonly number[];
};

/** `opened`: a message opened in the inbox, by id. */
type LessonAction = {type: 'observe'; snapshot: LessonSnapshot} | {type: 'sandbox'; captured: readonly Captured[]} | {type: 'opened'; id: number} | {type: 'key'};

export function startLesson(lesson: number, open = true): LessonProgress {
	return {lesson, open, hint: false, done: LESSONS[lesson]!.tasks.map(() => false), seen: -1, exchanges: [], typing: [], captured: [], typedMail: [], opened: []};
}

export const lessonOf = (progress: LessonProgress): Lesson => LESSONS[progress.lesson]!;

/** The first task not done yet: the one the panel gives; undefined once every task is done. */
export function currentTask(progress: LessonProgress): {task: LessonTask; index: number} | undefined {
	const index = progress.done.indexOf(false);
	return index === -1 ? undefined : {task: lessonOf(progress).tasks[index]!, index};
}

const tickedOf = (progress: LessonProgress) => progress.done.filter(Boolean).length;

/** A lesson begun and not finished, whose ticks quitting would lose, in the footer's words; undefined otherwise. */
export function unfinished(progress: LessonProgress): string | undefined {
	const ticked = tickedOf(progress);
	return ticked === 0 || ticked === progress.done.length ? undefined : `the lesson's ticks are lost (${ticked} of ${progress.done.length} tasks done)`;
}

/**
 * What the terminal keeps of a lesson begun once the dashboard has closed: how far it got and the command that goes
 * on from there (the panel that said it is gone with the screen); undefined for a lesson not begun.
 */
export function lessonLeft(progress: LessonProgress): string | undefined {
	const ticked = tickedOf(progress);
	if (ticked === 0) return undefined;
	const {name, title} = lessonOf(progress);
	const lesson = `lesson ${progress.lesson + 1} (${title})`;
	if (ticked < progress.done.length) return `${lesson}: ${ticked} of ${progress.done.length} tasks done; smtp-tui --lesson ${name} starts it again`;
	const next = LESSONS[progress.lesson + 1];
	return next ? `${lesson} done; the next: smtp-tui --lesson ${next.name} (${next.title})` : `${lesson} done, the last of the lessons`;
}

const NOT_OPENED_BY_HAND = 'Ctrl+S opened this connection, not the command line: close it and connect again';

/** Inside a message: DATA's 354 was the last reply (a message's lines get none until its dot). */
const inMessage = (progress: LessonProgress): boolean => progress.connected === true && progress.exchanges.at(-1)?.verb === 'DATA' && progress.exchanges.at(-1)?.code === 354;

/**
 * The current task's hint: its lines; for a message's lines outside a message (a "." typed before them ended it), the
 * way into another first, and what happened, since its own lines would now go as commands.
 */
export function hintOf(progress: LessonProgress): {said?: string; lines: readonly string[]} | undefined {
	const task = currentTask(progress)?.task;
	if (!task) return undefined;
	// Connected, yet the greeting is not ticked: Ctrl+S opened this connection, and only one opened by hand counts.
	if (task.verb === 'CONNECT' && progress.connected) return {said: NOT_OPENED_BY_HAND, lines: ['QUIT', ...task.hint]};
	if (!task.inMessage || inMessage(progress)) return {lines: task.hint};
	// Not connected, the way in is a connection first, whatever the last message was.
	const ended = progress.connected === true && progress.exchanges.at(-1)?.verb === '.';
	return {
		// The way on said first, not in a line after the way in: at 80 columns a hint has three rows.
		said: ended ? 'the lone "." ended that message: open another, then this task\'s lines' : "open a message first, then this task's lines",
		lines: [...(progress.connected ? [] : CONNECT_HINT), ...opening(task)],
	};
}

export const finished = (progress: LessonProgress): boolean => !progress.done.includes(false);

/** Every task whose test passes is done, and stays done. */
function tick(progress: LessonProgress): LessonProgress {
	const captured = progress.captured.filter(message => progress.typedMail.includes(message.id));
	const facts: Facts = {exchanges: progress.exchanges, typing: progress.typing, captured, opened: progress.opened};
	const done = lessonOf(progress).tasks.map((task, index) => progress.done[index] === true || task.done(facts));
	return done.every((value, index) => value === progress.done[index]) ? progress : {...progress, done};
}

/** The explanation's last clause, the enhanced code's ("; 5.5.1 permanent failure, …"): the log has it; the nudge keeps to the words. */
const ENHANCED_CLAUSE = /; [245]\.\d{1,3}\.\d{1,3} [^;]*$/;

/**
 * What the last exchange was, where it did no task: a refusal explained, another command named, or why it did not
 * count. None for a go-ahead (334, 354) to the task's own command: the exchange goes on.
 */
function nudgeFor(task: LessonTask, exchange: Exchange, exchanges: readonly Exchange[]): string | undefined {
	if (exchange.code >= 300 && exchange.code < 400 && exchange.verb === task.verb) return undefined;
	if (exchange.code < 400 && exchange.verb !== task.verb && onTheWay(task, exchange.verb)) return undefined;
	// A line that is no command ("Subject: hi" typed before DATA) is named as typed, not as "SUBJECT:".
	const what = exchange.verb === 'CONNECT' ? 'the greeting' : exchange.verb === '.' ? 'the message' : typedVerb(exchange.verb) === undefined ? `"${exchange.line}"` : exchange.verb;
	// "that was QUIT; this task wants RCPT" left out that RCPT now needs a connection, and its EHLO and MAIL, again.
	if (exchange.verb === 'QUIT' && exchange.code === 221) return 'not yet: QUIT closed the connection: Enter connects again, then EHLO and what this task needs before it';
	// A line typed while the connect task waits: it went over a connection Ctrl+S opened.
	if (task.verb === 'CONNECT') return `not yet: ${NOT_OPENED_BY_HAND} (QUIT, then Enter)`;
	if (exchange.code >= 400) return `not yet: ${what} got ${exchange.code}${exchange.explanation ? ` (${exchange.explanation.replace(ENHANCED_CLAUSE, '')})` : ''}`;
	if (exchange.verb !== task.verb) return `not yet: that was ${what}; this task wants ${task.verb === '.' ? 'the message' : task.verb === INBOX ? 'the Inbox (Tab)' : task.verb}`;
	const unmet = typeof task.unmet === 'function' ? task.unmet(exchange, exchanges) : task.unmet;
	return `not yet: ${unmet ?? `${what} went, but not as this task asks`}`;
}

/**
 * The exchanges a lesson's tests read: the latest, which are more than a lesson takes (a greylisted RCPT and its
 * retry are a few apart). Each snapshot tests them all: a session of thousands (auto mode with the panel open) would
 * make each frame slower than the last.
 */
const KEPT_EXCHANGES = 200;

/** Said once Ctrl+S (or a run) sent the lines: they count for nothing, and the hint has them. */
export const SENT_FOR_YOU = 'not yet: Ctrl+S sent that for you; this lesson wants you to type it: Ctrl+L shows the lines';

function observe(progress: LessonProgress, snapshot: LessonSnapshot): LessonProgress {
	const {log} = snapshot.session;
	const last = log.at(-1)?.id ?? progress.seen;
	// The lines typed after 354 are the message's until its dot: a later snapshot (after the dot) has none. Copied:
	// the controller's list grows in place as lines are typed.
	const grown = snapshot.dataMode && snapshot.body.length > 0 && snapshot.body.length !== progress.typing.length;
	const typing = grown ? [...snapshot.body] : progress.typing;
	const connected = snapshot.session.connection === 'connected';
	if (last === progress.seen && typing === progress.typing && connected === progress.connected) return progress;
	const read = readExchanges(log, progress.seen, progress.pending, typing, progress.exchanges.at(-1));
	const ended = read.exchanges.some(exchange => exchange.verb === '.');
	const typedMail = read.exchanges.flatMap(exchange => (exchange.byHand && exchange.queued !== undefined ? [exchange.queued] : []));
	const before = currentTask(progress)?.index;
	// Ticked from all that was read, then the latest kept.
	const ticked = tick({
		...progress,
		seen: last,
		exchanges: read.exchanges.length > 0 ? [...progress.exchanges, ...read.exchanges] : progress.exchanges,
		pending: read.pending,
		typing: ended ? [] : typing,
		connected,
		typedMail: typedMail.length > 0 ? [...progress.typedMail, ...typedMail] : progress.typedMail,
	});
	const next = {...ticked, exchanges: ticked.exchanges.slice(-KEPT_EXCHANGES)};
	const current = currentTask(next);
	const exchange = read.exchanges.at(-1);
	// Lines the student did not type ticked nothing: said in place of the hint, which has the lines to type.
	if (exchange && !exchange.byHand && current) return {...next, hint: false, nudge: SENT_FOR_YOU};
	// The current task done: the nudge and the hint were about it; but a message queued that did only some of its
	// tasks (no empty line after its headers) says what it lacked, and a refusal read in the same frame after the
	// task's reply (typed ahead) says itself. Only exchanges nudge: typing a message does not.
	if (current?.index !== before) {
		const tasks = lessonOf(next).tasks;
		const refusedAfter = exchange !== undefined && exchange.code >= 400 && !tasks.some((task, index) => next.done[index] && !progress.done[index] && task.verb === exchange.verb);
		const lacked = current && exchange && ((exchange.verb === current.task.verb && exchange.code < 300) || refusedAfter) ? nudgeFor(current.task, exchange, next.exchanges) : undefined;
		return {...next, hint: false, nudge: lacked};
	}
	const nudge = current && exchange && nudgeFor(current.task, exchange, next.exchanges);
	// A step on the way (or a go-ahead) says nothing: what the nudge said before is about an exchange now past.
	if (!nudge) {
		if (!exchange) return next;
		const {nudge: _, ...quiet} = next;
		return quiet;
	}
	// A refusal takes the hint's place, which hid it: the panel shows one or the other. Lines that went well, as a
	// hint of several lines goes, leave the hint up.
	return exchange!.code >= 400 ? {...next, nudge, hint: false} : {...next, nudge};
}

/** What the sandbox captured, or the messages opened in the inbox: a task done takes the hint and the nudge with it. */
function sandboxSeen(progress: LessonProgress, captured: readonly Captured[], opened: readonly number[]): LessonProgress {
	if (captured === progress.captured && opened === progress.opened) return progress;
	const next = tick({...progress, captured, opened});
	const {nudge: _, ...quiet} = next;
	return currentTask(next)?.index !== currentTask(progress)?.index ? {...quiet, hint: false} : next;
}

/** The lesson after this one; after the last, the first again (a class's next round, without a restart). */
export const nextLessonIndex = (lesson: number): number => (lesson + 1) % LESSONS.length;

/**
 * The next lesson counts from here, but for the connection still open: its greeting and EHLO are no less done (a
 * closed one's transaction is no task of it). The first lesson again keeps no more: lesson 4's messages on that
 * connection would tick its MAIL, RCPT and DATA before anyone typed them, and the messages typed in the first round
 * would tick the second round's Bcc and other From as lesson 4 began.
 */
function nextLesson(progress: LessonProgress): LessonProgress {
	const lesson = nextLessonIndex(progress.lesson);
	const greeted = progress.exchanges.map(exchange => exchange.verb).lastIndexOf('CONNECT');
	const open = progress.connected && greeted !== -1 ? progress.exchanges.slice(greeted) : [];
	const again = lesson === 0;
	const kept = again ? open.filter(exchange => exchange.verb === 'CONNECT' || exchange.verb === 'EHLO') : open;
	return {...startLesson(lesson), seen: progress.seen, exchanges: kept, connected: progress.connected === true, captured: progress.captured, typedMail: again ? [] : progress.typedMail, ...(progress.pending && {pending: progress.pending})};
}

/**
 * The panel's key: opens the panel; open, shows the hint; with the hint shown, closes it. At the end of a lesson it
 * starts the next one, and after the last the first again: closing there left no way back to a lesson but quitting.
 */
function pressed(progress: LessonProgress): LessonProgress {
	if (!progress.open) return {...progress, open: true};
	if (finished(progress)) return tick(nextLesson(progress));
	if (!progress.hint) return {...progress, hint: true};
	return {...progress, open: false, hint: false};
}

export function lessonReducer(progress: LessonProgress, action: LessonAction): LessonProgress {
	switch (action.type) {
		case 'observe':
			return observe(progress, action.snapshot);
		case 'sandbox':
			return sandboxSeen(progress, action.captured, progress.opened);
		case 'opened':
			return progress.opened.includes(action.id) ? progress : sandboxSeen(progress, progress.captured, [...progress.opened, action.id]);
		case 'key':
			return pressed(progress);
	}
}
