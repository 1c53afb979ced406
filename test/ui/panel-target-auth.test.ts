// The dashboard's login from the panel's User and --auth: none without a user, but for EXTERNAL, which logs in as the
// client certificate and needs none; and where --socks applies.
import {describe, expect, it} from 'vitest';
import {targetFor} from '../../source/ui/panel-target.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';

const panel = (user: string): ConnectionSettings => ({host: 'mx.example.test', port: 587, security: 'starttls', user, password: '', ehlo: 'client.test'});

describe('targetFor: the login', () => {
	it('logs in with --auth EXTERNAL though User is empty, and not with another mechanism', () => {
		expect(targetFor(panel(''), {mechanism: 'EXTERNAL'}).auth).toEqual({user: '', password: '', mechanism: 'EXTERNAL'});
		expect(targetFor(panel(''), {mechanism: 'SCRAM-SHA-256'}).auth).toBeUndefined();
		expect(targetFor(panel(''), {}).auth).toBeUndefined();
		expect(targetFor(panel('alice'), {mechanism: 'SCRAM-SHA-256'}).auth).toEqual({user: 'alice', password: '', mechanism: 'SCRAM-SHA-256'});
	});
});

describe('targetFor: --socks', () => {
	const socks = {host: '127.0.0.1', port: 1080};

	it('goes through the proxy to a host, not to a Unix socket put in Host (on this machine, out of the proxy\'s reach)', () => {
		expect(targetFor(panel(''), {socks}).socks).toEqual(socks);
		expect(targetFor({...panel(''), host: '/var/run/dovecot/lmtp'}, {socks}).socks).toBeUndefined();
	});
});
