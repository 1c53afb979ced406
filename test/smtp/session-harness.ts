// Test harness for the session engine: server bytes in (whole, byte by byte, or split at seeded random points),
// a scripted server for plan + session transcripts, and the step rail as a string a person can read.
import {Buffer} from 'node:buffer';
import {expect} from 'vitest';
import {nextAction, type NextAction, type SessionPlan} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {SessionEvent, SessionState} from '../../source/smtp/session-types.js';
import {SmtpInputError, type Command, type StepState} from '../../source/smtp/types.js';
import {SEEDS, byteChunks, randomChunks} from '../helpers/chunks.js';

export type Split = (bytes: Uint8Array) => Uint8Array[];

/** Every way a fixture is fed: in one piece, one byte at a time, and split at seeded random points. */
export const SPLITS: Array<[string, Split]> = [
	['whole', bytes => [bytes]],
	['byte by byte', byteChunks],
	...SEEDS.map((seed): [string, Split] => [`random seed ${seed}`, bytes => randomChunks(bytes, seed, 7)]),
];

/** Reply lines as the server sends them. */
export function wire(...lines: string[]): Buffer {
	return Buffer.from(lines.map(line => `${line}\r\n`).join(''));
}

export function feed(session: SmtpSession, bytes: Uint8Array, split: Split = SPLITS[0]![1]): SessionEvent[] {
	return split(bytes).flatMap(piece => session.receive(piece));
}

export const EHLO: Command = {verb: 'EHLO', domain: 'client.test'};

/** Connected, and greeted with a 220. */
export function greeted(options: {implicitTls?: boolean; lmtp?: boolean} = {}): SmtpSession {
	const session = new SmtpSession(options);
	session.connected();
	feed(session, wire('220 mx.test ESMTP ready'));
	return session;
}

/** Each command sent, and answered with its reply line before the next goes. */
export function exchange(session: SmtpSession, turns: ReadonlyArray<readonly [Command, string]>): void {
	for (const [command, reply] of turns) {
		session.command(command);
		feed(session, wire(reply));
	}
}

/** Greeted and EHLO answered with these extension lines. */
export function ready(...extensions: string[]): SmtpSession {
	const session = greeted();
	session.command(EHLO);
	const lines = ['mx.test hello', ...extensions];
	feed(session, wire(...lines.map((line, index) => `250${index === lines.length - 1 ? ' ' : '-'}${line}`)));
	return session;
}

/** The SmtpInputError `run` throws (failing the test when it throws none, or another). */
export function inputError(run: () => unknown): SmtpInputError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(SmtpInputError);
		return error as SmtpInputError;
	}
	throw new Error('expected an SmtpInputError');
}

const MARK: Record<StepState['status'], string> = {done: '✔', active: '▶', failed: '✖', skipped: '-', pending: '·'};

/** The rail as a user sees it: `connect✔ greeting✔ [ehlo·] ... rcpt✖550`, current step in brackets. */
export function rail(state: SessionState): string {
	return state.steps
		.map(({step, status, code}) => {
			const text = `${step}${MARK[status]}${code ?? ''}`;
			return step === state.step ? `[${text}]` : text;
		})
		.join(' ');
}

export function ofType<T extends SessionEvent['type']>(events: SessionEvent[], type: T): Array<Extract<SessionEvent, {type: T}>> {
	return events.filter((event): event is Extract<SessionEvent, {type: T}> => event.type === type);
}

/** One scripted server turn: what the client must have sent (display form), then what the server answers. */
export type Turn = {client?: string | RegExp; server: string[] | string};

export type PlanRun = {transcript: string[]; action: NextAction; state: SessionState; events: SessionEvent[]; session: SmtpSession};

export const basePlan: SessionPlan = {
	ehloName: 'client.test',
	tls: 'none',
	allowPlaintextAuth: false,
	from: 'alice@example.test',
	recipients: ['bob@example.test'],
	eightBit: false,
	allowPartial: false,
};

/**
 * Drive plan + session against a scripted server until the planner says done or fail. The transcript holds
 * "C: line" for what the client sent (as displayed, secrets redacted), "S: line" for the server, "~~ TLS" for the
 * handshake. A line after STARTTLS's 220 is sent together with it (server: one string), as an attacker would.
 */
export function runPlan(
	plan: SessionPlan,
	script: Turn[],
	options: {split?: Split; implicitTls?: boolean; lmtp?: boolean; session?: SmtpSession} = {},
): PlanRun {
	const split = options.split ?? SPLITS[0]![1];
	const session = options.session ?? new SmtpSession({implicitTls: options.implicitTls ?? false, lmtp: options.lmtp ?? false});
	const transcript: string[] = [];
	const events: SessionEvent[] = [];
	let next = 0;
	const serve = (client?: string) => {
		const turn = script[next++];
		if (!turn) throw new Error(`the script has no answer for ${client ?? 'the greeting'}`);
		if (turn.client !== undefined) expect(client).toMatch(turn.client);
		const bytes = typeof turn.server === 'string' ? Buffer.from(turn.server) : wire(...turn.server);
		transcript.push(...bytes.toString('utf8').split('\r\n').slice(0, -1).map(line => `S: ${line}`));
		events.push(...feed(session, bytes, split));
	};
	if (!options.session) {
		events.push(...session.connected());
		serve();
	}
	for (let guard = 0; guard < 200; guard++) {
		const action = nextAction(session.state, plan);
		switch (action.type) {
			case 'command': {
				const sent = session.command(action.command, {strict: true});
				events.push(...sent.events);
				transcript.push(`C: ${sent.encoded.display}`);
				serve(sent.encoded.display);
				break;
			}
			case 'group': {
				// Pipelined: every line goes before any reply; the turn answers them all (its client: the lines, one per line).
				const sent = action.commands.map(command => session.command(command, {strict: true}));
				events.push(...sent.flatMap(each => each.events));
				transcript.push(...sent.map(each => `C: ${each.encoded.display}`));
				serve(sent.map(each => each.encoded.display).join('\n'));
				break;
			}
			case 'body':
				transcript.push(action.empty ? 'C: .' : 'C: <message>.');
				events.push(...session.bodySent());
				serve('.');
				break;
			case 'wait':
				if (session.state.awaiting !== 'tls') throw new Error(`the planner waits while awaiting ${session.state.awaiting}`);
				transcript.push('~~ TLS');
				events.push(...session.tlsEstablished());
				break;
			default:
				expect(next, 'every scripted server turn was used').toBe(script.length);
				return {transcript, action, state: session.state, events, session};
		}
	}
	throw new Error('the planner did not finish');
}
