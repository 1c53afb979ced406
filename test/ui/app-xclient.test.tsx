// The dashboard started with --xclient-* flags (TargetDefaults.xclient) against the sandbox with XCLIENT on (as the
// bare `smtp-tui --xclient-addr IP` starts it): Ctrl+S sends XCLIENT after EHLO, EHLO again after its 220, and the
// message goes as the pretended client's; the log shows the exchange with its explanation, and the rail fits 80 columns.
import {describe, expect, it} from 'vitest';
import {xclientNote} from '../../source/ui/run-dashboard.js';
import type {XclientAttribute} from '../../source/smtp/xclient.js';
import {KEYS} from './app-harness.js';
import {defaults, sandboxApp, sentLines} from './wired-app.js';

const xclient: XclientAttribute[][] = [[{name: 'ADDR', value: '203.0.113.5', flag: '--xclient-addr'}, {name: 'NAME', value: 'mail.example.com', flag: '--xclient-name'}]];

describe('the dashboard with --xclient-* flags', () => {
	it('auto mode against the sandbox: XCLIENT after EHLO, EHLO again, the message queued', async () => {
		const app = await sandboxApp({sandbox: {xclient: true}, settings: {security: 'none', user: ''}, defaults: {...defaults, xclient}, size: {columns: 80, rows: 24}});
		await app.press(KEYS.ctrl('s'));
		let last = '';
		await app.frame(f => ((last = f), /Inbox \(1\)/.test(f)));
		expect(sentLines(app.controller).slice(0, 3)).toEqual(['EHLO client.test', 'XCLIENT ADDR=203.0.113.5 NAME=mail.example.com', 'EHLO client.test']);
		const log = app.controller.getSnapshot().session.log;
		expect(log.some(entry => entry.reply?.code === 220 && /XCLIENT accepted/.test(entry.explanation ?? ''))).toBe(true);
		// The rail keeps its steps (XCLIENT has none of its own: it is inside EHLO) within 80 columns.
		expect(last).toMatch(/EHLO/);
		for (const row of last.split('\n')) expect(row.length).toBeLessThanOrEqual(80);
	});

	it('the inbox names whom the message was sent as, above its envelope', async () => {
		const app = await sandboxApp({sandbox: {xclient: true}, settings: {security: 'none', user: ''}, defaults: {...defaults, xclient}, size: {columns: 120, rows: 40}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		await app.press(KEYS.tab, KEYS.tab);
		await app.frame(f => f.includes('[Inbox (1)]'));
		await app.press(KEYS.enter);
		// Wrapped to the panel's width: NAME goes on the next row.
		const opened = await app.frame(f => /Sent as another client \(XCLIENT\): ADDR=203\.0\.113\.5/.test(f) && /NAME=mail\.example\.com/.test(f));
		// Still this dashboard's own message: the session's real address is its.
		expect(opened).not.toContain('From another program');
	});

	it('step mode: XCLIENT is offered after EHLO as a line of its own, then EHLO again', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, sandbox: {xclient: true}, settings: {security: 'none', user: ''}, defaults: {...defaults, xclient}, size: {columns: 80, rows: 24}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		// Its own words, not the EHLO step's (it has no step of its own), cut to the prompt's width.
		await app.frame(f => /about to send: XCLIENT ADDR=203\.0\.113\.5 NAME=mail\.example\.com/.test(f) && /XCLIENT: the server is to treat this session as another client's/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: EHLO client\.test/.test(f) && sentLines(app.controller).length === 2);
	});

	it('presenter mode: the caption names XCLIENT, within 80 columns, while its line waits', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, sandbox: {xclient: true}, settings: {security: 'none', user: ''}, defaults: {...defaults, xclient}, size: {columns: 80, rows: 24}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /NEXT: XCLIENT, inside EHLO: be treated as another client \(Postfix\), then EHLO/.test(f));
		await app.press(KEYS.enter);
		// XCLIENT made the server start over, not TLS (there is none here): the EHLO that follows says so.
		await app.frame(f => f.includes('NEXT STEP 3/11 EHLO again: XCLIENT made the server start over as that client'));
	});

	it('--no-starttls and a login of the user\'s own: the footer says the login needs STARTTLS, in the panel\'s words (the log says why)', async () => {
		const app = await sandboxApp({sandbox: {xclient: true}, settings: {security: 'none', user: 'demo', password: 'demo'}, defaults: {...defaults, xclient}, size: {columns: 120, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => /✖ Not sent \(AUTH\)/.test(f));
		expect(frame.replace(/\s+/g, ' ')).toContain('✖ Not sent (AUTH): the login needs STARTTLS first: choose security auto or STARTTLS in the connection panel (not none), then Ctrl+S');
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text).join('\n')).toMatch(/credentials were given but the server does not offer AUTH to the client XCLIENT named/);
	});

	it('a server that does not offer XCLIENT: the footer says it was not sent, at XCLIENT, and why', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, defaults: {...defaults, xclient}, size: {columns: 120, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✖ Not sent \(XCLIENT\): the server does not offer XCLIENT/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test', 'QUIT']);
	});

	it("the start note says what each connection pretends, as the panel has no field for it", () => {
		expect(xclientNote(xclient)).toEqual(["XCLIENT on (--xclient flags): after EHLO each connection asks the server to treat it as ADDR=203.0.113.5 NAME=mail.example.com (Postfix's XCLIENT; the server must offer it)"]);
		expect(xclientNote(undefined)).toEqual([]);
	});
});
