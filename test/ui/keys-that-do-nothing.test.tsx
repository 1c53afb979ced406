// The wired dashboard: every key that does nothing where it is pressed says so by name, an Alt chord is one key
// everywhere, and a message about a prompt goes with that prompt.
import {describe, expect, it, vi} from 'vitest';
import {KEYS} from './app-harness.js';
import {startRawServer} from '../helpers/raw-server.js';
import {fakeResolver} from '../transport/fake-resolver.js';
import {afterTest, nowhere, sandboxApp, startApp, typeCommands, type TestApp} from './wired-app.js';

const flat = (frame: string) => frame.replace(/\s+/g, ' ');
const says = (app: TestApp, text: string) => app.frame(f => flat(f).includes(text));
const footer = (frame: string) => frame.split('\n').at(-1)!;
/** Tab, Shift+Tab: back where it was, the footer's message gone (as the audit cleared it before each key). */
const clear = [KEYS.tab, KEYS.shiftTab];
const EVERY_KEY = 'does nothing here; Ctrl+G lists every key';

describe('keys that do nothing, said by name', () => {
	it('in the protocol log: arrows, Enter, Backspace (^? and ^H), Delete, Insert, Ctrl+Space, and Ctrl+H names itself after Ctrl+A', async () => {
		const app = startApp(await nowhere(), undefined, {size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.tab);
		const keys: Array<[string, string]> = [[KEYS.left, 'Left'], [KEYS.right, 'Right'], [KEYS.enter, 'Enter'], [KEYS.backspace, 'Backspace'], ['\b', 'Ctrl+H'], ['\u001B[3~', 'Delete'], ['\u001B[2~', 'Insert'], ['\u0000', 'Ctrl+Space']];
		for (const [key, name] of keys) {
			await app.press(...clear, key);
			await says(app, `${name} ${EVERY_KEY}`);
		}
		await app.press(KEYS.ctrl('a'));
		await says(app, `Ctrl+A ${EVERY_KEY}`);
		await app.press('\b');
		await says(app, `Ctrl+H ${EVERY_KEY}`);
	});

	it('an Alt chord outside a text field is one key: in the log Alt+G does not jump to the oldest line, in the help Alt+X closes nothing', async () => {
		const app = startApp(await nowhere(), undefined, {size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.tab, '\u001Bg');
		await says(app, `Alt+G ${EVERY_KEY}`);
		await app.press(KEYS.ctrl('g'));
		await app.frame(f => f.includes('[Keys]'));
		await app.press('\u001Bx');
		const help = await says(app, 'Alt+X does nothing in the help; Esc closes it; Up/Down and PgUp/PgDn scroll');
		expect(help).toContain('[Keys]');
		// The help's other keys that do nothing: Tab (no panel to move to under it), Ctrl+B, a letter.
		for (const [key, name] of [[KEYS.tab, 'Tab'], [KEYS.ctrl('b'), 'Ctrl+B'], [KEYS.left, 'Left']] as const) {
			await app.press(key);
			await says(app, `${name} does nothing in the help`);
		}
		await app.press('a');
		await says(app, 'the help takes no typing: Esc closes it');
		// Closed, the help's message goes with it.
		await app.press(KEYS.escape);
		await app.frame(f => !f.includes('[Keys]') && !flat(f).includes('the help takes no typing'));
	});

	it('in a choice field: letters, Backspace, Delete, Home, End, Alt+B and a paste say how to choose', async () => {
		const app = startApp(await nowhere(), undefined, {size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.shiftTab, KEYS.down, KEYS.down);
		await app.frame(f => /▸ Security/.test(f));
		for (const [key, name] of [[KEYS.backspace, 'Backspace'], ['\u001B[3~', 'Delete'], [KEYS.home, 'Home'], [KEYS.end, 'End'], ['\u001Bb', 'Alt+B']] as const) {
			await app.press(...clear, key);
			await says(app, `${name} does nothing in a choice; Right or Space picks the next, Left the previous`);
		}
		await app.press(...clear, 'x');
		await says(app, 'a choice takes no typing: Right or Space picks the next');
		await app.press(...clear, '\u001B[200~', 'tls', '\u001B[201~');
		await says(app, 'a choice takes no typing');
	});

	it('a paste into the body\'s choice (Body as) says Down goes to the body, and the word goes once a key acts (Down, then typing in the body)', async () => {
		const app = startApp(await nowhere(), undefined, {size: {columns: 80, rows: 24}});
		await app.frame(f => f.includes('▸ From'));
		// From, To, Cc, Bcc, Subject, Attach, then the body's choice (text or HTML).
		await app.press(...Array.from({length: 6}, () => KEYS.down));
		await app.frame(f => /▸ Body as/.test(f));
		await app.press('\u001B[200~', 'Dear class,\rhello', '\u001B[201~');
		// The body is where the paste was meant to go: the word says the key to it.
		await says(app, 'Body as is a choice and takes no typing: Down goes to the body; Right or Space picks the next');
		await app.press(KEYS.down, 'Dear class,');
		const frame = await app.frame(f => f.includes('Dear class,'));
		expect(flat(frame)).not.toContain('takes no typing');
	});

	it('words typed on Body as keep the body text: their spaces are typing, however slowly typed, not Space choosing HTML; a Space after that chooses', async () => {
		// A slow typist's clock: seconds between keys, so no rule of timing can take a space for typing.
		const real = Date.now.bind(Date);
		let later = 0;
		const clock = vi.spyOn(Date, 'now').mockImplementation(() => real() + later);
		afterTest(() => clock.mockRestore());
		const slowly = async (...keys: string[]) => {
			for (const key of keys) {
				later += 3000;
				await app.press(key);
			}
		};
		const app = startApp(await nowhere(), undefined, {size: {columns: 80, rows: 24}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(...Array.from({length: 6}, () => KEYS.down));
		await app.frame(f => /▸ Body as \[text\] HTML/.test(f));
		await slowly(...'Dear cl'.split(''), ' ');
		await says(app, 'Body as is a choice and takes no typing: Down goes to the body');
		expect(app.instance.lastFrame()).toMatch(/▸ Body as \[text\] HTML/);
		// The space behind the word was its typing: the next Space chooses.
		await slowly(' ');
		await app.frame(f => /▸ Body as text \[HTML\]/.test(f));
	});

	it('Ctrl+R on a field that is no extra header says what it removes', async () => {
		const app = startApp(await nowhere(), undefined, {size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.ctrl('r'));
		await says(app, 'Ctrl+R removes an extra header: put the cursor on one (Ctrl+N adds one)');
	});
});

describe('the inbox and manual mode', () => {
	it('Enter in an empty inbox in manual mode (a lesson too) points to the command line, where a message is typed, not Ctrl+S', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}, lesson: 3});
		await app.frame(f => f.includes('· Ctrl+L: hint'));
		await app.press(KEYS.tab, KEYS.enter);
		await says(app, 'Enter does nothing here: the inbox is empty until a message is typed on the command line (Shift+Tab): MAIL FROM, RCPT TO, DATA');
	});

	it('the inbox: Left, Right, Backspace and Delete say they do nothing; Enter in an empty inbox says it is empty', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ From') && f.includes('Inbox'));
		await app.press(KEYS.tab, KEYS.tab, KEYS.enter);
		await says(app, 'Enter does nothing here: the inbox is empty until a message is sent (Ctrl+S)');
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		for (const [key, name] of [[KEYS.left, 'Left'], [KEYS.right, 'Right'], [KEYS.backspace, 'Backspace'], ['\u001B[3~', 'Delete']] as const) {
			await app.press(...clear, key);
			await says(app, `${name} ${EVERY_KEY}`);
		}
		// A list its filter emptied is not an empty inbox: Enter says what to do there instead.
		await app.press(...clear, '/', 'zed', KEYS.enter);
		await app.frame(f => f.includes('0 of 1') && footer(f).includes('Esc clear filter'));
		await app.press(KEYS.enter);
		await says(app, 'Enter does nothing here: the filter names no message; Esc clears it');
		await app.press(KEYS.escape);
		await app.frame(f => !f.includes('Filter:') && footer(f).includes('Enter open'));
	});

	it('a key of another panel says where it works, and the key that gets there from the focus: on the command line, in the message panel, in the log', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('C:'));
		// The panels in Tab order: connection, message, log, command line, inbox; the shorter way round is named.
		await app.press(KEYS.ctrl('k'));
		await says(app, 'Ctrl+K (check ports) works in the connection panel: Tab twice there');
		await app.press(KEYS.ctrl('p'));
		await says(app, 'Ctrl+P (preview) works in the message panel: Shift+Tab twice there');
		// A key that works in the command line and the log: from the message panel, both are named, and the nearer one reached.
		await app.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.pageUp);
		await says(app, 'PgUp (scroll) works in the protocol log and the command line: Tab there');
		await app.press(KEYS.ctrl('k'));
		await says(app, 'Ctrl+K (check ports) works in the connection panel: Shift+Tab there');
		await app.press(KEYS.tab, KEYS.ctrl('k'));
		await says(app, 'Ctrl+K (check ports) works in the connection panel: Shift+Tab twice there');
	});

	it('Ctrl+L (the lesson panel) in auto mode says it works in manual mode, and how to get there', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}});
		await app.frame(f => f.includes('AUTO'));
		await app.press(KEYS.ctrl('l'));
		await says(app, 'Ctrl+L (lesson) works in manual mode: Ctrl+T until the footer says MANUAL');
	});

	it('Ctrl+L in the message panel or the log, the lesson panel open, says where it works (not the MX key it also is)', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}, lesson: 3});
		await app.frame(f => f.includes('· Ctrl+L: hint'));
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'));
		await says(app, 'Ctrl+L (lesson) works in the command line and the inbox: Tab there');
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'));
		await says(app, 'Ctrl+L (lesson) works in the command line and the inbox: Tab twice there');
	});

	it('Ctrl+L in the connection panel, the lesson panel open, says where the lesson\'s key works: it does not aim the lesson\'s sandbox session at an MX', async () => {
		// Were it the MX key, its second press would aim the panel at example.test's MX, away from the lesson's sandbox.
		const resolver = fakeResolver({mx: {'example.test': [{exchange: 'mx.example.test', priority: 10}]}, a: {'mx.example.test': ['192.0.2.1']}});
		const app = await sandboxApp({init: {mode: 'manual'}, size: {columns: 80, rows: 24}, lesson: 0, resolver});
		await app.frame(f => f.includes('· Ctrl+L: hint'));
		// Tab from the command line: the inbox, then the connection panel (where a student lands coming back from a message).
		await app.press(KEYS.tab, KEYS.tab);
		await app.frame(f => f.includes('[Connection]'));
		await app.press(KEYS.ctrl('l'));
		await says(app, 'Ctrl+L (lesson) works in the command line and the inbox: Shift+Tab there');
		await app.press(KEYS.ctrl('l'));
		const frame = await says(app, 'Ctrl+L (lesson) works in the command line and the inbox');
		expect(frame).toMatch(/Host +127\.0\.0\.1/);
		expect(resolver.asked).toEqual([]);
	});

	it('a command typed in the inbox says the key back to the command line: Shift+Tab, not Tab (which goes round through the connection panel)', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}});
		await app.frame(f => f.includes(' C:'));
		await app.press(KEYS.tab);
		await app.frame(f => f.includes('[Inbox'));
		await app.press('EHLO');
		await says(app, 'the inbox takes no typing: type in the command line (Shift+Tab there)');
		await app.press(KEYS.shiftTab);
		await app.frame(f => f.includes('▸ C:'));
	});

	it('after DATA and its 354, Up and Down say the history waits for the end of the message', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await typeCommands(app, ['EHLO me.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		// Keys act on what the screen shows: the message's line under the command line drawn first.
		await app.frame(f => app.controller.getSnapshot().dataMode && /"\." (alone )?ends/.test(f));
		await app.press(KEYS.up);
		await says(app, 'Up does nothing in a message: no command history until a lone "." ends it');
		await app.press(KEYS.down);
		await says(app, 'Down does nothing in a message');
	});

	it('on an empty command line, Backspace, Delete, Left, Right, Home and End say so; in a message, Backspace says the line went', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ C:'));
		for (const [key, name] of [[KEYS.backspace, 'Backspace'], ['\u001B[3~', 'Delete'], [KEYS.left, 'Left'], [KEYS.right, 'Right'], [KEYS.home, 'Home'], [KEYS.end, 'End']] as const) {
			await app.press(...clear, key);
			await says(app, `${name} ${EVERY_KEY}`);
		}
		// With a line, Backspace deletes, and says nothing.
		await app.press(...clear, 'ab', KEYS.backspace);
		await app.frame(f => /C: a\s*$/m.test(f) && !flat(f).includes(EVERY_KEY));
		await app.press(KEYS.backspace);
		await typeCommands(app, ['EHLO me.test', 'MAIL FROM:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA']);
		await app.frame(f => app.controller.getSnapshot().dataMode && /"\." (alone )?ends/.test(f));
		await app.press('Subject: gone', KEYS.enter, KEYS.backspace);
		await says(app, 'Backspace does nothing in a message: each line went to the server as typed; Ctrl+X drops the message');
	});

	it('scrolled up from the command line, the log names PgDn, which works there, not End, which moves the cursor', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await typeCommands(app, ['EHLO me.test', 'NOOP', 'NOOP', 'NOOP', 'HELP']);
		await app.press(KEYS.pageUp);
		const scrolled = await app.frame(f => f.includes('more below'));
		expect(scrolled).toMatch(/more below {2}\(PgDn: down\)/);
		expect(scrolled).not.toContain('End: follow');
		await app.press(KEYS.tab);
		await app.frame(f => /more below {2}\(End: follow\)/.test(f));
	});

	it('End on an empty command line with the log scrolled up takes the log back to following, as PgDn does there', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await typeCommands(app, ['EHLO me.test', 'NOOP', 'NOOP', 'NOOP', 'HELP']);
		await app.press(KEYS.pageUp);
		await app.frame(f => f.includes('more below'));
		await app.press(KEYS.end);
		const following = await app.frame(f => !f.includes('more below'));
		expect(flat(following)).not.toContain('End does nothing here');
	});
});

describe('the step prompt', () => {
	async function atPrompt() {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		return app;
	}

	it('names its keys for Left, Up, Home, Backspace and Delete; Alt+E (Esc then e within escape-time) stops nothing', async () => {
		const app = await atPrompt();
		for (const [key, name] of [[KEYS.left, 'Left'], [KEYS.up, 'Up'], [KEYS.home, 'Home'], [KEYS.backspace, 'Backspace'], ['\u001B[3~', 'Delete']] as const) {
			await app.press(key);
			await says(app, `${name} does nothing here; step mode: Enter sends the line, e edits it, Esc stops`);
		}
		await app.press('\u001Be');
		await says(app, 'Alt+E does nothing here; step mode: Enter sends the line');
		expect(app.controller.getSnapshot().session.proposed?.display).toBe('EHLO client.test');
		// The line sent, the message about its prompt goes with it, and the next prompt's keys are back.
		await app.press(KEYS.enter);
		const next = await app.frame(f => /about to send: MAIL FROM/.test(f) && !flat(f).includes('does nothing here'));
		expect(footer(next)).toMatch(/Enter send line {2}e edit {2}Esc stop/);
	});

	it("a panel's letter (z to zoom the log, where an EHLO reply does not fit at 80x24) says where it works; there it works, and Enter still sends", async () => {
		const app = await atPrompt();
		await app.press('z');
		await says(app, 'z (zoom) works in the protocol log and the inbox: Tab there (the prompt keeps Enter)');
		// Any other letter: the prompt's own keys.
		await app.press('q');
		await says(app, 'step mode: Enter sends the line, e edits it, Esc stops');
		await app.press(KEYS.tab, 'z');
		await app.frame(f => /z unzoom/.test(footer(f)));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
	});

	it("Ctrl+K (the ports probed, the session's connection untouched) says it works in the connection panel; there it works, and Enter still sends", async () => {
		const app = await atPrompt();
		await app.press(KEYS.ctrl('k'));
		await says(app, 'Ctrl+K (check ports) works in the connection panel: Shift+Tab there (the prompt keeps Enter)');
		await app.press(KEYS.shiftTab, KEYS.ctrl('k'));
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => entry.text.startsWith('check: probing 127.0.0.1')));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		// The verdict comes in the log beside the session's lines; the prompt is still the session's.
		await app.frame(() => app.controller.getSnapshot().session.log.some(entry => /^check: Port 25 /.test(entry.text)), 15_000);
		expect(app.controller.getSnapshot().session.proposed?.display).toMatch(/^MAIL FROM:/);
	});

	it('Ctrl+K while the EHLO reply is awaited says where it works too (README: it works then)', async () => {
		let answer: () => void = () => undefined;
		const answered = new Promise<void>(resolve => (answer = resolve));
		const server = await startRawServer(async peer => {
			peer.write('220 slow.test ESMTP\r\n');
			await peer.readLine();
			await answered;
			peer.write('250 slow.test\r\n');
			await peer.readLine();
			peer.write('221 bye\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {mode: 'step'}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(() => app.controller.getSnapshot().session.waiting !== undefined && app.controller.getSnapshot().session.proposed === undefined);
		await app.press(KEYS.ctrl('k'));
		await says(app, 'Ctrl+K (check ports) works in the connection panel: Shift+Tab there (the prompt keeps Enter)');
		answer();
	});

	it('in the edit line: Ctrl+Z says the edit has no undo; a chord that does nothing goes when Esc discards the edit', async () => {
		const app = await atPrompt();
		await app.press('e', 'x');
		await app.frame(f => f.includes('edit: EHLO client.testx'));
		await app.press(KEYS.ctrl('z'));
		await says(app, 'the line being edited has no undo: Esc discards the edit, Enter sends it');
		await app.press('\u001Bx');
		await says(app, 'Alt+X does nothing here; Enter sends the edited line, Esc discards the edit');
		// Ctrl+_, the other undo key, after another message: it says so itself.
		await app.press('\u001F');
		await says(app, 'the line being edited has no undo');
		await app.press('\u001Bx');
		await says(app, 'Alt+X does nothing here; Enter sends the edited line, Esc discards the edit');
		await app.press(KEYS.escape);
		const back = await app.frame(f => !f.includes('edit: ') && !flat(f).includes('Alt+X does nothing'));
		expect(footer(back)).toMatch(/Enter send line {2}e edit {2}Esc stop/);
	});
});

describe('the footer', () => {
	it('offers PgDn scroll in the preview at 100 columns, before Ctrl+N add header', async () => {
		const app = startApp(await nowhere(), undefined, {size: {columns: 100, rows: 30}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.ctrl('p'));
		const frame = await app.frame(f => footer(f).includes('PgDn scroll'));
		expect(footer(frame)).toMatch(/Esc close {2}Ctrl\+S send {2}PgDn scroll/);
		expect(footer(frame)).not.toContain('Ctrl+P close');
	});

	it('a key that does nothing in the help, in the same read as the Ctrl+G that opened it, is said and stays', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.ctrl('g') + KEYS.tab);
		await app.frame(f => f.includes('[Keys]') && flat(f).includes('Tab does nothing in the help'));
		await new Promise(resolve => setTimeout(resolve, 100));
		expect(flat(await app.frame(() => true))).toContain('Tab does nothing in the help');
	});

	it('what a key that did nothing said goes with the next key that acts, even one with nothing to do', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.escape);
		await app.frame(f => flat(f).includes('Esc does nothing here'));
		await app.press(KEYS.ctrl('e'));
		await app.frame(f => !flat(f).includes('Esc does nothing here'));
	});
});
