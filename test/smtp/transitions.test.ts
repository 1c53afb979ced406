// The transition table's rules that the session tests reach only in part: where a failure is filed on the rail,
// which rail step a command works on, and how a command sent out of order moves the session.
import {describe, expect, it} from 'vitest';
import {SmtpSession} from '../../source/smtp/session.js';
import {nextStep, railStepOf, stepNote, stepOfStage, successStep} from '../../source/smtp/transitions.js';
import {STEPS, type Command, type FailureStage, type Step} from '../../source/smtp/types.js';
import {feed, ofType, rail, wire} from './session-harness.js';

function greeted(): SmtpSession {
	const session = new SmtpSession();
	session.connected();
	feed(session, wire('220 mx.test ESMTP'));
	return session;
}

/** Greeted, EHLO answered (AUTH, XCLIENT and STARTTLS offered), then these commands sent: the last one awaits its reply. */
function awaiting(...commands: Command[]): SmtpSession {
	const session = greeted();
	session.command({verb: 'EHLO', domain: 'client.test'});
	feed(session, wire('250-mx.test', '250-AUTH LOGIN', '250-XCLIENT ADDR NAME', '250 STARTTLS'));
	for (const [index, command] of commands.entries()) {
		session.command(command);
		if (index < commands.length - 1) feed(session, wire(command.verb === 'AUTH' ? '334 VXNlcm5hbWU6' : '250 ok'));
	}
	return session;
}

const AUTH: Command = {verb: 'AUTH', mechanism: 'LOGIN'};
const RESPONSE: Command = {verb: 'AUTH-RESPONSE', response: 'dXNlcg=='};

describe('stepOfStage: the rail step a failure is filed under', () => {
	it('names the step the user sees fail for every stage of the conversation', () => {
		const expected: Record<FailureStage, Step | undefined> = {
			connect: undefined,
			banner: 'greeting',
			ehlo: 'ehlo',
			tls: 'starttls',
			// XCLIENT has no step of its own: its greeting starts the ehlo step over.
			xclient: 'ehlo',
			auth: 'auth',
			mail: 'mail',
			rcpt: 'rcpt',
			// DATA's own step, not the message step a BDAT chunk (also stage 'data') draws on.
			data: 'data',
			'final-dot': 'queued',
			quit: 'quit',
			closed: undefined,
			input: undefined,
		};
		for (const [stage, step] of Object.entries(expected)) expect(stepOfStage(stage as FailureStage), stage).toBe(step);
	});
});

describe('railStepOf: the step a command offered to the user lights', () => {
	it('gives the steps of the commands that have one and none to the commands of any time', () => {
		expect(['EHLO', 'HELO', 'STARTTLS', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT'].map(verb => railStepOf(verb as never))).toEqual(['ehlo', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'quit']);
		expect(railStepOf('XCLIENT')).toBe('ehlo');
		for (const verb of ['NOOP', 'RSET', 'VRFY', 'EXPN', 'HELP', 'ETRN', 'RAW'] as const) expect(railStepOf(verb), verb).toBeUndefined();
	});
});

describe('nextStep: commands out of order', () => {
	it('an AUTH sent before EHLO that the server answers 334 moves to the exchange: only its response makes sense next', () => {
		expect(nextStep('ehlo', 'AUTH', '3')).toBe('auth');
		const session = greeted();
		session.command(AUTH);
		feed(session, wire('334 VXNlcm5hbWU6'));
		expect(session.state.step).toBe('auth');
		expect(session.allowedVerbs()).toEqual(['AUTH-RESPONSE']);
	});

	it('a DATA sent before any RCPT that a lax server answers 354 moves to the message: the lines typed next are its text', () => {
		expect(nextStep('mail', 'DATA', '3')).toBe('message');
		expect(successStep('mail', 'DATA')).toBe('message');
	});

	it('a refused out-of-order command changes nothing, even one whose home row moves on a refusal', () => {
		// In its own row a refused AUTH response ends the exchange (back to MAIL); typed anywhere else it is only refused.
		expect(nextStep('auth', 'AUTH-RESPONSE', '5')).toBe('mail');
		expect(nextStep('rcpt', 'AUTH-RESPONSE', '5')).toBe('rcpt');
		expect(nextStep('rcpt', 'AUTH-RESPONSE', '4')).toBe('rcpt');
		expect(nextStep('ehlo', 'MAIL', '4')).toBe('ehlo');
	});

	it('a refused greeting and a refused message end where the table says: QUIT only, and the transaction over', () => {
		for (const cls of ['3', '4', '5'] as const) expect(nextStep('greeting', 'greeting', cls), cls).toBe('quit');
		for (const cls of ['4', '5'] as const) expect(nextStep('message', '.', cls), cls).toBe('queued');
	});
});

describe('a session refused at the greeting', () => {
	it('is in the quit step, as the rail draws it', () => {
		const session = new SmtpSession();
		session.connected();
		feed(session, wire('554 5.7.1 no service for you'));
		expect(session.state.step).toBe('quit');
		expect(rail(session.state)).toContain('greeting✖554');
		expect(rail(session.state)).toContain('[quit·]');
	});
});

describe('the steps of the commands of the greeting, TLS and AUTH', () => {
	const cases: Array<[string, Command[], Step, FailureStage]> = [
		['HELO', [{verb: 'HELO', domain: 'client.test'}], 'ehlo', 'ehlo'],
		['STARTTLS', [{verb: 'STARTTLS'}], 'starttls', 'tls'],
		['XCLIENT', [{verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '203.0.113.5'}]}], 'ehlo', 'xclient'],
		['AUTH', [AUTH], 'auth', 'auth'],
		['an AUTH response', [AUTH, RESPONSE], 'auth', 'auth'],
		['QUIT', [{verb: 'QUIT'}], 'quit', 'quit'],
	];

	it.each(cases)('%s awaiting its reply is the current step on the rail, and its reply is filed under that step', (_name, commands, step) => {
		const session = awaiting(...commands);
		expect(session.state.step).toBe(step);
		const events = feed(session, wire('250 ok'));
		expect(ofType(events, 'reply')[0]?.step).toBe(step);
	});

	it.each(cases)('a 421 answering %s ends the session failed at its stage (what send turns into its exit code)', (_name, commands, _step, stage) => {
		const session = awaiting(...commands);
		feed(session, wire('421 4.3.2 shutting down'));
		expect(session.state).toMatchObject({ended: true, failure: {stage}});
	});
});

describe('a run the client stops before the server refused anything', () => {
	it.each([
		['tls', 'starttls'],
		['xclient', 'ehlo'],
		['auth', 'auth'],
		['mail', 'mail'],
		['rcpt', 'rcpt'],
		['data', 'data'],
	] as const)('stopped at stage %s fails the %s step on the rail', (stage, step) => {
		const session = greeted();
		session.stoppedAt(stage);
		expect(session.state.steps.find(entry => entry.step === step)?.status).toBe('failed');
	});
});

describe('the rows of the table', () => {
	it('offers the commands RFC 5321 §4.1.4 allows at any time in every step where the server reads commands', () => {
		const session = greeted();
		const anytime = ['NOOP', 'RSET', 'VRFY', 'EXPN', 'HELP', 'QUIT'];
		expect(session.allowedVerbs()).toEqual(expect.arrayContaining(anytime));
		session.command({verb: 'EHLO', domain: 'client.test'});
		feed(session, wire('250 mx.test'));
		expect(session.state.step).toBe('mail');
		expect(session.allowedVerbs()).toEqual(expect.arrayContaining(anytime));
		session.command({verb: 'MAIL', from: 'a@example.test'});
		feed(session, wire('250 ok'));
		expect(session.state.step).toBe('rcpt');
		expect(session.allowedVerbs()).toEqual(expect.arrayContaining(anytime));
	});

	it('offers nothing while the server is to speak first: before the greeting and during the TLS handshake', () => {
		const session = new SmtpSession();
		session.connected();
		expect(session.allowedVerbs()).toEqual([]);
		const tls = awaiting({verb: 'STARTTLS'});
		feed(tls, wire('220 go ahead'));
		expect(tls.state.step).toBe('starttls');
		expect(tls.allowedVerbs()).toEqual([]);
	});

	it('a new greeting or a reset inside a transaction, or after a message, starts the next transaction at MAIL', () => {
		for (const from of ['rcpt', 'queued'] as const) {
			for (const verb of ['EHLO', 'HELO', 'RSET'] as const) expect(nextStep(from, verb, '2'), `${verb} in ${from}`).toBe('mail');
		}
		const session = awaiting({verb: 'MAIL', from: 'a@example.test'}, {verb: 'RCPT', to: 'b@example.test'}, {verb: 'DATA'});
		feed(session, wire('354 go'));
		session.bodySent();
		feed(session, wire('250 queued'));
		expect(session.state.step).toBe('queued');
		session.command({verb: 'RSET'});
		feed(session, wire('250 reset'));
		expect(rail(session.state)).toContain('[mail');
	});

	it('has a note for every step, its own, which the dashboard shows as "now: ..."', () => {
		const notes = STEPS.map(step => stepNote(step));
		for (const [index, note] of notes.entries()) expect(note.length, STEPS[index]).toBeGreaterThan(10);
		// mail and queued share their commands, not their words.
		expect(new Set(notes).size).toBe(STEPS.length);
		expect(stepNote('quit')).toMatch(/QUIT/);
	});
});
