// Two dashboards of one user at once (two tmux panes, one data folder), the built CLI in real pseudo-terminals:
// the second one, which takes the draft over once the first quits, must not write over what the first left.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, tempDir, untilKeysWork} from '../helpers/pty.js';
import {settled} from '../helpers/wait-for.js';

const open = ptySessions();

type Saved = {draft: {subject: string}};
const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Saved).draft;
const draftOf = (stateDir: string) => (existsSync(path.join(stateDir, 'draft.json')) ? read(path.join(stateDir, 'draft.json')) : undefined);
/** Drafts set aside beside draft.json for another dashboard: `draft.json.other-<timestamp>`. */
const othersIn = (stateDir: string) => readdirSync(stateDir).filter(name => name.startsWith('draft.json.other-'));

/** Two dashboards on one data folder (`stateDir`, else a new one), both ready, the second told the first keeps the draft. */
async function twoPanes(secondCols: number, stateDir?: string) {
	const first = open(stateDir === undefined ? {} : {stateDir});
	await untilKeysWork(first);
	const second = open({stateDir: first.stateDir, cols: secondCols});
	await untilKeysWork(second);
	await second.waitForText(`another smtp-tui (pid ${first.process.pid}) keeps the saved draft`);
	return {first, second, dir: first.stateDir};
}

/** Types after the Subject's text: four Downs from From. */
const subject = (text: string) => [KEY.down, KEY.down, KEY.down, KEY.down, text];

/** Both type in the Subject; the first, its edit saved, quits: the second, still running, is returned. */
async function firstQuitsWithItsEdit(secondCols: number) {
	const {first, second, dir} = await twoPanes(secondCols);
	first.press(...subject(' FIRST-PANE'));
	second.press(...subject(' SECOND-PANE'));
	await second.waitForText('SECOND-PANE');
	await settled(() => expect(draftOf(dir)?.subject).toBe('Hello from smtp-tui FIRST-PANE'), {timeout: 10_000});
	first.press(KEY.ctrl('c'));
	expect(await first.waitForExit()).toMatchObject({code: 0});
	return {second, dir};
}

describe('two dashboards of one user', () => {
	test('the first quits with its edits saved; the second, taking the draft over, keeps them aside and says where', async () => {
		// Wide enough for the log's line naming the file whole.
		const {second, dir} = await firstQuitsWithItsEdit(260);
		second.press(' MORE');
		await settled(() => expect(draftOf(dir)?.subject).toBe('Hello from smtp-tui SECOND-PANE MORE'), {timeout: 10_000});
		const others = othersIn(dir);
		expect(others).toHaveLength(1);
		expect(read(path.join(dir, others[0]!)).subject).toBe('Hello from smtp-tui FIRST-PANE');
		await second.waitForText(`the draft the other smtp-tui left is kept as ${path.join(dir, others[0]!)}`);
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
		expect(othersIn(dir)).toHaveLength(1);
	});

	test('the second quits right after the first: where the first one\'s draft went is said on the main screen', async () => {
		const {second, dir} = await firstQuitsWithItsEdit(200);
		// Its edits, typed while the first ran, are saved as it quits: the log that said where is gone with the screen.
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
		const [other] = othersIn(dir);
		expect(read(path.join(dir, other!)).subject).toBe('Hello from smtp-tui FIRST-PANE');
		expect(draftOf(dir)?.subject).toBe('Hello from smtp-tui SECOND-PANE');
		expect(second.screenText()).toContain(`smtp-tui: the draft the other smtp-tui left is kept as ${path.join(dir, other!)}; this one's is the saved draft`);
	});

	test('a first dashboard whose edits came back to the draft both restored sets nothing aside: the second\'s takes its place', async () => {
		const stateDir = tempDir();
		const draft = {from: 'me@example.test', to: 'you@example.test', cc: '', bcc: '', subject: 'Both panes', headers: [], body: 'Hi', attachments: []};
		writeFileSync(path.join(stateDir, 'draft.json'), JSON.stringify({version: 1, savedAt: new Date(0).toISOString(), draft}));
		const {first, second} = await twoPanes(160, stateDir);
		// Typed and rubbed out: written twice (a new savedAt), the same draft.
		first.press(...subject(' X'));
		await settled(() => expect(draftOf(stateDir)?.subject).toBe('Both panes X'), {timeout: 10_000});
		first.press(KEY.backspace, KEY.backspace);
		await settled(() => expect(draftOf(stateDir)?.subject).toBe('Both panes'), {timeout: 10_000});
		second.press(...subject(' SECOND-PANE'));
		await second.waitForText('SECOND-PANE');
		first.press(KEY.ctrl('c'));
		expect(await first.waitForExit()).toMatchObject({code: 0});
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
		expect(draftOf(stateDir)?.subject).toBe('Both panes SECOND-PANE');
		expect(othersIn(stateDir)).toEqual([]);
	});
});
