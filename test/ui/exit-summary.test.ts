// The line the dashboard leaves on the main screen: counted from the log's answers to whole messages.
import {describe, expect, it} from 'vitest';
import type {LogEntry, SessionSnapshot} from '../../source/session/types.js';
import {exitSummary, type EndedSession} from '../../source/ui/exit-summary.js';
import {sessionClosedWords} from '../../source/ui/components/next-step.js';

let id = 0;
const answer = (line: string): LogEntry => ({id: ++id, time: 0, kind: 'received', step: 'queued', text: line, reply: {code: Number(line.slice(0, 3)), lines: [line.slice(4)], raw: [line]}});
const target: SessionSnapshot['target'] = {host: 'mx.example.test', port: 25, security: 'auto', sandbox: false};
/** The session as it ended: no run's recipients, no step done, unless a test says. */
const ended = (more: Partial<EndedSession> = {}): EndedSession => ({target, steps: [], recipients: [], ...more});
const reply = (line: string) => ({code: Number(line.slice(0, 3)), lines: [line.slice(4)], raw: [line]});

describe('exitSummary', () => {
	it('counts accepted and refused messages, and quotes the last answer, control characters escaped', () => {
		const log = [answer('250 2.0.0 Ok: queued as A1'), {id: ++id, time: 0, kind: 'received', step: 'rcpt', text: '550 5.1.1 no such user', reply: {code: 550, lines: [], raw: []}} as LogEntry, answer('554 5.7.1 spam\u001B[2J')];
		expect(exitSummary(log, ended(), 200)).toBe('smtp-tui: mx.example.test:25 accepted 1 message and refused 1\n  last answer: 554 5.7.1 spam\\x1b[2J\n');
	});

	it('counts a message LMTP answers once per recipient once: accepted when any recipient took it', () => {
		const sent = (text: string): LogEntry => ({id: ++id, time: 0, kind: 'sent', step: 'message', text});
		const log = [sent('.'), answer('250 2.1.5 <a@x.test> delivered'), answer('550 5.1.1 <b@x.test> unknown'), sent('.'), answer('452 4.2.2 <a@x.test> over quota')];
		expect(exitSummary(log, ended({target: {...target, lmtp: true}}), 200)).toBe('smtp-tui: mx.example.test:25 delivered 1 message and refused 1\n  last answer: delivered to no recipient (LMTP): 452 4.2.2 <a@x.test> over quota\n');
	});

	it("quotes the message's answer, not Postfix's 421 when the session idled out after it (logged in the same step)", () => {
		const dot: LogEntry = {id: ++id, time: 0, kind: 'sent', step: 'message', text: 'message: 15 lines, 399 bytes, then "."'};
		const log = [dot, answer('250 2.0.0 Ok: queued as BEC0516C761'), answer('421 4.4.2 vm Error: timeout exceeded')];
		expect(exitSummary(log, ended(), 200)).toBe('smtp-tui: mx.example.test:25 accepted 1 message\n  answer: 250 2.0.0 Ok: queued as BEC0516C761\n');
		// A 421 that is the answer (to the final dot) still counts, as a refusal.
		expect(exitSummary([dot, answer('421 4.3.0 shutting down')], ended(), 200)).toBe('smtp-tui: mx.example.test:25 accepted no message and refused 1\n  answer: 421 4.3.0 shutting down\n');
	});

	it('says no message was sent, and why the last attempt failed, but not for a stop', () => {
		expect(exitSummary([], ended(), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n');
		const refused = {ok: false, stage: 'rcpt', message: '550 5.1.1 <a@b.test>: Recipient address rejected'} as const;
		expect(exitSummary([], ended({result: refused}), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n  not sent (RCPT): 550 5.1.1 <a@b.test>: Recipient address rejected\n');
		expect(exitSummary([], ended({result: {ok: false, message: 'stopped by the user', kind: 'stopped'}}), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n');
	});

	it('says the last attempt failed after the counts, when a message before it was accepted', () => {
		const failed = {ok: false, stage: 'rcpt', message: 'no recipient was accepted: nobody@example.test (550 5.1.1 unknown); DATA is not sent'} as const;
		const recipients = [{address: 'nobody@example.test', accepted: false, reply: reply('550 5.1.1 unknown')}];
		expect(exitSummary([answer('250 2.0.0 Ok: queued as A1')], ended({result: failed, recipients}), 200)).toBe(
			'smtp-tui: mx.example.test:25 accepted 1 message\n  answer: 250 2.0.0 Ok: queued as A1\n  then not sent (RCPT): nobody@example.test refused (550)\n',
		);
	});

	it("after several answers and a 421 that ended the session: 'last answer', then 'then not sent' in few words", () => {
		const bye = reply('421 4.3.2 smtp-tui.localhost closing the connection (bye@ recipe)');
		const failed = {ok: false, stage: 'rcpt', message: `the server is closing the session: ${bye.raw[0]}`, reply: bye} as const;
		const dot: LogEntry = {id: ++id, time: 0, kind: 'sent', step: 'message', text: '.'};
		const log = [answer('250 2.0.0 Ok: queued as A1'), dot, answer('552 5.3.4 Message too big for <big@example.test> (big@ recipe)')];
		expect(exitSummary(log, ended({result: failed}), 200)).toBe(
			'smtp-tui: mx.example.test:25 accepted 1 message and refused 1\n  last answer: 552 5.3.4 Message too big for <big@example.test> (big@ recipe)\n  then not sent (RCPT): the server closed the session (421, bye@ recipe)\n',
		);
		// The next-step line says the same words; the footer, whose head shows the code ("Not sent (RCPT 421)"), all but
		// the code (next-step-hints.test.tsx sees them on the screen).
		expect(sessionClosedWords(bye, 'next-step')).toBe('the server closed the session (421, bye@ recipe)');
		expect(sessionClosedWords(bye, 'footer')).toBe('the server closed the session (bye@ recipe)');
		// A real server's 421 names no recipe: its reply says why.
		const other = reply('421 4.7.0 too many connections');
		expect(exitSummary(log, ended({result: {...failed, reply: other}}), 200).split('\n')[2]).toBe('  then not sent (RCPT): the server closed the session (421 4.7.0 too many connections)');
	});

	it('names the recipients the last message did not go to', () => {
		const recipients = [{address: 'nobody@example.test', accepted: false, reply: reply('550 5.1.1 no such user')}, {address: 'friend@example.test', accepted: true, reply: reply('250 2.1.5 Ok')}];
		expect(exitSummary([answer('250 2.0.0 Ok: queued as A1')], ended({result: {ok: true, message: 'queued'}, recipients}), 200)).toBe(
			'smtp-tui: mx.example.test:25 accepted 1 message\n  answer: 250 2.0.0 Ok: queued as A1 · 1 recipient refused (nobody@example.test: 550)\n',
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
		expect(summary).toBe('smtp-tui: mx.example.test:25 delivered 1 message\n  answer: delivered to 1 of 2 recipients (LMTP) · 1 recipient deferred (full@example.test: 452 after the message): try again later\n');
	});

	it('wraps each line at spaces to the width, continuation lines indented, no word cut', () => {
		const failed = {ok: false, stage: 'rcpt', message: 'no recipient was accepted: nobody@example.test (550 5.1.1 <nobody@example.test>: Recipient address rejected)'} as const;
		expect(exitSummary([answer('250 2.0.0 Ok: queued as A1')], ended({result: failed, target: {...target, host: '127.0.0.1', port: 2525, sandbox: true}}), 60)).toBe(
			[
				'smtp-tui: the sandbox (127.0.0.1:2525) accepted 1',
				'    message',
				'  answer: 250 2.0.0 Ok: queued as A1',
				'  then not sent (RCPT): no recipient was accepted:',
				'    nobody@example.test (550 5.1.1 <nobody@example.test>:',
				'    Recipient address rejected)',
				'',
			].join('\n'),
		);
	});
});

describe('exitSummary: messages and recipients never read as one count', () => {
	it('counts messages in the headline, and the refused recipients beside their message, on its line', () => {
		const recipients = [{address: 'nobody@example.test', accepted: false, reply: reply('550 5.1.1 no such user')}, {address: 'friend@example.test', accepted: true, reply: reply('250 2.1.5 Ok')}];
		const sandbox = {...target, host: '127.0.0.1', port: 34887, sandbox: true};
		const dot: LogEntry = {id: ++id, time: 0, kind: 'sent', step: 'message', text: '.'};
		const summary = exitSummary([dot, answer('250 2.6.0 Ok: queued as 1'), {...dot, id: ++id}, answer('250 2.6.0 Ok: queued as 2')], ended({target: sandbox, result: {ok: true, message: 'queued'}, recipients}), 100);
		expect(summary).toBe('smtp-tui: the sandbox (127.0.0.1:34887) accepted 2 messages\n  last answer: 250 2.6.0 Ok: queued as 2 · 1 recipient refused (nobody@example.test: 550)\n');
		// No "0 refused" of messages before "1 recipient refused".
		expect(summary).not.toMatch(/\b0 refused/);
	});

	it('says a refused certificate in the words the panel, the log and the footer use', () => {
		const result = {ok: false, stage: 'tls', kind: 'certificate', message: 'certificate not trusted for 127.0.0.1: self-signed certificate; certificate: CN=localhost; SHA-256 AA:BB'} as const;
		const refusedCertificate = {subject: 'CN=localhost', issuer: 'CN=localhost', validTo: 'Mar 10 13:51:10 2029 GMT', fingerprint256: 'AA:BB', reason: 'self-signed certificate'};
		expect(exitSummary([], ended({result, refusedCertificate}), 200)).toBe('smtp-tui: no message sent to mx.example.test:25\n  not sent (TLS): certificate not trusted: self-signed certificate\n');
	});
});
