// The line the dashboard leaves on the main screen: counted from the log's answers to whole messages.
import {describe, expect, it} from 'vitest';
import type {LogEntry, SessionSnapshot} from '../../source/session/types.js';
import {exitSummary, type EndedSession} from '../../source/ui/exit-summary.js';

let id = 0;
const answer = (line: string): LogEntry => ({id: ++id, time: 0, kind: 'received', step: 'queued', text: line, reply: {code: Number(line.slice(0, 3)), lines: [line.slice(4)], raw: [line]}});
const target: SessionSnapshot['target'] = {host: 'mx.example.test', port: 25, security: 'auto', sandbox: false};
/** The session as it ended: no run's recipients, no step done, unless a test says. */
const ended = (more: Partial<EndedSession> = {}): EndedSession => ({target, steps: [], recipients: [], ...more});
const reply = (line: string) => ({code: Number(line.slice(0, 3)), lines: [line.slice(4)], raw: [line]});

describe('exitSummary', () => {
	it('counts accepted and refused messages, and quotes the last answer, control characters escaped', () => {
		const log = [answer('250 2.0.0 Ok: queued as A1'), {id: ++id, time: 0, kind: 'received', step: 'rcpt', text: '550 5.1.1 no such user', reply: {code: 550, lines: [], raw: []}} as LogEntry, answer('554 5.7.1 spam\u001B[2J')];
		expect(exitSummary(log, ended(), 200)).toBe("smtp-tui: 1 message accepted, 1 refused, by mx.example.test:25\n  the last one's answer: 554 5.7.1 spam\\x1b[2J\n");
	});

	it('counts a message LMTP answers once per recipient once: accepted when any recipient took it', () => {
		const sent = (text: string): LogEntry => ({id: ++id, time: 0, kind: 'sent', step: 'message', text});
		const log = [sent('.'), answer('250 2.1.5 <a@x.test> delivered'), answer('550 5.1.1 <b@x.test> unknown'), sent('.'), answer('452 4.2.2 <a@x.test> over quota')];
		expect(exitSummary(log, ended({target: {...target, lmtp: true}}), 200)).toBe("smtp-tui: 1 message delivered, 1 refused, by mx.example.test:25\n  the last one was delivered to no recipient (LMTP): 452 4.2.2 <a@x.test> over quota\n");
	});

	it('says no message was sent, and why the last attempt failed, but not for a stop', () => {
		expect(exitSummary([], ended(), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n');
		const refused = {ok: false, stage: 'rcpt', message: '550 5.1.1 <a@b.test>: Recipient address rejected'} as const;
		expect(exitSummary([], ended({result: refused}), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n  the last attempt was not sent (RCPT): 550 5.1.1 <a@b.test>: Recipient address rejected\n');
		expect(exitSummary([], ended({result: {ok: false, message: 'stopped by the user', kind: 'stopped'}}), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n');
	});

	it('says the last attempt failed after the counts, when a message before it was accepted', () => {
		const failed = {ok: false, stage: 'rcpt', message: 'no recipient was accepted: nobody@example.test (550 5.1.1 unknown)'} as const;
		expect(exitSummary([answer('250 2.0.0 Ok: queued as A1')], ended({result: failed}), 200)).toBe(
			'smtp-tui: 1 message accepted, 0 refused, by mx.example.test:25\n  its answer: 250 2.0.0 Ok: queued as A1\n  then the last attempt was not sent (RCPT): no recipient was accepted: nobody@example.test (550 5.1.1 unknown)\n',
		);
	});

	it('names the recipients the last message did not go to', () => {
		const recipients = [{address: 'nobody@example.test', accepted: false, reply: reply('550 5.1.1 no such user')}, {address: 'friend@example.test', accepted: true, reply: reply('250 2.1.5 Ok')}];
		expect(exitSummary([answer('250 2.0.0 Ok: queued as A1')], ended({result: {ok: true, message: 'queued'}, recipients}), 200)).toBe(
			'smtp-tui: 1 message accepted, 0 refused, by mx.example.test:25\n  its answer: 250 2.0.0 Ok: queued as A1\n  of its recipients, 1 recipient refused (nobody@example.test: 550)\n',
		);
	});

	it('LMTP: says how many recipients the message was delivered to, and which were deferred, not "accepted" beside a 452', () => {
		const sent = (text: string): LogEntry => ({id: ++id, time: 0, kind: 'sent', step: 'message', text});
		const log = [sent('.'), answer('250 2.0.0 <friend@example.test> delivered'), answer('452 4.2.2 <full@example.test>: mailbox full')];
		const recipients = [
			{address: 'friend@example.test', accepted: true, rcptReply: reply('250 2.1.5 Ok'), reply: reply('250 2.0.0 delivered')},
			{address: 'full@example.test', accepted: false, rcptReply: reply('250 2.1.5 Ok'), reply: reply('452 4.2.2 mailbox full')},
		];
		const summary = exitSummary(log, ended({target: {...target, lmtp: true}, result: {ok: true, message: 'delivered'}, recipients}), 200);
		expect(summary).toBe('smtp-tui: 1 message delivered, 0 refused, by mx.example.test:25\n  it was delivered to 1 of 2 recipients (LMTP)\n  of its recipients, 1 recipient deferred (full@example.test: 452 after the message): try again later\n');
	});

	it('wraps each line at spaces to the width, continuation lines indented, no word cut', () => {
		const failed = {ok: false, stage: 'rcpt', message: 'no recipient was accepted: nobody@example.test (550 5.1.1 <nobody@example.test>: Recipient address rejected)'} as const;
		expect(exitSummary([answer('250 2.0.0 Ok: queued as A1')], ended({result: failed}), 60)).toBe(
			[
				'smtp-tui: 1 message accepted, 0 refused, by',
				'    mx.example.test:25',
				'  its answer: 250 2.0.0 Ok: queued as A1',
				'  then the last attempt was not sent (RCPT): no recipient',
				'    was accepted: nobody@example.test (550 5.1.1',
				'    <nobody@example.test>: Recipient address rejected)',
				'',
			].join('\n'),
		);
	});
});
