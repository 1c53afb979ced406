// draft.json written by other versions: what earlier versions wrote (test/fixtures/earlier-versions, as they wrote
// it) is restored as it was; a draft with fields of another shape comes back without them, the file kept beside it;
// one a newer smtp-tui wrote comes back with the fields this one knows and is never written over or deleted.
import {copyFile, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DraftNotSaved, DraftStore} from '../../source/message/drafts.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('drafts-versions');
const fixture = (day: string) => path.join(import.meta.dirname, '..', 'fixtures', 'earlier-versions', day, 'draft.json');

async function storeWith(text: string): Promise<{store: DraftStore; dir: string}> {
	const dir = await tempDir();
	const store = new DraftStore({dir, delayMs: 10});
	await writeFile(store.file, text);
	return {store, dir};
}

describe('a draft an earlier version wrote', () => {
	for (const day of ['2026-12-02', '2026-12-05']) {
		it(`is restored as it was (${day}), and saved again in this version's shape`, async () => {
			const dir = await tempDir();
			const store = new DraftStore({dir, delayMs: 10});
			await copyFile(fixture(day), store.file);
			const saved = JSON.parse(await readFile(fixture(day), 'utf8')) as {draft: object};
			const restored = await store.load();
			expect(restored).toEqual(saved.draft);
			expect(store.loadNotice).toBeUndefined();
			store.save(restored!);
			await store.flush();
			expect(JSON.parse(await readFile(store.file, 'utf8'))).toMatchObject({version: 1, draft: saved.draft});
		});
	}
});

describe('a draft with fields of another shape', () => {
	it('is restored without them, says which, and keeps the file as it was beside it', async () => {
		const text = JSON.stringify({version: 1, draft: {from: 'me@example.test', to: ['you@example.test'], subject: 'kept', body: 'the long body', headers: {'X-A': '1'}, attachments: []}});
		const {store, dir} = await storeWith(text);
		expect(await store.load()).toEqual({from: 'me@example.test', to: '', cc: '', bcc: '', subject: 'kept', body: 'the long body', headers: [], attachments: []});
		const aside = (await readdir(dir)).find(name => name.startsWith('draft.json.unreadable-'));
		expect(store.loadNotice).toBe(`warning: restored the draft without its to, headers, which this smtp-tui could not read; the saved draft as it was is kept as ${path.join(dir, aside!)}`);
		expect(await readFile(path.join(dir, aside!), 'utf8')).toBe(text);
		// This run saves: the restored fields are the draft now.
		expect(store.notSaved).toBeUndefined();
	});

	for (const [what, shape] of [
		['a header that is null', {headers: [null]}],
		['a header without its value', {headers: [{name: 'X-A'}]}],
		['attachments as one string', {attachments: 'notes.txt'}],
		['an attachment that is a number', {attachments: [1]}],
	] as const) {
		it(`(${what}) is restored without that field, which is named`, async () => {
			const {store} = await storeWith(JSON.stringify({version: 1, draft: {to: 'you@example.test', subject: 'kept', ...shape}}));
			expect(await store.load()).toEqual({from: '', to: 'you@example.test', cc: '', bcc: '', subject: 'kept', body: '', headers: [], attachments: []});
			expect(store.loadNotice).toMatch(new RegExp(`^warning: restored the draft without its ${Object.keys(shape)[0]}, which`));
		});
	}

	it('without the fields it does not use (a hand-written draft) is restored as it is, with none made up', async () => {
		const {store} = await storeWith(JSON.stringify({version: 1, draft: {to: 'you@example.test'}}));
		expect(await store.load()).toEqual({from: '', to: 'you@example.test', cc: '', bcc: '', subject: '', body: '', headers: [], attachments: []});
		expect(store.loadNotice).toBeUndefined();
	});

	it('with nothing usable left is set aside whole, as before', async () => {
		const {store} = await storeWith('{"version": 1, "draft": {"to": 42}}');
		await expect(store.load()).rejects.toThrow(/^it is not a draft smtp-tui can read; it was kept as .*draft\.json\.unreadable-\d+$/);
	});
});

describe('an empty draft.json', () => {
	for (const [what, text] of [['0 bytes', ''], ['only a line break', '\n']]) {
		it(`(${what}) is no draft: nothing is said or set aside, and the first save writes over it`, async () => {
			const {store, dir} = await storeWith(text);
			expect(await store.load()).toBeUndefined();
			expect(store.loadNotice).toBeUndefined();
			expect(store.notSaved).toBeUndefined();
			expect(await readdir(dir)).toEqual(['draft.json']);
			store.save({from: '', to: 'you@example.test', cc: '', bcc: '', subject: '', body: '', headers: [], attachments: []});
			await store.flush();
			expect(JSON.parse(await readFile(store.file, 'utf8'))).toMatchObject({version: 1, draft: {to: 'you@example.test'}});
		});
	}
});

describe('a draft a newer smtp-tui wrote', () => {
	const newer = JSON.stringify({version: 2, savedAt: '2027-03-01T10:00:00.000Z', draft: {from: 'me@example.test', to: 'you@example.test', subject: 'from the future', body: 'body', headers: [], attachments: [], format: 'markdown'}});

	it('is restored with the fields this version knows, and never written over or deleted in this run', async () => {
		const {store, dir} = await storeWith(newer);
		expect(await store.load()).toMatchObject({to: 'you@example.test', subject: 'from the future', body: 'body'});
		expect(store.loadNotice).toBe(
			`warning: edits here are not saved: the saved draft ${store.file} was written by a newer smtp-tui (draft version 2; this one reads version 1): restored the fields this one reads; it is left as it is for that one (npx smtp-tui@latest runs the newest)`,
		);
		expect(store.notSaved).toBe("the saved draft is a newer smtp-tui's");
		store.save({from: '', to: 'edited', cc: '', bcc: '', subject: '', body: '', headers: [], attachments: []});
		await store.flush();
		await store.clear();
		expect(await readFile(store.file, 'utf8')).toBe(newer);
		expect(await readdir(dir)).toEqual(['draft.json']);
	});

	it('with no field this version knows is left as it is, and this run saves nothing', async () => {
		const text = JSON.stringify({version: 3, draft: {message: {to: 'you@example.test'}}});
		const {store} = await storeWith(text);
		const loading = store.load();
		await expect(loading).rejects.toBeInstanceOf(DraftNotSaved);
		await expect(loading).rejects.toThrow(`the saved draft ${store.file} was written by a newer smtp-tui (draft version 3; this one reads version 1); it is left as it is for that one (npx smtp-tui@latest runs the newest)`);
		store.save({from: '', to: 'edited', cc: '', bcc: '', subject: '', body: '', headers: [], attachments: []});
		await store.flush();
		expect(await readFile(store.file, 'utf8')).toBe(text);
	});
});
