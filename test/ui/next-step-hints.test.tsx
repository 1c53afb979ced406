// The presenter's "next:" line after failures where sending again would fail the same way: it names what helps.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {clientCertificateText} from '../../source/transport/connect-error.js';
import {leafOnlyCode, verifyHint} from '../../source/transport/tls-info.js';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {nextLine as lineOf, nextStepRows} from '../../source/ui/components/next-step.js';
import {createText} from '../../source/ui/components/text-editor-state.js';
import {plain} from '../helpers/wait-for.js';
import {signed, testCerts} from '../helpers/certs.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {tlsGreeter} from '../transport/probe-servers.js';
import {KEYS} from './app-harness.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {afterTest, fileWith, sandboxApp, startApp} from './wired-app.js';

const nextLine = (props: DashboardProps) => plain(render(<Dashboard {...props} />).lastFrame()).split('\n')[2]!;
const failed = (stage: 'tls' | 'banner', message: string, security: 'none' | 'starttls' | 'tls' | 'auto' = 'starttls') =>
	dashboardProps({presenter: true, size: {columns: 200, rows: 30}, snapshot: snapshot({target: {host: 'mail.example.org', port: 465, security, sandbox: false}, connection: 'closed', busy: false, result: {ok: false, stage, message}})});

describe('the next-step line after a failure', () => {
	it('a certificate sent alone: a private CA (--ca) or a missing intermediate (the server\'s chain), both said', () => {
		const message = `certificate verification failed for mail.example.org: unable to verify the first certificate (${verifyHint(leafOnlyCode, undefined, {issuer: 'CN=Example Intermediate CA'})}); CN=mail.example.org`;
		expect(message).toContain('use --ca FILE');
		expect(nextLine(failed('tls', message))).toBe(
			"next: no trusted CA issued it; set the panel's CA file to your CA (for an intermediate: it and its root), or Verify: off; or fix the server's chain",
		);
	});

	it('mail only over TLS (530 to MAIL in clear, the connection still open): not "Ctrl+S starts a new one", which would fail the same way', () => {
		const message = 'the server takes mail only over TLS: 530 5.7.0 Must issue a STARTTLS command first; connect with STARTTLS (drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)';
		const props = dashboardProps({presenter: true, size: {columns: 200, rows: 30}, snapshot: snapshot({connection: 'connected', busy: false, result: {ok: false, stage: 'mail', message}})});
		expect(nextLine(props)).toBe('next: the server takes mail only over TLS: Ctrl+X disconnects; then choose security auto or STARTTLS in the connection panel (not none), and Ctrl+S');
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

	it('a CA file holding only the intermediate: its root is what is missing', () => {
		const message = `certificate verification failed for mail.example.org: unable to get issuer certificate (${verifyHint('UNABLE_TO_GET_ISSUER_CERT', 'CN=Example Intermediate CA', {issuer: 'CN=Example Intermediate CA'})}); CN=mail.example.org`;
		expect(nextLine(failed('tls', message))).toBe("next: the CA file holds the issuing CA but not its root; set the panel's CA file to one that also holds the root (or Verify: off)");
	});

	it('a certificate not valid yet: the clocks, not the server, may be what is wrong', () => {
		const message = 'certificate verification failed for localhost: certificate is not yet valid (not valid before Jan  1 00:00:00 2030 GMT) (…); CN=localhost';
		expect(nextLine(failed('tls', message))).toBe('next: the certificate is not valid yet (see the log for from when); check the clock of this machine and of the server, or set Verify: off in the connection panel');
	});

	it('a server that demands a client certificate: none of our flags helps', () => {
		const message = `TLS handshake with mail.example.org:465 failed: ${clientCertificateText({number: 116, description: 'certificate required'})}`;
		expect(nextLine(failed('tls', message))).toBe('next: the server wants a client certificate, which smtp-tui does not send; use another port or server');
		const likely = `the TLS session with mail.example.org:465 failed: ${clientCertificateText({number: 42, description: 'bad certificate'}, true)}`;
		expect(nextLine(failed('tls', likely))).toBe('next: the server wants a client certificate, which smtp-tui does not send; use another port or server');
	});

	it('no byte where the greeting should be: TLS from the first byte, or a server that greets late on purpose', () => {
		const silent = 'no answer within 30 s while waiting for the greeting';
		for (const security of ['none', 'starttls', 'auto'] as const) {
			expect(nextLine(failed('banner', silent, security))).toBe(
				'next: no greeting: a TLS-only port (465)? choose TLS in the connection panel; a server that greets late (a tarpit)? start again with a longer --timeout',
			);
		}
		// Already TLS: only the late greeting is left.
		expect(nextLine(failed('banner', silent, 'tls'))).toBe('next: no greeting in time: a server that greets late (a tarpit)? start again with a longer --timeout');
		// A greeting that started and paused: a longer wait, not TLS, and not the same Ctrl+S.
		const paused = nextLine(failed('banner', 'the greeting started ("220-mail.example.org") but did not finish within 30 s: the server pauses its greeting'));
		expect(paused).toBe('next: the greeting came too slowly (see the log); start again with a longer --timeout');
	});

	it('reads whole at 100×30 and 80×24: a long next step wraps to a second row instead of being cut mid-word', () => {
		const props = {...failed('banner', 'no answer within 3 s while waiting for the greeting', 'none'), size: {columns: 100, rows: 30}};
		const rows = plain(render(<Dashboard {...props} />).lastFrame()).split('\n');
		expect(rows.slice(2, 4).join(' ')).toBe('next: no greeting: a TLS-only port (465)? choose TLS in the connection panel; a server that greets late (a tarpit)? start again with a longer --timeout');
		expect(rows.slice(2, 4).join(' ')).not.toContain('…');
		const narrow = plain(render(<Dashboard {...props} size={{columns: 80, rows: 24}} />).lastFrame()).split('\n');
		expect(narrow.slice(2, 4).join(' ')).toMatch(/a longer --timeout$/);
		// Still 29 rows (the root is rows - 1), the footer last: the panels gave the row up.
		expect(rows).toHaveLength(29);
		expect(rows.at(-1)).toContain('Ctrl+G help');
	});

	it('a line too long even for two rows is cut after a whole word', () => {
		const props = failed('banner', 'no answer within 3 s while waiting for the greeting', 'none');
		const rows = nextStepRows(props, 40);
		expect(rows).toHaveLength(2);
		expect(rows[1]).toMatch(/ [a-z()]+…$/);
		expect(`${rows.join(' ').slice(0, -1)} `).toMatch(/^(\S+ )+$/);
		expect(lineOf(props).startsWith(rows.join(' ').slice(0, -1))).toBe(true);
	});

	it('a login that cannot succeed as set: what to change first, as the footer says, not the same Ctrl+S', () => {
		const auth = (message: string) =>
			nextLine(dashboardProps({presenter: true, size: {columns: 200, rows: 30}, snapshot: snapshot({connection: 'closed', busy: false, result: {ok: false, stage: 'auth', message}})}));
		// --no-starttls (security none) against a server that offers AUTH only after STARTTLS.
		const declined = auth('credentials were given but the server does not offer AUTH: it offers STARTTLS, and many servers offer AUTH only after it (use STARTTLS: drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)');
		expect(declined).toBe('next: the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then Ctrl+S');
		expect(auth('refusing AUTH PLAIN over an unencrypted connection: the secret would travel in clear. Use TLS (STARTTLS or implicit TLS), or allow plaintext authentication explicitly (--allow-plaintext-auth)')).toBe(
			'next: the login needs TLS: choose security STARTTLS or TLS in the connection panel, or start again with --allow-plaintext-auth',
		);
		expect(auth('credentials were given but the server does not offer AUTH (many servers offer it only after STARTTLS)')).toBe(
			'next: no login is possible here (see the log); clear User in the connection panel to send without one, then Ctrl+S',
		);
		expect(auth('AUTH XOAUTH2 is not usable here: the server offers PLAIN, LOGIN')).toBe('next: the server does not offer the --auth mechanism; Ctrl+C quits, then start again with another --auth (or none)');
		expect(auth('not logging in: the server offered STARTTLS but it failed (454 4.7.0 TLS not available), which is also what an attacker stripping TLS looks like. Try again later')).toContain(
			'only --allow-plaintext-auth (at start) logs in without it',
		);
		for (const line of [declined, auth('none of the server\'s AUTH mechanisms (NTLM) is supported: smtp-tui knows PLAIN, LOGIN')]) expect(line).not.toContain('sends the message');
	});
});

describe('the log line after a refused certificate, in the wired dashboard', () => {
	/** The last info line of the log once the certificate was refused; `ca` goes in the panel's CA file. */
	async function adviceAfterRefusal(port: number, security: 'starttls' | 'tls', ca?: string): Promise<string | undefined> {
		const app = startApp({host: '127.0.0.1', port, security, user: '', password: '', ehlo: 'client.test', ...(ca !== undefined && {caFile: fileWith(ca)})}, undefined);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /not sent \(tls\)/.test(f));
		return app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').at(-1)?.text;
	}

	it('points to the CA file and Verify of the connection panel, which the next Ctrl+S uses, not to a restart', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		expect(await adviceAfterRefusal(sandbox.port, 'starttls')).toBe("set CA file in the connection panel (Tab to it) to your CA's certificate (PEM), or Verify: off to test anyway; then Ctrl+S");
	});

	it('a certificate not valid yet: the clocks to check, not the server to fix', async () => {
		const start = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
		const {ca, leaf} = await signed({notBeforeDate: start, notAfterDate: new Date(start.getTime() + 365 * 24 * 3600 * 1000)});
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), leaf);
		expect(await adviceAfterRefusal(port, 'tls', ca)).toBe('Verify: off in the connection panel (Tab to it) tests anyway; check the clocks of this machine and the server');
	});

	it('implicit TLS on its own port: the same fields', async () => {
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), (await testCerts()).selfSigned);
		expect(await adviceAfterRefusal(port, 'tls')).toMatch(/^set CA file in the connection panel/);
	});
});

describe('the presenter line follows what is on screen', () => {
	const at = (recipients: Array<{address: string; accepted?: boolean}>) =>
		lineOf(dashboardProps({presenter: true, mode: 'manual', snapshot: snapshot({connection: 'connected', busy: false, current: 'rcpt', recipients})}));

	it('after RCPT is answered: the recipients accepted (or refused), not "sender accepted"', () => {
		expect(at([])).toBe('now: sender accepted: one RCPT TO per recipient, then DATA');
		expect(at([{address: 'a@example.test', accepted: true}])).toBe('now: recipient accepted: RCPT TO for another, or DATA to send the message');
		expect(at([{address: 'a@example.test', accepted: true}, {address: 'b@example.test', accepted: false}, {address: 'c@example.test', accepted: true}])).toBe(
			'now: 2 recipients accepted (1 refused): RCPT TO for another, or DATA to send the message',
		);
		expect(at([{address: 'b@example.test', accepted: false}])).toBe('now: recipient refused: RCPT TO another (DATA needs one accepted), or RSET');
	});

	it('while the step line is edited: the line as edited, which Enter sends', () => {
		const proposed = {command: {verb: 'EHLO', domain: 'vm'} as const, display: 'EHLO vm', step: 'ehlo' as const};
		const props = dashboardProps({presenter: true, mode: 'step', snapshot: snapshot({connection: 'connected', busy: true, current: 'ehlo', proposed})});
		expect(lineOf(props)).toBe('next: → EHLO vm');
		expect(lineOf({...props, stepEdit: createText('VRFY root', {multiline: false})})).toBe('next: → VRFY root');
	});
});

describe('the next-step line after recipients that are refused every time', () => {
	/** Presenter mode at 80x24 against the sandbox: the line under the rail once the session has ended its run. */
	async function afterSend(to: string, draft: Partial<typeof SAMPLE_DRAFT> = {}) {
		const app = await sandboxApp({init: {presenter: true, draft: {...SAMPLE_DRAFT, to, ...draft}}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(() => app.controller.getSnapshot().session.result !== undefined && !app.controller.getSnapshot().session.busy);
		return app;
	}
	const lineUnderRail = (frame: string) => frame.split('\n').slice(2).find(row => row.startsWith('next:') || row.startsWith('now:'));

	it('a 550 and a 421 at RCPT: fix To first, not "Ctrl+S sends the message", in one row of 80 columns, also once the connection closed', async () => {
		const app = await afterSend('nobody@example.test, bye@example.test');
		const expected = 'next: fix To (nobody@ is refused for good, bye@ ends the session), then Ctrl+S';
		expect(expected.length).toBeLessThanOrEqual(80);
		await app.frame(f => lineUnderRail(f) === expected);
		await app.frame(f => app.controller.getSnapshot().session.connection === 'closed' && lineUnderRail(f) === expected);
	});

	it('a recipient refused for good with the connection open: not "Ctrl+S starts a new one"; one in Cc is named there', async () => {
		const app = await afterSend('nobody@example.test');
		await app.frame(f => lineUnderRail(f) === 'next: fix To (nobody@ is refused for good), then Ctrl+S');
		const cc = await afterSend('', {cc: 'Nobody <nobody@example.test>'});
		await cc.frame(f => lineUnderRail(f) === 'next: fix Cc (nobody@ is refused for good), then Ctrl+S');
	});

	it('a refusal that may pass later (452 mailbox full) keeps the general line', () => {
		const recipients = [{address: 'full@example.test', accepted: false, reply: {code: 452, lines: ['mailbox full'], raw: ['452 4.2.2 mailbox full']}}];
		const props = dashboardProps({presenter: true, snapshot: snapshot({connection: 'connected', busy: false, recipients, result: {ok: false, stage: 'rcpt', message: 'no recipient was accepted'}})});
		expect(lineOf(props)).toBe('now: the transaction stopped; Ctrl+S starts a new one, Ctrl+X disconnects');
	});
});
