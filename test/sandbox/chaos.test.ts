// Random faults at 100% (always) and 0% (never), at every stage, as codes and as silent drops.
import nodemailer from 'nodemailer';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parseChaos} from '../../source/sandbox/chaos.js';
import {RawClient} from './helpers/raw-client.js';
import {startTestSandbox, type TestSandbox} from './helpers/sandbox.js';

let sandbox: TestSandbox;

beforeAll(async () => {
	sandbox = await startTestSandbox();
});

afterAll(async () => {
	await sandbox.close();
});

const plainAuth = `AUTH PLAIN ${Buffer.from('\0demo\0demo').toString('base64')}`;

/** Runs a whole transaction and returns the first reply that is not a success, or undefined. */
async function firstFailure(): Promise<{code: number; text: string; stage: string} | undefined> {
	const client = await RawClient.connect(sandbox.port);
	const steps: Array<[string, string | undefined]> = [
		['connect', undefined],
		['ehlo', 'EHLO me.example'],
		['auth', plainAuth],
		['mail', 'MAIL FROM:<a@example.com>'],
		['rcpt', 'RCPT TO:<b@example.com>'],
		['data', 'DATA'],
		['data', 'Subject: chaos\r\n\r\nbody\r\n.'],
	];
	try {
		for (const [stage, line] of steps) {
			if (line) client.send(line);
			const reply = await client.reply();
			if (reply.code >= 400) return {code: reply.code, text: reply.text, stage};
		}
		return undefined;
	} finally {
		client.destroy();
	}
}

describe('--chaos', () => {
	for (const [stage, code, text] of [
		['connect', 421, 'Chaos: temporary failure at CONNECT (--chaos connect:421:100)'],
		['ehlo', 554, '5.3.0 Chaos: permanent failure at EHLO (--chaos ehlo:554:100)'],
		['auth', 454, '4.7.0 Chaos: temporary failure at AUTH (--chaos auth:454:100)'],
		['mail', 451, '4.3.0 Chaos: temporary failure at MAIL (--chaos mail:451:100)'],
		['rcpt', 550, '5.7.1 Chaos: permanent failure at RCPT (--chaos rcpt:550:100)'],
		['data', 452, '4.2.2 Chaos: temporary failure at DATA (--chaos data:452:100)'],
	] as const) {
		it(`${stage}:${code}:100 fails every ${stage} with ${code}`, async () => {
			sandbox.settings.chaos = parseChaos(`${stage}:${code}:100`);
			for (let round = 0; round < 3; round++) {
				expect(await firstFailure()).toEqual({code, text, stage});
			}
		});
	}

	for (const stage of ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data'] as const) {
		it(`${stage}:drop:100 closes the connection at ${stage} without a reply`, async () => {
			sandbox.settings.chaos = parseChaos(`${stage}:drop:100`);
			await expect(firstFailure()).rejects.toThrow(/connection closed/);
			expect(await sandbox.event('dropped', event => event.reason === `--chaos ${stage}:drop:100`)).toMatchObject({stage: stage === 'connect' ? 'connect' : expect.any(String)});
		});
	}

	it('every stage at 0% never fails: nodemailer delivers 20 messages over STARTTLS + AUTH', async () => {
		sandbox.settings.chaos = parseChaos('connect:421:0,ehlo:554:0,auth:454:0,mail:451:0,rcpt:450:0,data:drop:0');
		const transport = nodemailer.createTransport({
			host: '127.0.0.1',
			port: sandbox.port,
			requireTLS: true,
			tls: {ca: sandbox.certificate.pem},
			auth: {user: 'demo', pass: 'demo'},
		});
		for (let n = 0; n < 20; n++) {
			const info = await transport.sendMail({from: 'a@example.com', to: 'b@example.com', subject: `calm ${n}`, text: 'no chaos'});
			expect(info.response).toMatch(/^250 /);
		}
	});

	it('the first rule of a stage that fires wins; rules of other stages do not interfere', async () => {
		sandbox.settings.chaos = parseChaos('rcpt:450:0,rcpt:451:100,rcpt:550:100,mail:452:0');
		expect(await firstFailure()).toMatchObject({stage: 'rcpt', code: 451});
	});
});
