// Manual mode against the sandbox: a recipient typed again after a greylisting 450 is one recipient, counted by its
// latest answer, in the snapshot the rail and the presenter's "now:" line both read.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {latestAnswers} from '../../source/smtp/recipients.js';
import {nextStepRows} from '../../source/ui/components/next-step.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('recipients asked again', () => {
	it('grey@ accepted on its retry counts as accepted, not refused too', async () => {
		const sandbox = await startTestSandbox();
		cleanups.push(() => sandbox.close());
		const controller = new SessionController({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'client.test', sandbox: true, timeouts: {greeting: 5000, command: 5000, quit: 200}});
		cleanups.push(() => controller.close());
		for (const line of ['ehlo client.test', 'mail from:<teacher@example.test>', 'rcpt to:<nobody@example.test>', 'rcpt to:<grey@example.test>']) await controller.sendLine(line);
		const last = () => controller.getSnapshot().session.log.filter(entry => entry.reply !== undefined).at(-1)?.reply?.code;
		expect(last()).toBe(450);
		// Typed again until the greylisting delay (50 ms here) has passed, as the presenter waits 5 s.
		await vi.waitFor(async () => {
			await controller.sendLine('rcpt to:<grey@example.test>');
			expect(last()).toBe(250);
		});
		const snapshot = controller.getSnapshot().session;
		expect(snapshot.recipients.map(({address, accepted}) => ({address, accepted}))).toEqual([
			{address: 'nobody@example.test', accepted: false},
			{address: 'grey@example.test', accepted: true},
		]);
		expect(nextStepRows({snapshot, mode: 'manual'}, 200).join(' ')).toMatch(/^now: recipient accepted \(1 refused\)/);
	});

	it('an answer stands while the address is asked again, until the new answer comes; a domain in other case is the same address', () => {
		const reply = (code: number) => ({code, lines: [''], enhanced: undefined}) as never;
		expect(
			latestAnswers([
				{address: 'grey@example.test', reply: reply(450), accepted: false},
				{address: 'a@example.test', reply: reply(250), accepted: true},
				{address: 'grey@EXAMPLE.test'},
			]),
		).toEqual([
			{address: 'grey@example.test', reply: reply(450), accepted: false},
			{address: 'a@example.test', reply: reply(250), accepted: true},
		]);
		expect(latestAnswers([{address: 'grey@example.test', reply: reply(450), accepted: false}, {address: 'grey@example.test', reply: reply(250), accepted: true}])).toEqual([
			{address: 'grey@example.test', reply: reply(250), accepted: true},
		]);
	});

	it('an address once accepted stays accepted: a later refusal of it refuses only that second RCPT', () => {
		const reply = (code: number) => ({code, lines: [''], enhanced: undefined}) as never;
		const accepted = {address: 'bob@example.test', reply: reply(250), accepted: true};
		expect(latestAnswers([accepted, {address: 'bob@EXAMPLE.test', reply: reply(550), accepted: false}])).toEqual([accepted]);
		expect(latestAnswers([accepted, {address: 'bob@example.test', reply: reply(452), accepted: false}, {address: 'bob@example.test'}])).toEqual([accepted]);
		// Local parts that differ in case are two mailboxes (RFC 5321 leaves their case to the server): counted apart.
		const otherBob = {address: 'Bob@example.test', reply: reply(550), accepted: false};
		expect(latestAnswers([accepted, otherBob])).toEqual([accepted, otherBob]);
	});
});
