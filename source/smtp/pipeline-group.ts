// RFC 2920 command pipelining for the planned run: MAIL, every RCPT and DATA go as one group (one write) and their
// replies are read in order. Only that envelope is grouped: EHLO, STARTTLS and AUTH each end a group of their own
// (RFC 2920 §3.1), and after STARTTLS nothing may follow before the handshake, so they go one at a time as always.
import type {SessionState} from './session-types.js';
import type {Command} from './types.js';
import type {QuitAfter} from './quit-after.js';
import type {DsnRequest} from './dsn.js';
import {rcptCommand} from './rcpt-command.js';
import {usesBdat} from './bdat.js';

type GroupPlan = {pipeline?: boolean; recipients: readonly string[]; quitAfter?: QuitAfter; dsn?: DsnRequest; bdat?: boolean};

/**
 * The group that starts with `mail` (the planner's MAIL), or undefined when it goes alone: pipelining not asked for,
 * not advertised, or --quit-after mail (nothing follows MAIL). With --quit-after rcpt the group ends with the last
 * RCPT: DATA is never sent then.
 */
export function pipelinedGroup(mail: Command, state: SessionState, plan: GroupPlan): Command[] | undefined {
	if (!plan.pipeline || mail.verb !== 'MAIL' || state.extensions?.pipelining !== true || plan.quitAfter === 'mail') return undefined;
	const recipients: Command[] = plan.recipients.map(to => rcptCommand(to, state, plan));
	// BDAT (RFC 3030) takes DATA's place: its chunks go after the RCPTs' replies, as they need an accepted recipient.
	return [mail, ...recipients, ...(plan.quitAfter === 'rcpt' || usesBdat(state, plan) ? [] : [{verb: 'DATA'} as const])];
}

/**
 * What happened to DATA when no recipient was accepted, for the failure's words: not sent (one command at a time, or
 * BDAT's chunks, which never go in the group), refused as it should be (pipelined with them), or, from a server that
 * gave 354 all the same, ended at once by a lone "." so that no message went (RFC 2920 §3.1).
 */
export function dataAfterNoRecipient(state: SessionState, plan: {bdat?: boolean}, quote: (reply: NonNullable<SessionState['transaction']['dataReply']>) => string): string {
	const reply = state.transaction.dataReply;
	if (!reply) return usesBdat(state, plan) ? 'the message (BDAT) is not sent' : 'DATA is not sent';
	if (reply.code === 354) return `DATA, pipelined with them, got ${quote(reply)} all the same: only a lone "." went, so no message was sent`;
	return `DATA, pipelined with them, was refused as it should be: ${quote(reply)}; no message was sent`;
}
