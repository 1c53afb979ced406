// A 421 that closes an idle session (none outstanding, or its text says timeout) is read as that, not as "service
// not available … try again later", which sent students away for a session they could open again at once.
import {describe, expect, it} from 'vitest';
import {explainReply, idleClose} from '../../source/smtp/codes.js';
import {parseReplies} from '../../source/smtp/reply-parser.js';
import type {Reply} from '../../source/smtp/types.js';

const real = (line: string): Reply => parseReplies(Buffer.from(`${line}\r\n`))[0]!;

describe('a 421 that closes an idle session', () => {
	it("reads Postfix's and the sandbox's timeout, unprompted, as the server closing an idle session; typed: type EHLO now", () => {
		for (const line of ['421 4.4.2 mail.example.com Error: timeout exceeded', '421 4.4.2 Timeout - closing connection']) {
			const text = explainReply(real(line), {unsolicited: true, typed: true});
			expect(text).toBe("the server closed an idle session: it waited too long for the client's next line (its timeout), and the session is over; type EHLO to connect again now");
			expect(text).not.toMatch(/try again later/);
			expect(explainReply(real(line), {unsolicited: true})).toMatch(/; the next session starts over with a new connection$/);
		}
	});

	it('tells a script (talk from a pipe, which ends with its session) nothing to type: neither to connect again nor after an error limit', () => {
		expect(explainReply(real('421 4.4.2 Error: timeout exceeded'), {unsolicited: true, typed: true, scripted: true})).toMatch(/; the next session starts over with a new connection$/);
		expect(explainReply(real('421 4.7.0 mx.test Error: too many errors'), {verb: 'NOOP', typed: true, scripted: true})).toMatch(/smtp_max_unknown_commands\); fix what was refused above$/);
	});

	it('reads a timeout that crossed a command typed just then, or came mid-message, the same way', () => {
		expect(explainReply(real('421 4.4.2 Error: timeout exceeded'), {verb: 'NOOP', typed: true})).toMatch(/^the server closed an idle session: .*type EHLO to connect again now$/);
		expect(explainReply(real('421 4.4.2 Error: timeout exceeded'), {verb: '.', duringBody: true})).toMatch(/^the server closed an idle session/);
	});

	it('reads another unprompted 421 as a close on its own, and leaves a greeting and a 421 to a command as they were', () => {
		expect(explainReply(real('421 4.3.2 Service shutting down'), {unsolicited: true, typed: true})).toBe(
			'the server closed the session on its own, with no command outstanding (an idle timeout, or it is shutting down: its text says which); type EHLO to connect again now',
		);
		expect(idleClose(real('421 4.7.0 Too many connections, try again later'), {})).toBeUndefined();
		expect(idleClose(real('421 4.7.0 rate limited'), {verb: 'MAIL'})).toBeUndefined();
		expect(idleClose(real('450 4.4.2 timeout'), {unsolicited: true})).toBeUndefined();
	});
});
