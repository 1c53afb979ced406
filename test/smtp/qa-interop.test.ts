// What a tester found against servers smtp-tui had not met (aiosmtpd 1.4.3, Haraka 3.3.4, Dovecot 2.3 submission), in
// the pure engine: their replies, scripted as they send them, read as what they mean.
import {describe, expect, it} from 'vitest';
import {explainReply} from '../../source/smtp/codes.js';
import type {Reply} from '../../source/smtp/types.js';
import {basePlan, runPlan} from './session-harness.js';

const reply = (code: number, text: string, enhanced?: string): Reply => ({code, lines: [text], raw: [`${code} ${enhanced ? `${enhanced} ` : ''}${text}`], ...(enhanced && {enhanced})});

describe("Haraka's relay refusal", () => {
	const relay = reply(550, 'I cannot deliver mail for <x@other.test>');

	it('reads as a relay refusal, not a bad mailbox; a 550 without those words (Exim\'s unknown user) does not', () => {
		expect(explainReply(relay, {verb: 'RCPT'})).toBe('relaying is not allowed for you: log in, or send only to domains this server receives mail for (a retry changes nothing)');
		expect(explainReply(reply(550, 'Unrouteable address'), {verb: 'RCPT'})).toBe('mailbox unavailable, or refused by policy');
	});

	it('send: the summary says that the server offers AUTH and may take it after a login', () => {
		const run = runPlan({...basePlan, recipients: ['x@other.test']}, [
			{server: ['220 haraka.test ESMTP Haraka 3.3.4 ready']},
			{client: 'EHLO client.test', server: ['250-haraka.test Hello client.test', '250-PIPELINING', '250-8BITMIME', '250 AUTH PLAIN LOGIN']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['250 sender <alice@example.test> OK']},
			{client: 'RCPT TO:<x@other.test>', server: ['550 I cannot deliver mail for <x@other.test>']},
		]);
		expect(run.action).toMatchObject({
			type: 'fail',
			stage: 'rcpt',
			message: 'no recipient was accepted: x@other.test (550 I cannot deliver mail for <x@other.test>); DATA is not sent; the server offers AUTH and may accept this only after a login (give a user and password)',
		});
	});
});

describe('Dovecot submission: a reply that ends with a period, quoted mid-sentence', () => {
	it('loses its period before the advice that follows it', () => {
		const run = runPlan(basePlan, [
			{server: ['220 dovecot.test Dovecot ready.']},
			{client: 'EHLO client.test', server: ['250-dovecot.test', '250-8BITMIME', '250 AUTH PLAIN']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['530 5.7.0 Authentication required.']},
		]);
		expect(run.action).toMatchObject({message: 'the server takes mail only after a login: 530 5.7.0 Authentication required; give a user and password'});
	});
});
