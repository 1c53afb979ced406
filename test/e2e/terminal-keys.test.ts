// The built dashboard in a real pseudo-terminal, edited with the bytes each terminal sends for its keys (its
// terminfo entry, TERM set to match): the same edits end in the same Subject, and no fragment of an escape sequence
// is ever typed into it. test/ui/terminal-key-variants.test.tsx has every key of every terminal; this is the
// end-to-end proof that the dashboard gets them as the router does.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();
const ESC = '\u001B';

type Terminal = {name: string; term: string; home: string; end: string; left: string; backspace: string; wordLeft: string; backTab: string; noKey: string};

const TERMINALS: Terminal[] = [
	{name: 'xterm', term: 'xterm-256color', home: `${ESC}[H`, end: `${ESC}[F`, left: `${ESC}[D`, backspace: '\u007F', wordLeft: `${ESC}[1;5D`, backTab: `${ESC}[Z`, noKey: `${ESC}[E`},
	{name: 'PuTTY (Backspace set to Control-H)', term: 'putty', home: `${ESC}[1~`, end: `${ESC}[4~`, left: `${ESC}OD`, backspace: '\b', wordLeft: `${ESC}b`, backTab: `${ESC}[Z`, noKey: `${ESC}[G`},
	{name: 'urxvt', term: 'rxvt-unicode-256color', home: `${ESC}[7~`, end: `${ESC}[8~`, left: `${ESC}[D`, backspace: '\u007F', wordLeft: `${ESC}Od`, backTab: `${ESC}[Z`, noKey: `${ESC}[25~`},
	{name: 'the Linux console', term: 'linux', home: `${ESC}[1~`, end: `${ESC}[4~`, left: `${ESC}[D`, backspace: '\u007F', wordLeft: `${ESC}b`, backTab: `${ESC}\t`, noKey: `${ESC}[G`},
	{name: 'tmux', term: 'tmux-256color', home: `${ESC}[1~`, end: `${ESC}[4~`, left: `${ESC}OD`, backspace: '\u007F', wordLeft: `${ESC}[1;5D`, backTab: `${ESC}[Z`, noKey: `${ESC}[I`},
];

describe('keys as each terminal sends them, in the built dashboard', () => {
	test.each(TERMINALS.map(terminal => [terminal.name, terminal]))('%s: Home, End, Left, Backspace, Delete, word left and Shift+Tab edit the Subject; no key types its bytes', async (_name, terminal) => {
		const session = open({env: {TERM: terminal.term}});
		await untilKeysWork(session);
		// From, To, Cc, Bcc, Subject; Ctrl+U empties it.
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.ctrl('u'), 'bc');
		await session.waitForText(/Subject +bc\s/);
		session.press(terminal.home, 'a', terminal.end, 'de', terminal.left, terminal.backspace, `${ESC}[3~`, terminal.noKey, terminal.wordLeft, 'W', terminal.end, '!');
		// Exactly this: a key typed as its bytes would show in it ("Wabc[G!").
		await session.waitForText(/Subject +Wabc!\s/);
		// Shift+Tab goes back to the Connection panel (Tab would go on to the log, where typing types nothing).
		session.press(terminal.backTab, 'Z9');
		await session.waitForText('Z9');
		expect(session.screenText()).toMatch(/Subject +Wabc!\s/);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
	});
});
