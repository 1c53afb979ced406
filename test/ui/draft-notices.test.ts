// What the log says about saving the draft, with a real store on a real folder: a failure is warned about once,
// a save that lands again says so, and a failure after that is warned about again.
import {mkdir, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {DraftNotSaved, DraftStore, type Draft} from '../../source/message/drafts.js';
import {draftLoadNotice, draftNotices} from '../../source/ui/draft-notices.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('draft-notices');
const draft = (body: string): Draft => ({from: 'me@example.com', to: 'you@example.org', cc: '', bcc: '', subject: 's', headers: [], body, attachments: []});

describe('draftNotices', () => {
	it('a failed save warns once; the next save that lands says "draft saved again"; a later failure warns again', async () => {
		const dir = await tempDir();
		const lines: string[] = [];
		const store = new DraftStore({dir, delayMs: 1, ...draftNotices(line => lines.push(line))});
		// A folder (not empty) where draft.json goes: the rename fails, as on a full disk.
		const block = async () => {
			await mkdir(store.file);
			await writeFile(path.join(store.file, 'x'), '');
		};
		const failures = () => lines.filter(line => line.startsWith('warning: the draft could not be saved, so edits here are lost when smtp-tui quits')).length;
		await block();
		store.save(draft('one'));
		await vi.waitFor(() => expect(failures()).toBe(1));
		store.save(draft('two'));
		await expect(store.flush()).rejects.toThrow();
		expect(store.notSaved).toBe('the draft could not be saved');
		await rm(store.file, {recursive: true});
		store.save(draft('three'));
		await store.flush();
		await vi.waitFor(() => expect(lines.at(-1)).toBe('draft saved again'));
		expect(store.notSaved).toBeUndefined();
		expect(failures()).toBe(1);
		await rm(store.file);
		await block();
		store.save(draft('four'));
		await vi.waitFor(() => expect(failures()).toBe(2));
		expect(lines.filter(line => line === 'draft saved again')).toHaveLength(1);
	});

	it('a store taking the draft over from the dashboard that kept it says it saves here again', async () => {
		const dir = await tempDir();
		const first = new DraftStore({dir});
		await first.claim();
		const lines: string[] = [];
		const second = new DraftStore({dir, delayMs: 1, ...draftNotices(line => lines.push(line))});
		expect(await second.claim()).toMatchObject({owner: false});
		await first.release();
		second.save(draft('typed in the second'));
		await second.flush();
		await vi.waitFor(() => expect(lines).toEqual(['the other smtp-tui let the draft go: it is saved here again']));
		await second.release();
	});
});

describe('draftLoadNotice', () => {
	it('a draft this run cannot save over is a warning; one set aside is said as before', () => {
		expect(draftLoadNotice(new DraftNotSaved('the saved draft /d/draft.json could not be read (permission denied); it is left as it is'))).toBe(
			'warning: edits here are not saved: the saved draft /d/draft.json could not be read (permission denied); it is left as it is',
		);
		expect(draftLoadNotice(new Error('it is not a draft smtp-tui can read; it was kept as /d/draft.json.unreadable-1'))).toBe('the last draft could not be read: it is not a draft smtp-tui can read; it was kept as /d/draft.json.unreadable-1');
	});
});
