// Cases found by mutation testing of the planner's small rules (require-tls.ts, pipeline-group.ts, quit-after.ts,
// enhanced-code.ts, recipients.ts): each pinned by the function, as the session tests meet only some of them.
import {describe, expect, test} from 'vitest';
import {requireTlsRefusal} from '../../source/smtp/require-tls.js';
import {dataAfterNoRecipient, pipelinedGroup} from '../../source/smtp/pipeline-group.js';
import {isQuitAfterStep, namesLhlo, quitAfterStep} from '../../source/smtp/quit-after.js';
import {enhancedOf} from '../../source/smtp/enhanced-code.js';
import {latestAnswers} from '../../source/smtp/recipients.js';
import type {SessionState} from '../../source/smtp/session-types.js';
import type {Command, RecipientResult} from '../../source/smtp/types.js';

const stateOf = (fields: {secure?: boolean; tlsStarted?: boolean; keywords?: string[]; pipelining?: boolean; chunking?: boolean; dataReply?: {code: number}}) =>
	({
		secure: fields.secure ?? false,
		tlsStarted: fields.tlsStarted ?? false,
		extensions: {keywords: new Set(fields.keywords ?? []), pipelining: fields.pipelining ?? false, chunking: fields.chunking ?? false},
		transaction: {dataReply: fields.dataReply},
	}) as unknown as SessionState;

describe('requireTlsRefusal (RFC 8689)', () => {
	test('unverified, unencrypted, not offered after STARTTLS or over implicit TLS: each refused in its words; offered inside TLS: sent', () => {
		expect(requireTlsRefusal(stateOf({secure: true, keywords: ['REQUIRETLS']}), true)).toMatch(/^certificate verification is off \(--insecure; in the dashboard, Verify off\)/);
		expect(requireTlsRefusal(stateOf({keywords: ['REQUIRETLS']}), false)).toMatch(/^the session is not encrypted: REQUIRETLS needs TLS/);
		expect(requireTlsRefusal(stateOf({secure: true, keywords: ['REQUIRETLS']}), false)).toBeUndefined();
		expect(requireTlsRefusal(stateOf({secure: true, tlsStarted: true}), false)).toBe('the server does not offer REQUIRETLS after STARTTLS: the message was not sent (RFC 8689 forbids sending it without)');
		expect(requireTlsRefusal(stateOf({secure: true}), false)).toBe('the server does not offer REQUIRETLS over TLS: the message was not sent (RFC 8689 forbids sending it without)');
		expect(requireTlsRefusal({secure: true, tlsStarted: false} as unknown as SessionState, false)).toBe('the server does not offer REQUIRETLS over TLS: the message was not sent (RFC 8689 forbids sending it without)');
	});
});

describe('pipelinedGroup (RFC 2920)', () => {
	const mail = {verb: 'MAIL', from: 'a@example.test'} as Command;
	const plan = {pipeline: true, recipients: ['b@example.test', 'c@example.test']};
	const verbs = (group: Command[] | undefined) => group?.map(command => (command.verb === 'RCPT' ? `RCPT ${command.to}` : command.verb));

	test('MAIL, every RCPT and DATA, when pipelining is asked for and advertised', () => {
		expect(verbs(pipelinedGroup(mail, stateOf({pipelining: true}), plan))).toEqual(['MAIL', 'RCPT b@example.test', 'RCPT c@example.test', 'DATA']);
	});

	test('alone when not asked, not advertised, not a MAIL, or --quit-after mail', () => {
		expect(pipelinedGroup(mail, stateOf({pipelining: true}), {...plan, pipeline: false})).toBeUndefined();
		expect(pipelinedGroup(mail, stateOf({}), plan)).toBeUndefined();
		expect(pipelinedGroup(mail, {} as SessionState, plan)).toBeUndefined();
		expect(pipelinedGroup({verb: 'RSET'} as Command, stateOf({pipelining: true}), plan)).toBeUndefined();
		expect(pipelinedGroup(mail, stateOf({pipelining: true}), {...plan, quitAfter: 'mail'})).toBeUndefined();
	});

	test('without DATA after --quit-after rcpt, or when BDAT carries the message', () => {
		expect(verbs(pipelinedGroup(mail, stateOf({pipelining: true}), {...plan, quitAfter: 'rcpt'}))).toEqual(['MAIL', 'RCPT b@example.test', 'RCPT c@example.test']);
		expect(verbs(pipelinedGroup(mail, stateOf({pipelining: true, chunking: true}), {...plan, bdat: true}))).toEqual(['MAIL', 'RCPT b@example.test', 'RCPT c@example.test']);
		expect(verbs(pipelinedGroup(mail, stateOf({pipelining: true}), {...plan, bdat: true}))).toEqual(['MAIL', 'RCPT b@example.test', 'RCPT c@example.test', 'DATA']);
	});

	test('what became of DATA when no recipient was accepted', () => {
		const quote = (reply: {code: number}) => `"${reply.code}"`;
		expect(dataAfterNoRecipient(stateOf({}), {}, quote)).toBe('DATA is not sent');
		expect(dataAfterNoRecipient(stateOf({chunking: true}), {bdat: true}, quote)).toBe('the message (BDAT) is not sent');
		expect(dataAfterNoRecipient(stateOf({dataReply: {code: 354}}), {}, quote)).toBe('DATA, pipelined with them, got "354" all the same: only a lone "." went, so no message was sent');
		expect(dataAfterNoRecipient(stateOf({dataReply: {code: 554}}), {}, quote)).toBe('DATA, pipelined with them, was refused as it should be: "554"; no message was sent');
	});
});

describe('--quit-after names', () => {
	test("ours and swaks', in any case and with blanks around", () => {
		expect(quitAfterStep(' BANNER ')).toBe('greeting');
		expect(quitAfterStep('First-Helo')).toBe('first-ehlo');
		expect(quitAfterStep('to')).toBe('rcpt');
		expect(['helo', 'lhlo', 'first-lhlo', 'first-tls', 'from'].map(quitAfterStep)).toEqual(['ehlo', 'ehlo', 'first-ehlo', 'tls', 'mail']);
		expect(quitAfterStep(' Mail ')).toBe('mail');
		expect(quitAfterStep('bogus')).toBe('bogus');
		expect(isQuitAfterStep('FROM')).toBe(true);
		expect(isQuitAfterStep('xclient')).toBe(true);
		expect(isQuitAfterStep('data')).toBe(false);
	});

	test("swaks' LHLO names, and nothing that only holds them", () => {
		expect(namesLhlo(' LHLO ')).toBe(true);
		expect(namesLhlo('first-lhlo')).toBe(true);
		for (const value of ['helo', 'xlhlo', 'lhlox', 'first-', 'firstlhlo']) expect(namesLhlo(value), value).toBe(false);
	});
});

describe('enhancedOf', () => {
	const reply = (code: number, lines: string[], enhanced?: string) => ({code, lines, ...(enhanced && {enhanced})});

	test("the leading code, else qmail's trailing one in the reply's class at the very end of its last line", () => {
		expect(enhancedOf(reply(550, ['mailbox unavailable'], '5.1.1'))).toBe('5.1.1');
		expect(enhancedOf(reply(553, ["sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"]))).toBe('5.7.1');
		expect(enhancedOf(reply(451, ['first', 'try later (#4.123.456)  ']))).toBe('4.123.456');
		expect(enhancedOf(reply(451, ['try later (#5.7.1)']))).toBeUndefined();
		expect(enhancedOf(reply(553, ['(#5.7.1) then more']))).toBeUndefined();
		expect(enhancedOf(reply(553, ['(#5.7.1)', 'last line']))).toBeUndefined();
		expect(enhancedOf(reply(553, ['x (#5.1234.1)']))).toBeUndefined();
		expect(enhancedOf(reply(553, []))).toBeUndefined();
	});
});

describe('latestAnswers', () => {
	const asked = (address: string, code?: number): RecipientResult => ({address, accepted: code === undefined ? undefined : code < 300, ...(code !== undefined && {reply: {code}})}) as unknown as RecipientResult;

	test('an acceptance stands; a refusal is replaced by a later answer; an unanswered retry keeps the answer before it', () => {
		expect(latestAnswers([asked('a@x.test', 250), asked('a@x.test', 550)])).toEqual([asked('a@x.test', 250)]);
		expect(latestAnswers([asked('a@x.test', 450), asked('a@x.test', 250)])).toEqual([asked('a@x.test', 250)]);
		expect(latestAnswers([asked('a@x.test', 450), asked('a@x.test')])).toEqual([asked('a@x.test', 450)]);
		expect(latestAnswers([asked('a@x.test'), asked('a@x.test', 450)])).toEqual([asked('a@x.test', 450)]);
		expect(latestAnswers([asked('a@x.test'), asked('a@X.TEST')])).toEqual([asked('a@X.TEST')]);
		expect(latestAnswers([asked('a@x.test'), asked('b@x.test', 250), asked('a@x.test')])).toEqual([asked('a@x.test'), asked('b@x.test', 250)]);
	});
});
