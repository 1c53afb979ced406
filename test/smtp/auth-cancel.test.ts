// A login given up with "*" must end there: RFC 4954 §4 has the server answer it with 501. A server that challenges
// again (broken, or hostile) would otherwise be answered "*" forever, the transcript growing without end.
import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {SPLITS, basePlan, ofType, rail, runPlan, type Turn} from './session-harness.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const GREETING: Turn = {server: ['220 mx.test ESMTP ready']};
const EHLO_AUTH: Turn = {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH CRAM-MD5 LOGIN']};

describe('a challenge after the login was cancelled', () => {
	it.each(SPLITS)('ends the session after one "*", as a protocol error that names the rule (%s)', (_name, split) => {
		const run = runPlan(
			{...basePlan, auth: {user: 'tim', password: 'secret', mechanism: 'CRAM-MD5'}, allowPlaintextAuth: true},
			[GREETING, EHLO_AUTH, {client: 'AUTH CRAM-MD5', server: ['334 %%%%']}, {client: '*', server: ['334 %%%%']}],
			{split},
		);
		expect(run.transcript.filter(line => line === 'C: *')).toHaveLength(1);
		expect(run.action).toMatchObject({type: 'fail', stage: 'auth', kind: 'protocol-error'});
		expect(run.state.failure?.message).toBe('the server answered the login\'s cancel ("*") with another challenge, not the 501 RFC 4954 §4 requires: 334 %%%%; the session is stopped');
		expect(ofType(run.events, 'effect').map(({effect}) => effect.type)).toContain('close');
		expect(rail(run.state)).toMatch(/auth✖334/);
	});

	it('after the answers LOGIN has (user, password), a third 334 is cancelled once and its echo ends the session', () => {
		const run = runPlan(
			{...basePlan, auth: {user: 'tim', password: 'secret', mechanism: 'LOGIN'}, allowPlaintextAuth: true},
			[
				GREETING,
				EHLO_AUTH,
				{client: 'AUTH LOGIN', server: [`334 ${b64('Username:')}`]},
				{server: [`334 ${b64('Password:')}`]},
				{server: [`334 ${b64('Again:')}`]},
				{client: '*', server: [`334 ${b64('Again:')}`]},
			],
		);
		expect(run.transcript.filter(line => line === 'C: *')).toHaveLength(1);
		expect(run.action).toMatchObject({type: 'fail', kind: 'protocol-error'});
	});
});
