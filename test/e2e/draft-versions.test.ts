// The built dashboard in a real pseudo-terminal over a draft.json of another version: an earlier version's is
// restored; a newer one's is restored with the fields this version knows, said once in the log, and left as it was.
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, root, tempDir, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();

describe('a draft of another version', () => {
	test("an earlier version's draft is restored as it was", async () => {
		const stateDir = tempDir();
		copyFileSync(path.join(root, 'test/fixtures/earlier-versions/2026-12-05/draft.json'), path.join(stateDir, 'draft.json'));
		const session = open({stateDir});
		await untilKeysWork(session);
		await session.waitForText('restored the draft from the last run');
		await session.waitForText(/Subject +Hello from smtp-tui \(old-4\)/);
		const screen = session.screenText();
		expect(screen).not.toContain('warning');
		expect(screen).not.toContain('started from the sample message');
	});

	test("a newer version's draft: its fields restored, a warning, the quit asks first, and the file stays as it was", async () => {
		const stateDir = tempDir();
		const file = path.join(stateDir, 'draft.json');
		const newer = `${JSON.stringify({version: 2, draft: {from: 'me@example.test', to: 'you@example.test', subject: 'From the future', body: 'body', headers: [], attachments: [], format: 'markdown'}})}\n`;
		writeFileSync(file, newer);
		const session = open({stateDir, cols: 160});
		await untilKeysWork(session);
		await session.waitForText('! warning: edits here are not saved: the saved draft');
		await session.waitForText(/Subject +From the future/);
		expect(session.screenText()).not.toContain('started from the sample message');
		session.press(KEY.down, KEY.down, KEY.down, KEY.down, ' EDITED');
		await session.waitForText('From the future EDITED');
		session.press(KEY.ctrl('c'));
		await session.waitForText("edits here are lost: the saved draft is a newer smtp-tui's");
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(readFileSync(file, 'utf8')).toBe(newer);
	});

	test("--fresh over a newer version's draft: the sample, and the warning at start that its edits are not saved", async () => {
		const stateDir = tempDir();
		const file = path.join(stateDir, 'draft.json');
		const newer = `${JSON.stringify({version: 2, draft: {from: 'me@example.test', to: 'you@example.test', subject: 'From the future', body: 'body', headers: [], attachments: [], format: 'markdown'}})}\n`;
		writeFileSync(file, newer);
		const session = open({stateDir, cols: 160, args: ['--fresh']});
		await untilKeysWork(session);
		// The line wraps after "not saved:" at this width.
		const screen = await session.waitForText('! warning: started from the sample message (--fresh); edits here are not saved:');
		expect(screen).toContain("the saved draft is a newer smtp-tui's");
		expect(session.screenText()).not.toContain('draft is discarded');
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
		expect(readFileSync(file, 'utf8')).toBe(newer);
	});
});
