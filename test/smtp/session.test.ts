import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import {nextAction} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {SessionEvent} from '../../source/smtp/session-types.js';
import {TRANSITIONS, nextStep} from '../../source/smtp/transitions.js';
import {STEPS, SmtpInputError, type Command} from '../../source/smtp/types.js';
import {EHLO, SPLITS, basePlan, feed, greeted, inputError, ofType, rail, ready, wire} from './session-harness.js';

function connected(options: {implicitTls?: boolean} = {}): SmtpSession {
	const session = new SmtpSession(options);
	session.connected();
	return session;
}

function send(session: SmtpSession, command: Command, reply: string[]): SessionEvent[] {
	const {events} = session.command(command, {strict: true});
	return [...events, ...feed(session, wire(...reply))];
}

/** MAIL, one RCPT and DATA accepted: the server waits for the body. */
function dataStarted(): SmtpSession {
	const session = ready();
	send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
	send(session, {verb: 'RCPT', to: 'b@example.test'}, ['250 ok']);
	send(session, {verb: 'DATA'}, ['354 go']);
	return session;
}

describe('connecting', () => {
	it('a connection that cannot be made fails the connect step and the session', () => {
		const session = new SmtpSession();
		const events = session.connectFailed('connect', 'connection refused by 127.0.0.1:9');
		expect(ofType(events, 'failed')).toEqual([{type: 'failed', stage: 'connect', message: 'connection refused by 127.0.0.1:9'}]);
		expect(session.state.steps.find(s => s.step === 'connect')?.status).toBe('failed');
		expect(session.state).toMatchObject({ended: true, failure: {stage: 'connect'}});
	});
});

describe('greeting', () => {
	it('waits for the connection, then for the greeting, then expects EHLO', () => {
		const session = new SmtpSession();
		expect(session.state).toMatchObject({awaiting: 'connect', timeout: 'connect', connected: false});
		expect(rail(session.state)).toBe('[connect▶] greeting· ehlo· starttls· auth· mail· rcpt· data· message· queued· quit·');

		session.connected();
		expect(session.state).toMatchObject({awaiting: 'greeting', timeout: 'greeting', connected: true, secure: false});
		expect(rail(session.state)).toBe('connect✔ [greeting▶] ehlo· starttls· auth· mail· rcpt· data· message· queued· quit·');

		const events = feed(session, wire('220-mx.test ESMTP', '220 ready'));
		expect(events[0]).toEqual({type: 'reply', step: 'greeting', reply: expect.objectContaining({code: 220, lines: ['mx.test ESMTP', 'ready']})});
		expect(events[0]).not.toHaveProperty('command');
		expect(session.state).toMatchObject({step: 'ehlo', awaiting: 'nothing', timeout: 'none', greeting: {code: 220}});
		expect(rail(session.state)).toBe('connect✔ greeting✔ [ehlo·] starttls· auth· mail· rcpt· data· message· queued· quit·');
		expect(session.allowedVerbs()).toEqual([...TRANSITIONS.ehlo.verbs]);
		expect(session.allowedVerbs()).not.toContain('MAIL');
	});

	it('a 554 greeting leaves only QUIT', () => {
		const session = connected();
		const events = feed(session, wire('554 no service for you'));
		expect(ofType(events, 'failed')).toEqual([
			{type: 'failed', stage: 'banner', message: expect.stringContaining('554 no service for you'), reply: expect.objectContaining({code: 554})},
		]);
		expect(session.allowedVerbs()).toEqual(['QUIT']);
		expect(inputError(() => session.command(EHLO, {strict: true})).field).toBe('command');
		expect(session.state.pending).toEqual([]);

		const closing = send(session, {verb: 'QUIT'}, ['221 bye']);
		expect(ofType(closing, 'effect')).toEqual([{type: 'effect', effect: {type: 'close', reason: 'QUIT answered'}}]);
		expect(rail(session.state)).toBe('connect✔ greeting✖554 ehlo· starttls· auth· mail· rcpt· data· message· queued· [quit✔]');
		expect(session.state.failure?.stage).toBe('banner');
	});

	it('a 3xx greeting is refused service too: QUIT then draws no "before the greeting" warning', () => {
		const session = connected();
		feed(session, wire('354 hello'));
		expect(session.state.failure?.stage).toBe('banner');
		expect(session.allowedVerbs()).toEqual(['QUIT']);
		const closing = send(session, {verb: 'QUIT'}, ['221 bye']);
		expect(ofType(closing, 'warning')).toEqual([]);
	});

	it('a 2xx that is not 220 is no greeting either: refused service, only QUIT', () => {
		const session = connected();
		feed(session, wire('250 hello there'));
		expect(session.state.failure).toMatchObject({stage: 'banner', message: "the server's first reply is no greeting (220): 250 hello there; after it a client may send only QUIT"});
		expect(session.allowedVerbs()).toEqual(['QUIT']);
	});

	it('a 421 greeting ends the session', () => {
		const session = connected();
		const events = feed(session, wire('421 4.3.2 too busy, try later'));
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'banner', reply: {code: 421, enhanced: '4.3.2'}});
		expect(ofType(events, 'effect')[0]?.effect).toEqual({type: 'close', reason: 'the server closed the session (421)'});
		expect(session.state).toMatchObject({ended: true, awaiting: 'nothing', greeting: {code: 421}});
		expect(rail(session.state)).toContain('[greeting✖421]');
		expect(inputError(() => session.command({verb: 'QUIT'})).message).toMatch(/ended/);
	});

	it('with implicit TLS the connection is secure from the start, and the STARTTLS step is skipped: none is sent', () => {
		const session = connected({implicitTls: true});
		expect(session.state.secure).toBe(true);
		expect(session.state.tlsStarted).toBe(false);
		expect(rail(session.state)).toBe('connect✔ [greeting▶] ehlo· starttls- auth· mail· rcpt· data· message· queued· quit·');
	});
});

describe('EHLO', () => {
	it('250 reports the extensions and moves to MAIL', () => {
		const session = greeted();
		const {encoded} = session.command(EHLO, {strict: true});
		expect(encoded.bytes.toString()).toBe('EHLO client.test\r\n');
		expect(session.state).toMatchObject({awaiting: 'reply', timeout: 'command', pending: [encoded], step: 'ehlo'});
		const events = feed(session, wire('250-mx.test hello', '250-SIZE 1000', '250-PIPELINING', '250 STARTTLS'));
		expect(events[0]).toMatchObject({type: 'reply', command: encoded});
		const [extensions] = ofType(events, 'extensions');
		expect(extensions?.extensions).toMatchObject({size: 1000, pipelining: true, starttls: true});
		expect(session.state.extensions).toBe(extensions?.extensions);
		expect(session.state).toMatchObject({step: 'mail', usedHelo: false, pending: [], last: {command: encoded, reply: {code: 250}}});
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·');
	});

	it('500/502 marks EHLO failed, and a HELO fallback greets without extensions', () => {
		const session = greeted();
		send(session, EHLO, ['502 5.5.1 command not implemented']);
		expect(session.state.step).toBe('ehlo');
		expect(rail(session.state)).toContain('[ehlo✖502]');
		expect(session.allowedVerbs()).toContain('HELO');

		const events = send(session, {verb: 'HELO', domain: 'client.test'}, ['250 mx.test']);
		expect(ofType(events, 'extensions')).toEqual([]);
		expect(session.state).toMatchObject({step: 'mail', usedHelo: true});
		expect(session.state.extensions).toBeUndefined();
		expect(rail(session.state)).toContain('ehlo✔');
	});

	it('a second EHLO resets the transaction', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		send(session, {verb: 'RCPT', to: 'b@example.test'}, ['250 ok']);
		expect(session.state.transaction.recipients).toHaveLength(1);
		send(session, EHLO, ['250 mx.test']);
		expect(session.state.transaction).toEqual({recipients: [], dataStarted: false, finished: false});
		expect(session.state.step).toBe('mail');
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- [mail·] rcpt· data· message· queued· quit·');
	});
});

describe('STARTTLS', () => {
	it('a MAIL right after the handshake is warned about as the EHLO the server forgot, not as no EHLO at all', () => {
		const session = ready('STARTTLS');
		send(session, {verb: 'STARTTLS'}, ['220 2.0.0 go ahead']);
		session.tlsEstablished();
		expect(ofType(session.command({verb: 'MAIL', from: 'a@example.test', params: {}}).events, 'warning')).toEqual([
			{type: 'warning', message: 'MAIL before EHLO again: TLS started a fresh session, in which the server forgot your EHLO; send EHLO again first (it will likely answer 503)'},
		]);
	});

	it('a transaction opened by hand before STARTTLS is gone after the handshake: the next message starts with EHLO, not RSET', () => {
		const session = ready('STARTTLS');
		session.command({verb: 'MAIL', from: 'a@example.test', params: {}});
		feed(session, wire('250 2.1.0 ok'));
		expect(session.state.openTransaction).toBe(true);
		session.command({verb: 'STARTTLS'});
		feed(session, wire('220 2.0.0 go ahead'));
		session.tlsEstablished();
		expect(session.state.openTransaction).toBe(false);
		session.beginTransaction();
		expect(nextAction(session.state, basePlan)).toMatchObject({type: 'command', command: {verb: 'EHLO'}});
	});

	it('220 asks the driver for TLS; after the handshake everything learned is forgotten and EHLO comes again', () => {
		const session = ready('AUTH PLAIN', 'STARTTLS');
		const events = send(session, {verb: 'STARTTLS'}, ['220 2.0.0 go ahead']);
		expect(ofType(events, 'effect')).toEqual([{type: 'effect', effect: {type: 'startTls'}}]);
		expect(session.state).toMatchObject({awaiting: 'tls', timeout: 'connect', step: 'starttls', secure: false});
		expect(session.allowedVerbs()).toEqual([]);
		expect(inputError(() => session.command({verb: 'NOOP'})).message).toMatch(/handshake/);

		session.tlsEstablished();
		expect(session.state).toMatchObject({secure: true, tlsStarted: true, step: 'ehlo', awaiting: 'nothing', authenticated: false});
		expect(session.state.extensions).toBeUndefined();
		expect(rail(session.state)).toBe('connect✔ greeting✔ [ehlo·] starttls✔ auth· mail· rcpt· data· message· queued· quit·');
		expect(session.allowedVerbs()).toEqual([...TRANSITIONS.ehlo.verbs]);

		send(session, EHLO, ['250-mx.test', '250 AUTH PLAIN LOGIN']);
		expect(session.state.extensions?.auth).toEqual(['PLAIN', 'LOGIN']);
		expect(session.allowedVerbs()).not.toContain('STARTTLS');
		expect(ofType(session.command({verb: 'STARTTLS'}).events, 'warning')).toEqual([
			{type: 'warning', message: 'STARTTLS while TLS is already active: the server will likely answer 503'},
		]);
	});

	it('warns of DATA before any recipient was accepted, and not once one was or may be', () => {
		const DATA_WARNING = {type: 'warning', message: 'DATA before any recipient was accepted: the server will likely answer 503 (or 554 "no valid recipients")'};
		const none = ready('PIPELINING');
		send(none, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		expect(ofType(none.command({verb: 'DATA'}).events, 'warning')).toEqual([DATA_WARNING]);
		const refused = ready('PIPELINING');
		send(refused, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		send(refused, {verb: 'RCPT', to: 'b@example.test'}, ['550 no']);
		expect(ofType(refused.command({verb: 'DATA'}).events, 'warning')).toEqual([DATA_WARNING]);
		// Pipelined: the RCPT reply has not come yet, so the recipient may be accepted.
		const pipelined = ready('PIPELINING');
		pipelined.command({verb: 'MAIL', from: 'a@example.test'}, {strict: true});
		pipelined.command({verb: 'RCPT', to: 'b@example.test'}, {strict: true});
		expect(ofType(pipelined.command({verb: 'DATA'}, {strict: true}).events, 'warning')).toEqual([]);
	});

	// With what the log shows of the injected bytes: the evidence.
	const injections: Array<[string, string[], string[]]> = [
		['a second reply in the same chunk', ['220 go ahead\r\n250-injected\r\n250 PIPELINING\r\n'], ['250-injected', '250 PIPELINING']],
		['a partial line in the same chunk', ['220 go ahead\r\n250 inj'], ['250 inj']],
		['a reply begun in the same chunk', ['220 go ahead\r\n250-injected\r\n250 PI'], ['250-injected', '250 PI']],
		['bytes in a later chunk, before the handshake', ['220 go ahead\r\n', 'MAIL'], ['MAIL']],
		['many lines', ['220 go ahead\r\n', 'a\r\nb\nc\r\nd\r\ne\r\nf\r\ng\r\n'], ['a', 'b', 'c', 'd', 'e', '… 2 more lines']],
	];
	for (const [name, chunks, shown] of injections) {
		it(`aborts on data after the 220 (${name})`, () => {
			const session = ready('STARTTLS');
			const {events: sent} = session.command({verb: 'STARTTLS'});
			const events = [...sent, ...chunks.flatMap(chunk => session.receive(Buffer.from(chunk)))];
			const [protocolError] = ofType(events, 'protocol-error');
			expect(protocolError?.error.kind).toBe('injection');
			expect(protocolError?.error.lines).toEqual(shown);
			expect(ofType(events, 'failed')).toEqual([{type: 'failed', stage: 'tls', message: expect.stringMatching(/injection/), kind: 'starttls-injection'}]);
			// Dropped at once: waiting politely for the server's side to close would hand a hostile server the clock.
			expect(ofType(events, 'effect').at(-1)?.effect).toEqual({type: 'close', reason: 'STARTTLS injection'});
			expect(session.state).toMatchObject({ended: true, secure: false, failure: {stage: 'tls'}});
			expect(rail(session.state)).toContain('[starttls✖]');
			expect(() => session.tlsEstablished()).toThrow();
		});
	}

	it('a refusal leaves the connection in clear and marks the step failed', () => {
		const session = ready('STARTTLS');
		const events = send(session, {verb: 'STARTTLS'}, ['454 4.7.0 TLS not available']);
		expect(ofType(events, 'effect')).toEqual([]);
		expect(session.state).toMatchObject({step: 'mail', secure: false, awaiting: 'nothing'});
		expect(rail(session.state)).toContain('starttls✖454');
	});
});

describe('AUTH', () => {
	it('keeps the 334 challenges of the exchange and ends authenticated on 235', () => {
		const session = ready('AUTH LOGIN');
		send(session, {verb: 'AUTH', mechanism: 'login'}, ['334 VXNlcm5hbWU6']);
		expect(session.state).toMatchObject({step: 'auth', auth: {mechanism: 'LOGIN', challenges: ['VXNlcm5hbWU6']}});
		expect(session.allowedVerbs()).toEqual(['AUTH-RESPONSE']);
		expect(rail(session.state)).toContain('[auth▶]');

		send(session, {verb: 'AUTH-RESPONSE', response: 'dXNlcg=='}, ['334 UGFzc3dvcmQ6']);
		expect(session.state.auth?.challenges).toEqual(['VXNlcm5hbWU6', 'UGFzc3dvcmQ6']);
		// Typed by hand in manual mode, the password line is a RAW line: still an AUTH response, still redacted.
		const {encoded} = session.command({verb: 'RAW', line: 'c2VjcmV0'});
		expect(encoded.command).toEqual({verb: 'AUTH-RESPONSE', response: 'c2VjcmV0'});
		expect(encoded.redacted).toBe(true);
		expect(encoded.display).not.toContain('c2VjcmV0');
		expect(encoded.bytes.toString()).toBe('c2VjcmV0\r\n');
		feed(session, wire('235 2.7.0 authenticated'));
		expect(session.state).toMatchObject({authenticated: true, step: 'mail'});
		expect(session.state.auth).toBeUndefined();
		expect(rail(session.state)).toContain('auth✔ [mail·]');
		// Logged in without TLS: STARTTLS is past, not next (a presenter's caption must not offer it).
		expect(rail(session.state)).toContain('starttls-');
	});

	it('warns when a typed answer to a 334 is not the base64 of readable text (a user name typed as is), without quoting it', () => {
		const session = ready('AUTH LOGIN');
		send(session, {verb: 'AUTH', mechanism: 'LOGIN'}, ['334 VXNlcm5hbWU6']);
		const typed = (line: string) => ofType(session.command(parseCommandLine(line), {typed: line}).events, 'warning').map(event => event.message);
		const plain = typed('demo');
		expect(plain).toEqual([expect.stringMatching(/^this answer is not base64 of readable text, and the server decodes it: type the base64 of the user name or password/)]);
		expect(plain.join(' ')).not.toContain('demo');
		feed(session, wire('334 UGFzc3dvcmQ6'));
		// The base64 of "demo", "*" to cancel: no warning.
		expect(typed('ZGVtbw==')).toEqual([]);
	});

	it('checks a PLAIN response worked out by hand (at the 334, and on the AUTH line) and says what is wrong, never quoting the password', () => {
		const session = ready('AUTH PLAIN LOGIN');
		const sent = (line: string) => {
			const {encoded, events} = session.command(parseCommandLine(line), {typed: line});
			const warnings = ofType(events, 'warning').map(event => event.message);
			for (const warning of warnings) expect(warning).not.toMatch(/demo|s3cr3t/);
			return {display: encoded.display, warnings};
		};
		// On the AUTH line: echo "\0demo\0demo" | base64 (no -e: a backslash and a 0), then "demo\0demo" (no leading NUL).
		const echoed = sent('AUTH PLAIN XDBkZW1vXDBkZW1vCg==');
		expect(echoed.display).toBe('AUTH PLAIN [redacted]');
		expect(echoed.warnings).toEqual([
			"this PLAIN response holds \\0 as two characters (a backslash and a 0), not NUL bytes: your shell's echo wrote them so, use printf; printf '\\0%s\\0%s' USER PASS | base64 makes it",
		]);
		feed(session, wire('501 5.5.4 Error: invalid userdata'));
		expect(sent('AUTH PLAIN ZGVtbwBkZW1v').warnings).toEqual([expect.stringMatching(/^this PLAIN response lacks the leading NUL: it is NUL, user name, NUL, password; printf /)]);
		feed(session, wire('501 5.5.4 Error: invalid userdata'));
		// At the 334: PLAIN's own advice, not LOGIN's "the base64 of the user name or password".
		sent('AUTH PLAIN');
		feed(session, wire('334 '));
		const typedAsIs = sent('demo s3cr3t');
		expect(typedAsIs.display).toBe('[redacted]');
		expect(typedAsIs.warnings).toEqual([
			"this PLAIN response is not base64, and the server decodes it: it is NUL, user name, NUL, password, in base64; printf '\\0%s\\0%s' USER PASS | base64 makes it",
		]);
		feed(session, wire('501 5.5.4 Error: invalid userdata'));
		sent('AUTH PLAIN');
		feed(session, wire('334 '));
		// printf '\0demo\0s3cr3t\n' | base64: echo's line break would be part of the password.
		expect(sent('AGRlbW8AczNjcjN0Cg==').warnings).toEqual([expect.stringMatching(/^this PLAIN response ends with a line break, which becomes part of the password: echo adds one, use printf;/)]);
		feed(session, wire('535 5.7.8 Error: authentication failed'));
		// The right form, with or without an authorization identity: no warning; nor for LOGIN's answers.
		expect(sent('AUTH PLAIN AGRlbW8AczNjcjN0').warnings).toEqual([]);
		feed(session, wire('535 5.7.8 Error: authentication failed'));
		expect(sent('AUTH PLAIN YQBkZW1vAHMzY3IzdA==').warnings).toEqual([]);
		feed(session, wire('535 5.7.8 Error: authentication failed'));
		sent('AUTH LOGIN');
		feed(session, wire('334 VXNlcm5hbWU6'));
		expect(sent('ZGVtbw==').warnings).toEqual([]);
		// Another mechanism's answer is not "the user name or password".
		const cram = ready('AUTH CRAM-MD5');
		cram.command({verb: 'AUTH', mechanism: 'CRAM-MD5'});
		feed(cram, wire('334 PDEyMzQ1QGV4YW1wbGUudGVzdD4='));
		const answer = ofType(cram.command(parseCommandLine('demo 0123'), {typed: 'demo 0123'}).events, 'warning').map(event => event.message);
		expect(answer).toEqual(['this answer is not base64 of readable text, and the server decodes it: type the base64 of what CRAM-MD5 asks for, or "*" to cancel']);
	});

	it('takes lines typed before the next 334 arrives (two answers pasted at once) as answers too, redacted', () => {
		const session = ready('AUTH LOGIN');
		session.command({verb: 'AUTH', mechanism: 'LOGIN'});
		expect(session.state.authExchange).toBe(true);
		// The first answer goes out before the 334 that asks for it is read, the second before its own 334.
		const first = session.command({verb: 'RAW', line: 'ZGVtbw=='}).encoded;
		const second = session.command({verb: 'RAW', line: 'c2VjcmV0'}).encoded;
		for (const encoded of [first, second]) expect(encoded).toMatchObject({command: {verb: 'AUTH-RESPONSE'}, display: '[redacted]'});
		feed(session, wire('334 VXNlcm5hbWU6', '334 UGFzc3dvcmQ6', '235 2.7.0 authenticated'));
		expect(session.state).toMatchObject({authenticated: true, authExchange: false});
		expect(session.command({verb: 'RAW', line: 'XYZZY'}).encoded.display).toBe('XYZZY');
	});

	it('takes a typed answer that looks like a command ("RSET", "HELP me") as an answer too, redacted', () => {
		const session = ready('AUTH LOGIN');
		send(session, {verb: 'AUTH', mechanism: 'LOGIN'}, ['334 VXNlcm5hbWU6']);
		for (const typed of ['RSET', 'HELP me']) {
			const {encoded} = session.command(parseCommandLine(typed), {typed});
			expect(encoded).toMatchObject({command: {verb: 'AUTH-RESPONSE', response: typed}, display: '[redacted]', redacted: true});
			expect(encoded.bytes.toString()).toBe(`${typed}\r\n`);
		}
		// Outside an exchange, the same line is the command it looks like.
		feed(session, wire('334 UGFzc3dvcmQ6', '235 2.7.0 authenticated'));
		expect(session.command(parseCommandLine('RSET'), {typed: 'RSET'}).encoded).toMatchObject({command: {verb: 'RSET'}, display: 'RSET'});
	});

	it('warns about a typed line that is not quite SMTP, first, and sends it as typed; never so about an AUTH answer', () => {
		const session = ready('AUTH LOGIN');
		const typed = 'MAIL FROM <a@b.test>';
		const {encoded, events} = session.command(parseCommandLine(typed), {typed});
		expect(encoded.bytes.toString()).toBe(`${typed}\r\n`);
		expect(ofType(events, 'warning')[0]).toEqual({type: 'warning', message: 'try MAIL FROM:<a@b.test>: MAIL FROM is followed by a colon, then the address in <>'});
		feed(session, wire('501 5.5.4 syntax'));
		send(session, {verb: 'AUTH', mechanism: 'LOGIN'}, ['334 VXNlcm5hbWU6']);
		// An answer is a secret: no "did you mean EHLO?" that would quote it (only that it is no base64, unquoted).
		const warned = ofType(session.command(parseCommandLine('EHOL'), {typed: 'EHOL'}).events, 'warning').map(event => event.message);
		expect(warned.join(' ')).not.toMatch(/EHOL|EHLO/);
	});

	it('sends a typed line the engine would refuse as a command, as typed, for the server to judge; never AUTH', () => {
		const session = ready('AUTH PLAIN');
		for (const typed of ['EHLO my laptop', 'RCPT TO:<a b@example.test>', `MAIL FROM:<${'l'.repeat(65)}@example.test>`]) {
			const {encoded, events} = session.command(parseCommandLine(typed), {typed});
			expect(encoded.bytes.toString()).toBe(`${typed}\r\n`);
			expect(encoded.command).toEqual({verb: 'RAW', line: typed});
			expect(ofType(events, 'warning').map(event => event.message).join('\n')).toMatch(/: sent as typed, for the server to judge/);
		}
		// What could add a line is refused whatever was typed.
		expect(() => session.command(parseCommandLine('EHLO a\rb'), {typed: 'EHLO a\rb'})).toThrow(SmtpInputError);
	});

	it('follows a typed MAIL or RCPT sent as typed (a non-ASCII address without SMTPUTF8) by the server\'s replies', () => {
		const session = ready();
		const mail = 'MAIL FROM:<müller@bücher.example>';
		const first = session.command(parseCommandLine(mail), {typed: mail});
		expect(first.encoded.bytes.toString()).toBe(`${mail}\r\n`);
		expect(ofType(first.events, 'warning').map(event => event.message).join('\n')).toMatch(/sent as typed, for the server to judge/);
		feed(session, wire('250 OK'));
		expect(rail(session.state)).toContain('mail✔ [rcpt·]');
		// The RCPT after it is in order: no "RCPT before MAIL".
		const rcpt = 'RCPT TO:<b@example.test>';
		const second = session.command(parseCommandLine(rcpt), {typed: rcpt});
		expect(ofType(second.events, 'warning')).toEqual([]);
		feed(session, wire('250 OK'));
		expect(session.state.transaction.recipients).toMatchObject([{address: 'b@example.test', accepted: true}]);
	});

	it('reads a typed AUTH with leading blanks as AUTH, its initial response redacted', () => {
		const session = ready('AUTH PLAIN');
		const typed = '  AUTH PLAIN AHVzZXIAc2VjcmV0';
		const {encoded} = session.command(parseCommandLine(typed), {typed});
		expect(encoded.command).toEqual({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AHVzZXIAc2VjcmV0'});
		expect(encoded.display).not.toContain('AHVzZXIAc2VjcmV0');
		expect(encoded.bytes.toString()).toBe(`${typed}\r\n`);
		expect(session.state.authExchange).toBe(true);
	});

	// A 504 refuses the mechanism (RFC 4954 §4), which the summary says: no wrong password.
	for (const [reply, summary] of [
		['535 5.7.8 bad credentials', 'authentication failed'],
		['504 5.5.4 unrecognized mechanism', 'login refused: the server does not take this login mechanism (not a wrong password): log in with another it offers'],
	] as const) {
		it(`fails the auth stage on ${reply.slice(0, 3)}`, () => {
			const session = ready('AUTH PLAIN');
			const events = send(session, {verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AHUAcA=='}, [reply]);
			expect(ofType(events, 'failed')).toEqual([
				{type: 'failed', stage: 'auth', message: `${summary}: ${reply}`, kind: 'login-refused', reply: expect.objectContaining({code: Number(reply.slice(0, 3))})},
			]);
			expect(session.state).toMatchObject({authenticated: false, step: 'mail', failure: {stage: 'auth'}});
			expect(rail(session.state)).toContain(`auth✖${reply.slice(0, 3)}`);
		});
	}

	// The summary (the footer's, send's "failed (auth)") names a cause the reply gives, not "authentication failed",
	// which reads as a wrong password.
	for (const [reply, cause] of [
		['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'SMTP AUTH is turned off for this mailbox or tenant'],
		["535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.", 'security defaults block password logins'],
		['534 5.7.9 Application-specific password required. For more information, go to https://support.google.com/mail/?p=InvalidSecondFactor', 'wants an app password'],
		['534 5.7.9 Authentication mechanism is too weak', 'too weak for this account, not a wrong password'],
	] as const) {
		it(`says why a login was refused in its summary: ${cause}`, () => {
			const session = ready('AUTH PLAIN LOGIN');
			const events = send(session, {verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AHUAcA=='}, [reply]);
			expect(ofType(events, 'failed')[0]!.message).toMatch(new RegExp(`^login refused: .*${cause}.*: ${reply.slice(0, 12)}`));
		});
	}

	// RFC 4954 §6's way through is one PLAIN login inside TLS: what the summary asks for is what this login lacked.
	for (const [mechanism, starttls, summary, kind] of [
		['CRAM-MD5', false, /^login refused: a password transition is needed: log in once with PLAIN inside TLS \(--auth PLAIN\)/, 'login-transition'],
		['PLAIN', true, /^the server wants TLS \(STARTTLS\) before a login: 432/, 'login-needs-starttls'],
		['PLAIN', false, /^the server wants TLS before a login but does not offer STARTTLS/, 'tls-not-offered'],
	] as const) {
		it(`a password transition asked of ${mechanism} in clear${starttls ? ', STARTTLS offered' : ''}: ${kind}`, () => {
			const session = ready('AUTH PLAIN CRAM-MD5', ...(starttls ? ['STARTTLS'] : []));
			const events = send(session, {verb: 'AUTH', mechanism}, ['432 4.7.12 A password transition is needed']);
			expect(ofType(events, 'failed')[0]).toMatchObject({message: expect.stringMatching(summary), kind});
		});
	}
});

describe('mail transaction', () => {
	it('MAIL, RCPT per recipient, DATA, body, final reply', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 2.1.0 ok']);
		expect(session.state).toMatchObject({step: 'rcpt', transaction: {from: 'a@example.test', mailReply: {code: 250}}});
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt·] data· message· queued· quit·');

		const refused = send(session, {verb: 'RCPT', to: 'nobody@example.test'}, ['550 5.1.1 no such user']);
		expect(ofType(refused, 'recipient')).toEqual([
			{type: 'recipient', result: {address: 'nobody@example.test', accepted: false, reply: expect.objectContaining({code: 550})}},
		]);
		expect(rail(session.state)).toContain('[rcpt✖550]');
		send(session, {verb: 'RCPT', to: 'b@example.test'}, ['250 2.1.5 ok']);
		expect(rail(session.state)).toContain('[rcpt✔]');
		expect(session.state.transaction.recipients.map(r => [r.address, r.accepted])).toEqual([
			['nobody@example.test', false],
			['b@example.test', true],
		]);

		send(session, {verb: 'DATA'}, ['354 end with <CRLF>.<CRLF>']);
		expect(session.state).toMatchObject({step: 'message', awaiting: 'body', timeout: 'data-block', transaction: {dataStarted: true}});
		expect(session.allowedVerbs()).toEqual([]);
		expect(inputError(() => session.command({verb: 'QUIT'})).message).toMatch(/reading the message/);
		expect(rail(session.state)).toContain('data✔ [message▶] queued·');

		session.bodySent();
		expect(session.state).toMatchObject({step: 'queued', awaiting: 'final-dot', timeout: 'final-dot'});
		expect(rail(session.state)).toContain('message✔ [queued▶]');

		const events = feed(session, wire('250 2.0.0 queued as 1234'));
		// The reply is labelled with the step it answers, even though the state has moved on.
		expect(events[0]).toEqual({type: 'reply', step: 'queued', reply: expect.objectContaining({code: 250})});
		expect(session.state).toMatchObject({messagesQueued: 1, step: 'queued', transaction: {finished: true, reply: {code: 250}}});
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·');
		expect(session.allowedVerbs()).toContain('MAIL');
	});

	it('a 4xx/5xx after the final dot fails the final-dot stage', () => {
		const session = dataStarted();
		session.bodySent();
		const events = feed(session, wire('552 5.3.4 message too big'));
		expect(ofType(events, 'failed')).toEqual([
			{type: 'failed', stage: 'final-dot', message: expect.stringContaining('552 5.3.4 message too big'), reply: expect.objectContaining({code: 552})},
		]);
		expect(session.state).toMatchObject({messagesQueued: 0, transaction: {finished: true}});
		expect(rail(session.state)).toContain('message✔ [queued✖552]');
	});

	it('a reply while the body is still being written ends the message, and the session: the rest and the dot must not go', () => {
		const session = dataStarted();
		const events = feed(session, wire('554 5.6.0 content rejected'));
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'final-dot', message: 'the server refused the message before it was complete: 554 5.6.0 content rejected; the rest was not sent, and the connection was closed'});
		// The writer stops first, then the connection goes: no QUIT (it would be message text before the dot).
		expect(ofType(events, 'effect').map(event => event.effect)).toEqual([{type: 'abandonBody'}, {type: 'close', reason: 'the server answered before the message was complete'}]);
		expect(session.state).toMatchObject({awaiting: 'nothing', ended: true, pending: []});
		expect(session.bodySent()).toEqual([]);
		expect(session.closed(undefined, true)).toEqual([]);
		// The message failed; the dot never went, so the step its reply leads to (queued) was not reached: one failure.
		expect(rail(session.state)).toContain('message✖554 [queued·] quit·');
	});

	it('the reply after the whole body went stops nothing', () => {
		const session = dataStarted();
		session.bodySent();
		const events = feed(session, wire('554 5.6.0 content rejected'));
		expect(ofType(events, 'effect')).toEqual([]);
		expect(session.state.ended).toBe(false);
	});

	it('a 250 while the body is still being written is out of step, not a queued message', () => {
		const session = dataStarted();
		const events = feed(session, wire('250 2.0.0 queued early'));
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'final-dot', message: expect.stringContaining('before the message was complete')});
		expect(ofType(events, 'effect').map(event => event.effect)).toEqual([{type: 'abandonBody'}, {type: 'close', reason: 'replies out of step'}]);
		expect(session.state.messagesQueued).toBe(0);
		expect(session.state.ended).toBe(true);
		expect(rail(session.state)).toContain('message✖250 [queued·]');
	});

	it('RSET 250 goes back to MAIL with a fresh transaction', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		send(session, {verb: 'RCPT', to: 'b@example.test'}, ['250 ok']);
		send(session, {verb: 'RSET'}, ['250 flushed']);
		expect(session.state.step).toBe('mail');
		expect(session.state.transaction.recipients).toEqual([]);
		expect(rail(session.state)).toContain('[mail·] rcpt· data·');
	});

	it('beginTransaction forgets the record but not the server state', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		send(session, {verb: 'RCPT', to: 'b@example.test'}, ['550 no']);
		session.beginTransaction();
		expect(session.state.transaction).toEqual({recipients: [], dataStarted: false, finished: false});
		expect(session.state.last).toBeUndefined();
		// The server still holds the transaction: the planner sends RSET before the next MAIL.
		expect(session.state.step).toBe('rcpt');
		expect(rail(session.state)).toContain('mail· [rcpt·]');
	});
});

describe('end of the session', () => {
	it('QUIT 221 closes; the socket closing afterwards is no failure', () => {
		const session = ready();
		const events = send(session, {verb: 'QUIT'}, ['221 2.0.0 bye']);
		expect(ofType(events, 'effect')).toEqual([{type: 'effect', effect: {type: 'close', reason: 'QUIT answered'}}]);
		expect(session.state).toMatchObject({ended: true, step: 'quit', awaiting: 'nothing'});
		expect(session.closed()).toEqual([]);
		expect(session.state).toMatchObject({connected: false});
		expect(session.state.failure).toBeUndefined();
	});

	it('a refused QUIT fails the quit stage and closes from this side, with no claim that it went unanswered', () => {
		const session = ready();
		const events = send(session, {verb: 'QUIT'}, ['500 5.5.1 what?']);
		expect(ofType(events, 'effect')).toEqual([{type: 'effect', effect: {type: 'close', reason: 'QUIT refused'}}]);
		expect(session.state.failure).toMatchObject({stage: 'quit', message: 'QUIT refused: 500 5.5.1 what?; the connection is closed from this side'});
		expect(rail(session.state)).toMatch(/quit✖500/);
		expect(ofType(session.closed(), 'warning')).toEqual([]);
	});

	it('an unsolicited 421 ends the session at any point, charged to no step (no MAIL was sent)', () => {
		const session = ready();
		const events = feed(session, wire('421 4.4.2 idle too long'));
		expect(events[0]).toEqual({type: 'reply', reply: expect.objectContaining({code: 421})});
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'closed', reply: {code: 421}, message: expect.stringContaining('on its own, between commands')});
		expect(ofType(events, 'effect')[0]?.effect.type).toBe('close');
		expect(session.state.ended).toBe(true);
		expect(rail(session.state)).not.toContain('✖');
	});

	it('a 421 answering a command fails the stage of that command', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		const events = send(session, {verb: 'RCPT', to: 'b@example.test'}, ['421 shutting down']);
		expect(ofType(events, 'failed')[0]?.stage).toBe('rcpt');
		expect(rail(session.state)).toContain('[rcpt✖421]');
	});

	it('a 421 answering a command of no step (a server tired of errors) fails no step; a typed line fails the step its verb names', () => {
		const session = ready();
		send(session, {verb: 'RAW', line: 'FOO'}, ['500 5.5.2 unrecognized']);
		const events = send(session, {verb: 'NOOP'}, ['421 4.7.0 too many errors']);
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'closed', reply: {code: 421}, message: expect.stringContaining('the server is closing the session')});
		expect(session.state.ended).toBe(true);
		// MAIL was the next step, never tried: it is not marked failed.
		expect(rail(session.state)).not.toContain('✖');
		const typed = ready();
		send(typed, {verb: 'RAW', line: 'MAIL FROM a@example.test'}, ['421 4.7.0 too many errors']);
		expect(rail(typed.state)).toContain('[mail✖421]');
	});

	it('a 421 answering RCPT is that recipient\'s refusal too: its outcome keeps the code and the text', () => {
		const session = ready('PIPELINING');
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		send(session, {verb: 'RCPT', to: 'friend@example.test'}, ['250 ok']);
		session.command({verb: 'RCPT', to: 'bye@example.test'});
		// Pipelined behind it: never answered, so no outcome.
		session.command({verb: 'RCPT', to: 'later@example.test'});
		const events = feed(session, wire('421 4.3.2 closing the connection'));
		const bye = {address: 'bye@example.test', accepted: false, reply: expect.objectContaining({code: 421, enhanced: '4.3.2', lines: ['closing the connection']})};
		expect(ofType(events, 'recipient')).toEqual([{type: 'recipient', result: bye}]);
		expect(session.state.transaction.recipients).toEqual([
			{address: 'friend@example.test', accepted: true, reply: expect.objectContaining({code: 250})},
			bye,
			{address: 'later@example.test'},
		]);
		expect(session.state.failure).toMatchObject({stage: 'rcpt', reply: {code: 421}});
	});

	it('an unexpected close fails with stage closed and names what was awaited', () => {
		const session = ready();
		session.command({verb: 'MAIL', from: 'a@example.test'});
		const events = session.closed('ECONNRESET');
		expect(ofType(events, 'failed')).toEqual([
			{type: 'failed', stage: 'closed', message: 'the connection closed while waiting for the reply to MAIL: ECONNRESET', kind: 'connection-closed'},
		]);
		expect(session.state).toMatchObject({ended: true, connected: false, pending: []});
		expect(rail(session.state)).toContain('[mail✖]');
	});

	it('a close during the TLS handshake fails the tls stage', () => {
		const session = ready('STARTTLS');
		send(session, {verb: 'STARTTLS'}, ['220 go ahead']);
		const events = session.closed('certificate verify failed');
		expect(ofType(events, 'failed')).toEqual([
			{type: 'failed', stage: 'tls', message: 'the connection closed during the TLS handshake: certificate verify failed', kind: 'connection-closed'},
		]);
		expect(rail(session.state)).toContain('[starttls✖]');
	});

	it('a close after QUIT without 221 is only a warning', () => {
		const session = ready();
		session.command({verb: 'QUIT'});
		const events = session.closed();
		expect(ofType(events, 'failed')).toEqual([]);
		expect(ofType(events, 'warning')).toHaveLength(1);
		expect(session.state.failure).toBeUndefined();
	});

	it('a close after QUIT says who closed: the server, or this side before the answer came', () => {
		const byServer = ready();
		byServer.command({verb: 'QUIT'});
		expect(ofType(byServer.closed(), 'warning')).toEqual([{type: 'warning', message: 'the server closed the connection without answering QUIT'}]);
		const byUs = ready();
		byUs.command({verb: 'QUIT'});
		expect(ofType(byUs.closed(undefined, true), 'warning')).toEqual([{type: 'warning', message: 'closed the connection before the server answered QUIT'}]);
		expect(byUs.state.failure).toBeUndefined();
		// Either way no reply came: QUIT is no tick (that says the server answered it), and no failure either.
		expect(rail(byServer.state)).toMatch(/quit-$/);
		expect(rail(byUs.state)).toMatch(/quit-$/);
	});

	it('a timeout waiting for the greeting fails the greeting step, as a refusal would', () => {
		const session = connected();
		const events = session.timedOut('no answer within 30 s while waiting for the greeting');
		expect(ofType(events, 'failed')).toEqual([{type: 'failed', stage: 'banner', message: 'no answer within 30 s while waiting for the greeting'}]);
		expect(session.state).toMatchObject({ended: true, awaiting: 'nothing', failure: {stage: 'banner'}});
		expect(rail(session.state)).toMatch(/^connect✔ \[?greeting✖\]? ehlo·/);
		// The driver drops the connection next: that close is no news and changes nothing.
		expect(session.closed(undefined, true)).toEqual([]);
		expect(rail(session.state)).toContain('greeting✖');
	});

	it('a timeout waiting for a reply fails that step; pipelined commands after it did not happen', () => {
		const session = ready('PIPELINING');
		session.command({verb: 'MAIL', from: 'a@example.test'});
		session.command({verb: 'RCPT', to: 'b@example.test'});
		const events = session.timedOut('no answer within 30 s while waiting for the reply to MAIL');
		expect(ofType(events, 'failed')).toEqual([{type: 'failed', stage: 'mail', message: 'no answer within 30 s while waiting for the reply to MAIL'}]);
		expect(rail(session.state)).toMatch(/mail✖\]? rcpt- data·/);
		expect(session.state.pending).toEqual([]);
	});

	it('a timeout while the message is being sent fails the message step, in DATA: the final dot never went', () => {
		const session = dataStarted();
		const events = session.timedOut('the server stopped taking the message');
		expect(ofType(events, 'failed')).toEqual([{type: 'failed', stage: 'data', message: 'the server stopped taking the message'}]);
		expect(rail(session.state)).toContain('message✖');
		expect(session.bodySent()).toEqual([]);

		// Once the whole body went, the wait for the reply is the final dot's.
		const sent = dataStarted();
		sent.bodySent();
		expect(ofType(sent.timedOut('no answer within 60 s while waiting for the reply after the final dot'), 'failed')[0]?.stage).toBe('final-dot');
	});

	it('a timeout waiting for the answer to QUIT is only a warning that this side closed the connection', () => {
		const session = ready();
		session.command({verb: 'QUIT'});
		const events = session.timedOut('no answer within 5 s while waiting for the reply to QUIT');
		expect(ofType(events, 'failed')).toEqual([]);
		expect(ofType(events, 'warning')).toEqual([{type: 'warning', message: 'no answer within 5 s while waiting for the reply to QUIT; closed the connection'}]);
		expect(session.state).toMatchObject({ended: true});
		expect(session.state.failure).toBeUndefined();
		expect(rail(session.state)).toMatch(/quit-\]?$/);
		expect(session.closed(undefined, true)).toEqual([]);
	});

	it('QUIT unanswered behind a message unanswered too: the warning says the message may or may not have been accepted', () => {
		const tooLate = ': the reply to the message did not come either, so it may or may not have been accepted; check before sending it again';
		const timedOut = dataStarted();
		timedOut.bodySent();
		timedOut.command({verb: 'QUIT'});
		expect(ofType(timedOut.timedOut('no answer within 5 s while waiting for the reply to QUIT'), 'warning')).toEqual([
			{type: 'warning', message: `no answer within 5 s while waiting for the reply to QUIT; closed the connection${tooLate}`},
		]);
		// The server hanging up without either reply says it too.
		const closed = dataStarted();
		closed.bodySent();
		closed.command({verb: 'QUIT'});
		expect(ofType(closed.closed(), 'warning')).toEqual([{type: 'warning', message: `the server closed the connection without answering QUIT${tooLate}`}]);
	});

	it('a broken reply line is a protocol error that ends the session', () => {
		const session = ready();
		session.command({verb: 'NOOP'});
		const events = feed(session, Buffer.from('hello there\r\n'));
		expect(ofType(events, 'protocol-error')[0]?.error.kind).toBe('bad-code');
		expect(ofType(events, 'failed')[0]?.stage).toBe('closed');
		expect(ofType(events, 'effect')[0]?.effect.type).toBe('close');
		expect(session.state.ended).toBe(true);
	});
});

describe('a run the client stops itself', () => {
	it('fails the step it stopped at, with no code; the steps before it that never came are skipped, not still ahead', () => {
		// A recipient the server cannot take (no SMTPUTF8), found before MAIL: no STARTTLS offered, MAIL never sent.
		const session = ready('PIPELINING');
		session.stoppedAt('rcpt');
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- [mail-] rcpt✖ data· message· queued· quit·');
		// A message over SIZE: MAIL fails, what comes after it is still ahead.
		const big = ready('SIZE 500');
		big.stoppedAt('mail');
		expect(rail(big.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖] rcpt· data· message· queued· quit·');
	});
});

describe('manual mode', () => {
	it('a typed line the engine could not read as its command, refused, fails the step it was meant for', () => {
		const session = ready();
		const typed = 'MAIL FROM <a@example.test>';
		session.command(parseCommandLine(typed), {typed});
		feed(session, wire('501 5.5.4 syntax: MAIL FROM:<address>'));
		expect(rail(session.state)).toContain('mail✖501');
		// A step already done stays done: a second, broken EHLO after a good one.
		session.command(parseCommandLine('EHLO'), {typed: 'EHLO'});
		feed(session, wire('501 5.5.4 syntax: EHLO hostname'));
		expect(rail(session.state)).toContain('ehlo✔');
	});

	it('warns about a command out of order but sends it; strict mode refuses it', () => {
		const session = ready();
		const rcpt: Command = {verb: 'RCPT', to: 'b@example.test'};
		const error = inputError(() => session.command(rcpt, {strict: true}));
		expect(error).toMatchObject({field: 'command', message: 'RCPT before MAIL: the server will likely answer 503'});
		expect(session.state.pending).toEqual([]);

		const {encoded, events} = session.command(rcpt);
		expect(ofType(events, 'warning')).toEqual([{type: 'warning', message: 'RCPT before MAIL: the server will likely answer 503'}]);
		expect(session.state.pending).toEqual([encoded]);
		feed(session, wire('503 5.5.1 need MAIL first'));
		expect(session.state.step).toBe('mail');
		expect(rail(session.state)).toContain('[mail·] rcpt✖503');
	});

	it('warns about talking before the greeting', () => {
		const session = connected();
		expect(session.command(EHLO).events[0]).toMatchObject({type: 'warning', message: expect.stringMatching(/before the server's greeting/)});
		// The greeting still answers first; then the EHLO reply.
		feed(session, wire('220 hi', '250 mx.test'));
		expect(session.state).toMatchObject({step: 'mail', greeting: {code: 220}});
	});

	it('refuses any command when nothing can be written', () => {
		expect(inputError(() => new SmtpSession().command({verb: 'NOOP'})).message).toBe('not connected');
	});

	it('matches pipelined replies to commands in order', () => {
		const session = ready('PIPELINING');
		const sent = [
			session.command({verb: 'MAIL', from: 'a@example.test'}),
			session.command({verb: 'RCPT', to: 'b@example.test'}),
			session.command({verb: 'RCPT', to: 'c@example.test'}),
			session.command({verb: 'DATA'}),
		];
		expect(sent.flatMap(s => s.events).filter(e => e.type === 'warning')).toEqual([]);
		expect(session.allowedVerbs()).toEqual([]);
		const events = feed(session, wire('250 ok', '250 ok', '550 no', '354 go'));
		expect(ofType(events, 'reply').map(e => e.command?.command.verb)).toEqual(['MAIL', 'RCPT', 'RCPT', 'DATA']);
		expect(ofType(events, 'recipient').map(e => e.result.accepted)).toEqual([true, false]);
		expect(session.state.awaiting).toBe('body');
	});

	it('a 421 after 354, before the message was sent, is unprompted too: the message step did not fail', () => {
		const session = ready('PIPELINING');
		for (const command of [{verb: 'MAIL', from: 'a@example.test'}, {verb: 'RCPT', to: 'b@example.test'}, {verb: 'DATA'}] as const) session.command(command);
		feed(session, wire('250 ok', '250 ok', '354 go'));
		expect(session.state.awaiting).toBe('body');
		const events = feed(session, wire('421 4.3.2 shutting down'));
		expect(ofType(events, 'reply')[0]).not.toHaveProperty('step');
		expect(ofType(events, 'failed')[0]).toMatchObject({stage: 'closed', message: expect.stringContaining('on its own, after its 354 and before the message was sent')});
		expect(rail(session.state)).not.toContain('✖');
		// Nor is it current any more: it never will be sent.
		expect(rail(session.state)).toContain('message·');
		expect(session.state.ended).toBe(true);
	});

	it('warns when commands are pipelined to a server without PIPELINING', () => {
		const session = ready();
		session.command({verb: 'MAIL', from: 'a@example.test'});
		expect(ofType(session.command({verb: 'RCPT', to: 'b@example.test'}).events, 'warning')).toEqual([
			{type: 'warning', message: 'RCPT sent before the reply to MAIL: the server does not advertise PIPELINING'},
		]);
	});

	it('follows a server that accepts a command out of order', () => {
		const session = greeted();
		const {events} = session.command({verb: 'MAIL', from: 'a@example.test'});
		expect(events[0]?.type).toBe('warning');
		feed(session, wire('250 ok, whatever'));
		expect(session.state.step).toBe('rcpt');
	});

	it('a nested MAIL does not wipe the open transaction', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		send(session, {verb: 'RCPT', to: 'b@example.test'}, ['250 ok']);
		session.command({verb: 'MAIL', from: 'other@example.test'});
		feed(session, wire('503 5.5.1 nested MAIL'));
		expect(session.state.transaction).toMatchObject({from: 'a@example.test', recipients: [{address: 'b@example.test'}]});
		expect(session.state.step).toBe('rcpt');
	});

	it('a RCPT or DATA typed after a message was queued starts afresh: its refusal is not the queued message one', () => {
		const session = dataStarted();
		session.bodySent();
		feed(session, wire('250 2.0.0 queued'));
		expect(rail(session.state)).toContain('queued✔');
		session.command({verb: 'RCPT', to: 'c@example.test'});
		feed(session, wire('503 5.5.1 need MAIL command'));
		expect(session.state.transaction.recipients).toEqual([expect.objectContaining({address: 'c@example.test', accepted: false})]);
		expect(rail(session.state)).toContain('rcpt✖503');
		expect(rail(session.state)).not.toContain('queued✔');
		session.command(parseCommandLine('MAIL FROM:me@example.test'), {typed: 'MAIL FROM:me@example.test'});
		feed(session, wire('501 5.1.7 bad sender address syntax'));
		expect(rail(session.state)).toContain('mail✖501');
		session.command({verb: 'DATA'});
		feed(session, wire('503 5.5.1 need MAIL command'));
		expect(session.state.transaction.finished).toBe(false);
		expect(rail(session.state)).toContain('data✖503');
	});

	it('a DATA refused before any recipient is moot once a recipient is sent: DATA is pending again', () => {
		const session = ready();
		send(session, {verb: 'MAIL', from: 'a@example.test'}, ['250 ok']);
		session.command({verb: 'DATA'});
		feed(session, wire('503 5.5.1 need RCPT command'));
		expect(rail(session.state)).toContain('data✖503');
		send(session, {verb: 'RCPT', to: 'b@example.test'}, ['250 ok']);
		expect(session.state.transaction.dataReply).toBeUndefined();
		expect(rail(session.state)).toContain('rcpt✔] data·');
		// The step session goes on with its own DATA, not the early refusal.
		expect(nextAction(session.state, {...basePlan, from: 'a@example.test', recipients: ['b@example.test']})).toMatchObject({type: 'command', command: {verb: 'DATA'}});
	});

	it('reports a reply nothing was waiting for', () => {
		const session = ready();
		const events = feed(session, wire('250 surprise'));
		expect(ofType(events, 'warning')).toEqual([{type: 'warning', message: expect.stringMatching(/unsolicited reply 250 surprise/), unsolicited: true}]);
		expect(session.state.ended).toBe(false);
	});

	it('closes the connection after 20 replies in a row that nothing asked for: a server flooding it never stops', () => {
		const session = ready();
		// Answered replies between them start the count again: a broken server's one extra reply per command is no flood.
		expect(feed(session, wire(...Array.from({length: 19}, () => '250 stray')))).not.toContainEqual(expect.objectContaining({type: 'protocol-error'}));
		send(session, {verb: 'NOOP'}, ['250 ok']);
		expect(feed(session, wire(...Array.from({length: 19}, () => '250 stray')))).not.toContainEqual(expect.objectContaining({type: 'protocol-error'}));
		const events = feed(session, wire(...Array.from({length: 1000}, () => '250 stray')));
		expect(ofType(events, 'warning')).toHaveLength(1);
		expect(ofType(events, 'protocol-error')[0]?.error.message).toBe('the server sent 20 replies in a row that nothing asked for: it floods the connection, which is closed');
		expect(session.state.ended).toBe(true);
		expect(session.state.failure).toMatchObject({kind: 'protocol-error', message: expect.stringMatching(/^protocol error: the server sent 20 replies in a row/)});
	});

	it('takes a reply line over 512 octets with a warning naming the RFC limit', () => {
		const session = ready();
		session.command({verb: 'NOOP'});
		const events = feed(session, wire(`250 2.0.0 Ok ${'x'.repeat(585)}`));
		expect(ofType(events, 'reply')).toHaveLength(1);
		expect(ofType(events, 'warning')).toEqual([{type: 'warning', message: "the server sent a reply line of 600 octets including CRLF, over RFC 5321's limit of 512 (§4.5.3.1.5): taken anyway"}]);
		expect(session.state.ended).toBe(false);
	});
});

describe('the transition table', () => {
	it('only lists transitions for verbs its row allows, to real steps', () => {
		for (const step of STEPS) {
			const row = TRANSITIONS[step];
			for (const [trigger, classes] of Object.entries(row.on)) {
				if (!['greeting', '.', 'handshake'].includes(trigger)) expect(row.verbs, `${step}: ${trigger}`).toContain(trigger);
				for (const target of Object.values(classes ?? {})) expect(STEPS).toContain(target);
			}
		}
	});

	it('moves out-of-order successes as from their home row and ignores out-of-order refusals', () => {
		expect(nextStep('ehlo', 'MAIL', '2')).toBe('rcpt');
		expect(nextStep('ehlo', 'MAIL', '5')).toBe('ehlo');
		expect(nextStep('ehlo', 'RSET', '2')).toBe('ehlo');
		expect(nextStep('rcpt', 'RSET', '2')).toBe('mail');
		expect(nextStep('auth', 'QUIT', '2')).toBe('quit');
	});
});

describe('state snapshots', () => {
	it('are immutable: every change makes a new object and old ones stay as they were', () => {
		const session = greeted();
		const before = session.state;
		expect(Object.isFrozen(before)).toBe(true);
		session.command(EHLO);
		expect(session.state).not.toBe(before);
		expect(before.pending).toEqual([]);
		expect(before.step).toBe('ehlo');
	});

	it('emit a steps event only when the rail changes', () => {
		const session = ready();
		const {events} = session.command({verb: 'NOOP'});
		expect(ofType(events, 'steps')).toEqual([]);
		const mail = session.command({verb: 'MAIL', from: 'a@example.test'}, {strict: false});
		const [steps] = ofType(mail.events, 'steps');
		expect(steps?.current).toBe('mail');
		expect(steps?.steps.find(s => s.step === 'mail')?.status).toBe('active');
	});
});

describe('chunking', () => {
	// A whole session as server bytes per turn; each turn is fed whole, byte by byte and at random split points.
	const turns: Array<[Command | 'connect' | 'body', string[]]> = [
		['connect', ['220-mx.test ESMTP', '220 ready']],
		[EHLO, ['250-mx.test', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250 SIZE 1000000']],
		[{verb: 'MAIL', from: 'a@example.test'}, ['250 2.1.0 ok']],
		[{verb: 'RCPT', to: 'b@example.test'}, ['250 2.1.5 ok']],
		[{verb: 'RCPT', to: 'x@example.test'}, ['550-5.1.1 no such user', '550 5.1.1 really']],
		[{verb: 'DATA'}, ['354 go ahead']],
		['body', ['250 2.0.0 queued']],
		[{verb: 'QUIT'}, ['221 2.0.0 bye']],
	];
	function run(split: (typeof SPLITS)[number][1]): SessionEvent[] {
		const session = new SmtpSession();
		return turns.flatMap(([action, reply]) => {
			const before =
				action === 'connect' ? session.connected() : action === 'body' ? session.bodySent() : session.command(action).events;
			// 'reply-lines' show an unfinished reply as far as it came, which depends on the chunks by nature (see reply-lines.test.ts).
			return [...before, ...feed(session, wire(...reply), split)].filter(event => event.type !== 'reply-lines');
		});
	}
	const reference = run(SPLITS[0]![1]);

	it('the reference run is the session we think it is', () => {
		expect(ofType(reference, 'reply').map(e => e.reply.code)).toEqual([220, 250, 250, 250, 550, 354, 250, 221]);
		expect(ofType(reference, 'failed')).toEqual([]);
	});

	for (const [name, split] of SPLITS.slice(1)) {
		it(`gives the same events when fed ${name}`, () => {
			expect(run(split)).toEqual(reference);
		});
	}
});
