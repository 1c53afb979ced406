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

describe('two dashboards of one user', () => {
	test('the first quits with its edits saved; the second, taking the draft over, keeps them aside and says where', async () => {
		const first = open({cols: 160});
		await untilKeysWork(first);
		// Wide enough for the log's line naming the file whole.
		const second = open({stateDir: first.stateDir, cols: 260});
		await untilKeysWork(second);
		await second.waitForText(`another smtp-tui (pid ${first.process.pid}) keeps the saved draft`);
		// Subject: four Downs from From.
		first.press(KEY.down, KEY.down, KEY.down, KEY.down, ' FIRST-PANE');
		second.press(KEY.down, KEY.down, KEY.down, KEY.down, ' SECOND-PANE');
		await second.waitForText('SECOND-PANE');
		await settled(() => expect(draftOf(first.stateDir)?.subject).toBe('Hello from smtp-tui FIRST-PANE'), {timeout: 10_000});
		first.press(KEY.ctrl('c'));
		expect(await first.waitForExit()).toMatchObject({code: 0});

		second.press(' MORE');
		await settled(() => expect(draftOf(first.stateDir)?.subject).toBe('Hello from smtp-tui SECOND-PANE MORE'), {timeout: 10_000});
		const others = othersIn(first.stateDir);
		expect(others).toHaveLength(1);
		expect(read(path.join(first.stateDir, others[0]!)).subject).toBe('Hello from smtp-tui FIRST-PANE');
		await second.waitForText(`the draft the other smtp-tui left is kept as ${path.join(first.stateDir, others[0]!)}`);
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
		expect(othersIn(first.stateDir)).toHaveLength(1);
	});

	test('a first dashboard whose edits came back to the draft both restored sets nothing aside: the second\'s takes its place', async () => {
		const stateDir = tempDir();
		const draft = {from: 'me@example.test', to: 'you@example.test', cc: '', bcc: '', subject: 'Both panes', headers: [], body: 'Hi', attachments: []};
		writeFileSync(path.join(stateDir, 'draft.json'), JSON.stringify({version: 1, savedAt: new Date(0).toISOString(), draft}));
		const first = open({stateDir});
		await untilKeysWork(first);
		const second = open({stateDir, cols: 160});
		await untilKeysWork(second);
		await second.waitForText('keeps the saved draft');
		// Typed and rubbed out: written twice (a new savedAt), the same draft.
		first.press(KEY.down, KEY.down, KEY.down, KEY.down, ' X');
		await settled(() => expect(draftOf(stateDir)?.subject).toBe('Both panes X'), {timeout: 10_000});
		first.press(KEY.backspace, KEY.backspace);
		await settled(() => expect(draftOf(stateDir)?.subject).toBe('Both panes'), {timeout: 10_000});
		second.press(KEY.down, KEY.down, KEY.down, KEY.down, ' SECOND-PANE');
		await second.waitForText('SECOND-PANE');
		first.press(KEY.ctrl('c'));
		expect(await first.waitForExit()).toMatchObject({code: 0});
		second.press(KEY.ctrl('c'));
		expect(await second.waitForExit()).toMatchObject({code: 0});
		expect(draftOf(stateDir)?.subject).toBe('Both panes SECOND-PANE');
		expect(othersIn(stateDir)).toEqual([]);
	});
});
