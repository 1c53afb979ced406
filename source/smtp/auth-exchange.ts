// The login: whether one succeeded, and the AUTH exchange under way (its mechanism and the server's challenges so
// far), kept as AUTH's and its answers' replies come, with the rail's AUTH step.
import type {Expectation} from './expectation-queue.js';
import type {FailureCause, FailureKind} from './failure.js';
import {authCause} from './out-of-sequence.js';
import {pickedMechanismHint} from './picked-mechanism.js';
import {loginFailure} from './refusal-texts.js';
import {loginRefusalCause, loginRefusalKind, type TlsStanding} from './refusal-kind.js';
import {CANCEL, challengeRefusal, isScram} from './sasl.js';
import {quoteReply} from './session-texts.js';
import type {StepStatuses} from './step-statuses.js';
import type {ReplyClass} from './transitions.js';
import type {Reply} from './types.js';

/** `fallback`: the AUTH command's (a mechanism smtp-tui chose, which a hashed password store cannot check). */
type Exchange = {mechanism: string; challenges: string[]; fallback?: string};

export class AuthExchange {
	#authenticated = false;
	#exchange: Exchange | undefined;
	readonly #rail: StepStatuses;

	constructor(rail: StepStatuses) {
		this.#rail = rail;
	}

	get authenticated(): boolean {
		return this.#authenticated;
	}

	/** A 334 came and the exchange is not over: the next line sent answers it. */
	get challenged(): boolean {
		return this.#exchange !== undefined;
	}

	/** A copy for the session's snapshot. */
	snapshot(): {mechanism: string; challenges: string[]} | undefined {
		return this.#exchange && {mechanism: this.#exchange.mechanism, challenges: [...this.#exchange.challenges]};
	}

	/** The exchange is given up (the session ended). */
	forgetExchange(): void {
		this.#exchange = undefined;
	}

	/** TLS began a fresh session (RFC 3207 §4.2): no login holds, none is under way. */
	reset(): void {
		this.#authenticated = false;
		this.#exchange = undefined;
	}

	/** The mechanism of the AUTH exchange a reply answers: the AUTH command's, or, for a response, the exchange's. */
	mechanismOf(head: Expectation): string | undefined {
		const sent = head.command?.command;
		if (sent?.verb === 'AUTH') return sent.mechanism.toUpperCase();
		return head.trigger === 'AUTH-RESPONSE' ? this.#exchange?.mechanism : undefined;
	}

	/** The reply to AUTH or to an answer of its exchange; returns the failure to report when the login did not succeed. */
	reply(head: Expectation, reply: Reply, cls: ReplyClass, tls: TlsStanding): {message: string; kind?: FailureKind; cause?: FailureCause} | undefined {
		if (cls === '3') {
			// The challenge is the text after "334 ", taken raw: base64 has no room for an enhanced code.
			const challenge = (reply.raw[reply.raw.length - 1] ?? '').slice(4);
			const command = head.command!.command;
			const mechanism = this.mechanismOf(head) ?? '';
			const earlier = command.verb === 'AUTH' ? [] : (this.#exchange?.challenges ?? []);
			const fallback = command.verb === 'AUTH' ? command.fallback : this.#exchange?.fallback;
			this.#exchange = {mechanism, challenges: [...earlier, challenge], ...(fallback && {fallback})};
			return undefined;
		}
		// The mechanism of the exchange this reply ends, before it is forgotten: the summary of a refusal reads by it.
		const mechanism = this.mechanismOf(head);
		const challenges = this.#exchange?.challenges ?? [];
		const sent = head.command?.command;
		const fallback = sent?.verb === 'AUTH' ? sent.fallback : this.#exchange?.fallback;
		this.#exchange = undefined;
		// SCRAM's 235 counts only after the server proved itself (v=, checked before the empty answer went); the empty
		// answer to an e= proves nothing, so a 235 after it is no login either.
		const proven = sent?.verb === 'AUTH-RESPONSE' && sent.response === '' && challenges.length === 2 && challengeRefusal(challenges[1], mechanism) === undefined;
		const unproven = cls === '2' && isScram(mechanism) && !proven;
		if (unproven) {
			this.#rail.result('auth', false, reply);
			return {message: `the server accepted the ${mechanism} login without proving that it knows the password (its signature, v=, never came): an impostor, or a man in the middle; no message was sent: ${quoteReply(reply)}`};
		}
		const ok = cls === '2';
		// A 503 refuses AUTH itself (already logged in, or not offered here): no credentials were judged, and a login
		// that succeeded before still holds, on the rail too.
		const outOfSequence = reply.code === 503;
		// A "*" is no wrong password: the exchange was given up (a challenge that could not be answered, or by hand).
		const cancelled = sent?.verb === 'AUTH-RESPONSE' && sent.response === CANCEL;
		const kind = ok || outOfSequence || cancelled ? undefined : loginRefusalKind(reply, mechanism, tls);
		if (outOfSequence && this.#authenticated) this.#rail.mark('auth', 'done');
		else this.#rail.result('auth', ok, reply, kind);
		if (ok) {
			this.#authenticated = true;
			// Logged in without TLS (manual mode): STARTTLS is no longer the next step; the rail moves past it.
			if (this.#rail.status('starttls') === 'pending') this.#rail.mark('starttls', 'skipped');
			return undefined;
		}
		const sequence = outOfSequence ? authCause(reply.lines.join(' ')) : undefined;
		const what = outOfSequence
			? sequence
				? `AUTH refused out of sequence: ${sequence}`
				: 'AUTH refused out of sequence (the reply says why: before EHLO, already logged in, during a transaction, or not offered)'
			: cancelled
				? sent.why === undefined
					? 'the login was cancelled ("*": a challenge that could not be answered, such as one that is not valid base64, or cancelled by hand)'
					: `the login was given up ("*"): ${sent.why}`
				: loginFailure(reply, {mechanism, secure: tls.secure}, kind!);
		const said = cancelled || outOfSequence ? undefined : challengeRefusal(challenges.at(-1), mechanism);
		const readCause = kind && loginRefusalCause(reply, mechanism, kind);
		const picked = kind === 'login-refused' && !readCause && fallback && mechanism ? pickedMechanismHint(mechanism, fallback, sent?.verb === 'AUTH') : undefined;
		const cause = picked ? 'mechanism-picked' : readCause;
		return {message: `${what}: ${quoteReply(reply)}${said ? `; ${said}` : ''}${picked ? `; ${picked}` : ''}`, ...(kind && {kind}), ...(cause && {cause})};
	}
}
