// What a run asks of the planner for a login: SCRAM's fresh nonce, and OAUTHBEARER's server (RFC 7628 §3.1).
import {describe, expect, it} from 'vitest';
import {runPlan} from '../../source/session/run-plan.js';

const message = {from: 'me@example.test', recipients: ['you@example.test'], eightBit: false};
const plan = (host: string, port?: number) =>
	runPlan({host, ...(port !== undefined && {port}), tls: 'none', ehloName: 'client.test', auth: {user: 'alice', password: 'token'}}, message, undefined);

describe('runPlan: the login', () => {
	it('names the server connected to, and makes a new 18-byte nonce for each run', () => {
		const {auth} = plan('mx.example.test', 587);
		expect(auth).toMatchObject({user: 'alice', host: 'mx.example.test', port: 587});
		expect(Buffer.from(auth!.nonce!, 'base64')).toHaveLength(18);
		expect(plan('mx.example.test', 587).auth!.nonce).not.toBe(auth!.nonce);
	});

	it('names no host for a Unix socket: its path is no host name', () => {
		expect(plan('/var/run/dovecot/submission.sock').auth).not.toHaveProperty('host');
	});
});
