// The lesson's reducer fed the log entries a manual session produces (as recorded from the sandbox), in snapshots as
// the dashboard gets them: tasks ticked from what the server answered, typed ahead or not, and nudges for the rest.
import {describe, expect, it} from 'vitest';
import type {LogEntry} from '../../source/session/types.js';
import type {Captured} from '../../source/lesson/captured.js';
import {LESSONS, findLesson, lessonList} from '../../source/lesson/lessons.js';
import {SENT_FOR_YOU, currentTask, finished, hintOf, lessonReducer, startLesson, type LessonProgress, type LessonSnapshot} from '../../source/lesson/progress.js';

type Line = ['sent' | 'info', string, boolean?] | ['received', number, string, boolean?] | ['data', readonly string[]];

/**
 * Log entries as the driver writes them for lines typed by hand: a reply's last line carries the parsed reply (marked
 * typed), the message a data entry.
 */
function entries(lines: readonly Line[], from = 1): LogEntry[] {
	return lines.map((line, index) => {
		const base = {id: from + index, time: 0};
		if (line[0] === 'received') return {...base, kind: 'received', text: `${line[1]} ${line[2]}`, reply: {code: line[1], lines: [line[2]], raw: [`${line[1]} ${line[2]}`]}, explanation: `explained ${line[1]}`, typed: true, ...(line[3] && {tls: true})};
		if (line[0] === 'data') return {...base, kind: 'data', text: `message: ${line[1].length} lines`, data: {lines: line[1].length, bytes: 0, stored: 0, preview: [...line[1]]}};
		return {...base, kind: line[0], text: line[1], ...(line[2] && {tls: true})};
	});
}

const snapshot = (log: readonly LogEntry[], more: Partial<Omit<LessonSnapshot, 'session'>> & {connection?: LessonSnapshot['session']['connection']} = {}): LessonSnapshot => ({
	session: {log, connection: more.connection ?? 'connected'},
	dataMode: more.dataMode ?? false,
	body: more.body ?? [],
});

/** Feeds the lines one snapshot each (the log growing), as the throttled dashboard may see them, or all at once. */
function play(progress: LessonProgress, lines: readonly Line[], oneByOne = true): LessonProgress {
	const log = entries(lines);
	if (!oneByOne) return lessonReducer(progress, {type: 'observe', snapshot: snapshot(log)});
	return log.reduce((state, _, index) => lessonReducer(state, {type: 'observe', snapshot: snapshot(log.slice(0, index + 1))}), progress);
}

const labels = (progress: LessonProgress) => LESSONS[progress.lesson]!.tasks.filter((_, index) => progress.done[index]).map(task => task.label);

// Recorded from the dashboard's sandbox, typed in manual mode (the EHLO reply cut to its last lines).
const CLASSIC: Line[] = [
	['info', 'connecting to 127.0.0.1:41297'],
	['received', 220, 'lab ESMTP smtp-tui sandbox'],
	['sent', 'EHLO client.example.test'],
	['received', 250, 'SIZE 10485760'],
	['sent', 'MAIL FROM:<you@example.test>'],
	['received', 250, '2.1.0 Accepted'],
	['sent', 'RCPT TO:<friend@example.test>'],
	['received', 250, '2.1.5 Accepted'],
	['sent', 'DATA'],
	['received', 354, 'End data with <CR><LF>.<CR><LF>'],
	['data', ['From: you@example.test', 'To: friend@example.test', 'Subject: hi', '', 'Hello', '.']],
	['received', 250, '2.6.0 Ok: queued as 1'],
	['sent', 'QUIT'],
	['received', 221, '2.0.0 Bye'],
];

describe('lesson 1, the classic conversation', () => {
	it('ticks every task in turn, then is finished', () => {
		let progress = startLesson(0);
		expect(currentTask(progress)?.task.label).toBe('connect');
		progress = play(progress, CLASSIC.slice(0, 2));
		expect(labels(progress)).toEqual(['connect']);
		progress = play(progress, CLASSIC);
		expect(finished(progress)).toBe(true);
		expect(progress.nudge).toBeUndefined();
	});

	it('gives the same result for the whole log in one snapshot (a throttled frame)', () => {
		expect(play(startLesson(0), CLASSIC, false).done).toEqual(play(startLesson(0), CLASSIC).done);
	});

	it('ticks the headers and the body from the lines typed after 354, before the dot', () => {
		const log = entries(CLASSIC.slice(0, 10));
		let progress = lessonReducer(startLesson(0), {type: 'observe', snapshot: snapshot(log)});
		expect(currentTask(progress)?.task.label).toBe('headers');
		progress = lessonReducer(progress, {type: 'observe', snapshot: snapshot(log, {dataMode: true, body: ['From: a@example.test', 'To: b@example.test', 'Subject: x']})});
		expect(currentTask(progress)?.task.label).toBe('body');
		progress = lessonReducer(progress, {type: 'observe', snapshot: snapshot(log, {dataMode: true, body: ['From: a@example.test', 'To: b@example.test', 'Subject: x', '', 'Hi']})});
		expect(currentTask(progress)?.task.label).toBe('dot');
	});

	it('reads the typed lines from a list the controller grows in place', () => {
		const log = entries(CLASSIC.slice(0, 10));
		const body: string[] = ['From: a@example.test'];
		let progress = lessonReducer(startLesson(0), {type: 'observe', snapshot: snapshot(log, {dataMode: true, body})});
		body.push('To: b@example.test', 'Subject: x');
		progress = lessonReducer(progress, {type: 'observe', snapshot: snapshot(log, {dataMode: true, body})});
		expect(currentTask(progress)?.task.label).toBe('body');
	});

	it('recognises a task done ahead of its turn, and nudges the line that did none', () => {
		// RCPT before MAIL: the server's 503 nudges; MAIL and RCPT then go, and both are ticked.
		const lines: Line[] = [...CLASSIC.slice(0, 4), ['sent', 'RCPT TO:<friend@example.test>'], ['received', 503, '5.5.1 Error: need MAIL command']];
		let progress = play(startLesson(0), lines);
		expect(currentTask(progress)?.task.label).toBe('MAIL');
		expect(progress.nudge).toBe('not yet: RCPT got 503 (explained 503)');
		// DATA typed ahead of MAIL's turn: answered 503 too, and once MAIL and RCPT went it still wants its 354.
		progress = play(progress, [...lines, ['sent', 'DATA'], ['received', 354, 'go ahead'], ['sent', 'MAIL FROM:<you@example.test>'], ['received', 250, 'ok']]);
		expect(labels(progress)).toEqual(['connect', 'EHLO', 'MAIL', 'DATA']);
		expect(currentTask(progress)?.task.label).toBe('RCPT');
		expect(progress.nudge).toBeUndefined();
	});

	it('does not take EHLO with a bare word: its nudge says why', () => {
		const progress = play(startLesson(0), [...CLASSIC.slice(0, 2), ['sent', 'EHLO me'], ['received', 250, 'SIZE 1']]);
		expect(currentTask(progress)?.task.label).toBe('EHLO');
		expect(progress.nudge).toMatch(/^not yet: EHLO wants a full name/);
	});

	it('says that QUIT in the middle closed the connection, and what comes before the task again', () => {
		const progress = play(startLesson(0), [...CLASSIC.slice(0, 6), ['sent', 'QUIT'], ['received', 221, '2.0.0 Bye']]);
		expect(currentTask(progress)?.task.label).toBe('RCPT');
		expect(progress.nudge).toBe('not yet: QUIT closed the connection: Enter connects again, then EHLO and what this task needs before it');
	});

	it('names a line that is no command as typed: a header before DATA', () => {
		const progress = play(startLesson(0), [...CLASSIC.slice(0, 4), ['sent', 'Subject: hello'], ['received', 500, '5.5.2 Error: command not recognized']]);
		expect(progress.nudge).toBe('not yet: "Subject: hello" got 500 (explained 500)');
	});

	it('leaves the enhanced code\'s clause of a refusal to the log', () => {
		const log = entries([...CLASSIC.slice(0, 4), ['sent', 'RCPT TO:<friend@example.test>'], ['received', 503, '5.5.1 Error: need MAIL command']]);
		const explained = log.map(entry => (entry.kind === 'received' && entry.reply?.code === 503 ? {...entry, explanation: 'bad sequence of commands: MAIL FROM must come first; 5.5.1 permanent failure, mail delivery protocol: invalid command'} : entry));
		const progress = explained.reduce((state, _, index) => lessonReducer(state, {type: 'observe', snapshot: snapshot(explained.slice(0, index + 1))}), startLesson(0));
		expect(progress.nudge).toBe('not yet: RCPT got 503 (bad sequence of commands: MAIL FROM must come first)');
	});

	it('nudges a refusal read in the same frame as the task done before it (typed ahead, a throttled frame)', () => {
		const lines: Line[] = [...CLASSIC.slice(0, 4), ['sent', 'RCPT TO:<friend@example.test>'], ['received', 503, '5.5.1 Error: need MAIL command']];
		const progress = play(startLesson(0), lines, false);
		expect(currentTask(progress)?.task.label).toBe('MAIL');
		expect(progress.nudge).toBe('not yet: RCPT got 503 (explained 503)');
		// A refusal that did the task (lesson 2's 550 for nobody@) is no nudge.
		const refused = play(startLesson(1), [...CLASSIC.slice(0, 6), ['sent', 'RCPT TO:<nobody@example.test>'], ['received', 550, '5.1.1 user unknown']], false);
		expect(currentTask(refused)?.task.label).toBe('deferred');
		expect(refused.nudge).toBeUndefined();
	});

	it('names another command than the task asks for', () => {
		const progress = play(startLesson(0), [...CLASSIC.slice(0, 4), ['sent', 'NOOP'], ['received', 250, 'OK']]);
		expect(progress.nudge).toBe('not yet: that was NOOP; this task wants MAIL');
	});

	it('nudges the body still undone when a message without its empty line was queued (its dot ticked)', () => {
		const lines: Line[] = [...CLASSIC.slice(0, 10), ['data', ['From: you@example.test', 'To: friend@example.test', 'Subject: hi', 'Hello', '.']], ['received', 250, 'queued']];
		const progress = play(startLesson(0), lines);
		expect(labels(progress)).toContain('dot');
		expect(currentTask(progress)?.task.label).toBe('body');
		expect(progress.nudge).toBe('not yet: queued without an empty line after its headers, then a line of text: send another (MAIL, RCPT, DATA)');
	});

	it('does not tick the message without a Subject header', () => {
		const lines: Line[] = [...CLASSIC.slice(0, 10), ['data', ['From: you@example.test', '', 'Hello', '.']], ['received', 250, 'queued']];
		const progress = play(startLesson(0), lines);
		expect(currentTask(progress)?.task.label).toBe('headers');
		expect(progress.done.filter(Boolean)).toHaveLength(5);
	});
});

describe('lesson 2, when it goes wrong', () => {
	const open: Line[] = CLASSIC.slice(0, 6);
	const grey: Line[] = [['sent', 'RCPT TO:<grey@example.test>'], ['received', 450, '4.7.1 <grey@example.test>: greylisted, try again in 5 s']];

	it('tells a refusal for good from a deferral, and wants the retry accepted after it', () => {
		let progress = play(startLesson(1), [...open, ['sent', 'RCPT TO:<nobody@example.test>'], ['received', 550, '5.1.1 <nobody@example.test>: user unknown'], ...grey]);
		expect(labels(progress)).toEqual(['MAIL', 'refused', 'deferred']);
		// Accepted before it was deferred is no retry: friend@'s 250 neither.
		progress = play(progress, [...open, ['sent', 'RCPT TO:<nobody@example.test>'], ['received', 550, 'user unknown'], ...grey, ['sent', 'RCPT TO:<friend@example.test>'], ['received', 250, 'ok']]);
		expect(currentTask(progress)?.task.label).toBe('retry');
		progress = play(progress, [...open, ['sent', 'RCPT TO:<nobody@example.test>'], ['received', 550, 'user unknown'], ...grey, ['sent', 'RCPT TO:<friend@example.test>'], ['received', 250, 'ok'], ['sent', 'RCPT TO:<GREY+1@Example.TEST>'], ['received', 250, 'ok']]);
		expect(currentTask(progress)?.task.label).toBe('RSET');
	});

	it('wants a body line that went dot-stuffed', () => {
		const message = (body: string): Line[] => [['sent', 'DATA'], ['received', 354, 'go'], ['data', ['Subject: dots', '', body, '.']], ['received', 250, 'queued']];
		const plain = play(startLesson(1), [...open, ...message('signature')]);
		expect(plain.done.at(-1)).toBe(false);
		expect(play(startLesson(1), [...open, ...message('..signature')]).done.at(-1)).toBe(true);
	});
});

describe('lesson 3, encryption and login', () => {
	it('wants EHLO again and AUTH inside TLS', () => {
		const before: Line[] = [...CLASSIC.slice(0, 4), ['sent', 'AUTH PLAIN [redacted]'], ['received', 538, '5.7.11 Must issue a STARTTLS command first']];
		let progress = play(startLesson(2), before);
		expect(currentTask(progress)?.task.label).toBe('STARTTLS');
		expect(progress.nudge).toMatch(/^not yet: AUTH got 538/);
		const inside: Line[] = [...before, ['sent', 'STARTTLS'], ['received', 220, 'Ready to start TLS'], ['sent', 'EHLO client.example.test', true], ['received', 250, 'AUTH PLAIN', true], ['sent', 'AUTH PLAIN', true], ['received', 334, '', true], ['sent', '[redacted]', true], ['received', 235, 'Authentication successful', true]];
		progress = play(progress, inside);
		expect(labels(progress)).toEqual(['connect', 'EHLO', 'STARTTLS', 'EHLO again', 'AUTH']);
	});
});

describe('lesson 3, the two EHLOs', () => {
	const tls: Line[] = [...CLASSIC.slice(0, 4), ['sent', 'STARTTLS'], ['received', 220, 'Ready']];

	it('wants a full name inside TLS too: `ehlo me` is no EHLO again', () => {
		const progress = play(startLesson(2), [...tls, ['sent', 'ehlo me', true], ['received', 250, 'AUTH PLAIN', true]]);
		expect(currentTask(progress)?.task.label).toBe('EHLO again');
		expect(progress.nudge).toBe('not yet: EHLO wants a full name, with a dot: client.example.test');
	});

	it('does not blame the name of a full EHLO that went inside TLS before the first one', () => {
		const skipped: Line[] = [CLASSIC[0]!, CLASSIC[1]!, ['sent', 'STARTTLS'], ['received', 220, 'Ready'], ['sent', 'EHLO client.example.test', true], ['received', 250, 'AUTH PLAIN', true]];
		const progress = play(startLesson(2), [...skipped, ['sent', 'EHLO client.example.test', true], ['received', 250, 'AUTH PLAIN', true]]);
		expect(currentTask(progress)?.task.label).toBe('EHLO');
		expect(progress.nudge).toBe('not yet: that EHLO went inside TLS: this one goes before STARTTLS (QUIT, then Enter connects again)');
	});

	it('takes lesson 1\'s EHLO inside TLS as well', () => {
		expect(play(startLesson(0), [CLASSIC[0]!, CLASSIC[1]!, ['sent', 'STARTTLS'], ['received', 220, 'Ready'], ['sent', 'EHLO client.example.test', true], ['received', 250, 'OK', true]]).done[1]).toBe(true);
	});
});

describe('lesson 3, AUTH LOGIN', () => {
	it('ticks the login from the 235 after the user and password answered each 334', () => {
		const tls: Line[] = [...CLASSIC.slice(0, 4), ['sent', 'STARTTLS'], ['received', 220, 'Ready'], ['sent', 'EHLO client.example.test', true], ['received', 250, 'AUTH PLAIN LOGIN', true]];
		const login: Line[] = [['sent', 'AUTH LOGIN', true], ['received', 334, 'VXNlcm5hbWU6', true], ['sent', '[redacted]', true], ['received', 334, 'UGFzc3dvcmQ6', true], ['sent', '[redacted]', true], ['received', 235, '2.7.0 Authentication successful', true]];
		const progress = play(startLesson(2), [...tls, ...login]);
		expect(currentTask(progress)?.task.label).toBe('QUIT');
		expect(progress.nudge).toBeUndefined();
	});
});

describe('lesson 4, envelope and headers', () => {
	const message = (id: number, more: Partial<Captured>): Captured => ({id, mailFrom: 'you@example.test', rcptTo: ['friend@example.test'], named: ['friend@example.test'], ...more});
	const bcc = message(1, {rcptTo: ['friend@example.test', 'boss@example.test']});
	const spoofed = message(2, {from: 'Boss@EXAMPLE.test'});
	const sandbox = (progress: LessonProgress, captured: Captured[], opened?: number) => {
		const seen = lessonReducer(progress, {type: 'sandbox', captured});
		return opened === undefined ? seen : lessonReducer(seen, {type: 'opened', id: opened});
	};
	const open: Line[] = [...CLASSIC.slice(0, 8), ['sent', 'RCPT TO:<boss@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go']];
	/** A message typed, and the sandbox's 250 naming the id it keeps it by. */
	const queued = (id: number): Line[] => [['data', ['Subject: x', '', 'hi', '.']], ['received', 250, `2.6.0 Ok: queued as ${id}`]];
	const another: Line[] = [['sent', 'MAIL FROM:<you@example.test>'], ['received', 250, 'ok'], ['sent', 'RCPT TO:<friend@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go']];

	it('counts none of the first round\'s messages in the second: after lesson 1 again, lesson 4\'s Bcc and other From are typed again', () => {
		const typed = sandbox(sandbox(play(startLesson(3), [...open, ...queued(1), ...another, ...queued(2)]), [bcc, spoofed], 2), [bcc, spoofed], 1);
		expect(finished(typed)).toBe(true);
		// Lesson 1 again, then each lesson done in turn up to lesson 4.
		let progress = lessonReducer(typed, {type: 'key'});
		for (let lesson = 0; lesson < 3; lesson++) progress = lessonReducer({...progress, done: LESSONS[lesson]!.tasks.map(() => true)}, {type: 'key'});
		expect(progress.lesson).toBe(3);
		expect(labels(sandbox(progress, [bcc, spoofed]))).toEqual([]);
	});

	it('ticks the Bcc and the other From from what the sandbox captured, and each from its message opened', () => {
		let progress = play(startLesson(3), open);
		expect(labels(progress)).toEqual(['MAIL', 'two RCPT', 'DATA']);
		progress = sandbox(play(progress, [...open, ...queued(1)]), [bcc]);
		expect(currentTask(progress)?.task.label).toBe('again');
		progress = sandbox(play(progress, [...open, ...queued(1), ...another, ...queued(2)]), [bcc, spoofed]);
		expect(currentTask(progress)?.task.label).toBe('inbox');
		expect(labels(progress)).toContain('From');
		// Opened in the inbox: the one with the other From, then the Bcc one.
		progress = sandbox(progress, [bcc, spoofed], 2);
		expect(labels(progress)).toContain('inbox');
		progress = sandbox(progress, [bcc, spoofed], 1);
		expect(labels(progress)).toContain('Bcc seen');
	});

	it('counts a message opened in the inbox before the sandbox\'s capture is read (the panel was closed): the student did the task', () => {
		const typed = play(startLesson(3), [...open, ...queued(1), ...another, ...queued(2)]);
		// Opened while the panel was closed: nothing read of the sandbox yet.
		const opened = lessonReducer(typed, {type: 'opened', id: 2});
		expect(labels(opened)).not.toContain('inbox');
		// The panel opens: the capture read, the task it did is done.
		const progress = sandbox(opened, [bcc, spoofed]);
		expect(labels(progress)).toContain('inbox');
		expect(currentTask(progress)?.task.label).toBe('Bcc seen');
	});

	it('asks for no other message when the Bcc\'s own had the other From (typed from memory): on to the inbox', () => {
		const both = message(1, {rcptTo: ['friend@example.test', 'boss@example.test'], from: 'boss@example.test'});
		const progress = sandbox(play(startLesson(3), [...open, ...queued(1)]), [both]);
		expect(labels(progress)).toEqual(['MAIL', 'two RCPT', 'DATA', 'Bcc', 'again', 'From']);
		expect(labels(sandbox(progress, [both], 1))).toHaveLength(8);
	});

	it('does not take a To: that names someone the envelope has not for a Bcc: every recipient left out is no Bcc beside a To:', () => {
		const elsewhere = message(1, {rcptTo: ['friend@example.test', 'boss@example.test'], named: ['someone@example.test']});
		const progress = sandbox(play(startLesson(3), [...open, ...queued(1)]), [elsewhere], 1);
		expect(labels(progress)).toEqual(['MAIL', 'two RCPT', 'DATA']);
	});

	it('does not take a message whose headers name every recipient, or none, for a Bcc; nor the From in another case for another sender', () => {
		const progress = sandbox(play(startLesson(3), [...CLASSIC.slice(0, 2), ...another, ...queued(1), ...another, ...queued(2), ...another, ...queued(3)]), [message(1, {rcptTo: ['friend@example.test', 'boss@example.test'], named: ['friend@EXAMPLE.test', 'boss@Example.test']}), message(2, {rcptTo: ['friend@example.test', 'boss@example.test'], named: []}), message(3, {from: 'you@EXAMPLE.TEST'})], 3);
		expect(labels(progress)).toEqual(['MAIL', 'DATA', 'again']);
	});

	it('says nothing of the commands its own lines lead through: Enter and EHLO before MAIL, MAIL, RCPT and DATA before a message', () => {
		const greeted = play(startLesson(3), CLASSIC.slice(0, 4));
		expect(currentTask(greeted)?.task.label).toBe('MAIL');
		expect(greeted.nudge).toBeUndefined();
		// A nudge said before is about an exchange now past: the next step on the way takes it away.
		const refused: Line[] = [...CLASSIC.slice(0, 2), ['sent', 'RCPT TO:<friend@example.test>'], ['received', 503, 'need MAIL']];
		expect(play(startLesson(3), refused).nudge).toBe('not yet: RCPT got 503 (explained 503)');
		expect(play(startLesson(3), [...refused, CLASSIC[2]!, CLASSIC[3]!]).nudge).toBeUndefined();
		// After the Bcc's message was queued, another commands' way into the next.
		const again: Line[] = [...open, ['data', ['Subject: x', '', 'hi', '.']], ['received', 250, 'queued'], ['sent', 'MAIL FROM:<you@example.test>'], ['received', 250, 'ok'], ['sent', 'RCPT TO:<friend@example.test>'], ['received', 250, 'ok']];
		const progress = play(startLesson(3), again);
		expect(currentTask(progress)?.task.label).toBe('Bcc');
		expect(progress.nudge).toBeUndefined();
		// Another command is still named.
		expect(play(startLesson(3), [...again, ['sent', 'NOOP'], ['received', 250, 'OK']]).nudge).toBe('not yet: that was NOOP; this task wants the message');
	});

	it('leads into another message for the Bcc with both recipients, and says what the one queued lacked', () => {
		const queued = (lines: readonly string[], recipients: Line[] = [['sent', 'RCPT TO:<boss@example.test>'], ['received', 250, 'ok']]): LessonProgress => play(startLesson(3), [...CLASSIC.slice(0, 8), ...recipients, ['sent', 'DATA'], ['received', 354, 'go'], ['data', [...lines, '.']], ['received', 250, 'queued']]);
		const early = lessonReducer(queued([]), {type: 'key'});
		expect(hintOf(early)).toEqual({said: 'the lone "." ended that message: open another, then this task\'s lines', lines: ['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'RCPT TO:<boss@example.test>', 'DATA']});
		expect(early.nudge).toBe('not yet: queued without a To: header: send another, with To: friend@example.test');
		expect(queued(['To: friend@example.test', 'Bcc: boss@example.test', '', 'hi']).nudge).toBe('not yet: queued with a Bcc: header, which names boss@ in the message: a Bcc is a RCPT TO alone; send another without it');
		expect(queued(['To: friend@example.test, boss@example.test', '', 'hi']).nudge).toBe('not yet: queued, but its To: or Cc: names every recipient: send another, with boss@ in no header');
		expect(queued(['To: Someone <someone@example.test>', '', 'hi']).nudge).toBe('not yet: queued, but its To: names none of its RCPT TO addresses: send another, To: friend@example.test');
		// The two RCPTs went in an earlier transaction: this message had one recipient.
		const lone = play(startLesson(3), [...open, ['data', ['To: friend@example.test, boss@example.test', '', 'hi', '.']], ['received', 250, 'queued'], ['sent', 'MAIL FROM:<you@example.test>'], ['received', 250, 'ok'], ['sent', 'RCPT TO:<friend@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go'], ['data', ['To: friend@example.test', '', 'hi', '.']], ['received', 250, 'queued']]);
		expect(lone.nudge).toBe('not yet: queued to one recipient: send another, with RCPT TO:<boss@example.test> too');
	});

	it('says whether the message for the other From had none', () => {
		const atFrom = {...startLesson(3), done: [true, true, true, true, true, false, false, false]};
		const queued = (lines: readonly string[]) => play(atFrom, [...CLASSIC.slice(0, 10), ['data', [...lines, '', 'hi', '.']], ['received', 250, 'queued']]).nudge;
		expect(queued(['To: friend@example.test'])).toBe('not yet: queued, but without a From: header: send another, From: boss@example.test');
		expect(queued(['From: you@example.test'])).toBe('not yet: queued, but its From: is the MAIL FROM address: send another, From: boss@example.test');
	});

	it('wants two recipients accepted, not one twice, and names the Inbox for a command typed at its task', () => {
		const twice = play(startLesson(3), [...CLASSIC.slice(0, 8), ['sent', 'RCPT TO:<Friend@Example.test>'], ['received', 250, 'ok']]);
		expect(currentTask(twice)?.task.label).toBe('two RCPT');
		// Nor one in each of two transactions: a connection closed between them, or RSET.
		const boss: Line[] = [['sent', 'RCPT TO:<boss@example.test>'], ['received', 250, 'ok']];
		const reconnected = play(startLesson(3), [...CLASSIC.slice(0, 8), ['sent', 'QUIT'], ['received', 221, 'Bye'], ...CLASSIC.slice(0, 6), ...boss]);
		expect(currentTask(reconnected)?.task.label).toBe('two RCPT');
		expect(reconnected.nudge).toBe('not yet: one recipient so far: RCPT TO:<friend@example.test> adds a second');
		expect(currentTask(play(startLesson(3), [...CLASSIC.slice(0, 8), ['sent', 'RSET'], ['received', 250, 'ok'], CLASSIC[4]!, CLASSIC[5]!, ...boss]))?.task.label).toBe('two RCPT');
		expect(currentTask(play(startLesson(3), [...CLASSIC.slice(0, 8), ...boss]))?.task.label).toBe('DATA');
		const atInbox = {...startLesson(3), done: [true, true, true, true, true, true, false, false]};
		expect(play(atInbox, [...CLASSIC.slice(0, 4), ['sent', 'NOOP'], ['received', 250, 'OK']]).nudge).toBe('not yet: that was NOOP; this task wants the Inbox (Tab)');
	});
});

describe('a long session', () => {
	it('keeps the latest 200 exchanges, and still ticks from them', () => {
		const noops: Line[] = Array.from({length: 300}, () => [['sent', 'NOOP'], ['received', 250, 'OK']] as Line[]).flat();
		const progress = play(startLesson(0), [...CLASSIC.slice(0, 4), ...noops, ...CLASSIC.slice(4, 6)], false);
		expect(progress.exchanges).toHaveLength(200);
		expect(labels(progress)).toEqual(['connect', 'EHLO', 'MAIL']);
	});
});

describe('go-aheads', () => {
	it('nudge nothing while the task\'s own exchange goes on (AUTH\'s 334), but do another command\'s', () => {
		const tls: Line[] = [...CLASSIC.slice(0, 4), ['sent', 'STARTTLS'], ['received', 220, 'Ready'], ['sent', 'EHLO client.example.test', true], ['received', 250, 'AUTH PLAIN', true]];
		const challenged = play(startLesson(2), [...tls, ['sent', 'AUTH PLAIN', true], ['received', 334, '', true]]);
		expect(currentTask(challenged)?.task.label).toBe('AUTH');
		expect(challenged.nudge).toBeUndefined();
		expect(play(startLesson(2), [...CLASSIC.slice(0, 4), ['sent', 'AUTH PLAIN'], ['received', 334, '']]).nudge).toBe('not yet: that was AUTH; this task wants STARTTLS');
	});
});

describe('the panel key and the next lesson', () => {
	it('opens, shows the hint, closes; a task done takes the hint away', () => {
		let progress = startLesson(0, false);
		progress = lessonReducer(progress, {type: 'key'});
		expect([progress.open, progress.hint]).toEqual([true, false]);
		progress = lessonReducer(progress, {type: 'key'});
		expect(progress.hint).toBe(true);
		progress = lessonReducer(progress, {type: 'key'});
		expect(progress.open).toBe(false);
		// A task done takes the hint away: it was about that task.
		progress = lessonReducer(lessonReducer(lessonReducer(progress, {type: 'key'}), {type: 'key'}), {type: 'observe', snapshot: snapshot(entries(CLASSIC.slice(0, 2)))});
		expect(progress.hint).toBe(false);
	});

	it('puts away the hint for a refusal, which it would hide, but not for a line that went well', () => {
		const hinted = lessonReducer(play(startLesson(0), CLASSIC.slice(0, 4)), {type: 'key'});
		expect(hinted.hint).toBe(true);
		const noop = play(hinted, [...CLASSIC.slice(0, 4), ['sent', 'NOOP'], ['received', 250, 'OK']]);
		expect([noop.hint, noop.nudge]).toEqual([true, 'not yet: that was NOOP; this task wants MAIL']);
		const refused = play(hinted, [...CLASSIC.slice(0, 4), ['sent', 'RCPT TO:<friend@example.test>'], ['received', 503, '5.5.1 Error: need MAIL command']]);
		expect([refused.hint, refused.nudge]).toEqual([false, 'not yet: RCPT got 503 (explained 503)']);
	});

	it('starts lesson 2 after lesson 1 with nothing of a closed connection done', () => {
		const done = play(startLesson(0), CLASSIC);
		const closed = lessonReducer(done, {type: 'observe', snapshot: snapshot(entries(CLASSIC), {connection: 'closed'})});
		const next = lessonReducer(closed, {type: 'key'});
		expect(next.lesson).toBe(1);
		expect(next.done.some(Boolean)).toBe(false);
	});

	it('starts lesson 3 after lesson 2 with the open connection\'s greeting and EHLO done', () => {
		const log = entries(CLASSIC.slice(0, 6));
		const two = {...lessonReducer(startLesson(1), {type: 'observe', snapshot: snapshot(log)}), done: LESSONS[1]!.tasks.map(() => true)};
		const three = lessonReducer(two, {type: 'key'});
		expect(three.lesson).toBe(2);
		expect(labels(three)).toEqual(['connect', 'EHLO']);
	});

	it('starts lesson 1 again after the last, open, with only the open connection\'s greeting and EHLO done', () => {
		// Lesson 4's message on the connection still open: its MAIL, RCPT, DATA and dot tick nothing in lesson 1.
		const log = entries(CLASSIC.slice(0, 12));
		const last = {...lessonReducer(startLesson(3), {type: 'observe', snapshot: snapshot(log)}), done: LESSONS[3]!.tasks.map(() => true)};
		const again = lessonReducer(last, {type: 'key'});
		expect([again.lesson, again.open]).toEqual([0, true]);
		expect(labels(again)).toEqual(['connect', 'EHLO']);
		// What is typed now counts: MAIL ticks once answered.
		const mail = lessonReducer(again, {type: 'observe', snapshot: snapshot(entries([...CLASSIC.slice(0, 12), ['sent', 'MAIL FROM:<you@example.test>'], ['received', 250, '2.1.0 Accepted']]))});
		expect(labels(mail)).toEqual(['connect', 'EHLO', 'MAIL']);
	});
});

describe('--lesson values', () => {
	it('takes a number or a name in any case, and nothing else', () => {
		expect([findLesson('1'), findLesson('FAILURES'), findLesson(' tls '), findLesson('Envelope'), findLesson('0'), findLesson('5'), findLesson('tl'), findLesson('')]).toEqual([0, 1, 2, 3, undefined, undefined, undefined, undefined]);
		expect(lessonList()).toBe('1 classic (The classic conversation), 2 failures (When it goes wrong), 3 tls (Encryption and login), 4 envelope (Envelope and headers)');
	});
});

describe('the hints', () => {
	it('show the AUTH PLAIN line and how its base64 is made', () => {
		const auth = LESSONS[2]!.tasks.find(task => task.label === 'AUTH')!;
		expect(auth.hint).toEqual(['AUTH PLAIN AGRlbW8AZGVtbw==', "(that base64 from: printf '\\0demo\\0demo' | base64)"]);
		expect(Buffer.from('AGRlbW8AZGVtbw==', 'base64').toString('latin1')).toBe('\0demo\0demo');
	});
});

describe('a "." typed before a task\'s header or body line', () => {
	const early: Line[] = [...CLASSIC.slice(0, 10), ['data', ['.']], ['received', 250, '2.6.0 Ok: queued as 1']];

	it('hints that it ended the message, and the way into another before the task\'s own lines', () => {
		const progress = lessonReducer(play(startLesson(0), early), {type: 'key'});
		expect(currentTask(progress)?.task.label).toBe('headers');
		expect(hintOf(progress)).toEqual({said: 'the lone "." ended that message: open another, then this task\'s lines', lines: ['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA']});
		// Back inside a message, the task's own lines again.
		const again = play(progress, [...early, ['sent', 'MAIL FROM:<you@example.test>'], ['received', 250, 'ok'], ['sent', 'RCPT TO:<friend@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go ahead']]);
		expect(hintOf(again)).toEqual({lines: ['From: you@example.test', 'To: friend@example.test', 'Subject: My first SMTP session']});
	});

	it("lesson 4's Bcc: the way into another message has boss@ in its envelope too, without which no Bcc can be", () => {
		const open: Line[] = [...CLASSIC.slice(0, 8), ['sent', 'RCPT TO:<boss@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go']];
		const progress = lessonReducer(play(startLesson(3), [...open, ['data', ['To: friend@example.test, boss@example.test', '', 'hi', '.']], ['received', 250, 'queued']]), {type: 'key'});
		expect(currentTask(progress)?.task.label).toBe('Bcc');
		expect(hintOf(progress)?.lines).toEqual(['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'RCPT TO:<boss@example.test>', 'DATA']);
	});

	it('leads with Enter and EHLO once the connection is closed', () => {
		const closed = lessonReducer(play(startLesson(0), early), {type: 'observe', snapshot: snapshot(entries(early), {connection: 'closed'})});
		expect(hintOf(closed)?.lines.slice(0, 3)).toEqual(['(Enter on the empty command line)', 'EHLO client.example.test', 'MAIL FROM:<you@example.test>']);
	});
});

describe('lesson 4, the sandbox before the log', () => {
	const open: Line[] = [...CLASSIC.slice(0, 8), ['sent', 'RCPT TO:<boss@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go']];
	const bcc: Captured = {id: 1, mailFrom: 'you@example.test', rcptTo: ['friend@example.test', 'boss@example.test'], named: ['friend@example.test']};
	const queued: Line[] = [...open, ['data', ['To: friend@example.test', '', 'hi', '.']], ['received', 250, '2.6.0 Ok: queued as 1']];

	it('ticks the Bcc from its capture once the log has its 250, with no nudge of its own', () => {
		let progress = lessonReducer(play(startLesson(3), open), {type: 'sandbox', captured: [bcc]});
		// The capture comes before the 250 that says the typed transaction was this message.
		expect(currentTask(progress)?.task.label).toBe('Bcc');
		progress = play(progress, queued, false);
		expect(currentTask(progress)?.task.label).toBe('again');
		expect(progress.nudge).toBeUndefined();
		// A later message's 250 that did nothing is nudged again.
		progress = play(progress, [...queued, ['sent', 'NOOP'], ['received', 250, 'ok']], false);
		expect(progress.nudge).toBe('not yet: that was NOOP; this task wants DATA');
	});

	it('ticks the Bcc when its 250 is read before its capture', () => {
		const progress = lessonReducer(play(startLesson(3), queued), {type: 'sandbox', captured: [bcc]});
		expect(currentTask(progress)?.task.label).toBe('again');
		expect(progress.nudge).toBeUndefined();
	});
});

describe('lines Ctrl+S sent, not typed', () => {
	/** The entries as the driver logs a run's (Ctrl+S): no reply marked typed. */
	const sentForYou = (log: readonly LogEntry[]) => log.map(({typed: _, ...entry}) => entry);
	const observe = (progress: LessonProgress, log: readonly LogEntry[]) => lessonReducer(progress, {type: 'observe', snapshot: snapshot(log)});

	it('tick nothing in lesson 1, and the panel says so in place of the hint', () => {
		const shown = lessonReducer(startLesson(0), {type: 'key'});
		expect(shown.hint).toBe(true);
		const progress = observe(shown, sentForYou(entries(CLASSIC.slice(0, 12))));
		expect(progress.done.some(Boolean)).toBe(false);
		expect(progress.nudge).toBe(SENT_FOR_YOU);
		expect(progress.hint).toBe(false);
	});

	it('tick nothing after a typed EHLO, and the typed line after them is read as ever', () => {
		const typed = entries(CLASSIC.slice(0, 4));
		const run = sentForYou(entries(CLASSIC.slice(4, 12), 5));
		let progress = observe(observe(startLesson(0), typed), [...typed, ...run]);
		expect(labels(progress)).toEqual(['connect', 'EHLO']);
		expect(progress.nudge).toBe(SENT_FOR_YOU);
		progress = observe(progress, [...typed, ...run, ...entries(CLASSIC.slice(4, 6), 13)]);
		expect(labels(progress)).toEqual(['connect', 'EHLO', 'MAIL']);
		expect(progress.nudge).toBeUndefined();
	});

	it('leave the connect task to a connection opened by hand: its hint and nudge say to close the one Ctrl+S opened', () => {
		const run = sentForYou(entries(CLASSIC.slice(0, 12)));
		let progress = observe(startLesson(0), run);
		expect(hintOf(progress)).toEqual({said: 'Ctrl+S opened this connection, not the command line: close it and connect again', lines: ['QUIT', '(Enter on the empty command line)']});
		const ehlo = entries(CLASSIC.slice(2, 4), 13);
		// Typed ahead, the EHLO counts.
		progress = observe(progress, [...run, ...ehlo]);
		expect(labels(progress)).toEqual(['EHLO']);
		expect(progress.nudge).toBe('not yet: Ctrl+S opened this connection, not the command line: close it and connect again (QUIT, then Enter)');
		const quit = entries(CLASSIC.slice(12), 15);
		progress = lessonReducer(progress, {type: 'observe', snapshot: snapshot([...run, ...ehlo, ...quit], {connection: 'closed'})});
		expect(hintOf(progress)?.lines).toEqual(['(Enter on the empty command line)']);
		const again = entries(CLASSIC.slice(0, 2), 17);
		progress = observe(progress, [...run, ...ehlo, ...quit, ...again]);
		// The QUIT that closed it, as the hint asked, ended no conversation of the student's: the lesson's last task
		// is not ticked before its first.
		expect(labels(progress)).toEqual(['connect', 'EHLO']);
		// The QUIT that ends the connection opened by hand is.
		progress = observe(progress, [...run, ...ehlo, ...quit, ...again, ...entries(CLASSIC.slice(12), 19)]);
		expect(labels(progress)).toEqual(['connect', 'EHLO', 'QUIT']);
	});

	it("do not tick lesson 4's Bcc from the message the sandbox captured of them", () => {
		const typed = entries(CLASSIC.slice(0, 4));
		const run = sentForYou(entries([...CLASSIC.slice(4, 8), ['sent', 'RCPT TO:<boss@example.test>'], ['received', 250, 'ok'], ['sent', 'DATA'], ['received', 354, 'go'], ['data', ['To: friend@example.test', '', 'hi', '.']], ['received', 250, '2.6.0 Ok: queued as 1']], 5));
		const bcc: Captured = {id: 1, mailFrom: 'you@example.test', rcptTo: ['friend@example.test', 'boss@example.test'], named: ['friend@example.test']};
		const progress = lessonReducer(lessonReducer(observe(startLesson(3), [...typed, ...run]), {type: 'sandbox', captured: [bcc]}), {type: 'opened', id: 1});
		expect(progress.done.some(Boolean)).toBe(false);
		expect(progress.nudge).toBe(SENT_FOR_YOU);
	});
});
