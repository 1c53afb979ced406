// The line the dashboard leaves on the main screen: counted from the log's answers to whole messages.
import {describe, expect, it} from 'vitest';
import type {LogEntry, SessionSnapshot} from '../../source/session/types.js';
import {exitSummary} from '../../source/ui/exit-summary.js';

let id = 0;
const answer = (line: string): LogEntry => ({id: ++id, time: 0, kind: 'received', step: 'queued', text: line, reply: {code: Number(line.slice(0, 3)), lines: [line.slice(4)], raw: [line]}});
const target: SessionSnapshot['target'] = {host: 'mx.example.test', port: 25, security: 'auto', sandbox: false};

describe('exitSummary', () => {
	it('counts accepted and refused messages, and quotes the last answer, control characters escaped', () => {
		const log = [answer('250 2.0.0 Ok: queued as A1'), {id: ++id, time: 0, kind: 'received', step: 'rcpt', text: '550 5.1.1 no such user', reply: {code: 550, lines: [], raw: []}} as LogEntry, answer('554 5.7.1 spam\u001B[2J')];
		expect(exitSummary(log, {target})).toBe("smtp-tui: 1 message accepted, 1 refused, by mx.example.test:25\n  the last one's answer: 554 5.7.1 spam\\x1b[2J\n");
	});

	it('counts a message LMTP answers once per recipient once: accepted when any recipient took it', () => {
		const sent = (text: string): LogEntry => ({id: ++id, time: 0, kind: 'sent', step: 'message', text});
		const log = [sent('.'), answer('250 2.1.5 <a@x.test> delivered'), answer('550 5.1.1 <b@x.test> unknown'), sent('.'), answer('452 4.2.2 <a@x.test> over quota')];
		expect(exitSummary(log, {target})).toBe("smtp-tui: 1 message accepted, 1 refused, by mx.example.test:25\n  the last one's answer: 452 4.2.2 <a@x.test> over quota\n");
	});

	it('says no message was sent, and why the last attempt failed, but not for a stop', () => {
		expect(exitSummary([], {target})).toBe('smtp-tui: no message sent to mx.example.test:25\n');
		const refused = {ok: false, stage: 'rcpt', message: '550 5.1.1 <a@b.test>: Recipient address rejected'} as const;
		expect(exitSummary([], {target, result: refused})).toBe('smtp-tui: no message sent to mx.example.test:25\n  the last attempt was not sent (RCPT): 550 5.1.1 <a@b.test>: Recipient address rejected\n');
		expect(exitSummary([], {target, result: {ok: false, message: 'stopped by the user', kind: 'stopped'}})).toBe('smtp-tui: no message sent to mx.example.test:25\n');
	});
});
