// What the session shows of itself: the step it is at, what it awaits, and the immutable SessionState built from
// its core after every change.
import type {SessionCore} from './session-core.js';
import type {Awaiting, SessionState} from './session-types.js';
import {STEP_OF} from './transitions.js';
import type {Step, TimeoutClass} from './types.js';

const TIMEOUT_OF: Record<Awaiting, TimeoutClass> = {
	connect: 'connect',
	greeting: 'greeting',
	reply: 'command',
	body: 'data-block',
	'final-dot': 'final-dot',
	tls: 'connect',
	nothing: 'none',
};

export function currentStepOf(core: SessionCore): Step {
	const head = core.queue.awaited();
	if (core.ended) return core.step;
	if (core.handshaking) return 'starttls';
	if (!head) return core.step;
	if (head.trigger === '.' && core.bodyPending) return 'message';
	return STEP_OF[head.trigger] ?? core.step;
}

function awaitingOf(core: SessionCore): Awaiting {
	if (core.ended) return 'nothing';
	if (!core.connected) return 'connect';
	if (core.handshaking) return 'tls';
	const head = core.queue.head;
	if (!head) return 'nothing';
	if (head.trigger === 'greeting') return 'greeting';
	if (head.trigger === '.') return core.bodyPending ? 'body' : 'final-dot';
	return 'reply';
}

export function stepsKey(core: SessionCore): string {
	return `${currentStepOf(core)}|${core.rail.list()
		.map(s => `${s.status}${s.code ?? ''}${s.kind ?? ''}`)
		.join(',')}`;
}

export function sessionState(core: SessionCore): SessionState {
	const awaiting = awaitingOf(core);
	const auth = core.auth.snapshot();
	return Object.freeze({
		step: currentStepOf(core),
		steps: core.rail.list(),
		connected: core.connected,
		secure: core.secure,
		ended: core.ended,
		...(core.greeting && {greeting: core.greeting}),
		lmtp: core.lmtp,
		...(core.extensions && {extensions: core.extensions}),
		usedHelo: core.usedHelo,
		authenticated: core.auth.authenticated,
		...(auth && {auth}),
		authExchange: core.authExchange(),
		transaction: core.transaction.snapshot(),
		pending: core.queue.pending(),
		...(core.parser.pendingLines.length > 0 && {replySoFar: core.parser.pendingLines}),
		...(core.parser.buffered > 0 && core.parser.partialLine !== '' && {partialLine: core.parser.partialLine}),
		awaiting,
		timeout: TIMEOUT_OF[awaiting],
		...(core.failure && {failure: core.failure}),
		messagesQueued: core.transaction.messagesQueued,
		tlsStarted: core.tlsStarted,
		xclientAccepted: core.xclientAccepted,
		...(core.startedOverBy && {startedOverBy: core.startedOverBy}),
		...(core.last && {last: core.last}),
		openTransaction: core.transaction.open,
	});
}
