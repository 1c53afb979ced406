// Cases found by mutation testing of expectation-queue.ts: the queue's questions asked directly (the session tests
// reach most only through whole conversations, and some not at all).
import {describe, expect, test} from 'vitest';
import {ExpectationQueue, stepOfCommand, type Expectation} from '../../source/smtp/expectation-queue.js';
import {StepStatuses} from '../../source/smtp/step-statuses.js';
import type {Transaction} from '../../source/smtp/session-types.js';
import type {EncodedCommand, RecipientResult} from '../../source/smtp/types.js';

const raw = (line: string) => ({command: {verb: 'RAW', line}, display: line}) as unknown as EncodedCommand;
const command = (verb: string) => ({command: {verb}, display: verb}) as unknown as EncodedCommand;

describe('stepOfCommand', () => {
	test("a planned BDAT line is its trigger's step, a typed line its verb's, a line of no known verb none", () => {
		expect(stepOfCommand({trigger: 'chunk', command: raw('BDAT 10')})).toBe('message');
		expect(stepOfCommand({trigger: '.', command: raw('BDAT 10 LAST')})).toBe('queued');
		expect(stepOfCommand({trigger: 'RAW' as never, command: raw('mail FROM:<a@example.test>')})).toBe('mail');
		expect(stepOfCommand({trigger: 'RAW' as never, command: raw('XYZZY')})).toBeUndefined();
		expect(stepOfCommand({trigger: 'NOOP' as never, command: command('NOOP')})).toBeUndefined();
		expect(stepOfCommand({trigger: 'greeting'})).toBe('greeting');
	});
});

describe('ExpectationQueue', () => {
	const transaction = {} as Transaction;
	const recipient = {address: 'b@example.test'} as RecipientResult;
	const queue = (...expectations: Expectation[]) => {
		const rail = new StepStatuses();
		const result = new ExpectationQueue(rail);
		for (const expectation of expectations) result.push(expectation);
		return {rail, queue: result};
	};

	test('dropWhile forgets only the matching ones at the head', () => {
		const {queue: q} = queue({trigger: '.', recipient}, {trigger: '.', recipient}, {trigger: 'QUIT', command: command('QUIT')}, {trigger: '.', recipient});
		q.dropWhile(expectation => expectation.trigger === '.');
		expect(q.head?.trigger).toBe('QUIT');
		expect(q.awaitingDelivery()).toHaveLength(1);
	});

	test("awaitingDelivery: the final replies that name a recipient (LMTP's), not the message's own or a command", () => {
		const {queue: q} = queue({trigger: '.'}, {trigger: '.', recipient}, {trigger: 'RCPT', recipient, command: command('RCPT')});
		expect(q.awaitingDelivery()).toEqual([{trigger: '.', recipient}]);
	});

	test('pending lists the commands only; clear empties the queue', () => {
		const quit = command('QUIT');
		const {queue: q} = queue({trigger: 'greeting'}, {trigger: 'QUIT', command: quit});
		expect(q.pending()).toEqual([quit]);
		expect(q.oldestCommand()).toBe(quit);
		q.clear();
		expect(q.head).toBeUndefined();
		expect(q.pending()).toEqual([]);
	});

	test('awaitsTransaction: only a command of that transaction; awaitsAuth: AUTH or its answer', () => {
		const {queue: q} = queue({trigger: 'MAIL', transaction, command: command('MAIL')});
		expect(q.awaitsTransaction(transaction)).toBe(true);
		expect(q.awaitsTransaction({} as Transaction)).toBe(false);
		expect(q.awaitsAuth()).toBe(false);
		expect(queue({trigger: 'AUTH-RESPONSE'}).queue.awaitsAuth()).toBe(true);
		expect(queue({trigger: 'AUTH'}).queue.awaitsAuth()).toBe(true);
	});

	test('abandon: the step waited on and those of commands never awaited are skipped; steps already decided stay', () => {
		const {rail, queue: q} = queue({trigger: 'MAIL', activate: 'mail'}, {trigger: 'RCPT', activate: 'rcpt'}, {trigger: 'DATA', activate: 'data'});
		rail.mark('connect', 'done');
		rail.mark('greeting', 'done');
		rail.mark('data', 'failed');
		q.activateHead();
		expect(rail.status('mail')).toBe('active');
		q.abandon();
		expect([rail.status('greeting'), rail.status('mail'), rail.status('rcpt'), rail.status('data'), rail.status('quit')]).toEqual(['done', 'skipped', 'skipped', 'failed', 'pending']);
	});
});
