// The presenter's "next:" line after failures where sending again would fail the same way: it names what helps.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {clientCertificateText} from '../../source/transport/connect-error.js';
import {leafOnlyCode, verifyHint} from '../../source/transport/tls-info.js';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';

const nextLine = (props: DashboardProps) => plain(render(<Dashboard {...props} />).lastFrame()).split('\n')[2]!;
const failed = (stage: 'tls' | 'banner', message: string, security: 'none' | 'starttls' | 'tls' | 'auto' = 'starttls') =>
	dashboardProps({presenter: true, size: {columns: 200, rows: 30}, snapshot: snapshot({target: {host: 'mail.example.org', port: 465, security, sandbox: false}, connection: 'closed', busy: false, result: {ok: false, stage, message}})});

describe('the next-step line after a failure', () => {
	it('a certificate sent without its intermediate: the intermediate, not any CA', () => {
		const message = `certificate verification failed for mail.example.org: unable to verify the first certificate (${verifyHint(leafOnlyCode, undefined, 'CN=Example Intermediate CA')}); CN=mail.example.org`;
		expect(message).toContain('use --ca FILE');
		expect(nextLine(failed('tls', message))).toBe(
			"next: the server did not send its intermediate certificate; start again with --ca FILE holding it (or --insecure), or fix the server's chain",
		);
	});

	it('a refused login: the panel\'s User and Password are what to change', () => {
		const props = dashboardProps({presenter: true, size: {columns: 200, rows: 30}, snapshot: snapshot({connection: 'closed', busy: false, result: {ok: false, stage: 'auth', message: 'authentication failed: 535 5.7.8 Authentication credentials invalid'}})});
		expect(nextLine(props)).toBe('next: the login was refused (see the log); fix User or Password in the connection panel, then Ctrl+S');
	});

	it('step mode before connecting: Ctrl+S starts the session, it does not send the message at once', () => {
		const ready = (mode: 'auto' | 'step') => dashboardProps({presenter: true, mode, size: {columns: 200, rows: 30}, snapshot: snapshot({connection: 'idle', busy: false})});
		expect(nextLine(ready('step'))).toBe('next: Ctrl+S starts the session, one line per Enter');
		expect(nextLine(ready('auto'))).toBe('next: Ctrl+S sends the message');
	});

	it('--ca holding only the intermediate: its root is what is missing', () => {
		const message = `certificate verification failed for mail.example.org: unable to get issuer certificate (${verifyHint('UNABLE_TO_GET_ISSUER_CERT', 'CN=Example Intermediate CA', 'CN=Example Intermediate CA')}); CN=mail.example.org`;
		expect(nextLine(failed('tls', message))).toBe('next: the --ca file holds the issuing CA but not its root; start again with a --ca file that also holds the root (or --insecure)');
	});

	it('a server that demands a client certificate: none of our flags helps', () => {
		const message = `TLS handshake with mail.example.org:465 failed: ${clientCertificateText({number: 116, description: 'certificate required'})}`;
		expect(nextLine(failed('tls', message))).toBe('next: the server wants a client certificate, which smtp-tui does not send; use another port or server');
		const likely = `the TLS session with mail.example.org:465 failed: ${clientCertificateText({number: 42, description: 'bad certificate'}, true)}`;
		expect(nextLine(failed('tls', likely))).toBe('next: the server wants a client certificate, which smtp-tui does not send; use another port or server');
	});

	it('no byte where the greeting should be, without TLS from the first byte: choose security TLS in the panel', () => {
		const silent = 'no answer within 30 s while waiting for the greeting';
		for (const security of ['none', 'starttls', 'auto'] as const) {
			expect(nextLine(failed('banner', silent, security))).toBe('next: the port may speak TLS from the first byte (465 usually does): choose security TLS in the connection panel, then Ctrl+S');
		}
		// Already TLS, or a greeting that started: not that.
		expect(nextLine(failed('banner', silent, 'tls'))).not.toContain('TLS from the first byte');
		expect(nextLine(failed('banner', 'the greeting started ("220-mail.example.org") but did not finish within 30 s: the server pauses its greeting'))).not.toContain('TLS from the first byte');
	});
});
