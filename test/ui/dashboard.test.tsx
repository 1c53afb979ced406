import React from 'react';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {inboxRange} from '../../source/ui/components/inbox.js';
import {Dashboard, dashboardGeometry, dashboardKeyContext, dashboardLogView, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {createCommandLine} from '../../source/ui/components/command-line-state.js';
import {createText} from '../../source/ui/components/text-editor-state.js';
import {createComposer} from '../../source/ui/components/composer-form.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {FOLLOW, scrollLog} from '../../source/ui/components/log-scroll.js';
import {backgroundOf, createTheme, ThemeContext, type ThemeOptions} from '../../source/ui/theme.js';
import type {LogEntry, TlsInfo} from '../../source/session/types.js';
import {TRANSITIONS} from '../../source/smtp/transitions.js';
import {plain} from '../helpers/wait-for.js';
import {resolve} from '../../source/ui/keys/router.js';
import {dashboardProps, previewCounts, snapshot, stepsAt} from './dashboard-fixtures.js';
import {key} from './keys.js';
import {numberedEntries} from './log-fixtures.js';

const tls: TlsInfo = {
	protocol: 'TLSv1.3',
	cipher: 'TLS_AES_256_GCM_SHA384',
	subject: 'CN=localhost',
	issuer: 'CN=Test CA',
	validFrom: 'Jan  1 00:00:00 2025 GMT',
	// Far off: the panel reads it against the clock, and one close to its end takes a row more (its days left).
	validTo: 'Jan  1 00:00:00 2099 GMT',
	fingerprint256: 'AA:BB',
	authorized: false,
	authorizationError: 'self-signed certificate',
	insecure: true,
};

const proposed = {command: {verb: 'RCPT', to: 'friend@example.test'} as const, display: 'RCPT TO:<friend@example.test>'};

const scenarios: Record<string, Partial<DashboardProps>> = {
	'first run': {snapshot: snapshot({connection: 'idle', log: [], logTotal: 0, steps: stepsAt('connect', {connect: {status: 'pending'}}), greeting: undefined, extensions: undefined})},
	'connection focused': {focus: 'connection'},
	'insecure TLS': {focus: 'connection', snapshot: snapshot({tls, secure: true})},
	help: {help: {top: 0}},
	'step prompt': {mode: 'step', snapshot: snapshot({proposed})},
	'step edit': {mode: 'step', snapshot: snapshot({proposed}), stepEdit: createText(proposed.display, {multiline: false})},
	presenter: {presenter: true, mode: 'step', snapshot: snapshot({proposed})},
	manual: {mode: 'manual', focus: 'command', commandLine: {state: createCommandLine(), warning: 'RCPT before MAIL: sent anyway', dataMode: false}},
	'long log': {focus: 'log', snapshot: snapshot({log: numberedEntries(100_000), logTotal: 100_000})},
	'inbox open': {
		focus: 'inbox',
		inbox: {
			items: [{id: '1', from: 'you@example.test', to: ['friend@example.test'], subject: 'Hello', size: 2048, receivedAt: 0}],
			selected: 0,
			open: {message: {headerLines: [{key: 'subject', line: 'Subject: Hello'}], text: 'Hi', attachments: [], raw: 'Subject: Hello\r\n\r\nHi'}, tab: 'headers', top: 0},
		},
	},
	preview: {preview: {bytes: 'Subject: x\r\n\r\n..dot\r\n.\r\n', counts: previewCounts('Subject: x\r\n\r\n..dot\r\n.\r\n'), top: 0}},
};

function frameOf(props: DashboardProps): string {
	return plain(render(<Dashboard {...props} />).lastFrame());
}

describe('Dashboard layout', () => {
	for (const [name, overrides] of Object.entries(scenarios)) {
		for (const size of [
			{columns: 80, rows: 23},
			{columns: 80, rows: 24},
			{columns: 100, rows: 30},
			{columns: 132, rows: 43},
		]) {
			it(`fits ${size.columns}×${size.rows} (${name}): no line wider, never more than rows - 1 lines`, () => {
				const frame = frameOf(dashboardProps({size, ...overrides}));
				const lines = frame.split('\n');
				expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
				for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(size.columns);
				// The mode and the help key are always on screen.
				expect(lines.at(-1)).toMatch(/^ (AUTO|STEP|MANUAL) /);
				expect(lines.at(-1)).toMatch(/Ctrl\+G help|Esc close/);
			});
		}
	}

	it('says the terminal is too small below 80×23 (an 80×24 terminal with tmux status line fits)', () => {
		const frame = frameOf(dashboardProps({size: {columns: 60, rows: 20}}));
		expect(frame).toContain('Terminal too small: 60×20 (needs 80×23)');
		expect(frame.split('\n').length).toBeLessThanOrEqual(19);
		// A way forward for whoever cannot make the font smaller: what works at any size (the inbox's minimum as it says it).
		expect(frame.replace(/\s+/g, ' ')).toContain('Works at any size: smtp-tui talk · send · check · serve (inbox: 60×16)');
		expect(frameOf(dashboardProps({size: {columns: 100, rows: 22}}))).toContain('Terminal too small: 100×22 (needs 80×23)');
		expect(frameOf(dashboardProps({size: {columns: 80, rows: 23}}))).not.toContain('too small');
	});

	it('the rail\'s caption outlives a terminal shrunk below the minimum and grown back (the history is not the rail\'s)', () => {
		const big = {columns: 120, rows: 40};
		// A MAIL refused before the login (530), then the login done: the login came later, so MAIL is to do again.
		const refused = snapshot({connection: 'connected', steps: stepsAt('mail', {starttls: {status: 'pending'}, auth: {status: 'pending'}, mail: {status: 'failed', code: 530}})});
		const loggedIn = snapshot({connection: 'connected', steps: stepsAt('mail', {starttls: {status: 'skipped'}, auth: {status: 'done'}, mail: {status: 'failed', code: 530}})});
		const app = render(<Dashboard {...dashboardProps({size: big, snapshot: refused, presenter: true})} />);
		app.rerender(<Dashboard {...dashboardProps({size: big, snapshot: loggedIn, presenter: true})} />);
		const caption = () => plain(app.lastFrame()).split('\n')[1];
		expect(caption()).toMatch(/^NEXT STEP 6\/11 MAIL: name the sender/);
		app.rerender(<Dashboard {...dashboardProps({size: {columns: 20, rows: 5}, snapshot: loggedIn, presenter: true})} />);
		expect(plain(app.lastFrame())).toContain('too small');
		app.rerender(<Dashboard {...dashboardProps({size: big, snapshot: loggedIn, presenter: true})} />);
		expect(caption()).toMatch(/^NEXT STEP 6\/11 MAIL: name the sender/);
	});

	it('says which messages the inbox list shows when not all of them fit', () => {
		const items = Array.from({length: 30}, (_, index) => ({id: String(index), from: 'a@example.test', to: ['b@example.test'], subject: `Message ${index + 1}`, size: 100, receivedAt: 0}));
		const inboxTitle = (selected: number, count = items.length) =>
			frameOf(dashboardProps({size: {columns: 100, rows: 30}, inbox: {items: items.slice(0, count), selected}}))
				.split('\n')
				.find(line => line.includes('Inbox ('))!;
		// The newest is selected as it arrives: the oldest are out of view above, as the help says what it hides.
		const newest = inboxTitle(29);
		expect(newest).toMatch(/↑ \d+ above\b/);
		expect(newest).not.toContain('more');
		expect(inboxTitle(0)).toMatch(/Inbox \(30\).* ↓ \d+ more /);
		expect(inboxTitle(0)).not.toContain('above');
		expect(inboxTitle(0, 2)).not.toMatch(/more|above/);
	});

	it('says so when the sandbox let the oldest messages go: the newest it keeps, of how many it took', () => {
		const items = Array.from({length: 3}, (_, index) => ({id: String(index + 1998), from: 'a@example.test', to: ['b@example.test'], subject: `Message ${index}`, size: 100, receivedAt: 0}));
		const title = (received?: number) =>
			frameOf(dashboardProps({size: {columns: 120, rows: 30}, inbox: {items, ...(received !== undefined && {received}), selected: 0}}))
				.split('\n')
				.find(line => line.includes('Inbox ('))!;
		expect(title(2000)).toContain('Inbox (newest 3 of 2,000)');
		// The list's own range groups its digits the same way.
		expect(inboxRange(1000, 5, 5)).toBe('↑ 3 above (Up, PgUp) · ↓ 992 more (Down, PgDn)');
		expect(title(3)).toContain('Inbox (3)');
		expect(title()).toContain('Inbox (3)');
	});

	it('shows the keys of the focused panel in the footer', () => {
		const footer = (focus: DashboardProps['focus'], columns = 80) => frameOf(dashboardProps({focus, size: {columns, rows: 24}, snapshot: snapshot({busy: false})})).split('\n').at(-1)!;
		expect(footer('composer')).toContain('Ctrl+P preview');
		expect(footer('composer')).not.toContain('PgUp scroll');
		expect(footer('log')).toContain('PgUp scroll');
		expect(footer('log')).not.toContain('Ctrl+P preview');
		// The log's own keys come first (x show all, PgUp scroll); Ctrl+S where there is room for it too.
		expect(footer('log', 100)).toContain('Ctrl+S send');
	});

	it('offers Ctrl+R in the footer on an extra header only, where it removes one', () => {
		const composer = createComposer({from: 'you@example.test', to: 'friend@example.test', subject: 'Hi', headers: ['X-A: 1'], body: 'hi'});
		// At 100 columns, before Ctrl+P and Ctrl+N, which take the room where it is no use.
		const footerAt = (active: number) => frameOf(dashboardProps({focus: 'composer', size: {columns: 100, rows: 30}, composer: {...composer, active}, snapshot: snapshot({busy: false})})).split('\n').at(-1)!;
		const header = composer.fields.findIndex(field => field.removable);
		expect(footerAt(header)).toContain('Ctrl+R remove header');
		expect(footerAt(0)).not.toContain('Ctrl+R');
	});

	it('an empty inbox says so in whole words at 80 columns and offers no Enter open; one message does', () => {
		const inbox = (items: NonNullable<DashboardProps['inbox']>['items']) => dashboardProps({focus: 'inbox', size: {columns: 80, rows: 24}, inbox: {items, selected: 0}});
		const empty = frameOf(inbox([]));
		const words = (frame: string) => frame.replaceAll(/[║│]/g, ' ').replaceAll(/\s+/g, ' ');
		// It says the action that fills it, where one from this screen goes to the sandbox.
		expect(words(empty)).toContain('No messages yet: Ctrl+S sends the message, and it lands here.');
		expect(words(frameOf({...inbox([]), mode: 'manual'}))).toContain('No messages yet: a message typed to the sandbox (MAIL FROM, RCPT TO, DATA)');
		expect(words(frameOf({...inbox([]), replay: true}))).toContain('No messages yet: what the sandbox receives');
		const elsewhere = {...inbox([]), snapshot: {...inbox([]).snapshot, connection: 'idle' as const}, connectionForm: createConnectionForm({host: 'mail.example.com', port: 25, security: 'none', ehlo: 'client.example.test'})};
		expect(words(frameOf(elsewhere))).toContain('No messages yet: what the sandbox receives');
		expect(empty.split('\n').at(-1)).not.toContain('Enter open');
		expect(resolve('\r', key({return: true}), dashboardKeyContext(inbox([])))).toBeUndefined();
		const one = inbox([{id: '1', from: 'you@example.test', to: ['friend@example.test'], subject: 'Hello', size: 2048, receivedAt: 0}]);
		expect(frameOf(one).split('\n').at(-1)).toContain('Enter open');
		expect(resolve('\r', key({return: true}), dashboardKeyContext(one))).toBe('inbox.open');
	});

	it('a focused connection panel with nothing learnt yet takes the rows its form needs, not empty ones from the composer', () => {
		const idle = snapshot({connection: 'idle', greeting: undefined, extensions: undefined, tls: undefined});
		const frame = frameOf(dashboardProps({size: {columns: 80, rows: 23}, focus: 'connection', snapshot: idle}));
		expect(frame).toMatch(/EHLO name client\.example\.test/);
		expect(frame).toMatch(/Verify +\[on\] off/);
		expect(frame).toMatch(/To +friend@example\.test/);
	});

	it('at 100×30 a focused connection panel shows its extensions heading and as many as fit, also with TLS unverified', () => {
		const keywords = new Map<string, string[]>([['PIPELINING', []], ['8BITMIME', []], ['SMTPUTF8', []], ['ENHANCEDSTATUSCODES', []], ['AUTH', ['PLAIN', 'LOGIN', 'CRAM-MD5']], ['SIZE', ['10485760']]]);
		const server = {...snapshot().extensions!, keywords};
		const connected = snapshot({tls, secure: true, authenticated: true, busy: false, extensions: server, target: {host: 'mail.example.test', port: 587, security: 'starttls', sandbox: false}});
		const left = (frame: string) => frame.split('\n').map(row => row.slice(0, 45)).join('\n');
		// --insecure and a certificate that did not verify: the warning and the reason take rows of their own.
		const insecure = left(frameOf(dashboardProps({size: {columns: 100, rows: 30}, focus: 'connection', insecure: true, snapshot: connected})));
		expect(insecure).toContain('TLS: TLSv1.3 TLS_AES_256_GCM_SHA384');
		expect(insecure).toMatch(/Extensions \(6\): PIPELINING(,| …)/);
		expect(insecure).toMatch(/… \d more/);
		// Verified: every name fits, on rows of their own (the log explains each).
		const verified = left(frameOf(dashboardProps({size: {columns: 100, rows: 30}, focus: 'connection', snapshot: {...connected, tls: {...tls, authorized: true, insecure: false, authorizationError: undefined}}})));
		expect(verified).toMatch(/Extensions \(6\): PIPELINING, 8BITMIME,/);
		expect(verified).toContain('AUTH PLAIN LOGIN CRAM-MD5,');
		expect(verified).toContain('SIZE 10485760');
		expect(verified).not.toMatch(/ more/);
	});

	it('on a tall terminal an unfocused connection panel shows what the session learnt, and the composer keeps its rows', () => {
		const verified = {...tls, authorized: true, insecure: false, authorizationError: undefined};
		const connected = snapshot({tls: verified, secure: true, authenticated: true, busy: false, target: {host: 'mail.example.test', port: 587, security: 'starttls', sandbox: false}});
		const tall = dashboardProps({size: {columns: 120, rows: 40}, snapshot: connected});
		const left = frameOf(tall)
			.split('\n')
			.map(row => row.slice(0, 48))
			.join('\n');
		expect(left).toContain('TLS: TLSv1.3 TLS_AES_256_GCM_SHA384');
		expect(left).toMatch(/Extensions \(3\)/);
		expect(left).toContain('Press Ctrl+S to send it.');
		expect(dashboardGeometry(tall).composer.height).toBeGreaterThanOrEqual(22);
		// At 100x30 the composer needs every row: the panel stays at its target and login.
		expect(dashboardGeometry({...tall, size: {columns: 100, rows: 30}}).connection.height).toBe(5);
	});

	it('from 40 rows up, meanings cut short in the connection panel get rows of their own; 80×24 and 100×30 are as before', () => {
		const long = 'delivery status notifications on request (RFC 3461: NOTIFY=, ORCPT= on RCPT; RET=, ENVID= on MAIL)';
		const props = (rows: number) => dashboardProps({size: {columns: 120, rows}, snapshot: snapshot({busy: false}), explainExtension: keyword => (keyword === 'SIZE' ? long : undefined)});
		const left = (frame: string) => frame.split('\n').map(row => row.slice(0, 48));
		const rows = left(frameOf(props(40)));
		const first = rows.findIndex(row => row.includes('SIZE 10485760: delivery status'));
		const whole = rows.slice(first, first + 4).map(row => row.replace(/^│ +|│.*$/g, '').trim());
		expect(whole.join(' ')).toContain(`SIZE 10485760: ${long}`);
		// Under the name, not under the border.
		expect(rows[first + 1]).toMatch(/^│ {5}\S/);
		expect(dashboardGeometry(props(40)).connection.height).toBeGreaterThan(dashboardGeometry({...props(40), explainExtension: () => undefined}).connection.height);
		// Below 40 rows the panel gets no more rows for them (the composer needs its own).
		for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
			expect(dashboardGeometry({...props(40), size}).connection.height).toBe(dashboardGeometry({...props(40), size, explainExtension: () => undefined}).connection.height);
		}
	});

	it('from 40 rows up an unfocused inbox takes up to a third of the right column, as its list needs; below, six rows as before', () => {
		const item = (id: number) => ({id: String(id), from: 'you@example.test', to: ['friend@example.test'], subject: `Hello ${id}`, size: 2048, receivedAt: 0});
		const many = {items: Array.from({length: 40}, (_, index) => item(index + 1)), selected: 0};
		for (const rows of [24, 30, 39, 40, 60, 90]) {
			const size = {columns: rows >= 40 ? 200 : 100, rows};
			const geometry = dashboardGeometry(dashboardProps({size, inbox: many, focus: 'composer'}));
			const height = rows >= 40 ? Math.floor(geometry.middleRows / 3) : 6;
			if (rows >= 40) expect(height).toBeGreaterThan(10);
			expect(geometry.inbox!.height, `${rows} rows`).toBe(height);
			// The log keeps two thirds.
			expect(geometry.log.height, `${rows} rows`).toBeGreaterThanOrEqual(height);
			// An opened message takes the third too (it has more lines than that).
			const open = {...many, open: {message: {headerLines: [], text: 'Hi', attachments: [], raw: 'Hi'}, tab: 'text' as const, top: 0}};
			expect(dashboardGeometry(dashboardProps({size, inbox: open, focus: 'composer'})).inbox!.height, `${rows} rows, open`).toBe(height);
			// A short list takes the rows it needs (frame and title, a row a message), six at least: the log gets the rest.
			for (const count of [0, 1, 5, 9]) {
				const short = dashboardGeometry(dashboardProps({size, inbox: {items: many.items.slice(0, count), selected: 0}, focus: 'composer'}));
				expect(short.inbox!.height, `${rows} rows, ${count} messages`).toBe(Math.min(height, Math.max(6, 3 + count)));
				expect(short.log.height + short.inbox!.height, `${rows} rows, ${count} messages`).toBe(geometry.log.height + geometry.inbox!.height);
			}
		}
		// 300x90, one message: no column of blank rows under it; the log has them.
		const frame = frameOf(dashboardProps({size: {columns: 300, rows: 90}, inbox: {items: [item(1)], selected: 0}, focus: 'composer'}));
		const rows = frame.split('\n');
		const title = rows.findIndex(row => row.includes('Inbox (1)'));
		expect(rows[title + 1]).toContain('Hello 1');
		// The inbox's six rows end with the composer's: its last border is on the row of the composer's.
		expect(rows.findIndex(row => row.startsWith('╚')) - title).toBe(4);
		expect(rows.length).toBe(89);
	});

	it('behind the step prompt, a focused connection panel grows only as far as what it shows (no form there)', () => {
		const props = dashboardProps({size: {columns: 80, rows: 23}, mode: 'step', focus: 'connection', snapshot: snapshot({proposed, extensions: undefined})});
		const geometry = dashboardGeometry(props);
		// Without the prompt, the form takes the room; behind it the composer keeps room for its fields.
		expect(geometry.connection.height).toBeLessThan(dashboardGeometry({...props, mode: 'auto', snapshot: snapshot({extensions: undefined})}).connection.height);
		expect(frameOf(props)).toMatch(/From\s+you@example\.test/);
	});

	it('shows the step prompt with the exact line and its keys in step mode', () => {
		const frame = frameOf(dashboardProps(scenarios['step prompt']));
		expect(frame).toContain('about to send: RCPT TO:<friend@example.test>');
		expect(frame).toContain('Enter send line · e edit · Esc stop');
		expect(dashboardKeyContext(dashboardProps(scenarios['step prompt'])).overlay).toBe('step');
		expect(dashboardKeyContext(dashboardProps(scenarios['step edit'])).overlay).toBe('stepEdit');
		// While editing, Esc only drops the edit.
		const editing = frameOf(dashboardProps(scenarios['step edit']));
		expect(editing).toContain('Enter send line · Esc discard the edit');
		expect(editing.split('\n').at(-1)).toContain('Esc discard the edit');
	});

	it('keeps the step prompt, and the keyboard, while a step waits for its reply', () => {
		// A second Enter or an `e` pressed while the reply is on its way must not edit the message.
		const props = dashboardProps({mode: 'step', focus: 'composer', snapshot: snapshot({busy: true})});
		const frame = frameOf(props);
		expect(frame).toContain('waiting for the server…');
		expect(frame).toContain('the next step is offered when the server has answered');
		const context = dashboardKeyContext(props);
		expect(context).toMatchObject({overlay: 'step', stepWaiting: true});
		expect(resolve('\r', key({return: true}), context)).toBeUndefined();
		expect(resolve('e', key(), context)).toBeUndefined();
		expect(resolve('x', key(), context)).toBeUndefined();
		expect(resolve('s', key({ctrl: true}), context)).toBe('session.send');
		// Not busy, nothing proposed: no prompt, the composer types again.
		const idle = dashboardProps({mode: 'step', focus: 'composer', snapshot: snapshot({busy: false})});
		expect(frameOf(idle)).not.toContain('waiting for the server');
		expect(resolve('e', key(), dashboardKeyContext(idle))).toBe('edit.insert');
	});

	it('after a failed send on an open connection, says the transaction stopped instead of the step\'s general note', () => {
		const failed = snapshot({busy: false, result: {ok: false, stage: 'rcpt', message: 'no recipient was accepted'}});
		const frame = frameOf(dashboardProps({presenter: true, snapshot: failed}));
		expect(frame).toContain('now: the transaction stopped; Ctrl+S starts a new one, Ctrl+X disconnects');
		expect(frame).not.toContain('one RCPT TO per recipient, then DATA');
		// Stopped before MAIL (Esc at its prompt): Ctrl+S goes on from there.
		const stopped = snapshot({busy: false, current: 'mail', steps: stepsAt('mail', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}}), result: {ok: false, kind: 'stopped', message: 'stopped by the user'}});
		expect(frameOf(dashboardProps({presenter: true, snapshot: stopped}))).toContain('now: stopped here; Ctrl+S goes on over this connection, Ctrl+X disconnects');
		// Once MAIL went, Ctrl+S starts the transaction again: "goes on" would promise DATA next.
		const afterMail = snapshot({busy: false, current: 'rcpt', result: {ok: false, kind: 'stopped', message: 'stopped by the user'}});
		expect(frameOf(dashboardProps({presenter: true, snapshot: afterMail})).replace(/\s*\n\s*/g, ' ')).toContain('now: stopped here; Ctrl+S starts the message again over this connection (RSET, then MAIL), Ctrl+X disconnects');
		// In manual mode the lines typed since say where the session is: the step's own note.
		const typed = snapshot({busy: false, current: 'queued', result: {ok: false, kind: 'stopped', message: 'stopped by the user'}});
		const manual = frameOf(dashboardProps({presenter: true, mode: 'manual', focus: 'command', snapshot: typed}));
		expect(manual).toContain(`now: ${TRANSITIONS.queued.note}`);
		expect(manual).not.toContain('stopped here');
	});

	it('after a queued message on an open connection, says what Ctrl+S and Ctrl+X do (QUIT is not proposed)', () => {
		const queued = snapshot({busy: false, current: 'queued', result: {ok: true, message: 'queued: 250 Ok: queued as 1'}});
		expect(frameOf(dashboardProps({presenter: true, mode: 'step', snapshot: queued, size: {columns: 160, rows: 30}}))).toContain('now: queued; Ctrl+S sends another on this connection, Ctrl+X says QUIT');
		// One row at 80 columns, as the line before the send was: the panels under it stay where they were.
		const rows = (props: DashboardProps) => frameOf(props).split('\n');
		const sent = rows(dashboardProps({presenter: true, snapshot: queued, size: {columns: 80, rows: 24}}));
		const before = rows(dashboardProps({presenter: true, snapshot: snapshot({connection: 'idle', busy: false}), size: {columns: 80, rows: 24}}));
		expect(sent[2]).toBe('now: queued; Ctrl+S sends another on this connection, Ctrl+X says QUIT');
		expect([sent[3]?.[0], before[3]?.[0]]).toEqual(['┌', '┌']);
	});

	it('after a refused EHLO, points to the EHLO name instead of offering the same Ctrl+S again', () => {
		const refused = snapshot({connection: 'closed', busy: false, result: {ok: false, stage: 'ehlo', message: 'EHLO refused: 504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname'}});
		expect(frameOf(dashboardProps({presenter: true, snapshot: refused, size: {columns: 160, rows: 30}}))).toContain('next: the server refused our EHLO (see the log); change the EHLO name in the connection panel, then Ctrl+S');
	});

	it('in a replay, says that Ctrl+S plays the recording, and offers no keys that build a message', () => {
		const closed = snapshot({connection: 'closed', busy: false});
		const replay = frameOf(dashboardProps({presenter: true, replay: true, snapshot: closed}));
		expect(replay).toContain('next: Ctrl+S plays the recording');
		expect(replay.split('\n').at(-1)).not.toMatch(/preview|add header/);
		const help = frameOf(dashboardProps({replay: true, help: {top: 0}, size: {columns: 120, rows: 70}}));
		expect(help).toContain('Show or hide this help');
		expect(help).not.toMatch(/Add a header field|Remove the focused extra header|Preview the exact bytes/);
		// Nor the keys that use the network: a replay has none (the recorded host may be down, or not this one).
		expect(help).not.toMatch(/Check which SMTP ports answer|first recipient's MX/);
		const panel = frameOf(dashboardProps({replay: true, focus: 'connection', snapshot: closed, size: {columns: 160, rows: 30}}));
		expect(panel.split('\n').at(-1)).not.toMatch(/Ctrl\+K|Ctrl\+L/);
		expect(resolve('k', key({ctrl: true}), dashboardKeyContext(dashboardProps({replay: true, focus: 'connection'})))).toBeUndefined();
		expect(resolve('k', key({ctrl: true}), dashboardKeyContext(dashboardProps({focus: 'connection'})))).toBe('connection.check');
		expect(frameOf(dashboardProps({help: {top: 0}, size: {columns: 120, rows: 70}}))).toMatch(/Add a header field/);
		expect(frameOf(dashboardProps({presenter: true, mode: 'manual', snapshot: closed}))).toContain("next: Enter connects (the 220 greeting), then type EHLO and this machine's name");
		const live = frameOf(dashboardProps({presenter: true, snapshot: closed}));
		expect(live).toContain('next: Ctrl+S sends the message');
		expect(live.split('\n').at(-1)).toMatch(/Ctrl\+P preview/);
		// After a certificate was refused, Ctrl+S would fail the same way: the panel's fields that change that are named.
		const cert = {subject: 'CN=localhost', issuer: 'CN=localhost', validTo: 'Mar  6 04:23:03 2029 GMT'};
		const refused = snapshot({connection: 'closed', busy: false, refusedCertificate: {...cert, remedy: 'add-ca'}, result: {ok: false, stage: 'tls', kind: 'certificate', message: 'certificate verification failed for localhost: self-signed certificate; use --ca FILE to trust it, or --insecure to skip verification'}});
		expect(frameOf(dashboardProps({presenter: true, snapshot: refused, size: {columns: 120, rows: 30}}))).toContain('next: the certificate is not trusted; set CA file in the connection panel to your CA (or Verify: off), then Ctrl+S');
		// With --ca given, or a certificate that is wrong in itself, another CA file would not help.
		const expired = snapshot({connection: 'closed', busy: false, refusedCertificate: {...cert, remedy: 'server'}, result: {ok: false, stage: 'tls', kind: 'certificate', message: 'certificate verification failed for localhost: certificate has expired; use --insecure to skip verification'}});
		expect(frameOf(dashboardProps({presenter: true, snapshot: expired, size: {columns: 160, rows: 30}}))).toContain('next: the certificate is not trusted (see the log for why); it must be fixed on the server');
		const named = snapshot({connection: 'closed', busy: false, refusedCertificate: {...cert, remedy: 'name'}, result: {ok: false, stage: 'tls', kind: 'certificate', message: 'certificate verification failed for 127.0.0.1: it names DNS:mail.example.org; connect by a name the certificate lists, or use --insecure to skip verification'}});
		expect(frameOf(dashboardProps({presenter: true, snapshot: named, size: {columns: 160, rows: 30}}))).toContain('next: the certificate is for another name (see the log); connect by a name it lists');
	});

	it('after a session that delivered and ended, says Ctrl+S sends the message again, not "sends the message"', () => {
		const done = snapshot({connection: 'closed', busy: false, steps: stepsAt('quit', {quit: {status: 'done'}}), result: {ok: true, message: 'queued: 250 Ok: queued as 1'}});
		const frame = frameOf(dashboardProps({presenter: true, snapshot: done}));
		expect(frame).toContain('next: the message went; Ctrl+S sends it again (a second copy), Ctrl+C quits');
		expect(frame).not.toContain('sends the message');
		expect(frameOf(dashboardProps({presenter: true, replay: true, replayProgress: {connection: 1, connections: 1, outcome: 'played', next: 1}, snapshot: done}))).toContain('next: Ctrl+S plays the recording again');
		// Closed before any message: Ctrl+S does send it.
		const closed = snapshot({connection: 'closed', busy: false, steps: stepsAt('mail', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}})});
		expect(frameOf(dashboardProps({presenter: true, snapshot: closed}))).toContain('next: Ctrl+S sends the message');
	});

	it('an expanded message cut after its first lines says where to read it whole: the Inbox with the sandbox, else Ctrl+P', () => {
		const preview = ['From: you@example.test', 'To: friend@example.test', 'Subject: Hello', '', ...Array.from({length: 8}, (_, index) => `line ${index + 1}`)];
		const data: LogEntry = {id: 1, time: 0, kind: 'data', text: 'message: 17 lines, 460 bytes, then "."', data: {lines: 17, bytes: 463, stored: 460, preview}};
		const logText = (props: DashboardProps) =>
			frameOf(props)
				.split('\n')
				.map(line => /│ (.*)│$/.exec(line)?.[1]?.trim() ?? '')
				.join(' ');
		const expanded = (overrides: Partial<DashboardProps>) => dashboardProps({size: {columns: 100, rows: 30}, snapshot: snapshot({log: [data], logTotal: 1}), log: {scroll: FOLLOW, expanded: true, timestamps: false}, ...overrides});
		expect(logText(expanded({}))).toContain("… 5 more lines: see the Inbox's raw view");
		expect(logText(expanded({inbox: undefined}))).toContain('… 5 more lines: Ctrl+P shows a message whole before it goes');
		// A replay has no preview, and its recording's messages need not be the composer's.
		const replayed = logText(expanded({inbox: undefined, replay: true}));
		expect(replayed).toContain('… 5 more lines');
		expect(replayed).not.toContain('Ctrl+P');
	});

	it('when rows are short (24, step prompt), an unfocused inbox gives its rows to the log; with room it keeps six', () => {
		const stepProps = (overrides: Partial<DashboardProps> = {}) => dashboardProps({size: {columns: 80, rows: 24}, presenter: true, mode: 'step', snapshot: snapshot({proposed}), ...overrides});
		const item = {id: '1', from: 'you@example.test', to: ['friend@example.test'], subject: 'Hello', size: 460, receivedAt: 0};
		// Empty: its title alone; the log keeps 10 rows of lines (6 before; and the row of the "next:" line, which the
		// prompt makes a repeat, is the log's).
		const empty = dashboardGeometry(stepProps());
		expect(empty.inbox!.height).toBe(3);
		expect(dashboardLogView(stepProps()).height).toBe(10);
		expect(frameOf(stepProps())).toContain('Inbox (0)');
		// With mail: one line, the selected (newest) message.
		const one = stepProps({inbox: {items: [item], selected: 0}});
		expect(dashboardGeometry(one).inbox!.height).toBe(4);
		// Presenter mode: no clock time, as in the log.
		expect(frameOf(one)).toMatch(/▸ Hello/);
		// Focused, the rows its note needs (an open message: most of the middle, as its list of many).
		expect(dashboardGeometry(stepProps({focus: 'inbox'})).inbox!.height).toBe(5);
		// Room enough: six rows as before, prompt or not.
		expect(dashboardGeometry(stepProps({size: {columns: 100, rows: 30}})).inbox!.height).toBe(6);
		expect(dashboardGeometry(dashboardProps({size: {columns: 80, rows: 24}, presenter: true})).inbox!.height).toBe(6);
	});

	it('a focused inbox takes the rows its list needs, up to most of the middle: Tab to it leaves the log its rows', () => {
		const item = (id: number) => ({id: String(id), from: 'you@example.test', to: ['friend@example.test'], subject: `Hello ${id}`, size: 460, receivedAt: 0});
		const at100 = (inbox: DashboardProps['inbox'], focus: DashboardProps['focus']) => dashboardGeometry(dashboardProps({size: {columns: 100, rows: 30}, inbox, focus}));
		const one = {items: [item(1)], selected: 0};
		expect(at100(one, 'inbox').log.height).toBe(at100(one, 'composer').log.height);
		// Many: as many rows as there are messages, up to the share it always had.
		const middle = at100(one, 'inbox').middleRows;
		const ten = {items: Array.from({length: 10}, (_, index) => item(index + 1)), selected: 0};
		expect(at100(ten, 'inbox').inbox!.height).toBe(13);
		const many = {items: Array.from({length: 40}, (_, index) => item(index + 1)), selected: 0};
		expect(at100(many, 'inbox').inbox!.height).toBe(Math.floor(middle * 0.6));
		// An open message is read in all of that share.
		const open = {...one, open: {message: {headerLines: [], text: 'Hi', attachments: [], raw: 'Hi'}, tab: 'text' as const, top: 0}};
		expect(at100(open, 'inbox').inbox!.height).toBe(Math.floor(middle * 0.6));
	});

	it("at 24 rows with manual mode's command line an unfocused empty inbox is its title alone, as with the step prompt", () => {
		const manual = dashboardProps({size: {columns: 80, rows: 24}, mode: 'manual', commandLine: {state: createCommandLine()}});
		const geometry = dashboardGeometry(manual);
		expect(geometry.inbox!.height).toBe(3);
		expect(geometry.log.height).toBeGreaterThanOrEqual(13);
		// 25 rows: room for six.
		expect(dashboardGeometry({...manual, size: {columns: 80, rows: 25}}).inbox!.height).toBe(6);
	});

	it('the sample message shows whole in the composer at 80×24', () => {
		const frame = frameOf(dashboardProps({composer: createComposer(SAMPLE_DRAFT)}));
		for (const line of SAMPLE_DRAFT.body.split('\n')) expect(frame).toContain(`║ ${line}`);
	});

	it('at 80×24 and 80×23, presenter mode with the step prompt and a footer message on its own row fits: rows - 1 tall', () => {
		const status = 'not sent (rcpt): the server accepted no recipient: friend@example.test (550 5.1.1 mailbox unavailable)';
		for (const rows of [23, 24]) {
			const props = dashboardProps({size: {columns: 80, rows}, presenter: true, mode: 'step', status, snapshot: snapshot({proposed: {...proposed, step: 'rcpt'}, busy: false})});
			const lines = frameOf(props).split('\n');
			expect(lines.length).toBe(rows - 1);
			for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
			expect(lines[1]).toMatch(/^NEXT STEP 7\/11 RCPT/);
			// No "next: → RCPT TO:…" row: the prompt shows the line.
			expect(lines[2]).toMatch(/^┌/);
			// Wrapped on two rows of its own, whole: its reason at the end is not cut off.
			expect(lines.slice(-3, -1).join(' ')).toBe(status);
			expect(lines.at(-1)).toMatch(/^ STEP .*Ctrl\+G help$/);
			expect(lines.some(line => line.includes('about to send: RCPT TO:<friend@example.test>'))).toBe(true);
			// The prompt's box is whole: its bottom border sits right above the footer message.
			expect(lines.at(-4)).toMatch(/^╚═+╝$/);
			expect(dashboardLogView(props).height).toBeGreaterThanOrEqual(rows === 24 ? 7 : 6);
		}
	});

	it('while the answer to the message is awaited, says so (not "the transaction is over")', () => {
		const waiting = snapshot({busy: true, current: 'queued', steps: stepsAt('queued')});
		const frame = frameOf(dashboardProps({presenter: true, snapshot: waiting, size: {columns: 120, rows: 30}}));
		expect(frame).toContain("now: the message went; waiting for the server's answer to it (250: it took the message)");
		expect(frame).not.toContain('the transaction is over');
	});

	it('after the whole message went with no reply, says it may have arrived instead of "not sent" and offering Ctrl+S', () => {
		const steps = stepsAt('queued', {queued: {status: 'failed'}});
		const unanswered = snapshot({connection: 'closed', busy: false, steps, result: {ok: false, stage: 'final-dot', message: 'the connection closed while waiting for the reply to the message'}});
		const frame = frameOf(dashboardProps({presenter: true, snapshot: unanswered, size: {columns: 140, rows: 30}}));
		expect(frame).toContain('next: check whether it arrived before sending it again (Ctrl+S would send a second copy)');
		expect(frame).toContain('FAILED at STEP 10/11 queued: no reply came after the message: it may have been accepted');
		expect(frame).not.toContain('the server refused the message');
	});

	it('in presenter mode: no timestamps, explanations in full, what happens next always visible', () => {
		const explanation = 'The recipient is accepted; the server will deliver to this mailbox when the message is complete.';
		const log = [...snapshot().log, {id: 10, time: 0, kind: 'received' as const, text: '250 2.1.5 Ok', reply: {code: 250, lines: ['Ok'], raw: ['250 2.1.5 Ok']}, explanation}];
		const props = {size: {columns: 100, rows: 30}, log: {scroll: {follow: true} as const, expanded: false, timestamps: true}, snapshot: snapshot({log, logTotal: log.length, proposed})};
		const normal = frameOf(dashboardProps(props));
		expect(normal).toMatch(/\d\d:\d\d:\d\d [→←]/);
		const presenter = frameOf(dashboardProps({...props, presenter: true}));
		expect(presenter).not.toMatch(/\d\d:\d\d:\d\d/);
		expect(presenter).toContain('next: → RCPT TO:<friend@example.test>');
		expect(presenter).toMatch(/STEP 7\/11 RCPT/);
		const waiting = frameOf(dashboardProps({...props, presenter: true, snapshot: snapshot({log, logTotal: log.length})}));
		expect(waiting).toContain(`now: ${TRANSITIONS.rcpt.note}`);
		const joined = presenter.split('\n').map(line => line.replace(/^.*[│║] {5}|\s*[│║]$/g, '')).join(' ');
		expect(joined.replace(/\s+/g, ' ')).toContain('when the message is complete.');
	});

	it('scrolls the log by what is drawn: PageUp leaves follow mode and new lines are counted', () => {
		const entries = numberedEntries(5000);
		const props = dashboardProps({focus: 'log', snapshot: snapshot({log: entries, logTotal: entries.length})});
		const scroll = scrollLog(props.log.scroll, {type: 'pageUp'}, dashboardLogView(props));
		const more = [...entries, ...numberedEntries(7, 5001)];
		const frame = frameOf({...props, log: {...props.log, scroll}, snapshot: snapshot({log: more, logTotal: more.length})});
		expect(frame).toMatch(/↓ \d+ more below, 7 new/);
		expect(frame).not.toContain('line 005007');
		expect(frame).toContain('[scrolled]'.slice(1, -1));
	});
});

describe('without colour (NO_COLOR)', () => {
	const level = chalk.level;
	beforeEach(() => {
		chalk.level = 1;
	});
	afterEach(() => {
		chalk.level = level;
	});

	const COLOUR = /\u001B\[(3[0-79]|9[0-7])m/;

	function rawFrame(env: Record<string, string | undefined>, options?: ThemeOptions): string {
		const props = dashboardProps({snapshot: snapshot({steps: stepsAt('rcpt', {rcpt: {status: 'failed', code: 550}})})});
		return render(
			<ThemeContext.Provider value={createTheme(env, options)}>
				<Dashboard {...props} />
			</ThemeContext.Provider>,
		).lastFrame() ?? '';
	}

	it('draws no colour but keeps every marker', () => {
		expect(rawFrame({})).toMatch(COLOUR);
		const raw = rawFrame({NO_COLOR: '1'});
		expect(raw).not.toMatch(COLOUR);
		const frame = plain(raw);
		for (const marker of ['→', '←', '•', '✔', '✖ RCPT 550', '[Message]', ' AUTO ']) expect(frame).toContain(marker);
	});

	it('draws nothing faint in presenter mode (a projector washes it out), with or without colour', () => {
		const FAINT = '\u001B[2m';
		expect(rawFrame({})).toContain(FAINT);
		expect(rawFrame({}, {presenter: true})).not.toContain(FAINT);
		expect(rawFrame({NO_COLOR: '1'}, {presenter: true})).not.toContain(FAINT);
	});

	it('draws no yellow or cyan on a light background: --background light, or COLORFGBG naming white', () => {
		const YELLOW_OR_CYAN = /\u001B\[(33|36|93|96)m/;
		expect(rawFrame({})).toMatch(YELLOW_OR_CYAN);
		expect(rawFrame({}, {background: 'light'})).not.toMatch(YELLOW_OR_CYAN);
		expect(rawFrame({COLORFGBG: '0;15'})).not.toMatch(YELLOW_OR_CYAN);
		expect(rawFrame({COLORFGBG: '0;15'}, {background: 'dark'})).toMatch(YELLOW_OR_CYAN);
		expect(rawFrame({COLORFGBG: '15;0'})).toMatch(YELLOW_OR_CYAN);
		expect(plain(rawFrame({}, {background: 'light'}))).toBe(plain(rawFrame({})));
	});

	it('reads the background from COLORFGBG only where it names a basic colour', () => {
		expect(backgroundOf({COLORFGBG: '0;15'})).toBe('light');
		expect(backgroundOf({COLORFGBG: '0;default;7'})).toBe('light');
		expect(backgroundOf({COLORFGBG: '15;0'})).toBe('dark');
		for (const value of [undefined, '', 'default;default', '0;231', '15;']) expect(backgroundOf({COLORFGBG: value})).toBeUndefined();
	});

	it('treats an empty NO_COLOR as unset, as no-color.org says', () => {
		expect(createTheme({NO_COLOR: ''}).color).toBe(true);
		expect(createTheme({NO_COLOR: '1'}).color).toBe(false);
		expect(createTheme({FORCE_COLOR: '0'}).color).toBe(false);
		expect(createTheme({FORCE_COLOR: '2'}).color).toBe(true);
	});
});
