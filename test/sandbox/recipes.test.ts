// Every address recipe, over a raw socket, with the exact replies.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

let sandbox: TestSandbox;

beforeAll(async () => {
	sandbox = await startTestSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

async function rcpt(to: string, from = 'sender@example.com') {
	const client = await sandbox.client();
	expect((await client.command(`MAIL FROM:<${from}>`)).code).toBe(250);
	return {client, reply: await client.command(`RCPT TO:<${to}>`)};
}

describe('address recipes', () => {
	it('nobody@ gets 550 5.1.1 user unknown, and the transaction goes on', async () => {
		const {client, reply} = await rcpt('nobody@example.com');
		expect(reply).toMatchObject({code: 550, text: '5.1.1 <nobody@example.com>: user unknown'});
		expect((await client.command('RCPT TO:<someone@example.com>')).code).toBe(250);
		// This recipient's refusal: the sandbox is the file's, and another test's 550 may have come first.
		const refused = await sandbox.event('refused', event => event.code === 550 && event.text.includes('<nobody@example.com>'));
		expect(refused).toMatchObject({stage: 'rcpt', text: '5.1.1 <nobody@example.com>: user unknown'});
		client.end();
	});

	it('full@ gets 452 4.2.2 mailbox full', async () => {
		const {client, reply} = await rcpt('full@example.org');
		expect(reply).toMatchObject({code: 452, text: '4.2.2 <full@example.org>: mailbox full'});
		client.end();
	});

	it('recipes match on the local part before a +tag, in any case, at any domain', async () => {
		const {client, reply} = await rcpt('NoBody+workshop@Elsewhere.test');
		expect(reply.code).toBe(550);
		expect((await client.command('RCPT TO:<nobodyx@example.com>')).code).toBe(250);
		client.end();
	});

	it('grey@ is greylisted on the first try and after a retry too early, accepted once the delay has passed', async () => {
		sandbox.settings.greylistDelayMs = 3_600_000;
		const {client, reply} = await rcpt('grey@example.com', 'teacher@example.com');
		expect(reply).toMatchObject({code: 450, text: '4.7.1 <grey@example.com>: greylisted, try again in 3600 s'});
		expect((await client.command('RCPT TO:<grey@example.com>')).code).toBe(450);
		// Another sender is a new pair: greylisted on its own first try.
		const other = await rcpt('grey@example.com', 'student@example.com');
		expect(other.reply.code).toBe(450);
		sandbox.settings.greylistDelayMs = 0;
		expect((await client.command('RCPT TO:<grey@example.com>')).code).toBe(250);
		// A pair that passed keeps passing.
		sandbox.settings.greylistDelayMs = 3_600_000;
		const again = await rcpt('grey@example.com', 'teacher@example.com');
		expect(again.reply.code).toBe(250);
		sandbox.settings.greylistDelayMs = 50;
		client.end();
		other.client.end();
		again.client.end();
	});

	it('slow@ holds the RCPT reply (and the pipelined replies after it) for the slow delay, then accepts', async () => {
		sandbox.settings.slowDelayMs = 3_600_000;
		const held = await sandbox.client();
		expect((await held.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		held.send('RCPT TO:<slow@example.com>');
		// Meanwhile another session runs a whole transaction: the held reply is still not there.
		const other = await rcpt('someone@example.com');
		expect(other.reply.code).toBe(250);
		other.client.end();
		expect(other.client.received).toContain('250 2.1.5 Accepted');
		expect(held.received).not.toContain('2.1.5');
		held.destroy();

		sandbox.settings.slowDelayMs = 50;
		const quick = await sandbox.client();
		quick.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<slow@example.com>\r\nNOOP\r\n');
		expect((await quick.reply()).code).toBe(250);
		expect((await quick.reply()).code).toBe(250);
		expect((await quick.reply()).code).toBe(250);
		quick.end();
	});

	it('bye@ gets 421 4.3.2 and the server closes the connection', async () => {
		const {client, reply} = await rcpt('bye@example.com');
		expect(reply).toMatchObject({code: 421, text: expect.stringMatching(/^4\.3\.2 /)});
		expect(await client.closedBy()).toEqual({unread: [], pending: ''});
	});

	it('drop@ closes the connection without a reply', async () => {
		const client = await sandbox.client();
		expect((await client.command('MAIL FROM:<a@example.com>')).code).toBe(250);
		client.send('RCPT TO:<drop@example.com>');
		expect(await client.closedBy()).toEqual({unread: [], pending: ''});
		expect(await sandbox.event('dropped')).toMatchObject({stage: 'rcpt', reason: 'drop@ recipe'});
	});

	it('big@ is accepted at RCPT and refused with 552 5.3.4 at the end of DATA', async () => {
		const {client, reply} = await rcpt('big@example.com');
		expect(reply.code).toBe(250);
		expect((await client.command('DATA')).code).toBe(354);
		const before = sandbox.mailbox.nextId;
		const end = await client.command('Subject: big\r\n\r\nbody\r\n.');
		expect(end).toMatchObject({code: 552, text: '5.3.4 Message too big for <big@example.com> (big@ recipe)'});
		expect(sandbox.mailbox.nextId).toBe(before);
		expect((await client.command('NOOP')).code).toBe(250);
		client.end();
	});
});
