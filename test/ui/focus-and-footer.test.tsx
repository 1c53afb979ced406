// What a keyboard-only user reads at 80x24 and 100x30: where the focus is, the focused panel's main keys in the
// footer, and the help opened at the keys of the panel in use.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {createCommandLine} from '../../source/ui/components/command-line-state.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {Inbox, type InboxMessage} from '../../source/ui/components/inbox.js';
import {ManualCommandLine} from '../../source/ui/components/manual-command-line.js';
import {StatusBar} from '../../source/ui/components/status-bar.js';
import {plain, settled, waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';
import {sandboxApp} from './wired-app.js';

const draw = (element: React.ReactElement) => plain(render(element).lastFrame());
const dashboard = (overrides: Partial<DashboardProps>) => draw(<Dashboard {...dashboardProps(overrides)} />);
const footerOf = (frame: string) => frame.split('\n').at(-1)!;
const proposed = {command: {verb: 'RCPT', to: 'friend@example.test'} as const, display: 'RCPT TO:<friend@example.test>'};

describe('the focus at the step prompt', () => {
	it('shows on the connection panel and the composer as on the log: [Title] and a double border, no colour needed', () => {
		for (const size of [{columns: 100, rows: 30}, {columns: 80, rows: 24}]) {
			const step = {size, mode: 'step', snapshot: snapshot({proposed})} as const;
			const composer = dashboard({...step, focus: 'composer'});
			expect(composer, `${size.columns}`).toContain('[Message]');
			expect(composer).toMatch(/╔═*╗.*\n║ \[Message\]/);
			expect(composer).toContain(' Connection ');
			const connection = dashboard({...step, focus: 'connection'});
			expect(connection, `${size.columns}`).toContain('[Connection]');
			expect(connection).toContain(' Message ');
			// The prompt still holds the keys: no cursor in the form invites typing.
			expect(composer).not.toContain('▸ From');
		}
	});
});

describe('the focus while the step line is edited (e)', () => {
	it('stays on the edit line: Tab is not offered, moves nothing and says so, no panel is framed, and letters go to the line', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({proposed}), size: {columns: 100, rows: 30}}});
		await waitForFrame(app.lastFrame, f => f.includes('about to send: RCPT'));
		// At the prompt itself Tab moves the focus, to the log (whose keys then work).
		await app.press(KEYS.tab);
		await waitForFrame(app.lastFrame, f => f.includes('[Protocol log]'));
		await app.press('e');
		const editing = await waitForFrame(app.lastFrame, f => f.includes('edit: RCPT'));
		expect(footerOf(editing)).not.toContain('Tab focus');
		expect(editing).not.toContain('[Protocol log]');
		await app.press(KEYS.tab);
		// Unbound there: the footer then names it (a key that does nothing is never swallowed without a word).
		await waitForFrame(() => app.calls.join('\n'), calls => calls.includes('unboundKey'));
		const tabbed = plain(app.lastFrame());
		expect(app.state().focus).toBe('log');
		expect(tabbed).not.toMatch(/\[(Protocol log|Inbox|Message|Connection)\]/);
		await app.press('x');
		await waitForFrame(app.lastFrame, f => f.includes('edit: RCPT TO:<friend@example.test>x'));
		expect(app.state().log.expanded).toBeFalsy();
	});
});

describe('the extensions during the step-mode walkthrough (README: Tab to the connection panel shows them)', () => {
	it('are listed explained in the connection panel once it has the focus, at 80x24; the collapsed panel shows the target and the login', () => {
		const connectionForm = createConnectionForm({host: '127.0.0.1', port: 2525, security: 'starttls', user: 'demo', password: 'demo', ehlo: 'client.example.test'});
		const mail = {command: {verb: 'MAIL', from: 'you@example.test'} as const, display: 'MAIL FROM:<you@example.test>'};
		const step = {size: {columns: 80, rows: 24}, mode: 'step', connectionForm, snapshot: snapshot({busy: false, proposed: mail})} as const;
		const collapsed = dashboard({...step, focus: 'composer'});
		expect(collapsed).toContain('user demo, password set');
		expect(collapsed).not.toContain('Extensions (3)');
		const focused = dashboard({...step, focus: 'connection'});
		expect(focused).toContain('Extensions (3):');
		expect(focused).toMatch(/8BITMIME: accepts 8-bit/);
	});
});

describe('the footer where room is short', () => {
	it('keeps the command line’s own keys at 80 columns, before the log’s PgUp', () => {
		const footer = draw(<StatusBar context={{focus: 'command', mode: 'manual', editing: 'line'}} connection="idle" width={80} />);
		expect(footer).toMatch(/Enter send line {2}Up history {2}.*Ctrl\+C quit {2}Ctrl\+G help$/);
		// Wider, the lesson panel's key (its own too), then the others follow them.
		expect(draw(<StatusBar context={{focus: 'command', mode: 'manual', editing: 'line'}} connection="idle" width={100} />)).toMatch(/Enter send line {2}Up history {2}Ctrl\+L lesson {2}Ctrl\+C quit/);
		expect(draw(<StatusBar context={{focus: 'command', mode: 'manual', editing: 'line'}} connection="idle" width={120} />)).toMatch(/Enter send line {2}Up history {2}Ctrl\+L lesson {2}PgUp scroll/);
	});

	it('keeps an opened message’s Esc back and Right view at 80 columns', () => {
		for (const connection of ['idle', 'connected'] as const) {
			const footer = draw(<StatusBar context={{focus: 'inbox', mode: 'manual', editing: false, reading: true}} connection={connection} width={80} />);
			expect(footer, connection).toMatch(/Esc back {2}Right view {2}.*Ctrl\+G help$/);
		}
	});

	it('names what the connection panel\'s own keys do, not jargon: Ctrl+L send to MX, Ctrl+K check ports', () => {
		const footer = draw(<StatusBar context={{focus: 'connection', mode: 'auto', editing: 'line'}} connection="idle" width={160} />);
		expect(footer).toContain('Ctrl+L send to MX');
		expect(footer).toContain('Ctrl+K check ports');
	});

	it('keeps Ctrl+S first in the forms it sends', () => {
		for (const focus of ['composer', 'connection'] as const) {
			expect(draw(<StatusBar context={{focus, mode: 'auto', editing: 'line'}} connection="idle" width={80} />), focus).toMatch(/^ AUTO {2}○ not connected {2}Ctrl\+S send/);
		}
	});

	it('offers End follow only on a log scrolled up, where it does something', () => {
		const following = footerOf(dashboard({size: {columns: 160, rows: 30}, focus: 'log'}));
		expect(following).toContain('PgUp scroll');
		expect(following).not.toContain('End follow');
		const log = {scroll: {follow: false, topId: 1, topRow: 0, seenTotal: 9}, expanded: false, timestamps: false} as const;
		expect(footerOf(dashboard({size: {columns: 160, rows: 30}, focus: 'log', log}))).toContain('End follow');
	});

	it('keeps End follow at 80 columns on an expanded log scrolled up: first of the log’s keys', () => {
		const footer = draw(<StatusBar context={{focus: 'log', mode: 'auto', editing: false, logExpanded: true, logScrolled: true}} connection="connected" width={80} />);
		expect(footer).toMatch(/End follow {2}x show less {2}.*Ctrl\+G help$/);
	});

	it('counts a slow reply with what it waits for where room allows, and at 80 columns keeps Ctrl+C quit beside it', () => {
		const waited = {what: 'the reply to RCPT', seconds: 3, limitSeconds: 30};
		const at = (width: number) => draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: 'line'}} connection="connected" secure busy waited={waited} width={width} />);
		expect(at(120)).toContain(' ✔ connected TLS, waiting 3/30 s for the reply to RCPT ');
		const narrow = at(80);
		expect(narrow).toContain(' ✔ connected TLS, waiting 3/30 s ');
		expect(narrow).toMatch(/Ctrl\+C quit {2}Ctrl\+G help$/);
	});

	it('offers Ctrl+X stop while a session runs (AUTO, a slow reply), at 80 columns too, with the wait counted', () => {
		for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
			const footer = footerOf(dashboard({size, focus: 'composer', snapshot: snapshot({busy: true, secure: true})}));
			expect(footer, `${size.columns}`).toMatch(/^ AUTO {2}✔ connected TLS, busy {2}Ctrl\+X stop {2}.*Ctrl\+C quit {2}Ctrl\+G help$/);
		}
		const waited = {what: 'the reply to RCPT', seconds: 3, limitSeconds: 30};
		const narrow = draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: 'line', running: true}} connection="connected" secure busy waited={waited} width={80} />);
		expect(narrow).toMatch(/ ✔ connected TLS, waiting 3\/30 s {2}Ctrl\+X stop {2}.*Ctrl\+C quit {2}Ctrl\+G help$/);
		// No session running: Ctrl+X has no word of its own.
		expect(footerOf(dashboard({focus: 'composer', snapshot: snapshot({busy: false, connection: 'closed'})}))).not.toContain('Ctrl+X');
	});

	it('offers Esc close first with the preview open, at 80 columns too, even with QUIT offered', () => {
		const footer = draw(<StatusBar context={{focus: 'composer', mode: 'step', editing: false, idleConnection: true}} connection="connected" width={80} />);
		expect(footer).toMatch(/^ STEP {2}✔ connected {2}Esc close /);
	});

	it('says Enter adds a line while a message is typed after 354, and sends the line otherwise', () => {
		expect(draw(<StatusBar context={{focus: 'command', mode: 'manual', editing: 'line', typingBody: true}} connection="connected" width={100} />)).toContain('Enter send line');
		expect(draw(<StatusBar context={{focus: 'command', mode: 'manual', editing: 'line'}} connection="connected" width={100} />)).toContain('Enter send line');
	});

	it('offers one way to close the help, Esc close (Ctrl+G closes it too, as the help says)', () => {
		const footer = footerOf(dashboard({size: {columns: 120, rows: 30}, help: {top: 0}}));
		expect(footer).not.toContain('Ctrl+G');
		expect(footer.match(/close/g)).toHaveLength(1);
		expect(footer).toMatch(/Esc close$/);
	});
});

describe('the help overlay', () => {
	it('opens at the focused panel’s section (80x24 manual: the command line’s), the sections above a scroll up', async () => {
		const app = startApp({init: {mode: 'manual'}, screen: {size: {columns: 80, rows: 24}}});
		await app.press(KEYS.ctrl('g'));
		const opened = await waitForFrame(app.lastFrame, frame => frame.includes('[Keys]'));
		expect(opened).toContain('Manual command line');
		expect(opened).toContain('Send the typed line');
		expect(opened).not.toContain('Everywhere');
		expect(opened).toMatch(/↑ \d+ above/);
		await app.press('g');
		await waitForFrame(app.lastFrame, frame => frame.includes('Everywhere'));
		// Closed and opened from the log: the log's section.
		await app.press(KEYS.ctrl('g'), KEYS.shiftTab, KEYS.ctrl('g'));
		await settled(() => expect(app.state().focus).toBe('log'));
		await waitForFrame(app.lastFrame, frame => /║ \[Keys\] *║\n║ Protocol log/.test(frame));
	});

	it('opens from the composer at the Composer’s section, at the preview’s only while the preview is open', async () => {
		const preview = {bytes: 'From: you@example.test\r\n\r\nfirst line\r\n.\r\n', counts: {lines: 3, stored: 37, sent: 40, stuffed: 0}};
		const app = startApp({screen: {size: {columns: 80, rows: 24}, preview}});
		await app.press(KEYS.ctrl('g'));
		await waitForFrame(app.lastFrame, frame => /║ \[Keys\] *║\n║ Composer *║/.test(frame));
		await app.press(KEYS.escape, KEYS.ctrl('p'), KEYS.ctrl('g'));
		await waitForFrame(app.lastFrame, frame => /║ \[Keys\] *║\n║ Composer preview *║/.test(frame));
	});

	it('opens at the step prompt’s keys while the prompt holds them', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {size: {columns: 80, rows: 24}, snapshot: snapshot({proposed})}});
		await app.press('?');
		const opened = await waitForFrame(app.lastFrame, frame => frame.includes('[Keys]'));
		expect(opened).toContain('Step mode prompt');
		expect(opened).toContain('Send the proposed line');
		expect(opened).not.toContain('Everywhere');
	});
});

describe('an opened message in an inbox shrunk to its tab row', () => {
	const message: InboxMessage = {headerLines: Array.from({length: 13}, (_, index) => ({key: `x-${index}`, line: `X-${index}: ${index}`})), text: 'Hi', attachments: [], raw: 'Hi'};

	it('says how long it is, never a range such as 1-0/13', () => {
		const item = {id: '1', from: 'a@example.test', to: ['b@example.test'], subject: 'Hi', size: 10, receivedAt: 0};
		const frame = draw(<Inbox items={[item]} selected={0} open={{message, tab: 'headers', top: 0}} focused={false} width={40} height={1} />);
		expect(frame).toContain('13 lines');
		expect(frame).not.toMatch(/\d+-\d+\/13/);
		// With rows, what they hide, as the help says it (keys where the title row has room for them).
		expect(draw(<Inbox items={[item]} selected={0} open={{message, tab: 'headers', top: 0}} focused width={40} height={5} />)).toContain('↓ 9 more');
		expect(draw(<Inbox items={[item]} selected={0} open={{message, tab: 'headers', top: 0}} focused width={60} height={5} />)).toContain('↓ 9 more (Down, PgDn)');
	});
});

describe('the manual command line’s hint', () => {
	it('fits the row whole at 100 and 80 columns (55 and 44 wide), in shorter words', () => {
		const offline = (width: number) => draw(<ManualCommandLine state={createCommandLine()} focused width={width} offline />).split('\n').at(-1)!;
		expect(offline(72)).toContain('Enter connects (shows the 220 greeting), or type a command');
		expect(offline(55)).toContain('Enter connects (220 greeting), or type a command');
		expect(offline(44)).toContain('Enter connects, or type a command');
		const hints = [
			{offline: true},
			{},
			{authAnswer: true},
			{authRefused: true},
			{queued: 12},
		];
		for (const width of [44, 55]) {
			for (const props of hints) {
				const row = draw(<ManualCommandLine state={createCommandLine()} focused width={width} {...props} />).split('\n').at(-1)!;
				expect(row, `${width} ${JSON.stringify(props)}`).not.toMatch(/…|\.\.\.$/);
				expect(stringWidth(row)).toBeLessThanOrEqual(width);
			}
		}
	});
});

describe('Ctrl+X with no connection', () => {
	it('says there is nothing to disconnect, not "disconnected"', async () => {
		const app = await sandboxApp();
		await app.frame(frame => frame.includes('not connected'));
		await app.press(KEYS.ctrl('x'));
		const frame = await app.frame(f => f.includes('not connected: nothing to disconnect'));
		expect(frame).not.toMatch(/\bdisconnected\b/);
	});
});
