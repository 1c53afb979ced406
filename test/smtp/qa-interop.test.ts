// What a tester found against servers smtp-tui had not met (aiosmtpd 1.4.3, Haraka 3.3.4, Dovecot 2.3 submission), in
// the pure engine: their replies, scripted as they send them, read as what they mean.
import {describe, expect, it} from 'vitest';
import {basePlan, runPlan} from './session-harness.js';

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
