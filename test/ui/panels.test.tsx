import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {BINDINGS, type KeyContext} from '../../source/ui/keys/bindings.js';
import {HelpOverlay, helpLines, helpStart, LEGEND_TITLE, RECIPES_TITLE} from '../../source/ui/components/help-overlay.js';
import {legend, selectGlyphs} from '../../source/ui/theme.js';
import {recipeNames} from '../../source/sandbox/recipes.js';
import {ConnectionPanel, connectionView, extensionRows} from '../../source/ui/components/connection-panel.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {formReducer} from '../../source/ui/components/form-state.js';
import {Inbox, messageLayout, NO_BODY, type InboxMessage, type InboxTab} from '../../source/ui/components/inbox.js';
import {ManualCommandLine} from '../../source/ui/components/manual-command-line.js';
import {commandLineReducer, createCommandLine} from '../../source/ui/components/command-line-state.js';
import {StatusBar, statusBarRows} from '../../source/ui/components/status-bar.js';
import {REPLAY_HINT, TooSmall} from '../../source/ui/components/too-small.js';
import {targetLayout} from '../../source/ui/components/target-line.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, snapshot, stepsAt} from './dashboard-fixtures.js';
import {createTheme, ThemeContext} from '../../source/ui/theme.js';
import {helpOptionsOf} from '../../source/ui/components/dashboard.js';

/** All the rows of an opened message's tab, laid out at once. */
const messageRows = (message: InboxMessage, tab: InboxTab, width: number) => messageLayout(message, tab, width).window(0, Number.MAX_SAFE_INTEGER);

const draw = (element: React.ReactElement) => plain(render(element).lastFrame());

describe('HelpOverlay', () => {
	it('lists every binding of the table with its keys', () => {
		const frame = draw(<HelpOverlay width={140} height={helpLines().length + 1} top={0} />);
		for (const binding of BINDINGS) {
			expect(frame, binding.id).toContain(binding.description);
			for (const key of binding.keys) expect(frame, binding.id).toContain(key.label);
		}
		expect(frame).not.toContain('more (');
	});

	it('wraps a description too long for a narrow panel instead of cutting it off', () => {
		const width = 76;
		const lines = helpLines(width);
		const frame = draw(<HelpOverlay width={width} height={lines.length + 1} top={0} />);
		expect(frame).not.toContain('…');
		const flat = frame.replace(/\s+/g, ' ');
		for (const binding of BINDINGS) expect(flat, binding.id).toContain(binding.description.replace(/\s+/g, ' '));
		for (const line of frame.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(width);
	});

	it('leaves out the Inbox keys when there is no Inbox panel (--host), keeping those that also work elsewhere', () => {
		const texts = (inbox: boolean) => helpLines(140, {inbox}).map(line => `${line.keys ?? ''} ${line.text}`);
		expect(texts(true)).toContain(' Inbox');
		const without = texts(false);
		expect(without).not.toContain(' Inbox');
		expect(without.join('\n')).not.toContain('Open the selected message');
		// Up/PgUp in the preview and the help: listed under a heading naming the Composer preview (not the Composer,
		// where Up moves between fields) and the help, not the Inbox.
		expect(without).toContain(' Composer preview and Help overlay');
		const preview = without.slice(without.indexOf(' Composer preview and Help overlay'));
		expect(preview.join('\n')).toMatch(/^Up, k Up one line \(in a list: previous item\)$/m);
		expect(texts(true)).toContain(' Composer preview, Inbox and Help overlay');
	});

	it('lists a key once, under a heading naming every place it works, in the order the screen reads', () => {
		const lines = helpLines(100);
		expect(lines.map(line => line.text).join('\n')).not.toContain('(also');
		const titles = lines.filter(line => line.kind === 'title').map(line => line.text);
		expect(titles.slice(0, 4)).toEqual(['Everywhere', 'Connection panel', 'Connection panel and Composer', 'Connection panel, Composer and Manual command line']);
		expect(titles).toContain('Text fields (the command line and the step edit line too) and Body editor');
		const at = (title: string) => titles.indexOf(title);
		for (const [above, below] of [['Composer', 'Body editor'], ['Body editor', 'Composer preview'], ['Composer preview', 'Protocol log'], ['Protocol log', 'Manual command line'], ['Manual command line', 'Inbox'], ['Inbox', 'Step mode prompt'], ['Step mode prompt', 'Help overlay']]) {
			expect(at(above), `${above} above ${below}`).toBeLessThan(at(below));
		}
		// It opens at the focused place's own keys, not at the first section it shares.
		const start = (focus: KeyContext['focus']) => lines[helpStart(100, {}, {focus, mode: 'auto', editing: false})]!.text;
		expect(start('composer')).toBe('Composer preview');
		expect(start('inbox')).toBe('Inbox');
		expect(start('connection')).toBe('Connection panel');
		expect(start('command')).toBe('Manual command line');
	});

	it('ends with a legend of the marks, in the glyph set drawn', () => {
		const legendLines = (ascii: boolean) => {
			selectGlyphs(ascii ? 'ascii' : 'unicode');
			try {
				const lines = helpLines(100);
				return lines.slice(lines.findIndex(line => line.text === LEGEND_TITLE) + 1).map(line => `${line.keys} ${line.text}`);
			} finally {
				selectGlyphs('unicode');
			}
		};
		expect(legendLines(false)).toEqual(expect.arrayContaining(['✔ Done: a step, the connection', '▸ Now: the current step, the focused field, the selected message', '→ A line sent to the server (in the inbox: sender → recipients)', '» The line above goes on (wrapped to fit)']));
		expect(legendLines(true)).toEqual(expect.arrayContaining(['+ Done: a step, the connection', '-> A line sent to the server (in the inbox: sender -> recipients)', '<- A line of the server\'s reply', 'x Failed, or an error']));
		expect(legendLines(false)).toHaveLength(legend().length);
	});

	it('lists the sandbox\'s test recipients with what each does while the sandbox is the target, not for --host or in a replay', () => {
		const frame = draw(<HelpOverlay width={100} height={helpLines(100).length + 1} top={0} />);
		expect(frame).toContain(RECIPES_TITLE);
		for (const name of recipeNames) expect(frame).toMatch(new RegExp(`^  ${name}@ +\\S`, 'm'));
		expect(frame).toMatch(/nobody@ +550 5\.1\.1 user unknown/);
		expect(frame).toMatch(/slow@ +RCPT reply delayed 5 s, then accepted/);
		for (const options of [{inbox: false}, {replay: true}]) expect(helpLines(100, options).some(line => line.text === RECIPES_TITLE), JSON.stringify(options)).toBe(false);
	});

	it('lists the test recipients only while the next connection goes to the sandbox: not once the panel aims elsewhere', () => {
		const listed = (props: ReturnType<typeof dashboardProps>) => helpLines(100, helpOptionsOf(props)).some(line => line.text === RECIPES_TITLE);
		expect(listed(dashboardProps())).toBe(true);
		expect(listed(dashboardProps({connectionForm: createConnectionForm({host: 'mail.example.org', port: 2525, security: 'none', ehlo: 'x'}), snapshot: snapshot({connection: 'idle'})}))).toBe(false);
		expect(listed(dashboardProps({snapshot: snapshot({target: {host: 'mail.example.org', port: 25, security: 'none', sandbox: false}})}))).toBe(false);
		// Connected, the session's own target decides, whatever the panel was edited to meanwhile.
		expect(listed(dashboardProps({connectionForm: createConnectionForm({host: 'mail.example.org', port: 25, security: 'none', ehlo: 'x'}), snapshot: snapshot({connection: 'connected'})}))).toBe(true);
	});

	it('lists them for a room\'s sandbox (serve, aimed at with --host) once it greeted as one, its delays as defaults only', () => {
		const room = {host: 'localhost', port: 2525, security: 'auto' as const, sandbox: false};
		const form = createConnectionForm({host: 'localhost', port: 2525, security: 'auto', ehlo: 'x'});
		const greeting = (text: string) => ({code: 220, lines: [text], raw: [`220 ${text}`]});
		const help = (session: Parameters<typeof snapshot>[0], connectionForm = form) => helpLines(undefined, helpOptionsOf({connectionForm, snapshot: snapshot({target: room, ...session})})).map(line => `${line.keys ?? ''} ${line.text}`);
		const served = help({connection: 'connected', greeting: greeting('lab.example.org ESMTP smtp-tui sandbox')});
		expect(served).toContain(` ${RECIPES_TITLE}`);
		// Its --greylist-delay and --slow-delay are the room's, not known here.
		expect(served.join('\n')).toMatch(/accepted on a retry after 5 s by default/);
		expect(served.join('\n')).toMatch(/RCPT reply delayed 5 s by default, then accepted/);
		// Closed after bye@: still while the panel aims there, not once it aims elsewhere.
		expect(help({connection: 'closed', greeting: greeting('lab.example.org ESMTP smtp-tui sandbox')})).toContain(` ${RECIPES_TITLE}`);
		expect(help({connection: 'closed', greeting: greeting('lab.example.org ESMTP smtp-tui sandbox')}, createConnectionForm({host: 'mx.example.org', port: 25, security: 'auto', ehlo: 'x'}))).not.toContain(` ${RECIPES_TITLE}`);
		// A real server, where nobody@ is somebody's mailbox: not listed.
		expect(help({connection: 'connected', greeting: greeting('mx.example.org ESMTP Postfix')})).not.toContain(` ${RECIPES_TITLE}`);
	});

	it('scrolls when the bindings do not fit and says how many are left', () => {
		const top = draw(<HelpOverlay width={100} height={10} top={0} />);
		expect(top).toMatch(/↓ \d+ more \(Down, PgDn\)/);
		expect(top).toContain('Everywhere');
		expect(top).not.toContain('above');
		const bottom = draw(<HelpOverlay width={100} height={10} top={1000} />);
		expect(bottom).toContain(legend().at(-1)!.meaning);
		expect(bottom).not.toContain('Everywhere');
		// Scrolled to the end: what is hidden now is above, and the count says how much.
		const hidden = helpLines(100).length - 9;
		expect(draw(<HelpOverlay width={100} height={10} top={1000} inbox={false} />)).toContain(legend().at(-1)!.meaning);
		expect(bottom).toContain(`↑ ${hidden} above (Up, PgUp)`);
		expect(bottom).not.toContain('more (');
		const middle = draw(<HelpOverlay width={100} height={10} top={3} />);
		expect(middle).toMatch(/↑ 3 above \(Up, PgUp\) · ↓ \d+ more \(Down, PgDn\) · Esc close/);
	});
});

describe('StatusBar', () => {
	it('always shows the mode and the connection state', () => {
		for (const [mode, label] of [['auto', 'AUTO'], ['step', 'STEP'], ['manual', 'MANUAL']] as const) {
			const frame = draw(<StatusBar context={{focus: 'log', mode, editing: false}} connection="idle" width={80} />);
			expect(frame).toMatch(new RegExp(`^ ${label}  ○ not connected`));
		}
		expect(draw(<StatusBar context={{focus: 'log', mode: 'auto', editing: false}} connection="connected" secure width={80} />)).toContain('✔ connected TLS');
		expect(draw(<StatusBar context={{focus: 'log', mode: 'auto', editing: false}} connection="connected" secure unverified width={80} />)).toContain('✔ connected TLS (unverified)');
		expect(draw(<StatusBar context={{focus: 'log', mode: 'auto', editing: false}} connection="closed" secure width={80} />)).toMatch(/■ closed {2}/);
		expect(draw(<StatusBar context={{focus: 'log', mode: 'auto', editing: false}} connection="failed" width={80} />)).toMatch(/^ AUTO {2}✖ connect failed {2}/);
	});

	it('calls a connection that never opened failed, in the error colour, and one that was open and ended closed', () => {
		const failedConnect = stepsAt('connect', {connect: {status: 'failed'}});
		expect(connectionView({connection: 'closed', steps: failedConnect})).toBe('failed');
		expect(connectionView({connection: 'closed', steps: stepsAt('greeting', {greeting: {status: 'failed', code: 421}})})).toBe('closed');
		// Trying again: connecting, whatever the last attempt did.
		expect(connectionView({connection: 'connecting', steps: failedConnect})).toBe('connecting');
		const level = chalk.level;
		chalk.level = 1;
		try {
			const raw = render(
				<ThemeContext.Provider value={createTheme({})}>
					<StatusBar context={{focus: 'log', mode: 'auto', editing: false}} connection="failed" width={80} />
				</ThemeContext.Provider>,
			).lastFrame();
			expect(raw).toContain(chalk.red(' ✖ connect failed '));
		} finally {
			chalk.level = level;
		}
	});

	it('changes its keys with the focus, keeping the help key', () => {
		const log = draw(<StatusBar context={{focus: 'log', mode: 'auto', editing: false}} connection="idle" width={100} />);
		const inbox = draw(<StatusBar context={{focus: 'inbox', mode: 'auto', editing: false}} connection="idle" width={100} />);
		expect(log).toContain('x show all');
		expect(inbox).toContain('Enter open');
		expect(inbox).not.toContain('x show all');
		for (const frame of [log, inbox]) expect(frame).toContain('Ctrl+G help');
		// Reading one message: the keys that leave it and change its view, not "open".
		const reading = draw(<StatusBar context={{focus: 'inbox', mode: 'auto', editing: false, reading: true}} connection="idle" width={100} />);
		expect(reading).toContain('Esc back');
		expect(reading).toContain('Right view');
		expect(reading).not.toContain('Enter open');
		expect(inbox).not.toContain('Esc back');
	});

	it('always shows the way out, Ctrl+C quit, beside help: in the composer at 100 and 80 columns too', () => {
		for (const width of [80, 100]) {
			const footer = draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: 'line'}} connection="idle" width={width} />);
			expect(footer, `${width}`).toMatch(/Ctrl\+C quit +Ctrl\+G help/);
			expect(footer, `${width}`).toContain('Ctrl+S send');
		}
	});

	it('keeps Ctrl+C quit at the step prompt where the prompt keys fit too, never in their place', () => {
		const footer = (width: number) => draw(<StatusBar context={{focus: 'composer', mode: 'step', editing: 'line', overlay: 'step'}} connection="connected" secure width={width} />);
		expect(footer(100)).toMatch(/Enter send line {2}e edit {2}Esc stop .*Ctrl\+C quit {2}Ctrl\+G help\s*$/);
		// At 80 columns, with TLS in the state, the prompt keys and help fill the row: quit gives way.
		expect(footer(80)).toMatch(/Enter send line {2}e edit {2}Esc stop {2}.*Ctrl\+G help/);
		expect(footer(80)).not.toContain('Ctrl+C quit');
		// At every width: never quit without Esc stop.
		for (let width = 70; width <= 110; width++) if (footer(width).includes('Ctrl+C quit')) expect(footer(width), `width ${width}`).toContain('Esc stop');
	});

	it('does not offer the keys that would only say why they wait: Ctrl+S at the step prompt or while a session runs, Ctrl+S and Ctrl+T in a typed message', () => {
		const footer = (context: Partial<KeyContext>) => draw(<StatusBar context={{focus: 'composer', mode: 'step', editing: false, ...context}} connection="connected" width={160} />);
		// Step mode: Ctrl+S starts the stepping, and the footer says so; auto mode's sends, a replay's plays.
		expect(footer({})).toContain('Ctrl+S start');
		expect(footer({mode: 'auto'})).toContain('Ctrl+S send');
		expect(footer({replay: true})).toContain('Ctrl+S play');
		for (const overlay of ['step', 'stepEdit'] as const) {
			expect(footer({overlay})).toContain('Enter send line');
			expect(footer({overlay})).not.toContain('Ctrl+S');
			expect(footer({overlay})).toContain('Ctrl+T mode');
		}
		const manual = {focus: 'command', mode: 'manual', editing: 'line'} as const;
		// Manual mode sends only what is typed: Ctrl+S, which sends auto mode's commands, asks first and is not offered.
		expect(footer(manual)).not.toContain('Ctrl+S');
		expect(footer({...manual, replay: true})).toContain('Ctrl+S play');
		expect(footer(manual)).toContain('Ctrl+T mode');
		expect(footer({...manual, typingBody: true})).not.toMatch(/Ctrl\+S|Ctrl\+T/);
		expect(footer({...manual, typingBody: true})).toContain('Ctrl+G help');
		// A session running: Ctrl+S would only say so.
		const busy = draw(<StatusBar context={{focus: 'composer', mode: 'auto', editing: false}} connection="connected" busy width={160} />);
		expect(busy).not.toContain('Ctrl+S');
		expect(busy).toContain('Ctrl+G help');
	});

	it('gives a message too long to sit beside the keys a row of its own above them, cut only at the full width', () => {
		const props = {context: {focus: 'composer', mode: 'auto', editing: 'line'}, connection: 'connected', width: 80} as const;
		const hint = 'Ctrl+L again: the MX replaces Host, Port, user and password';
		expect(statusBarRows({...props, status: hint})).toBe(2);
		const [above, keys] = draw(<StatusBar {...props} status={hint} />).split('\n');
		expect(above).toBe(hint);
		expect(keys).toMatch(/^ AUTO {2}✔ connected {2}Ctrl\+S send .*Ctrl\+G help$/);
		// Short, it stays beside the keys: one row.
		expect(statusBarRows({...props, status: 'disconnected'})).toBe(1);
		expect(draw(<StatusBar {...props} status="disconnected" />)).toMatch(/^ AUTO {2}✔ connected {2}disconnected {2}Ctrl\+S send/);
		expect(statusBarRows(props)).toBe(1);
		// Longer than a row: wrapped above the keys, whole, up to three rows; past that the third is cut.
		const status = `sent: queued: 250 Ok: queued as 3 (refused: ${'nobody@example.test, '.repeat(8)})`;
		const long = draw(<StatusBar {...props} status={status} width={120} />).split('\n');
		expect(long).toHaveLength(3);
		expect(long.slice(0, 2).join(' ')).toBe(status);
		expect(long[2]).toMatch(/Ctrl\+S send .*Ctrl\+G help$/);
		const huge = draw(<StatusBar {...props} status={`refused: ${'nobody@example.test, '.repeat(20)}`} />).split('\n');
		expect(huge).toHaveLength(4);
		expect(huge[2]).toMatch(/…$/);
		for (const row of huge) expect(stringWidth(row)).toBeLessThanOrEqual(80);
		// The rows past the second are joined again to be cut: never two spaces where a row broke.
		expect(huge[2]).not.toMatch(/ {2}/);
	});

	it('below 120 columns keeps only the help key beside a message: a hint is read in full at 100 columns', () => {
		const hint = 'step mode: Enter sends the line, e edits it, Esc stops';
		expect(draw(<StatusBar context={{focus: 'composer', mode: 'step', editing: false}} connection="connected" status={hint} width={100} />)).toContain(hint);
		const frame = draw(<StatusBar context={{focus: 'command', mode: 'manual', editing: 'line'}} connection="connected" status={'"." ends the message first; Ctrl+X drops it'} width={80} />);
		expect(frame).toContain('"." ends the message first; Ctrl+X drops it');
		expect(frame).toMatch(/Ctrl\+G help$/);
	});

	it('never writes control characters of a status raw: it often quotes the server', () => {
		const status = 'not sent (rcpt): no recipient was accepted (550 \u001B]0;PWNED\u0007\u001B]52;c;cHduZWQ=\u0007\u009B31m\u202ERTL\u0000\u0008)';
		const {lastFrame} = render(<StatusBar context={{focus: 'composer', mode: 'auto', editing: false}} connection="connected" status={status} width={160} />);
		const raw = lastFrame()!;
		expect(raw).toContain('(550 ^[]0;PWNED^G^[]52;c;cHduZWQ=^G');
		expect(raw).not.toMatch(/\u0007|\u0000|\u0008|\u009B|\u202E|\u001B\]/);
	});
});

describe('ConnectionPanel', () => {
	const form = formReducer(createConnectionForm({host: 'mail.example.test', port: 587, security: 'starttls', user: 'me', password: 'hunter2'}), {type: 'focus', id: 'password'});

	it('shows editable fields with the password masked and the security choice bracketed', () => {
		const frame = draw(<ConnectionPanel form={form} focused width={60} height={12} />);
		expect(frame).toContain('▸ Password  *******');
		expect(frame).not.toContain('hunter2');
		expect(frame).toContain('none auto [STARTTLS] TLS');
		expect(frame).toContain('EHLO name');
	});

	it('shows a choice too wide for a narrow panel as the chosen one between arrows', () => {
		const frame = draw(<ConnectionPanel form={form} focused width={30} height={12} />);
		expect(frame).toMatch(/Security +◂ \[STARTTLS\] ▸ 3\/4/);
		expect(frame).not.toContain('none auto');
	});

	it('marks the sandbox target and lists extensions with their explanation', () => {
		const explain = (keyword: string) => (keyword === 'SIZE' ? 'largest message the server takes' : undefined);
		const frame = draw(<ConnectionPanel form={form} focused={false} width={70} height={12} info={snapshot()} explainExtension={explain} />);
		expect(frame).toContain('SANDBOX');
		expect(frame).toContain('banner: 220 sandbox.smtp-tui.test ESMTP ready');
		expect(frame).toContain('SIZE 10485760: largest message the server takes');
		expect(frame).toContain('PIPELINING');
		const defaults = draw(<ConnectionPanel form={form} focused={false} width={90} height={12} info={snapshot()} />);
		expect(defaults).toMatch(/SIZE 10485760: accepts messages up to 10485760 octets/);
	});

	it('goes on with a meaning under its name on rows it has to spare, and cuts it on a panel with none', () => {
		const explain = (keyword: string) => (keyword === 'PIPELINING' ? 'commands may be sent in groups without waiting for each reply' : undefined);
		const at = (height: number) => draw(<ConnectionPanel form={form} focused={false} width={44} height={height} info={snapshot()} explainExtension={explain} />).split('\n').map(row => row.trimEnd());
		const spare = at(12);
		expect(spare).toContain('  PIPELINING: commands may be sent in');
		expect(spare).toContain('    groups without waiting for each reply');
		// Each extension still has its row.
		expect(spare.some(row => row.startsWith('  8BITMIME'))).toBe(true);
		// The rows it has, one each: the meaning cut, as before.
		const rows = at(12).length - at(12).filter(row => row === '').length;
		const tight = at(rows - 1);
		expect(tight.find(row => row.startsWith('  PIPELINING'))).toMatch(/…$/);
		expect(tight.join('\n')).not.toContain('    groups');
	});

	it('marks a closed session\'s banner as the last one, and never shows an empty extension list', () => {
		const closed = draw(<ConnectionPanel form={form} focused={false} width={70} height={12} info={snapshot({connection: 'closed'})} />);
		expect(closed).toContain('last session, banner: 220 sandbox.smtp-tui.test ESMTP ready');
		// Room for two lines only (the step prompt took the rest): the names on them, not a heading over nothing.
		const squeezed = draw(<ConnectionPanel form={form} focused={false} width={90} height={5} info={snapshot()} />);
		expect(squeezed).toContain('Extensions (3): SIZE 10485760, 8BITMIME, PIPELINING');
		expect(squeezed).not.toMatch(/ more/);
	});

	it('names the extensions on the rows left when each cannot have its own: as many as fit, then how many more', () => {
		const names = ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'AUTH PLAIN LOGIN CRAM-MD5', 'SIZE 10485760'];
		// 41 columns: a panel's inside at 100 columns.
		expect(extensionRows('extensions (6)', names, 41, 4)).toEqual(['extensions (6): PIPELINING, 8BITMIME,', '  SMTPUTF8, ENHANCEDSTATUSCODES,', '  AUTH PLAIN LOGIN CRAM-MD5,', '  SIZE 10485760']);
		expect(extensionRows('extensions (6)', names, 41, 2)).toEqual(['extensions (6): PIPELINING, 8BITMIME,', '  SMTPUTF8, ENHANCEDSTATUSCODES … 2 more']);
		expect(extensionRows('extensions (6)', names, 41, 1)).toEqual(['extensions (6): PIPELINING … 5 more']);
		// A closed session's heading at 80 columns (32 inside) leaves no room for a name or the count: one ellipsis, not two.
		expect(extensionRows('Last session, extensions (6)', names, 32, 1)).toEqual(['Last session, extensions (6): …']);
		// A name wider than a row is cut, as a long line is; the count still comes.
		expect(extensionRows('extensions (2)', ['X'.repeat(60), 'SIZE'], 30, 2)).toEqual(['extensions (2):', `  ${'X'.repeat(18)} … 1 more`]);
		expect(extensionRows('extensions (2)', ['X'.repeat(60), 'SIZE'], 30, 3)).toEqual(['extensions (2):', `  ${'X'.repeat(27)}…`, '  SIZE']);
	});

	it('says whether the session is encrypted while connected, and what the panel will use otherwise', () => {
		const auto = formReducer(createConnectionForm({host: 'mx.example.test', port: 25, security: 'auto'}), {type: 'focus', id: 'host'});
		const target = {host: 'mx.example.test', port: 25, security: 'auto' as const, sandbox: false};
		// STARTTLS was not offered: "auto" went on in clear, and the panel must not suggest otherwise.
		expect(draw(<ConnectionPanel form={auto} focused={false} width={60} height={6} info={snapshot({target, secure: false})} />)).toContain('no TLS · mx.example.test:25');
		expect(draw(<ConnectionPanel form={auto} focused={false} width={60} height={6} info={snapshot({target, secure: true})} />)).toContain(' TLS · mx.example.test:25');
		// Not connected: the settings the next connection will use, as edited.
		const edited = formReducer(formReducer(auto, {type: 'focus', id: 'port'}), {type: 'edit', action: {type: 'set', text: '587'}});
		expect(draw(<ConnectionPanel form={edited} focused={false} width={60} height={6} info={snapshot({target, connection: 'closed'})} />)).toContain('STARTTLS if offered · mx.example.test:587');
	});

	it('says the Security setting in words on the target line, shorter where the panel is narrow', () => {
		const target = {host: '127.0.0.1', port: 47651, security: 'auto' as const, sandbox: false};
		const line = (security: 'none' | 'auto' | 'starttls' | 'tls', width: number) =>
			draw(<ConnectionPanel form={createConnectionForm({host: '127.0.0.1', port: 47651, security, user: '', password: '', ehlo: ''})} focused={false} width={width} height={4} info={snapshot({target, connection: 'closed'})} />).split('\n')[0];
		expect(line('none', 41)).toBe(' no TLS · 127.0.0.1:47651');
		expect(line('auto', 41)).toBe(' STARTTLS if offered · 127.0.0.1:47651');
		expect(line('starttls', 41)).toBe(' STARTTLS required · 127.0.0.1:47651');
		expect(line('tls', 41)).toBe(' TLS · 127.0.0.1:47651');
		// 80 columns: 32 inside the panel; the port stays whole.
		expect(line('auto', 32)).toBe(' auto STARTTLS · 127.0.0.1:47651');
		// Required still said (bare STARTTLS reads as auto's): shortened, not dropped.
		expect(line('starttls', 32)).toBe(' STARTTLS req. · 127.0.0.1:47651');
		expect(targetLayout({host: 'mx.example.com', port: '25', words: ['STARTTLS required', 'STARTTLS req.', 'STARTTLS']}, 32).text).toBe(' STARTTLS req. mx.example.com:25');
		// The sandbox at 100 columns says required too; bare only where the address would be cut.
		const sandbox = (width: number) => targetLayout({host: '127.0.0.1', port: '45165', words: ['STARTTLS required', 'STARTTLS req.', 'STARTTLS'], label: 'SANDBOX'}, width);
		expect(sandbox(41)).toEqual({badge: ' SANDBOX ', text: ' STARTTLS req. · 127.0.0.1:45165'});
		expect(sandbox(32)).toEqual({badge: 'SANDBOX', text: ' STARTTLS 127.0.0.1:45165'});
	});

	it('cuts a long host in its middle, never the port: smtp.gmail.com:587 at 80 columns', () => {
		const target = {host: 'smtp.gmail.com', port: 587, security: 'auto' as const, sandbox: false};
		const line = (host: string, width: number) =>
			draw(<ConnectionPanel form={createConnectionForm({host, port: 587, security: 'auto', user: '', password: '', ehlo: ''})} focused={false} width={width} height={4} info={snapshot({target, connection: 'closed'})} />).split('\n')[0]!;
		// 80 columns: 32 inside the panel.
		expect(line('smtp.gmail.com', 32)).toBe(' auto STARTTLS smtp.g…il.com:587');
		expect(line('smtp.office365.example.test', 32)).toBe(' auto STARTTLS smtp.o…e.test:587');
		for (const width of [20, 24, 32]) expect(stringWidth(line('a-very-long-host-name.example.test', width))).toBeLessThanOrEqual(width);
		expect(line('a-very-long-host-name.example.test', 20)).toMatch(/:587$/);
	});

	it('never draws control characters of a target name raw', () => {
		const target = {host: 'evil\u001B]0;T\u0007\u202E.test', port: 25, security: 'none' as const, sandbox: false, replay: true};
		const form = createConnectionForm({host: target.host, port: 25, security: 'none', user: '', password: '', ehlo: ''});
		// Connecting: the name shown is the target's own, not the (cleaned) form's.
		const frame = draw(<ConnectionPanel form={form} focused={false} width={60} height={6} info={snapshot({target, connection: 'connecting'})} />);
		expect(frame).toContain('REPLAY');
		expect(frame).toContain('evil^[]0;T^G');
		expect(frame).not.toMatch(/[\u0007\u001B\u202E]/);
	});

	it('says the sandbox gets no login when User is empty (--no-auth): its default is the demo account', () => {
		const target = {host: '127.0.0.1', port: 45165, security: 'none' as const, sandbox: true};
		const noLogin = createConnectionForm({host: '127.0.0.1', port: 45165, security: 'none', user: '', password: '', ehlo: ''});
		expect(draw(<ConnectionPanel form={noLogin} focused={false} width={60} height={6} info={snapshot({target, connection: 'closed'})} />)).toContain('no login: no AUTH (User is empty)');
		// Another server without a user: nothing unusual to say.
		const elsewhere = draw(<ConnectionPanel form={noLogin} focused={false} width={60} height={6} info={snapshot({target: {...target, sandbox: false}, connection: 'closed'})} />);
		expect(elsewhere).not.toContain('no login');
	});

	it('drops the SANDBOX mark once the form aims elsewhere, and keeps the sandbox port readable at 80 columns', () => {
		const target = {host: '127.0.0.1', port: 45165, security: 'starttls' as const, sandbox: true};
		const sandboxForm = createConnectionForm({host: '127.0.0.1', port: 45165, security: 'starttls', user: '', password: '', ehlo: ''});
		// 80 columns: 33 columns inside the panel. "required" is shortened, the separator goes, then the badge's
		// padding: never the port.
		const at = (width: number) => draw(<ConnectionPanel form={sandboxForm} focused={false} width={width} height={6} info={snapshot({target, connection: 'closed'})} />);
		expect(at(41)).toContain('SANDBOX  STARTTLS req. · 127.0.0.1:45165');
		expect(at(40)).toContain('SANDBOX  STARTTLS req. 127.0.0.1:45165');
		expect(at(34)).toContain('SANDBOX  STARTTLS 127.0.0.1:45165');
		expect(at(33)).toContain(' SANDBOX STARTTLS 127.0.0.1:45165');
		expect(at(32).split('\n')[0]).toBe('SANDBOX STARTTLS 127.0.0.1:45165');
		const elsewhere = formReducer(formReducer(sandboxForm, {type: 'focus', id: 'port'}), {type: 'edit', action: {type: 'set', text: '28027'}});
		const frame = draw(<ConnectionPanel form={elsewhere} focused={false} width={60} height={6} info={snapshot({target, connection: 'closed'})} />);
		expect(frame).toContain('STARTTLS required · 127.0.0.1:28027');
		expect(frame).not.toContain('SANDBOX');
		// localhost is the sandbox's address too.
		const byName = formReducer(formReducer(sandboxForm, {type: 'focus', id: 'host'}), {type: 'edit', action: {type: 'set', text: 'localhost'}});
		expect(draw(<ConnectionPanel form={byName} focused={false} width={60} height={6} info={snapshot({target, connection: 'closed'})} />)).toContain('SANDBOX  STARTTLS required · localhost:45165');
		const replay = draw(<ConnectionPanel form={sandboxForm} focused={false} width={60} height={6} info={snapshot({target: {...target, sandbox: false, replay: true}, connection: 'closed'})} />);
		expect(replay).toContain('REPLAY  STARTTLS required · 127.0.0.1:45165');
	});

	it('shows TLS details and warns loudly when the certificate was not checked', () => {
		const tls = {protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', subject: 'CN=localhost', issuer: 'CN=CA', validFrom: 'a', validTo: 'Jan 1 2030', fingerprint256: 'AA', authorized: false, authorizationError: 'self-signed certificate', insecure: true};
		const frame = draw(<ConnectionPanel form={form} focused={false} width={40} height={12} info={snapshot({tls, secure: true, target: {host: 'mail.example.test', port: 465, security: 'tls', sandbox: false}})} />);
		expect(frame).not.toContain('SANDBOX');
		expect(frame.replace(/\s+/g, ' ')).toContain('! INSECURE: certificate not checked (--insecure)');
		expect(frame).toContain('TLS: TLSv1.3 TLS_AES_128_GCM_SHA256');
		// A fixed clock: the certificate is valid until 2030, and this test must not expire with it.
		const now = Date.parse('2026-12-01T00:00:00Z');
		const verified = draw(<ConnectionPanel form={form} focused={false} width={80} height={12} now={now} info={snapshot({tls: {...tls, authorized: true, insecure: false, authorizationError: undefined}})} />);
		// The panel's date keeps its year however narrow: ISO, not OpenSSL's "Jan  1 00:00:00 2030 GMT".
		expect(verified).toContain('✔ verified; valid until 2030-01-01');
		expect(verified).toContain('cert: CN=localhost');
		expect(verified).toContain('issued by CN=CA');
		expect(draw(<ConnectionPanel form={form} focused={false} width={80} height={12} info={snapshot({tls: {...tls, issuer: 'CN=localhost', insecure: false}})} />)).toContain('self-signed');
		expect(verified).not.toContain('INSECURE');
		// Verified though self-signed: why, where a bare "self-signed" under "✔ verified" read as a contradiction.
		const own = {...tls, issuer: 'CN=localhost', authorized: true, insecure: false, authorizationError: undefined};
		const sandbox = {host: '127.0.0.1', port: 2525, security: 'starttls' as const, sandbox: true};
		const issuerRowOf = (frame: string) => frame.split('\n').find(row => row.includes('self-signed'))?.trim();
		expect(issuerRowOf(draw(<ConnectionPanel form={form} focused={false} width={60} height={12} info={snapshot({tls: own, target: sandbox})} />))).toBe("self-signed: the sandbox's own certificate");
		expect(issuerRowOf(draw(<ConnectionPanel form={form} focused={false} width={32} height={12} info={snapshot({tls: own, target: sandbox})} />))).toBe("the sandbox's own (self-signed)");
		const withCa = createConnectionForm({host: 'mail.example.test', port: 587, security: 'starttls', user: '', password: '', ehlo: '', caFile: '/etc/ca.pem'});
		const elsewhere = {...sandbox, host: 'mail.example.test', port: 587, sandbox: false};
		expect(issuerRowOf(draw(<ConnectionPanel form={withCa} focused={false} width={60} height={12} info={snapshot({tls: own, target: elsewhere})} />))).toBe('self-signed, trusted by the CA file');
		// --insecure with --ca: a certificate that verified was checked after all, and the panel does not say otherwise.
		const both = draw(<ConnectionPanel form={form} focused={false} width={80} height={12} info={snapshot({tls: {...tls, authorized: true, authorizationError: undefined}})} />);
		expect(both).not.toContain('INSECURE');
		expect(both).toContain('✔ verified (--insecure was not needed)');
		// A date gone by is "expired", and the reason it did not verify comes before the subject, not cut after it.
		const expired = {...tls, insecure: false, validTo: 'Jan 1 00:00:00 2021 GMT', subject: `CN=${'long-name.'.repeat(8)}example`, authorizationError: 'certificate has expired'};
		const old = draw(<ConnectionPanel form={form} focused={false} width={40} height={12} info={snapshot({tls: expired})} />).replace(/\s+/g, ' ');
		expect(old).toContain('✖ not verified: certificate has expired; expired 2021-01-01');
		// Once the connection closed, its TLS and login are no longer shown as if current.
		const closed = draw(<ConnectionPanel form={form} focused={false} width={80} height={12} info={snapshot({tls: {...tls, insecure: false}, authenticated: true, connection: 'closed'})} />);
		expect(closed).not.toContain('TLS:');
		expect(closed).not.toContain('authenticated');
		expect(draw(<ConnectionPanel form={form} focused={false} width={80} height={12} info={snapshot({authenticated: true})} />)).toContain('✔ authenticated');
	});

	it('keeps what a refused certificate said in view after the session it ended, until the next connection', () => {
		const refusedCertificate = {subject: 'CN=mail.example.test', issuer: 'CN=Other CA', validTo: 'Jan 1 00:00:00 2021 GMT', reason: 'certificate has expired'};
		const frame = draw(<ConnectionPanel form={form} focused={false} width={50} height={12} info={snapshot({refusedCertificate, connection: 'closed'})} />);
		// "Not trusted", as the log and the footer say it: "refused" is what a server says to a command.
		expect(frame).toContain('✖ certificate not trusted: certificate has expired');
		expect(frame).toContain('cert: CN=mail.example.test');
		expect(frame).toContain('issued by CN=Other CA');
		expect(frame).toContain('expired 2021-01-01');
		// Without a reason (an older recording) the line still says it was not trusted.
		expect(draw(<ConnectionPanel form={form} focused={false} width={50} height={12} info={snapshot({refusedCertificate: {...refusedCertificate, reason: undefined}, connection: 'closed'})} />)).toMatch(/✖ certificate not trusted\s*\n/);
		// Narrow (80 columns, unfocused): the reason starts on the row that says "not trusted", no bare colon before a row the panel may not show.
		const narrow = draw(<ConnectionPanel form={form} focused={false} width={32} height={12} info={snapshot({refusedCertificate: {...refusedCertificate, reason: 'self-signed certificate'}, connection: 'closed'})} />);
		expect(narrow.split('\n').map(row => row.trim())).toContain('✖ not trusted: self-signed');
		expect(narrow).not.toMatch(/trusted:\s*\n/);
		// Connected again (the snapshot keeps it only until then), no refusal is drawn over the live session.
		expect(draw(<ConnectionPanel form={form} focused={false} width={50} height={12} info={snapshot({refusedCertificate})} />)).not.toContain('not trusted');
	});
});

describe('Inbox', () => {
	const items = [
		{id: 'a', from: 'you@example.test', to: ['friend@example.test'], subject: 'First', size: 512, receivedAt: 0},
		{id: 'b', from: 'other@example.test', to: ['x@example.test', 'y@example.test'], subject: '', size: 4096, receivedAt: 0},
	];
	const message: InboxMessage = {
		headerLines: [
			{key: 'from', line: 'From: you@example.test'},
			{key: 'subject', line: 'Subject: First'},
		],
		text: 'Hello there',
		attachments: [{filename: 'notes.txt', contentType: 'text/plain', size: 2048}],
		raw: 'From: you@example.test\r\nSubject: First\r\n\r\nHello there',
	};

	it('lists messages with sender, recipients, subject and size, the selected one marked', () => {
		const frame = draw(<Inbox items={items} selected={1} focused width={90} height={5} />);
		expect(frame).toMatch(/ {2}\d\d:\d\d:\d\d First · you@example\.test → friend@example\.test +512 B/);
		expect(frame).toMatch(/▸ \d\d:\d\d:\d\d \(no subject\) · other@example\.test → x@example\.test, y@example\.test +4\.0 KiB/);
	});

	it('opens a message as headers, text with attachments, or raw source', () => {
		const view = (tab: 'headers' | 'text' | 'raw') => draw(<Inbox items={items} selected={0} focused width={60} height={8} open={{message, tab, top: 0}} />);
		expect(view('headers')).toMatch(/\[headers\] +text +raw/);
		expect(view('headers')).toContain('Subject: First');
		const encoded = {...message, headerLines: [{key: 'subject', line: 'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=', decoded: 'Grüße'}]};
		expect(draw(<Inbox items={items} selected={0} focused width={60} height={8} open={{message: encoded, tab: 'headers', top: 0}} />)).toMatch(/Subject: =\?UTF-8\?Q\?Gr=C3=BC=C3=9Fe\?=\n\s*↳ Grüße/);
		expect(view('text')).toContain('Hello there');
		expect(view('text')).toContain('notes.txt  text/plain  2.0 KiB');
		expect(view('raw')).toContain('From: you@example.test');
		expect(view('raw')).not.toContain('notes.txt');
	});

	it('wraps a long line behind a continuation mark instead of cutting it, and counts the rows it makes', () => {
		const received = `Received: from client.example.test (localhost [127.0.0.1]) by sandbox with ESMTPS id ${'x'.repeat(40)}`;
		const long = {...message, headerLines: [{key: 'received', line: received}, ...message.headerLines]};
		const rows = messageRows(long, 'headers', 40);
		// 113 columns: 40 on the first row, then 39 beside the mark: 4 rows, then the two short headers.
		expect(rows).toHaveLength(6);
		expect(rows.slice(0, 4).map(row => row.text).join('')).toBe(received);
		expect(rows.map(row => row.continued)).toEqual([false, true, true, true, false, false]);
		expect(rows[0]!.text).toHaveLength(40);
		expect(rows[1]!.text).toHaveLength(39);
		expect(rows.slice(4).map(row => row.text)).toEqual(['From: you@example.test', 'Subject: First']);
		const frame = draw(<Inbox items={items} selected={0} focused width={40} height={8} open={{message: long, tab: 'headers', top: 0}} />);
		expect(frame).toContain(received.slice(0, 40));
		expect(frame).toContain(`»${received.slice(40, 79)}`);
		expect(frame).toContain('Subject: First');
	});

	it('wraps the text view at spaces, its own note as the message text; a word longer than a row is still cut', () => {
		const url = `https://example.test/${'x'.repeat(50)}`;
		const prose = {...message, text: `Please read the notes at ${url} before Monday.`, attachments: []};
		expect(messageRows(prose, 'text', 30)).toEqual([
			{text: 'Please read the notes at ', continued: false},
			{text: url.slice(0, 29), continued: true},
			{text: url.slice(29, 58), continued: true},
			{text: `${url.slice(58)} before Monday.`, continued: true},
		]);
		const noBody = {...message, text: '', attachments: [], headerLines: [...message.headerLines, {key: 'hello', line: 'Hello there, no blank line before me'}]};
		const rows = messageRows(noBody, 'text', 40);
		expect(rows.map(row => row.text).join('')).toBe(NO_BODY);
		for (const row of rows.slice(0, -1)) expect(row.text, row.text).toMatch(/ $/);
		// smtp-tui's own words carry no mark that a line of the message goes on.
		expect(rows.filter(row => row.continued)).toEqual([]);
		// The envelope wraps at spaces, but keeps the mark: its addresses and EHLO name are the sender's text.
		const other = {...message, envelope: {mailFrom: 'a@example.test', rcptTo: ['b@example.test'], client: '127.0.0.1:37120, EHLO raw.test'}};
		const envelope = messageRows(other, 'headers', 40).slice(0, 2);
		expect(envelope).toEqual([
			{text: 'From another program, not this ', continued: false},
			{text: 'dashboard: 127.0.0.1:37120, EHLO ', continued: true},
		]);
		// Headers stay exact, cut at the width.
		expect(messageRows(prose, 'raw', 30).map(row => row.text)[0]).toHaveLength(22);
	});

	it('spaces tabs to stops of 8 columns, counting wide characters as two, but in raw, which shows the bytes', () => {
		const table = {...message, text: 'Name\tQty\n日本\t2\nabcdefgh\t3', raw: 'Received: from a\r\n\tby b\r\n', headerLines: [{key: 'received', line: 'Received: from a\r\n\tby b'}]};
		expect(messageRows(table, 'text', 60).map(row => row.text).slice(0, 3)).toEqual(['Name    Qty', '日本    2', 'abcdefgh        3']);
		expect(messageRows(table, 'headers', 60).map(row => row.text)).toEqual(['Received: from a', '        by b']);
		expect(messageRows(table, 'raw', 60).map(row => row.text)).toContain('^Iby b');
		const frame = draw(<Inbox items={items} selected={0} focused width={40} height={8} open={{message: table, tab: 'text', top: 0}} />);
		expect(frame).toContain('日本    2');
		expect(frame).not.toContain('^I');
	});
});

describe('ManualCommandLine', () => {
	it('shows the typed line, the engine warning about the line sent until a new one is typed, and the DATA body-entry mode', () => {
		const warning = 'RCPT before MAIL: sent anyway';
		expect(draw(<ManualCommandLine state={createCommandLine()} focused width={70} warning={warning} />)).toContain(`! ${warning}`);
		const state = commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text: 'NOOP'}});
		const typing = draw(<ManualCommandLine state={state} focused width={70} warning={warning} />);
		expect(typing).toContain('▸ C: NOOP');
		expect(typing).not.toContain(warning);
		const data = draw(<ManualCommandLine state={createCommandLine()} focused width={90} dataMode bodyLines={3} />);
		expect(data).toContain('DATA>');
		// The lines go one by one, as typed: the hint says so, how many went, and what ends the message.
		expect(data).toContain('3 lines sent · "." alone ends the message');
		// At 100 columns (a row 55 wide) the wording that fits beside its mark, whole: not one cut at "drops t…".
		const narrow = draw(<ManualCommandLine state={createCommandLine()} focused width={55} dataMode />);
		expect(narrow).toContain('▸ 0 lines sent · "." ends it · Ctrl+X drops it');
		expect(narrow).not.toContain('…');
		// A warning that quotes the typed line shows an invisible character as the log does, not raw.
		const quoting = draw(<ManualCommandLine state={createCommandLine()} focused width={90} warning={'address "b@exa\u200Bmple.test" refused'} />);
		expect(quoting).not.toContain('\u200B');
		expect(quoting).toContain('b@exa\uFFFDmple.test');
	});

	it('counts the lines waiting behind one with a warning (a BDAT, whose warning the log has), and says Enter connects while offline', () => {
		const bdat = 'BDAT needs its chunk of exactly 5 octets right after the command (use DATA)';
		const waiting = draw(<ManualCommandLine state={createCommandLine()} focused width={90} warning={bdat} queued={2} />);
		expect(waiting).toContain('Ctrl+X drops the 2 lines waiting for a reply');
		expect(waiting).not.toContain('BDAT needs');
		expect(draw(<ManualCommandLine state={createCommandLine()} focused width={90} warning={bdat} />)).toContain(`! ${bdat}`);
		expect(draw(<ManualCommandLine state={createCommandLine()} focused width={90} offline />)).toContain('Enter connects (shows the 220 greeting), or type a command');
	});

	it('masks credentials while they are typed: a 334 answer whole, AUTH with an initial response after the mechanism', () => {
		const typed = (text: string) => commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text}});
		const answer = draw(<ManualCommandLine state={typed('ZGVtbw==')} focused width={90} authAnswer />);
		expect(answer).toContain('▸ C: ********');
		expect(answer).not.toContain('ZGVtbw');
		expect(answer).toContain('answer the 334 challenge');
		const initial = draw(<ManualCommandLine state={typed('auth plain AGRlbW8AZGVtbw==')} focused width={90} />);
		expect(initial).toContain('▸ C: auth plain ****************');
		expect(initial).not.toContain('AGRlbW8');
		// Blanks before AUTH, invisible ones too, hide nothing.
		for (const line of ['\u200B AUTH PLAIN AGRlbW8AZGVtbw==', 'AUTH\u200B PLAIN AGRlbW8AZGVtbw==', '\u00ADAUTH PLAIN AGRlbW8AZGVtbw==']) {
			expect(draw(<ManualCommandLine state={typed(line)} focused width={90} />)).not.toContain('AGRlbW8');
		}
		// Other commands, and body lines after 354, are shown as typed.
		expect(draw(<ManualCommandLine state={typed('AUTH LOGIN')} focused width={90} />)).toContain('C: AUTH LOGIN');
		expect(draw(<ManualCommandLine state={typed('AUTH PLAIN x')} focused width={90} dataMode />)).toContain('DATA> AUTH PLAIN x');
	});
});

describe('TooSmall', () => {
	it('names the actual and the needed size, then a line each: what to do, that the session runs on, what works at any size', () => {
		const lines = draw(<TooSmall columns={79} rows={22} />).split('\n').map(line => line.trimEnd()).slice(0, 5);
		expect(lines).toEqual([
			'Terminal too small: 79×22 (needs 80×23)',
			'Enlarge the window or shrink the font (tmux: prefix z).',
			'The session keeps running. Ctrl+C quits; other keys do nothing.',
			'',
			'Works at any size: smtp-tui talk · send · check · serve (inbox: 60×16)',
		]);
	});

	it('in a tiny pane shows the rows that fit, in order, none drawn over another', () => {
		expect(draw(<TooSmall columns={10} rows={3} />).split('\n')).toEqual(['Terminal', 'too']);
		const lines = draw(<TooSmall columns={40} rows={6} />).split('\n').map(line => line.trimEnd());
		expect(lines).toEqual(['Terminal too small: 40×6 (needs 80×23)', 'Enlarge the window or shrink the font', '(tmux: prefix z).', 'The session keeps running. Ctrl+C', 'quits; other keys do nothing.']);
	});

	it('wraps at spaces with no row starting with one, and never between "prefix" and "z", at any width (79 put "z)" on a row of its own)', () => {
		for (const hint of [undefined, REPLAY_HINT, 'Enlarge the window, make the font smaller, or in tmux zoom the pane (prefix z); the server keeps catching mail meanwhile.']) {
			for (let columns = 20; columns < 80; columns++) {
				const lines = draw(<TooSmall columns={columns} rows={40} {...(hint && {hint})} />).split('\n');
				for (const line of lines) {
					expect(line, `${columns} columns`).not.toMatch(/^ /);
					expect(line, `${columns} columns`).not.toMatch(/prefix$|^z\)/);
					expect(stringWidth(line)).toBeLessThanOrEqual(columns);
				}
				expect(lines.join('\n'), `${columns} columns`).toContain('prefix z)');
				// Nothing lost: the words read the same as the one-line text.
				if (!hint) expect(lines.map(line => line.trim()).join(' ')).toContain('The session keeps running. Ctrl+C quits; other keys do nothing.');
			}
		}
	});
});
