// The built dashboard in a real pseudo-terminal: the draft's attachments and its owner across runs, and keys that
// arrive in one write with the Enter that opens an inbox message.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();

async function until(check: () => boolean, what: string, timeout = 10_000): Promise<void> {
	const deadline = Date.now() + timeout;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

const draftOf = (stateDir: string) => {
	const file = path.join(stateDir, 'draft.json');
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as {draft: {subject: string; attachments: string[]}}).draft : undefined;
};

describe('the draft across runs', () => {
	test('an attachment typed as a relative path is restored as the same file when started in another folder', async () => {
		const first = open();
		// Each session runs in a folder of its own (its configDir): a file of the same name in each.
		writeFileSync(path.join(first.configDir, 'notes.txt'), 'one');
		await untilKeysWork(first);
		// From, To, Cc, Bcc, Subject, Attach.
		first.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, 'notes.txt');
		await first.waitForText(/Attach +notes\.txt/);
		await until(() => draftOf(first.stateDir)?.attachments[0] === path.join(first.configDir, 'notes.txt'), 'the draft naming the file by its absolute path');
		first.press(KEY.ctrl('c'));
		expect(await first.waitForExit()).toMatchObject({code: 0});

		const second = open({stateDir: first.stateDir});
		writeFileSync(path.join(second.configDir, 'notes.txt'), 'a different file of the same name');
		await untilKeysWork(second);
		await second.waitForText('restored the draft');
		second.press(KEY.ctrl('s'));
		await second.waitForText('Inbox (1)');
		// The inbox (composer → log → inbox), the message's text view lists its attachment: 3 bytes, the first folder's.
		second.press(KEY.tab, KEY.tab, KEY.enter);
		await second.waitForText('[headers]');
		second.press(KEY.right);
		await second.waitForText(/notes\.txt +text\/plain +3 B/);
	});

	test('two dashboards at once: the second warns that it does not save the draft, and does not overwrite the first one\'s', async () => {
		const first = open();
		await untilKeysWork(first);
		const second = open({stateDir: first.stateDir});
		await untilKeysWork(second);
		await second.waitForText(new RegExp(`! warning: another smtp-tui \\(pid ${first.process.pid}\\)`));
		// Subject: four Downs from From.
		first.press(KEY.down, KEY.down, KEY.down, KEY.down, ' FIRST-EDIT');
		second.press(KEY.down, KEY.down, KEY.down, KEY.down, ' SECOND-EDIT');
		await first.waitForText('FIRST-EDIT');
		await second.waitForText('SECOND-EDIT');
		await until(() => draftOf(first.stateDir)?.subject.includes('FIRST-EDIT') === true, 'the first dashboard\'s draft');
		// While the first runs, the second's edits would be lost: its first Ctrl+C asks (an edit cancels the question).
		second.press(KEY.ctrl('c'));
		await second.waitForText('edits here are lost: another smtp-tui keeps the draft');
		first.press(KEY.ctrl('c'));
		expect(await first.waitForExit()).toMatchObject({code: 0});
		expect(draftOf(first.stateDir)?.subject).toBe('Hello from smtp-tui FIRST-EDIT');
	});

	test('once the dashboard that kept the draft quits, the second one saves its edits, says so, and quits without asking', async () => {
		const first = open();
		await untilKeysWork(first);
		const second = open({stateDir: first.stateDir, cols: 160});
		await untilKeysWork(second);
		await second.waitForText(`another smtp-tui (pid ${first.process.pid})`);
		second.press(KEY.down, KEY.down, KEY.down, KEY.down, ' SECOND-EDIT');
		await second.waitForText('SECOND-EDIT');
		first.press(KEY.ctrl('c'));
		expect(await first.waitForExit()).toMatchObject({code: 0});
		expect(existsSync(path.join(first.stateDir, 'draft.json.lock'))).toBe(false);
		second.press(' MORE');
		await second.waitForText('the other smtp-tui let the draft go: it is saved here again');
		await until(() => draftOf(first.stateDir)?.subject === 'Hello from smtp-tui SECOND-EDIT MORE', 'the second dashboard\'s draft');
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
		expect(second.screenText()).not.toContain('edits here are lost');
		// Edits typed while the first ran, and no key since: the quit asks again first, takes the draft, and saves them.
		const third = open({stateDir: first.stateDir});
		await untilKeysWork(third);
		await third.waitForText('restored the draft');
		const fourth = open({stateDir: first.stateDir});
		await untilKeysWork(fourth);
		await fourth.waitForText('keeps the saved draft');
		fourth.press(KEY.down, KEY.down, KEY.down, KEY.down, ' FOURTH');
		await fourth.waitForText('FOURTH');
		third.kill('SIGKILL');
		await third.exit;
		fourth.press(KEY.ctrl('c'));
		expect(await fourth.waitForExit()).toMatchObject({code: 0});
		expect(draftOf(first.stateDir)?.subject).toBe('Hello from smtp-tui SECOND-EDIT MORE FOURTH');
	});
});

describe('keys in one write with Enter', () => {
	test('Enter and Right sent together open the message on its text view', async () => {
		const session = open({stateDir: tempDir()});
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		await session.waitForText('Inbox (1)');
		session.press(KEY.tab, KEY.tab);
		await session.waitForText(/Enter open/);
		// As tmux send-keys Enter Right does: one write.
		session.press(`${KEY.enter}${KEY.right}`);
		await session.waitForText('[text]');
		expect(session.screenText()).toContain('This goes to the sandbox only:');
	});
});

describe('what a shell exported for other tools', () => {
	test('CI=true and a TERM chalk does not know (alacritty, no COLORTERM): the dashboard is drawn, with colour and a cursor', async () => {
		const session = open({stateDir: tempDir(), env: {CI: 'true', CONTINUOUS_INTEGRATION: '1', TERM: 'alacritty', COLORTERM: undefined}});
		await untilKeysWork(session);
		expect(session.screenText()).toContain('Ctrl+S send');
		// The cursor of the focused field is an inverse cell; the panels have their colours.
		expect(session.raw).toContain('\u001B[7m');
		expect(session.raw).toMatch(/\u001B\[3[1-6]m/);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
	});

	test('DEV=true (Ink reads it as "load React DevTools", which the bundle has not): the dashboard is drawn', async () => {
		const session = open({stateDir: tempDir(), env: {DEV: 'true'}});
		await untilKeysWork(session);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(session.screenText()).not.toContain('TypeError');
	});

	test('INK_SCREEN_READER=true (set for other Ink programs): the frame is drawn, and the log points to talk', async () => {
		const session = open({stateDir: tempDir(), env: {INK_SCREEN_READER: 'true'}});
		await untilKeysWork(session);
		// Ink's screen-reader output has no borders and runs the panels together.
		expect(session.screenText()).toMatch(/┌─+┐/);
		await session.waitForText('for a screen reader: smtp-tui talk,');
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
	});

	test('FORCE_COLOR=0: no colour, as with NO_COLOR, but the cursor is still drawn', async () => {
		const session = open({stateDir: tempDir(), env: {FORCE_COLOR: '0'}});
		await untilKeysWork(session);
		expect(session.raw).toContain('\u001B[7m');
		expect(session.raw).not.toMatch(/\u001B\[3[1-6]m/);
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
	});
});
