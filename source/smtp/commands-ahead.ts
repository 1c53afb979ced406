// Which commands a run would send from where a session stands (manual mode's Ctrl+S asks before sending commands
// nobody typed): the planner itself is asked, on a copy of the session's standing in a fresh engine whose every
// command gets a positive reply, so the question names what the run will send, not a second guess at it.
import {Buffer} from 'node:buffer';
import {nextAction, type SessionPlan} from './plan.js';
import {SmtpSession} from './session.js';
import type {SessionState} from './session-types.js';
import type {Command, Extensions} from './types.js';

/** What the session stands on that the planner reads; undefined: no connection open (the run opens one). */
type Standing = Pick<SessionState, 'secure' | 'tlsStarted' | 'xclientAccepted' | 'extensions' | 'usedHelo' | 'authenticated' | 'openTransaction' | 'messagesQueued' | 'lmtp' | 'failure'> & {
	/** A MAIL of this transaction went (the run then begins a new one, as the driver does). */
	mailSent: boolean;
};

/** The most a run can send before its message: a bound, should a plan ever loop. */
const MOST = 24;

/**
 * The verbs a run would send, in order, up to the message (DATA, or BDAT): from `standing` on an open connection, or
 * from a new one. An EHLO answered where the session's own reply is not known (a new connection, the clear side of a
 * STARTTLS) offers what the plan uses. A run that would fail on the way stops the list there, as it would stop the run.
 */
export function commandsAhead(plan: SessionPlan, standing: Standing | undefined): string[] {
	const session = new SmtpSession({implicitTls: plan.tls === 'tls' || (standing?.secure === true && !standing.tlsStarted), lmtp: standing?.lmtp ?? false});
	const known = standing?.extensions;
	const ehloReply = () => ehloLines(known && standing!.secure === session.state.secure ? extensionLines(known) : assumedExtensions(plan, session.state.secure));
	const answer = (command: Command): void => {
		session.command(command);
		session.receive(Buffer.from(positiveReply(command, ehloReply)));
		if (command.verb === 'STARTTLS') session.tlsEstablished();
	};
	session.connected();
	session.receive(Buffer.from('220 ready\r\n'));
	if (standing) reproduce(standing, plan, answer);
	if (standing && (standing.messagesQueued > 0 || standing.mailSent || standing.failure)) session.beginTransaction();
	const verbs: string[] = [];
	while (verbs.length < MOST) {
		const action = nextAction(session.state, plan);
		if (action.type === 'bdat') verbs.push('BDAT');
		if (action.type !== 'command' && action.type !== 'group') break;
		for (const command of action.type === 'group' ? action.commands : [action.command]) {
			// Named once: RCPT for each recipient, AUTH and the answers to its challenges.
			const verb = command.verb === 'AUTH-RESPONSE' ? 'AUTH' : command.verb;
			if (verbs.at(-1) !== verb) verbs.push(verb);
			answer(command);
		}
		if (verbs.at(-1) === 'DATA') break;
	}
	return verbs;
}

/** The commands that brought an open session where it stands, each positively answered, into the fresh engine. */
function reproduce(standing: Standing, plan: SessionPlan, answer: (command: Command) => void): void {
	const domain = plan.ehloName;
	if (standing.tlsStarted) {
		answer({verb: 'EHLO', domain});
		answer({verb: 'STARTTLS'});
	}
	// XCLIENT's lines the server took (each a new greeting, so an EHLO before the next): the planner counts them.
	for (const line of (plan.xclient ?? []).slice(0, standing.xclientAccepted)) {
		answer({verb: 'EHLO', domain});
		answer({verb: 'XCLIENT', attributes: line.map(({name, value}) => ({name, value}))});
	}
	// The EHLO (or HELO) of this standing, after the handshake if there was one: the planner reads its extensions.
	if (standing.usedHelo) answer({verb: 'HELO', domain});
	else if (standing.extensions) answer({verb: 'EHLO', domain});
	if (standing.authenticated) answer({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AA=='});
	if (standing.openTransaction) answer({verb: 'MAIL', from: ''});
}

function positiveReply(command: Command, ehloReply: () => string): string {
	switch (command.verb) {
		case 'EHLO':
			return ehloReply();
		case 'STARTTLS':
		case 'XCLIENT':
			return '220 go ahead\r\n';
		case 'AUTH':
		case 'AUTH-RESPONSE':
			return '235 ok\r\n';
		case 'DATA':
			return '354 go ahead\r\n';
		case 'QUIT':
			return '221 bye\r\n';
		default:
			return '250 ok\r\n';
	}
}

function ehloLines(extensions: readonly string[]): string {
	const lines = ['dry.run', ...extensions];
	return lines.map((line, index) => `250${index === lines.length - 1 ? ' ' : '-'}${line}\r\n`).join('');
}

function extensionLines(extensions: Extensions): string[] {
	return [...extensions.keywords].map(([keyword, params]) => [keyword, ...params].join(' '));
}

/** A server whose EHLO reply is not known: taken to offer what the plan uses (STARTTLS in clear, AUTH, XCLIENT). */
function assumedExtensions(plan: SessionPlan, secure: boolean): string[] {
	return [
		...(secure || plan.tls === 'none' ? [] : ['STARTTLS']),
		...(plan.auth ? [`AUTH ${plan.auth.mechanism ?? 'PLAIN LOGIN'}`] : []),
		...(plan.xclient ? ['XCLIENT NAME ADDR PORT PROTO HELO LOGIN DESTADDR DESTPORT'] : []),
		...(plan.bdat ? ['CHUNKING'] : []),
	];
}
