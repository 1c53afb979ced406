// The presenter's "next:" line after failures where sending again would fail the same way: it names what helps.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {nextLine as lineOf, nextStepRows, stillConnectedNote} from '../../source/ui/components/next-step.js';
import {createText} from '../../source/ui/components/text-editor-state.js';
import {plain} from '../helpers/wait-for.js';
import {generate} from 'selfsigned';
import {signed, testCerts} from '../helpers/certs.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {scriptedServer, tlsGreeter} from '../transport/probe-servers.js';
import {KEYS} from './app-harness.js';
import {dashboardProps, snapshot, stepsAt} from './dashboard-fixtures.js';
import {sendStatus} from '../../source/ui/result-status.js';
import {refusedRecipients} from '../../source/session/outcome.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {afterTest, fileWith, sandboxApp, startApp} from './wired-app.js';

const nextLine = (props: DashboardProps) => plain(render(<Dashboard {...props} />).lastFrame()).split('\n')[2]!;
/** No greeting on a port that is not TLS-only: the longest next line, for the layout. */
const silent = dashboardProps({
	presenter: true,
	size: {columns: 200, rows: 30},
	snapshot: snapshot({target: {host: 'mail.example.org', port: 465, security: 'none', sandbox: false}, connection: 'closed', busy: false, result: {ok: false, stage: 'banner', kind: 'greeting-silent', message: 'no answer within 3 s while waiting for the greeting'}}),
});

// The hints after each kind of failure, made for real: next-step-failures.test.tsx.
describe('the next-step line before and after a failure', () => {
	it('step mode before connecting: Ctrl+S starts the session, it does not send the message at once', () => {
		const ready = (mode: 'auto' | 'step') => dashboardProps({presenter: true, mode, size: {columns: 200, rows: 30}, snapshot: snapshot({connection: 'idle', busy: false})});
		expect(nextLine(ready('step'))).toBe('next: Ctrl+S starts the session, one line per Enter');
		expect(nextLine(ready('auto'))).toBe('next: Ctrl+S sends the message');
	});

	it('reads whole at 100×30 and 80×24: a long next step wraps to a second row instead of being cut mid-word', () => {
		const props = {...silent, size: {columns: 100, rows: 30}};
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
		const props = silent;
		const rows = nextStepRows(props, 40);
		expect(rows).toHaveLength(2);
		expect(rows[1]).toMatch(/ [a-z()]+…$/);
		expect(`${rows.join(' ').slice(0, -1)} `).toMatch(/^(\S+ )+$/);
		expect(lineOf(props).startsWith(rows.join(' ').slice(0, -1))).toBe(true);
	});
});

describe('the log line after a refused certificate, in the wired dashboard', () => {
	/** The last info line of the log once the certificate was refused; `ca` goes in the panel's CA file. */
	async function adviceAfterRefusal(port: number, security: 'starttls' | 'tls', ca?: string): Promise<string | undefined> {
		const app = startApp({host: '127.0.0.1', port, security, user: '', password: '', ehlo: 'client.test', ...(ca !== undefined && {caFile: fileWith(ca)})}, undefined);
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.includes('✖ Certificate not trusted: '));
		return app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').at(-1)?.text;
	}

	it('points to the CA file and Verify of the connection panel, which the next Ctrl+S uses, not to a restart; a room\'s sandbox: its certificate.pem, not "your CA"', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		expect(await adviceAfterRefusal(sandbox.port, 'starttls')).toBe("set CA file in the connection panel (Shift+Tab to it) to this sandbox's certificate.pem (the file its serve names, or your copy), or Verify: off to test anyway; then Ctrl+S");
	});

	it('a certificate not valid yet: the clocks to check, not the server to fix', async () => {
		const start = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
		const {ca, leaf} = await signed({notBeforeDate: start, notAfterDate: new Date(start.getTime() + 365 * 24 * 3600 * 1000)});
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), leaf);
		expect(await adviceAfterRefusal(port, 'tls', ca)).toBe('Verify: off in the connection panel (Shift+Tab to it) tests anyway; check the clocks of this machine and the server');
	});

	it('implicit TLS on its own port: the same fields', async () => {
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), (await testCerts()).selfSigned);
		expect(await adviceAfterRefusal(port, 'tls')).toMatch(/^set CA file in the connection panel/);
	});

	it('a certificate for another name: the log, the footer and the next line all say to connect by a name it lists', async () => {
		const {ca, leaf} = await signed({extensions: [{name: 'basicConstraints', cA: false}, {name: 'subjectAltName', altNames: [{type: 2, value: 'mail.other.test'}]}]});
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), leaf);
		const app = startApp({host: '127.0.0.1', port, security: 'tls', user: '', password: '', ehlo: 'client.test', caFile: fileWith(ca)}, undefined, {init: {presenter: true}, size: {columns: 200, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const frame = plain(await app.frame(f => f.includes('✖ Certificate not trusted: ')));
		const log = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').at(-1)?.text;
		const footer = frame.slice(frame.indexOf('✖ Certificate not trusted')).replace(/\s+/g, ' ');
		const next = frame.split('\n')[2];
		expect(log).toBe('set Host in the connection panel (Shift+Tab to it) to a name the certificate lists (e.g. mail.other.test), or Verify: off to test anyway; then Ctrl+S');
		// The footer says what happened once, then the log's advice, word for word.
		expect(footer).toContain('✖ Certificate not trusted: the certificate is not valid for 127.0.0.1 (it names DNS:mail.other.test). Set Host in the connection panel (Shift+Tab to it) to a name the certificate lists (e.g. mail.other.test), or Verify: off to test anyway; then Ctrl+S');
		expect(next).toBe('next: the certificate is for another name (see the log); connect by a name it lists (e.g. mail.other.test) (or Verify: off in the connection panel)');
		for (const advice of [log, footer, next]) expect(advice).not.toContain('fixed on the server');
	});

	it('self-signed and for another name (a default Postfix by IP): the log, the footer and the next line name both fixes', async () => {
		// As Postfix's default certificate: self-signed, a CN and no other names; reached by 127.0.0.1.
		const own = await generate([{name: 'commonName', value: 'mail.other.test'}], {keyType: 'ec', algorithm: 'sha256', extensions: [{name: 'basicConstraints', cA: false}]});
		const port = await tlsGreeter(cleanup => afterTest(async () => void (await cleanup())), {key: own.private, cert: own.cert});
		const app = startApp({host: '127.0.0.1', port, security: 'tls', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {presenter: true}, size: {columns: 200, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const frame = plain(await app.frame(f => f.includes('✖ Certificate not trusted: ')));
		const log = app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').at(-1)?.text;
		const footer = frame.slice(frame.indexOf('✖ Certificate not trusted')).replace(/\s+/g, ' ');
		const next = frame.split('\n').slice(2, 4).join(' ');
		expect(log).toBe("set CA file in the connection panel (Shift+Tab to it) to your CA's certificate (PEM), and Host to a name the certificate lists (e.g. mail.other.test), or Verify: off to test anyway; then Ctrl+S");
		expect(footer).toContain(
			"✖ Certificate not trusted: self-signed certificate; also, the certificate is not valid for 127.0.0.1 (it names CN=mail.other.test). Set CA file in the connection panel (Shift+Tab to it) to your CA's certificate (PEM), and Host to a name the certificate lists (e.g. mail.other.test), or Verify: off to test anyway; then Ctrl+S",
		);
		expect(next).toMatch(/^next: the certificate is not trusted, nor for this host name; set CA file in the connection panel to your CA and Host to mail\.other\.test \(or Verify: off\), then Ctrl\+S/);
	});
});

describe('the log after a STARTTLS handshake that failed, in the wired dashboard', () => {
	it('says that security none sends without TLS, as the next line does; not after a refused certificate', async () => {
		const server = await scriptedServer(
			cleanup => afterTest(async () => void (await cleanup())),
			async peer => {
				await greetAndEhlo(peer, ['STARTTLS']);
				await peer.readLine();
				peer.write('220 go ahead\r\n');
				// Its answer to the ClientHello: no TLS record at all.
				await new Promise(resolve => peer.socket.once('data', resolve));
				peer.end('this is not TLS at all\r\n');
			},
		);
		const hint = 'the STARTTLS handshake failed (see the log); security none in the connection panel sends without TLS instead, then Ctrl+S';
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {presenter: true}, size: {columns: 200, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const frame = plain(await app.frame(f => /Not sent \(TLS\)/.test(f)));
		expect(app.controller.getSnapshot().session.log.filter(e => e.kind === 'info').at(-1)?.text).toBe(`hint: ${hint}`);
		// The footer gives the same advice, after the stage.
		expect(frame.slice(frame.indexOf('✖ Not sent (TLS)')).replace(/\s+/g, ' ')).toContain(`✖ Not sent (TLS): ${hint}`);
		expect(frame.split('\n')[2]).toBe(`next: ${hint}`);
		// A refused certificate at STARTTLS has advice of its own.
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		const refused = startApp({host: '127.0.0.1', port: sandbox.port, security: 'auto', user: '', password: '', ehlo: 'client.test'}, undefined);
		await refused.press(KEYS.ctrl('s'));
		await refused.frame(f => f.includes('✖ Certificate not trusted: '));
		expect(refused.controller.getSnapshot().session.log.map(e => e.text).join('\n')).not.toContain('security none');
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

	it('at MAIL with STARTTLS and AUTH done or not used: MAIL FROM in words of where the session stands, not "when used"', () => {
		const atMail = (overrides: Parameters<typeof snapshot>[0]) => lineOf(dashboardProps({presenter: true, mode: 'manual', snapshot: snapshot({connection: 'connected', busy: false, current: 'mail', ...overrides})}));
		// No STARTTLS (security none, as on a Unix socket) and no login: nothing comes before MAIL here.
		expect(atMail({})).toBe('now: ready for a transaction: MAIL FROM starts a message');
		expect(atMail({authenticated: true})).toBe('now: logged in: MAIL FROM starts a message');
	});

	it('after a typed login the server refused (535): AUTH again, not "ready for a transaction" as if it went through', () => {
		const atMail = (overrides: Parameters<typeof snapshot>[0]) => lineOf(dashboardProps({presenter: true, mode: 'manual', snapshot: snapshot({connection: 'connected', busy: false, current: 'mail', ...overrides})}));
		const refused = stepsAt('mail', {auth: {status: 'failed', code: 535}});
		expect(atMail({steps: refused})).toBe('now: the login was refused: AUTH again with the right user name and password; MAIL FROM would be taken too where the server needs no login');
		// Logged in at a second try: the refusal is past.
		expect(atMail({steps: refused, authenticated: true})).toBe('now: logged in: MAIL FROM starts a message');
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

	it('drop@ at the sandbox, whose RCPT closes the connection: fix To first, not the same Ctrl+S', async () => {
		const app = await afterSend('drop@example.test');
		await app.frame(f => lineUnderRail(f) === 'next: fix To (drop@ closes the connection), then Ctrl+S');
	});

	it('big@, in Cc, whose 552 refuses any size: fix Cc, not "make it smaller", which meets the same 552', async () => {
		const app = await afterSend('friend@example.test', {cc: 'big@example.test'});
		await app.frame(f => lineUnderRail(f) === 'next: fix Cc (big@ refuses every message, whatever its size), then Ctrl+S');
	});

	/** The footer's failure, its rows above the keys joined. */
	const failureFooter = (frame: string) => {
		const rows = frame.split('\n');
		const start = rows.findIndex(row => row.startsWith('✖'));
		return start === -1 ? undefined : rows.slice(start, -1).join(' ');
	};

	it('the footer after bye@ and drop@ says what happened (the stage and code as the rail shows them, the 421 once), then the advice', async () => {
		const bye = await afterSend('bye@example.test');
		await bye.frame(f => failureFooter(f) === '✖ Not sent (RCPT 421): the server closed the session (bye@ recipe). Fix To, then Ctrl+S');
		const drop = await afterSend('drop@example.test');
		await drop.frame(f => failureFooter(f) === "✖ Not sent (RCPT): the connection dropped while waiting for RCPT's reply (drop@ recipe). Fix To, then Ctrl+S");
		const both = await afterSend('nobody@example.test, bye@example.test');
		await both.frame(f => failureFooter(f) === '✖ Not sent (RCPT 421): nobody@ is refused for good; the server closed the session (bye@ recipe). Fix To, then Ctrl+S');
	});

	it('more than three recipients refused: counted, so the advice still shows at 80 columns; three are named', async () => {
		const many = await afterSend('nobody@example.test, nobody+1@example.test, nobody+2@example.test, nobody+3@example.test, grey+7@example.test, full@example.test');
		await many.frame(f => failureFooter(f) === '✖ Not sent (RCPT): 4 refused, 1 greylisted, 1 deferred (see the log). Fix To, then Ctrl+S');
		const three = await afterSend('nobody@example.test, nobody+1@example.test, grey+7@example.test');
		await three.frame(f => failureFooter(f) === '✖ Not sent (RCPT): nobody@example.test refused (550), nobody+1@example.test refused (550), grey+7@example.test greylisted (450). Fix To, then Ctrl+S');
	});

	it('a room\'s sandbox (serve, aimed at with --host) is known by its greeting: bye@ and drop@ get "fix To", not "tries again later"', async () => {
		const sandbox = await startTestSandbox();
		afterTest(() => sandbox.close());
		const served = async (to: string) => {
			const app = startApp({host: '127.0.0.1', port: sandbox.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {presenter: true, draft: {...SAMPLE_DRAFT, to}}, size: {columns: 80, rows: 24}});
			expect(app.controller.getSnapshot().session.target.sandbox).toBe(false);
			await app.press(KEYS.ctrl('s'));
			return app;
		};
		const bye = await served('bye@example.test');
		await bye.frame(f => lineUnderRail(f) === 'next: fix To (bye@ ends the session), then Ctrl+S' && failureFooter(f) === '✖ Not sent (RCPT 421): the server closed the session (bye@ recipe). Fix To, then Ctrl+S');
		const drop = await served('drop@example.test');
		await drop.frame(f => lineUnderRail(f) === 'next: fix To (drop@ closes the connection), then Ctrl+S');
	});

	it('a connection closed at RCPT by a server that is not the sandbox: no word of drop@, which only the sandbox knows', async () => {
		const server = await scriptedServer(
			cleanup => afterTest(async () => void (await cleanup())),
			async peer => {
				await greetAndEhlo(peer);
				await peer.readLine();
				peer.write('250 ok\r\n');
				await peer.readLine();
				peer.destroy();
			},
		);
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {presenter: true, draft: {...SAMPLE_DRAFT, to: 'drop@example.test'}}, size: {columns: 80, rows: 24}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => app.controller.getSnapshot().session.connection === 'closed' && lineUnderRail(f) === 'next: Ctrl+S sends the message');
	});

	/** Every recipient refused at RCPT with this reply (`text` after the code): the dashboard, the next line and the footer. */
	function refusedAtRcpt(address: string, code: number, text: string) {
		const recipients = [{address, accepted: false, reply: {code, lines: [text], raw: [`${code} ${text}`]}}];
		const message = `no recipient was accepted: ${address} (${code} ${text}); DATA is not sent`;
		const props = dashboardProps({presenter: true, snapshot: snapshot({connection: 'connected', busy: false, recipients, result: {ok: false, stage: 'rcpt', message}})});
		return {line: lineOf(props), footer: sendStatus({...props.snapshot.result!, recipients}, props.snapshot, {composer: props.composer})};
	}

	it('a refusal that may pass later (452 mailbox full) keeps the general line', () => {
		const {line, footer} = refusedAtRcpt('full@example.test', 452, '4.2.2 mailbox full');
		expect(line).toBe('now: the transaction stopped; Ctrl+S starts a new one, Ctrl+X disconnects');
		// The footer says what happened, and no advice of its own: "now:" is no remedy.
		expect(footer).toBe('✖ Not sent (RCPT): full@example.test deferred (452)');
	});

	it('greylisted: the next line and the footer say to wait as long as the reply names, then Ctrl+S again', () => {
		const {line, footer} = refusedAtRcpt('grey@example.test', 450, '4.7.1 <grey@example.test>: greylisted, try again in 5 s');
		expect(line).toBe('next: grey@ was greylisted (450): wait 5 s, then Ctrl+S');
		// Said once: the address, "not sent" and the code once each, and what to do.
		expect(footer).toBe('✖ Not sent (RCPT): grey@example.test greylisted (450). Wait 5 s, then Ctrl+S');
		// A greylisting that names no wait: later.
		expect(refusedAtRcpt('grey@example.test', 451, '4.7.1 Greylisted, please come back').footer).toBe('✖ Not sent (RCPT): grey@example.test greylisted (451). Ctrl+S tries again later');
	});

	it('several refused, greylisted first: the footer names them in the order the summary groups them, refused before deferred', () => {
		const reply = (code: number, text: string) => ({code, lines: [text], raw: [`${code} ${text}`]});
		const recipients = [
			{address: 'grey@example.test', accepted: false, reply: reply(450, '4.7.1 greylisted, try again in 5 s')},
			{address: 'full@example.test', accepted: false, reply: reply(452, '4.2.2 mailbox full')},
			{address: 'nobody@example.test', accepted: false, reply: reply(550, '5.1.1 user unknown')},
		];
		const message = 'no recipient was accepted: grey@example.test (450), full@example.test (452), nobody@example.test (550); DATA is not sent';
		const session = snapshot({connection: 'connected', busy: false, recipients, result: {ok: false, stage: 'rcpt', message}});
		expect(sendStatus({...session.result!, recipients}, session)).toMatch(/^✖ Not sent \(RCPT\): nobody@example.test refused \(550\), grey@example.test greylisted \(450\), full@example.test deferred \(452\)\./);
		expect(refusedRecipients(recipients)).toBe('1 recipient refused (nobody@example.test: 550), 2 deferred (grey@example.test: 450, full@example.test: 452): try again later');
	});

	it('refused for good: the footer names the address once, and what to fix', () => {
		const {line, footer} = refusedAtRcpt('nobody@example.test', 550, '5.1.1 <nobody@example.test>: user unknown');
		// The composer holds other recipients by now: the recipients in general.
		expect(line).toBe('next: fix the recipients (nobody@ is refused for good), then Ctrl+S');
		expect(footer).toBe('✖ Not sent (RCPT): nobody@example.test refused (550). Fix the recipients, then Ctrl+S');
	});
});

describe('the next-step line of an LMTP session (--lmtp) names LHLO', () => {
	const lmtpTarget = {host: '127.0.0.1', port: 24, security: 'none' as const, sandbox: false, lmtp: true as const};
	it('before connecting in manual mode, and once connected after the greeting', () => {
		const idle = snapshot({target: lmtpTarget, connection: 'idle', busy: false, current: 'connect'});
		expect(lineOf(dashboardProps({presenter: true, mode: 'manual', snapshot: idle}))).toBe("next: Enter connects (the 220 greeting), then type LHLO and this machine's name");
		const greeted = snapshot({target: lmtpTarget, connection: 'connected', busy: false, current: 'ehlo'});
		expect(lineOf(dashboardProps({presenter: true, mode: 'manual', snapshot: greeted}))).toBe('now: greeted: introduce yourself with LHLO (LMTP has no HELO)');
	});

	it('a connection kept when switching to manual mode says LHLO done', () => {
		const steps = [{step: 'ehlo' as const, status: 'done' as const}];
		expect(stillConnectedNote('manual', {target: lmtpTarget, connection: 'connected', busy: false, steps})).toMatch(/^still connected: what you type goes over this connection \(LHLO done\);/);
		expect(stillConnectedNote('manual', {connection: 'connected', busy: false, steps})).toMatch(/\(EHLO done\);/);
	});

	it('a refused LHLO: the hint row and the footer name LHLO and the LHLO name field', () => {
		const refused = snapshot({target: lmtpTarget, connection: 'closed', busy: false, result: {ok: false, stage: 'ehlo', message: 'LHLO refused: 504 5.5.2 <vm>: Helo command rejected'}});
		expect(lineOf(dashboardProps({presenter: true, snapshot: refused}))).toBe('next: the server refused our LHLO (see the log); change the LHLO name in the connection panel, then Ctrl+S');
		// The footer gives the hint row's advice after the stage and code, as the rail shows them.
		expect(sendStatus({...refused.result!, reply: {code: 504, lines: ['5.5.2 <vm>: Helo command rejected'], raw: []}, recipients: []}, refused)).toBe(
			'✖ Not sent (LHLO 504): the server refused our LHLO (see the log); change the LHLO name in the connection panel, then Ctrl+S',
		);
	});

	it('after the message says delivered, not queued: one reply per recipient, each its delivery', () => {
		const waiting = snapshot({target: lmtpTarget, busy: true, current: 'queued', steps: stepsAt('queued')});
		expect(lineOf(dashboardProps({presenter: true, snapshot: waiting}))).toBe("now: the message went; waiting for the server's replies to it, one per recipient (250: delivered to that one)");
		const done = snapshot({target: lmtpTarget, busy: false, current: 'queued', result: {ok: true, message: 'delivered: 250 2.0.0 Saved'}});
		expect(lineOf(dashboardProps({presenter: true, mode: 'step', snapshot: done}))).toBe('now: delivered; Ctrl+S sends another on this connection, Ctrl+X says QUIT');
		const reply = (code: number, text: string) => ({code, lines: [text], text, raw: [`${code} ${text}`]});
		const recipients = [
			{address: 'a@example.test', accepted: true, reply: reply(250, '2.0.0 Saved'), rcptReply: reply(250, 'ok')},
			{address: 'full@example.test', accepted: false, reply: reply(452, '4.2.2 full'), rcptReply: reply(250, 'ok')},
		];
		const partly = snapshot({target: lmtpTarget, busy: false, current: 'queued', recipients, result: {ok: true, message: 'delivered: 250 2.0.0 Saved'}});
		expect(lineOf(dashboardProps({presenter: true, mode: 'step', snapshot: partly}))).toMatch(/^now: delivered to the others; full@ was deferred \(try again later\)/);
	});
});
