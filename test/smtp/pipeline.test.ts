// RFC 2920 pipelining in the planned run: MAIL, every RCPT and DATA go as one group and their replies, read in order
// (in one chunk or split anywhere), finish each step as they come; EHLO, STARTTLS and AUTH are never in a group.
import {describe, expect, it} from 'vitest';
import {nextAction, type SessionPlan} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {SPLITS, basePlan, feed, rail, runPlan, wire, type Turn} from './session-harness.js';

const GREETING: Turn = {server: ['220 mx.test ESMTP ready']};
const EHLO_PIPELINING: Turn = {client: 'EHLO client.test', server: ['250-mx.test hello', '250-PIPELINING', '250 8BITMIME']};
const TWO: Partial<SessionPlan> = {pipeline: true, recipients: ['bob@example.test', 'carol@example.test']};
const GROUP = 'MAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\nRCPT TO:<carol@example.test>\nDATA';
const SENT = ['C: MAIL FROM:<alice@example.test>', 'C: RCPT TO:<bob@example.test>', 'C: RCPT TO:<carol@example.test>', 'C: DATA'];

describe('pipelining: the planned envelope as one group', () => {
	it.each(SPLITS)('MAIL, both RCPTs and DATA go before any reply; the replies in one chunk finish each step (%s)', (_, split) => {
		const run = runPlan(
			{...basePlan, ...TWO},
			[GREETING, EHLO_PIPELINING, {client: GROUP, server: ['250 2.1.0 ok', '250 2.1.5 ok', '250 2.1.5 ok', '354 go ahead']}, {client: '.', server: ['250 2.0.0 queued as 42']}],
			{split},
		);
		expect(run.transcript.slice(5, 9)).toEqual(SENT);
		expect(run.transcript.slice(9)).toEqual(['S: 250 2.1.0 ok', 'S: 250 2.1.5 ok', 'S: 250 2.1.5 ok', 'S: 354 go ahead', 'C: <message>.', 'S: 250 2.0.0 queued as 42']);
		expect(run.action).toEqual({type: 'done'});
		expect(run.state.transaction.recipients.map(r => r.accepted)).toEqual([true, true]);
		expect(rail(run.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·');
	});

	it('the rail stays true while the group is in flight: the oldest awaited is current, each step finishes as its reply comes', () => {
		const session = new SmtpSession();
		const plan = {...basePlan, ...TWO};
		session.connected();
		feed(session, wire('220 mx.test ESMTP ready'));
		session.command({verb: 'EHLO', domain: 'client.test'});
		feed(session, wire('250-mx.test hello', '250 PIPELINING'));
		const action = nextAction(session.state, plan);
		expect(action).toEqual({type: 'group', commands: [{verb: 'MAIL', from: 'alice@example.test'}, {verb: 'RCPT', to: 'bob@example.test'}, {verb: 'RCPT', to: 'carol@example.test'}, {verb: 'DATA'}]});
		if (action.type !== 'group') return;
		// No warning: the server advertised PIPELINING, so sending before a reply is allowed.
		expect(action.commands.flatMap(command => session.command(command, {strict: true}).events).filter(event => event.type === 'warning')).toEqual([]);
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- [mail▶] rcpt· data· message· queued· quit·');
		expect(nextAction(session.state, plan)).toEqual({type: 'wait'});
		feed(session, wire('250 ok', '250 ok'));
		// The second RCPT is awaited now: its step is current again.
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt▶] data· message· queued· quit·');
		feed(session, wire('550 no such user'));
		// One accepted: the rail's RCPT stays done; DATA is awaited now.
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ [data▶] message· queued· quit·');
		feed(session, wire('354 go'));
		expect(nextAction(session.state, plan)).toEqual({type: 'body'});
	});

	it.each(SPLITS)('no recipient accepted: DATA, sent with them, is refused; no message goes, and the failure says so (%s)', (_, split) => {
		const run = runPlan(
			{...basePlan, ...TWO},
			[GREETING, EHLO_PIPELINING, {client: GROUP, server: ['250 ok', '550 5.1.1 no bob', '550 5.1.1 no carol', '554 5.5.1 no valid recipients']}],
			{split},
		);
		expect(run.transcript.at(-1)).toBe('S: 554 5.5.1 no valid recipients');
		expect(run.action).toMatchObject({type: 'fail', stage: 'rcpt'});
		expect(run.action.type === 'fail' && run.action.message).toMatch(
			/^no recipient was accepted: .*; DATA, pipelined with them, was refused as it should be: 554 5\.5\.1 no valid recipients; no message was sent$/,
		);
		expect(rail(run.state)).toContain('mail✔ [rcpt✖550] data✖554 message·');
	});

	it('no recipient accepted and DATA got 354 all the same: only the lone "." goes (RFC 2920 §3.1)', () => {
		const run = runPlan(
			{...basePlan, ...TWO},
			[GREETING, EHLO_PIPELINING, {client: GROUP, server: ['250 ok', '550 no bob', '550 no carol', '354 go']}, {client: '.', server: ['554 no valid recipients']}],
		);
		expect(run.transcript.slice(-2)).toEqual(['C: .', 'S: 554 no valid recipients']);
		expect(run.action.type === 'fail' && run.action.message).toMatch(/; DATA, pipelined with them, got 354 go all the same: only a lone "\." went, so no message was sent$/);
	});

	it('MAIL refused: the RCPTs and DATA behind it get their 503s, and the failure is the sender', () => {
		const run = runPlan({...basePlan, ...TWO}, [GREETING, EHLO_PIPELINING, {client: GROUP, server: ['550 5.7.1 sender refused', '503 need MAIL', '503 need MAIL', '503 need MAIL']}]);
		expect(run.action).toMatchObject({type: 'fail', stage: 'mail', message: 'the sender was refused: 550 5.7.1 sender refused'});
	});

	it('without PIPELINING advertised the commands go one at a time, as without --pipeline', () => {
		const run = runPlan({...basePlan, pipeline: true}, [
			GREETING,
			{client: 'EHLO client.test', server: ['250 mx.test hello']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['250 ok']},
			{client: 'RCPT TO:<bob@example.test>', server: ['250 ok']},
			{client: 'DATA', server: ['354 go']},
			{client: '.', server: ['250 queued']},
		]);
		expect(run.action).toEqual({type: 'done'});
	});

	it('STARTTLS and AUTH go alone; only the envelope after them is a group', () => {
		const run = runPlan({...basePlan, pipeline: true, tls: 'starttls', auth: {user: 'alice', password: 'pw'}, allowPlaintextAuth: true}, [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250-PIPELINING', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['220 ready']},
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250-PIPELINING', '250 AUTH PLAIN']},
			{client: /^AUTH PLAIN/, server: ['235 ok']},
			{client: 'MAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\nDATA', server: ['250 ok', '250 ok', '354 go']},
			{client: '.', server: ['250 queued']},
		]);
		expect(run.action).toEqual({type: 'done'});
	});

	it('--quit-after rcpt: the group ends with the last RCPT, and DATA never goes; --quit-after mail: MAIL goes alone', () => {
		const rcpt = runPlan({...basePlan, ...TWO, quitAfter: 'rcpt'}, [
			GREETING,
			EHLO_PIPELINING,
			{client: 'MAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\nRCPT TO:<carol@example.test>', server: ['250 ok', '250 ok', '250 ok']},
			{client: 'QUIT', server: ['221 bye']},
		]);
		expect(rcpt.action).toEqual({type: 'done'});
		const mail = runPlan({...basePlan, ...TWO, quitAfter: 'mail'}, [GREETING, EHLO_PIPELINING, {client: 'MAIL FROM:<alice@example.test>', server: ['250 ok']}, {client: 'QUIT', server: ['221 bye']}]);
		expect(mail.action).toEqual({type: 'done'});
	});

	it.each(SPLITS)('the next message on the connection: RSET leads the group, and its 250 does not wipe the new record (%s)', (_, split) => {
		const plan = {...basePlan, ...TWO};
		const first = runPlan(plan, [GREETING, EHLO_PIPELINING, {client: GROUP, server: ['250 ok', '550 no bob', '550 no carol', '554 no valid recipients']}], {split});
		expect(first.state.openTransaction).toBe(true);
		first.session.beginTransaction();
		const second = runPlan(plan, [{client: `RSET\n${GROUP}`, server: ['250 reset', '250 ok', '250 ok', '250 ok', '354 go']}, {client: '.', server: ['250 queued']}], {split, session: first.session});
		expect(second.transcript.slice(0, 5)).toEqual(['C: RSET', ...SENT]);
		expect(second.action).toEqual({type: 'done'});
		expect(second.state.transaction.recipients.map(r => r.accepted)).toEqual([true, true]);
		expect(rail(second.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·');
	});
});
