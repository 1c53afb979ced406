// The wired dashboard and the composer's edits: what a queued message, a second dashboard or a key that does
// nothing must not lose or garble.
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {DraftStore} from '../../source/message/drafts.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {waitFor} from '../sandbox/helpers/wait.js';
import {KEYS} from './app-harness.js';
import {afterTest, nowhere, sandboxApp, sentLines, startApp, typeCommands} from './wired-app.js';

const toSubject = [KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.end];

/** A draft store that another dashboard (another store of this process) keeps: its saves go nowhere. */
async function draftsKeptElsewhere(): Promise<DraftStore> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-edits-'));
	const keeper = new DraftStore({dir});
	await keeper.claim();
	afterTest(() => keeper.release());
	const drafts = new DraftStore({dir, delayMs: 20});
	expect(await drafts.claim()).toMatchObject({owner: false});
	return drafts;
}

describe('the composer edits', () => {
	it('typed while a message is on its way stay the draft once it is queued; a message sent as it is drops the draft', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'slow@example.test'}}, sandbox: {slowDelayMs: 1000}});
		const draftFile = path.join(app.stateDir, 'draft.json');
		const clear = vi.spyOn(app.drafts, 'clear');
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /RCPT TO:<slow@example\.test>/.test(f));
		await app.press(...toSubject, ' (edited)');
		await app.frame(f => /✔ queued/.test(f) && /Inbox \(1\)/.test(f));
		expect(clear).not.toHaveBeenCalled();
		await app.drafts.flush();
		expect(JSON.parse(readFileSync(draftFile, 'utf8')).draft).toMatchObject({subject: 'Hello from smtp-tui (edited)'});
		// Sent again with nothing typed meanwhile: that message was the draft, and it is queued.
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(2\)/.test(f));
		await waitFor(() => !existsSync(draftFile), 'the draft file to go');
	});

	it('of a second dashboard, which cannot save them, make the first Ctrl+C ask; a second one quits', async () => {
		const app = startApp(await nowhere(), undefined, {drafts: await draftsKeptElsewhere(), size: {columns: 160, rows: 40}});
		await app.press(...toSubject, '!');
		await app.frame(f => /Subject +Hello from smtp-tui!/.test(f));
		await app.press(KEYS.ctrl('c'));
		await app.frame(f => /Ctrl\+C again within 3 s quits; edits here are lost: another smtp-tui keeps the draft/.test(f));
		expect(app.exits).toEqual([]);
		await app.press(KEYS.ctrl('c'));
		await waitFor(() => app.exits.length > 0, 'the exit');
		expect(app.exits).toEqual([0]);
	});

	it('of a second dashboard that has none quits at the first Ctrl+C', async () => {
		const app = startApp(await nowhere(), undefined, {drafts: await draftsKeptElsewhere()});
		await app.press(KEYS.ctrl('c'));
		await waitFor(() => app.exits.length > 0, 'the exit');
		expect(app.exits).toEqual([0]);
	});
});

describe('the draft of a spell of typing', () => {
	const savedSubject = (drafts: DraftStore) => (existsSync(drafts.file) ? (JSON.parse(readFileSync(drafts.file, 'utf8')) as {draft: {subject: string}}).draft.subject : undefined);

	// Tab leaves the composer; Ctrl+S fails here (nothing listens), and the draft must outlive it.
	it.each([
		['when the composer loses the focus', KEYS.tab],
		['by Ctrl+S, so a send that fails keeps it', KEYS.ctrl('s')],
	])('is written at once %s, not when its wait is over', async (_when, key) => {
		// Timed writes never come within the test (a big draft waits seconds): only what is saved at once lands.
		const drafts = new DraftStore({dir: mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-edits-')), delayMs: 600_000});
		afterTest(() => drafts.clear());
		const app = startApp(await nowhere(), undefined, {drafts});
		await app.press(...toSubject, ' (typed)');
		await app.frame(f => /Subject +Hello from smtp-tui \(typed\)/.test(f));
		expect(savedSubject(drafts)).toBeUndefined();
		await app.press(key);
		await waitFor(() => savedSubject(drafts) === 'Hello from smtp-tui (typed)', 'the draft written');
	});
});

describe('a key that does nothing in the composer', () => {
	it('says so: a lone Ctrl+\\ in the body is no paste problem, and Alt+X types no x', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.press(...Array.from({length: 7}, () => KEYS.down), '\u001C');
		let screen = await app.frame(f => /Ctrl\+\\ does nothing here; Ctrl\+G lists every key/.test(f));
		expect(screen).not.toMatch(/control characters were removed/);
		await app.press('\u001Bx');
		screen = await app.frame(f => /Alt\+X does nothing here; Ctrl\+G lists every key/.test(f));
		expect(screen).toContain('║ Hi!');
	});
});

describe('F-keys, which Ink reports as no key at all', () => {
	it('F1 opens the help, as Ctrl+G does; F5 and F10 say they do nothing', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.frame(f => f.includes('▸ From'));
		await app.press('\u001B[15~');
		await app.frame(f => /F5 does nothing here; Ctrl\+G lists every key/.test(f));
		await app.press('\u001B[21~');
		await app.frame(f => /F10 does nothing here; Ctrl\+G lists every key/.test(f));
		await app.press('\u001BOP');
		await app.frame(f => f.includes('[Keys]'));
	});
});

describe('an extra header whose name is not ASCII', () => {
	it('is refused as it is left, in the footer too, not first at Ctrl+S', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.ctrl('n'), 'X-Grüße: hallo', KEYS.tab);
		// Tab took the focus to the log: the footer's status line says it, whole.
		await app.frame(f => f.split('\n').at(-2)!.trim() === 'Header "X-Grüße: hallo": the name may only hold printable ASCII without spaces or colons');
	});
});

describe('Esc and Ctrl+D, which a user presses to stop or leave', () => {
	const says = (app: {frame: (check: (frame: string) => boolean) => Promise<string>}, text: string) => app.frame(f => f.replace(/\s+/g, ' ').includes(text));

	it('a key that did nothing in the composer is not still said in the help opened after it, nor once it closes', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.escape);
		await says(app, 'Esc does nothing here; Ctrl+G lists every key');
		await app.press(KEYS.ctrl('g'));
		const footer = (frame: string) => frame.split('\n').at(-1)!;
		await app.frame(f => /Esc close/.test(footer(f)) && !footer(f).includes('does nothing'));
		await app.press(KEYS.escape);
		await app.frame(f => f.includes('▸ From') && !footer(f).includes('does nothing'));
	});

	it('Esc in the composer says it does nothing; while a session waits on a slow reply, that Ctrl+X stops it, which the footer offers', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'slow@example.test'}}, settings: {security: 'none', user: ''}, sandbox: {slowDelayMs: 3000}, size: {columns: 80, rows: 24}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.escape);
		await says(app, 'Esc does nothing here; Ctrl+G lists every key');
		await app.press(KEYS.ctrl('s'));
		const waiting = await app.frame(f => /RCPT TO:<slow@example\.test>/.test(f) && !f.includes('Esc does nothing'));
		expect(waiting.split('\n').at(-1)).toMatch(/(busy|waiting \d+\/\d+ s) {2}Ctrl\+X stop {2}.*Ctrl\+C quit {2}Ctrl\+G help$/);
		await app.press(KEYS.escape);
		await says(app, 'Esc does not stop a running session: Ctrl+X stops it');
		expect(app.controller.getSnapshot().session.busy).toBe(true);
		await app.press(KEYS.ctrl('x'));
		// The QUIT's answer comes after the held RCPT reply: meanwhile the footer says what is going on, and so does a second Ctrl+X.
		await says(app, 'stopping: QUIT sent, waiting for its reply');
		await app.press(KEYS.ctrl('x'));
		await says(app, 'stopping: QUIT sent, waiting for its reply (Ctrl+C leaves at once)');
		await app.frame(() => app.controller.getSnapshot().session.result?.message === 'stopped by the user');
	});

	it('Esc in step mode while a reply is awaited says it stops at the next prompt, and that goes with the prompt', async () => {
		const app = await sandboxApp({init: {mode: 'step', draft: {...SAMPLE_DRAFT, to: 'slow@example.test'}}, settings: {security: 'none', user: ''}, sandbox: {slowDelayMs: 1500}, size: {columns: 100, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		for (;;) {
			const frame = await app.frame(f => f.includes('about to send:'));
			if (frame.includes('about to send: RCPT')) break;
			const sent = sentLines(app.controller).length;
			await app.press(KEYS.enter);
			await app.frame(() => sentLines(app.controller).length > sent);
		}
		await app.press(KEYS.enter);
		await app.frame(() => sentLines(app.controller).some(line => line.startsWith('RCPT')) && app.controller.getSnapshot().session.proposed === undefined);
		await app.press(KEYS.escape);
		await says(app, 'Esc stops at a step prompt, not while a reply is awaited; Ctrl+X stops now');
		await app.frame(f => f.includes('about to send: DATA') && !f.includes('Esc stops at the next step prompt'));
	});

	it('Ctrl+D on an empty command line says how to close the connection, or to quit with none; with a line, it deletes and says nothing', async () => {
		const sandboxed = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(sandboxed, ['NOOP']);
		await sandboxed.press(KEYS.ctrl('d'));
		await says(sandboxed, 'Ctrl+D does nothing here; to close the connection type QUIT or press Ctrl+X');
		const app = startApp(await nowhere(), undefined, {init: {mode: 'manual'}});
		await app.frame(f => f.includes('▸ C:'));
		await app.press(KEYS.ctrl('d'));
		await says(app, 'Ctrl+D does nothing here; Ctrl+C quits smtp-tui');
		await app.press('NOOPx', KEYS.left, KEYS.ctrl('d'));
		await app.frame(f => f.includes('▸ C: NOOP') && !f.includes('NOOPx'));
		// A line wiped comes back with Ctrl+Z, which says what is left.
		await app.press(KEYS.ctrl('u'), KEYS.ctrl('z'));
		await says(app, 'undone; Ctrl+Z again undoes the change before');
		await app.frame(f => f.includes('▸ C: NOOP'));
	});
});

describe('Ctrl+Z and SIGTSTP, which do not suspend the dashboard', () => {
	const said = (frame: string) => frame.replace(/\s+/g, ' ').includes('suspending is off (Ctrl+Z, SIGTSTP), so the terminal is never left in raw mode; Ctrl+C quits');

	it('say why, and how to leave instead: the key (0x1A in raw mode) and the signal', async () => {
		const app = startApp(await nowhere(), undefined);
		await app.frame(f => f.includes('▸ From'));
		await app.press('\u001A');
		await app.frame(said);
		// Moving on clears it; the signal (kill -TSTP) brings it back.
		await app.press(KEYS.tab);
		await app.frame(f => !said(f));
		process.emit('SIGTSTP');
		await app.frame(said);
	});
});
