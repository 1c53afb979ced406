// RFC 3461 DSN and RFC 8689 REQUIRETLS in the planned run: the parameters go only where the server advertises them,
// xtext-encoded; REQUIRETLS stops the session before MAIL wherever it cannot go.
import {describe, expect, it} from 'vitest';
import {dsnNotOfferedWarning, envidProblem, orcpt} from '../../source/smtp/dsn.js';
import {unXtext, utf8AddrXtext, xtext} from '../../source/smtp/xtext.js';
import {encodeCommand} from '../../source/smtp/commands.js';
import {parseExtensions} from '../../source/smtp/extensions.js';
import type {SessionPlan} from '../../source/smtp/plan.js';
import {basePlan, runPlan, type Turn} from './session-harness.js';

const GREETING: Turn = {server: ['220 mx.test ESMTP ready']};
const ehlo = (...keywords: string[]): Turn => ({client: 'EHLO client.test', server: ['250-mx.test hello', ...keywords.map((keyword, index) => `250${index === keywords.length - 1 ? ' ' : '-'}${keyword}`)]});
/** After MAIL: one RCPT, DATA and the message, all taken. */
const REST: Turn[] = [{server: ['250 ok']}, {server: ['354 go']}, {client: '.', server: ['250 queued']}];
const DELIVERY: Turn[] = [{server: ['250 ok']}, ...REST];
const DSN: Partial<SessionPlan> = {dsn: {notify: ['SUCCESS', 'FAILURE'], ret: 'HDRS', envid: 'run 42+='}};

const sent = (transcript: string[]) => transcript.filter(line => /^C: (MAIL|RCPT)/.test(line));

describe('xtext (RFC 3461 §4) and utf-8-addr-xtext (RFC 6533 §3)', () => {
	it('"+", "=", space and non-ASCII go as +XX of their UTF-8 bytes; the rest of "!" to "~" as is', () => {
		expect(xtext('a+b=c d!~')).toBe('a+2Bb+3Dc+20d!~');
		expect(xtext('é')).toBe('+C3+A9');
		// The bounds of "!" to "~": space, DEL and the controls are encoded, and come back as they were.
		expect(xtext(' !~\x7f\x1f')).toBe('+20!~+7F+1F');
		expect(unXtext('+20!~+7F+1F+2B+3D+C3+A9')).toBe(' !~\x7f\x1f+=é');
	});

	it('an address with non-ASCII goes as utf-8; with \\x{HEX} code points, ASCII on the wire', () => {
		expect(utf8AddrXtext('jöe+x=y\\@b.test')).toBe('j\\x{F6}e\\x{2B}x\\x{3D}y\\x{5C}@b.test');
		expect(utf8AddrXtext(' !~\x7f\x1f\x01')).toBe('\\x{20}!~\\x{7F}\\x{1F}\\x{01}');
		expect(orcpt('jöe@b.test')).toBe('utf-8;j\\x{F6}e@b.test');
		expect(orcpt('a+b@c.test')).toBe('rfc822;a+2Bb@c.test');
	});

	it('an ENVID is printable ASCII, 1 to 100 characters', () => {
		expect(envidProblem('run 42')).toBeUndefined();
		expect(envidProblem('x'.repeat(100))).toBeUndefined();
		expect(envidProblem('x'.repeat(101))).toBe('it is 101 characters long: RFC 3461 allows at most 100');
		expect(envidProblem('a\r\nb')).toBe('it has U+000D at position 2: an ENVID is printable ASCII only (RFC 3461 §4.4)');
		expect(envidProblem('café')).toMatch(/U\+00E9 at position 4/);
		expect(envidProblem('')).toBe('it is empty');
	});
});

describe('DSN parameters in the planned run', () => {
	it('to a server that offers DSN: RET and ENVID on MAIL, NOTIFY and ORCPT on every RCPT', () => {
		const run = runPlan({...basePlan, ...DSN, recipients: ['bob+x@example.test', 'carol@example.test']}, [GREETING, ehlo('DSN'), {server: ['250 ok']}, ...DELIVERY]);
		expect(sent(run.transcript)).toEqual([
			'C: MAIL FROM:<alice@example.test> RET=HDRS ENVID=run+2042+2B+3D',
			'C: RCPT TO:<bob+x@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Bx@example.test',
			'C: RCPT TO:<carol@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;carol@example.test',
		]);
		expect(run.action).toEqual({type: 'done'});
	});

	it('NOTIFY=NEVER, and a non-ASCII recipient with SMTPUTF8: ORCPT as utf-8 (RFC 6533)', () => {
		const run = runPlan({...basePlan, dsn: {notify: 'NEVER'}, recipients: ['jöe@example.test']}, [GREETING, ehlo('DSN', 'SMTPUTF8'), ...DELIVERY]);
		expect(sent(run.transcript)).toEqual(['C: MAIL FROM:<alice@example.test> SMTPUTF8', 'C: RCPT TO:<jöe@example.test> NOTIFY=NEVER ORCPT=utf-8;j\\x{F6}e@example.test']);
	});

	it('pipelined, the RCPTs of the group carry them too', () => {
		const run = runPlan({...basePlan, dsn: {notify: ['DELAY']}, pipeline: true}, [GREETING, ehlo('PIPELINING', 'DSN'), {server: ['250 ok', '250 ok', '354 go']}, {client: '.', server: ['250 queued']}]);
		expect(sent(run.transcript)).toEqual(['C: MAIL FROM:<alice@example.test>', 'C: RCPT TO:<bob@example.test> NOTIFY=DELAY ORCPT=rfc822;bob@example.test']);
	});

	it('to a server without DSN: no parameter goes, the message does, and the warning names what was left out', () => {
		const run = runPlan({...basePlan, ...DSN}, [GREETING, ehlo('8BITMIME'), ...DELIVERY]);
		expect(sent(run.transcript)).toEqual(['C: MAIL FROM:<alice@example.test>', 'C: RCPT TO:<bob@example.test>']);
		expect(run.action).toEqual({type: 'done'});
		expect(dsnNotOfferedWarning(DSN.dsn, run.state)).toBe(
			'warning: the server does not offer DSN (RFC 3461): sending without NOTIFY=SUCCESS,FAILURE, ORCPT, RET=HDRS, ENVID=run+2042+2B+3D; no delivery status notification was asked for',
		);
		expect(dsnNotOfferedWarning(DSN.dsn, {extensions: parseExtensions({code: 250, lines: ['mx', 'DSN'], text: ''} as never), usedHelo: false})).toBeUndefined();
	});

	it('to a server that only knows HELO: no parameter, and the warning says why', () => {
		const run = runPlan({...basePlan, dsn: {notify: ['FAILURE']}}, [GREETING, {client: 'EHLO client.test', server: ['502 5.5.2 what?']}, {client: 'HELO client.test', server: ['250 mx.test']}, ...DELIVERY]);
		expect(sent(run.transcript)).toEqual(['C: MAIL FROM:<alice@example.test>', 'C: RCPT TO:<bob@example.test>']);
		expect(run.state.usedHelo).toBe(true);
		expect(dsnNotOfferedWarning({notify: ['FAILURE']}, run.state)).toBe(
			'warning: the server only knows HELO, so it offers no DSN (RFC 3461): sending without NOTIFY=FAILURE, ORCPT; no delivery status notification was asked for',
		);
	});
});

describe('REQUIRETLS in the planned run', () => {
	const plan: SessionPlan = {...basePlan, tls: 'auto', requireTls: true};

	it('after STARTTLS, offered: MAIL carries REQUIRETLS', () => {
		const run = runPlan(plan, [GREETING, ehlo('STARTTLS'), {client: 'STARTTLS', server: ['220 go']}, ehlo('REQUIRETLS'), {client: 'MAIL FROM:<alice@example.test> REQUIRETLS', server: ['250 ok']}, ...REST]);
		expect(run.action).toEqual({type: 'done'});
	});

	it('after STARTTLS, not offered: stops before MAIL (tls), nothing sent', () => {
		const run = runPlan(plan, [GREETING, ehlo('STARTTLS'), {client: 'STARTTLS', server: ['220 go']}, ehlo('DSN')]);
		expect(run.action).toEqual({type: 'fail', stage: 'tls', kind: 'require-tls', message: 'the server does not offer REQUIRETLS after STARTTLS: the message was not sent (RFC 8689 forbids sending it without)'});
		expect(sent(run.transcript)).toEqual([]);
	});

	it('no STARTTLS offered: TLS is required, so it stops before MAIL even with security auto', () => {
		const run = runPlan(plan, [GREETING, ehlo('REQUIRETLS')]);
		expect(run.action).toMatchObject({type: 'fail', stage: 'tls', message: 'the server does not offer STARTTLS; TLS is required (REQUIRETLS, RFC 8689), so the session stops before AUTH and MAIL'});
	});

	it('no TLS at all (the dashboard set to none): not sent', () => {
		const run = runPlan({...plan, tls: 'none'}, [GREETING, ehlo('REQUIRETLS')]);
		expect(run.action).toMatchObject({type: 'fail', stage: 'tls', kind: 'require-tls', message: expect.stringMatching(/^the session is not encrypted: REQUIRETLS needs TLS/)});
	});

	it('certificate verification off (the dashboard\'s Verify off): not sent, even where REQUIRETLS is offered', () => {
		const run = runPlan({...plan, insecure: true}, [GREETING, ehlo('STARTTLS'), {client: 'STARTTLS', server: ['220 go']}, ehlo('REQUIRETLS')]);
		expect(run.action).toMatchObject({type: 'fail', stage: 'tls', kind: 'require-tls', message: expect.stringMatching(/^certificate verification is off .*RFC 8689 §4\.2\.1/)});
	});

	it('implicit TLS, offered: REQUIRETLS goes after the other parameters', () => {
		const run = runPlan({...plan, tls: 'tls', size: 10}, [GREETING, ehlo('SIZE 100', 'REQUIRETLS'), {client: 'MAIL FROM:<alice@example.test> SIZE=10 REQUIRETLS', server: ['250 ok']}, ...REST], {implicitTls: true});
		expect(run.action).toEqual({type: 'done'});
	});
});

describe('line length (RFC 3461 §5)', () => {
	it('an RCPT with NOTIFY and ORCPT may be 500 octets over 512; the same line without them is refused', () => {
		// 64 "+" before the @: 192 octets of xtext in ORCPT, and a path near the longest.
		const address = `${'+'.repeat(64)}@${'d'.repeat(60)}.${'e'.repeat(60)}.${'f'.repeat(60)}.test`;
		const line = `RCPT TO:<${address}> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=${orcpt(address)}`;
		expect(line.length).toBeGreaterThan(510);
		const encoded = encodeCommand({verb: 'RCPT', to: address, params: {NOTIFY: 'SUCCESS,FAILURE,DELAY', ORCPT: orcpt(address)}});
		expect(encoded.display).toBe(line);
		expect(() => encodeCommand({verb: 'RCPT', to: address, params: {X: 'y'.repeat(300)}})).toThrow(/SMTP allows at most 512/);
	});
});
