// The connection panel's TLS lines when the certificate did not verify: the reason with --insecure too (the README
// promises it), and the start date of a certificate not valid yet.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {ConnectionPanel} from '../../source/ui/components/connection-panel.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import type {TlsInfo} from '../../source/session/types.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';

const form = createConnectionForm({host: '127.0.0.1', port: 465, security: 'tls', user: '', password: '', ehlo: ''});
const tls: TlsInfo = {
	protocol: 'TLSv1.3',
	cipher: 'TLS_AES_128_GCM_SHA256',
	subject: 'CN=localhost',
	issuer: 'CN=QA Intermediate CA',
	validFrom: 'Jan 1 00:00:00 2020 GMT',
	validTo: 'Jan 1 00:00:00 2099 GMT',
	fingerprint256: 'AA',
	authorized: false,
	authorizationError: 'unable to verify the first certificate; also, the certificate is not valid for 127.0.0.1 (it names DNS:localhost)',
	problem: 'untrusted',
	insecure: true,
};
const draw = (info: TlsInfo) =>
	plain(render(<ConnectionPanel form={form} focused={false} width={60} height={14} info={snapshot({tls: info, secure: true, target: {host: '127.0.0.1', port: 465, security: 'tls', sandbox: false}})} />).lastFrame()).replace(
		/\s+/g,
		' ',
	);

describe('connection panel: a certificate that did not verify', () => {
	it('with --insecure, says why, the wrong name included', () => {
		expect(draw(tls)).toContain(
			'✖ not verified (--insecure): unable to verify the first certificate; also, the certificate is not valid for 127.0.0.1 (it names DNS:localhost); valid until 2099-01-01',
		);
	});

	it('a refused certificate not valid yet (the last session ended at it) shows from when too', () => {
		const refusedCertificate = {subject: 'CN=localhost', issuer: 'CN=QA Root CA', validFrom: 'Jan  1 00:00:00 2098 GMT', validTo: 'Jan  1 00:00:00 2099 GMT', reason: 'certificate is not yet valid'};
		const frame = plain(render(<ConnectionPanel form={form} focused={false} width={60} height={14} info={snapshot({refusedCertificate, connection: 'closed', target: {host: '127.0.0.1', port: 465, security: 'tls', sandbox: false}})} />).lastFrame());
		expect(frame).toContain('not valid before 2098-01-01');
		expect(frame).not.toContain('valid until');
	});

	it('one not valid yet shows from when, not until when', () => {
		const frame = draw({...tls, authorizationError: 'certificate is not yet valid (not valid before Jan 1 00:00:00 2098 GMT)', problem: 'certificate', validFrom: 'Jan  1 00:00:00 2098 GMT'});
		expect(frame).toContain('; not valid before 2098-01-01');
		expect(frame).not.toContain('valid until');
	});

	it('reads the dates against the app\'s clock: "valid until" turns "expired" while shown, without another cause to draw', () => {
		const props = (now: number) => dashboardProps({size: {columns: 120, rows: 40}, focus: 'connection', now, snapshot: snapshot({connection: 'connected', tls, secure: true})});
		const app = render(<Dashboard {...props(Date.parse('2098-12-31T23:59:00Z'))} />);
		// Its last day: how close, too (the panel wraps the words where it must).
		expect(plain(app.lastFrame())).toContain('2099-01-01, less than a day left');
		app.rerender(<Dashboard {...props(Date.parse('2099-01-01T00:01:00Z'))} />);
		expect(plain(app.lastFrame())).toContain('expired 2099-01-01');
	});
});
