import {spawn} from 'node:child_process';
import {lstat, mkdir, readdir, readFile, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundleScript} from '../helpers/bundle-script.js';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {DraftNotSaved, DraftStore, stateDir, type Draft} from '../../source/message/drafts.js';
import {useTempDirs} from './temp-dirs.js';

const draft = (body: string): Draft => ({
	from: 'me@example.com',
	to: 'you@example.org, them@example.org',
	cc: '',
	bcc: 'secret@example.net',
	subject: 'Grüße',
	headers: [{name: 'X-Step', value: '3'}],
	body,
	attachments: ['/tmp/report.pdf'],
});

const tempDir = useTempDirs('drafts');

describe('DraftStore', () => {
	it('saves atomically and restores the draft, with mode 0600 and no temp files left', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		expect(await store.load()).toBeUndefined();
		store.save(draft('first'));
		store.save(draft('second\nline'));
		await store.flush();
		expect(await new DraftStore({dir}).load()).toEqual(draft('second\nline'));
		expect(await readdir(dir)).toEqual(['draft.json']);
		if (process.platform !== 'win32') expect((await stat(store.file)).mode & 0o777).toBe(0o600);
	});

	it('makes a draft given as a function only when it writes it: not at each change (a 4 MB body joined per key)', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		let made = 0;
		for (let key = 1; key <= 50; key++) {
			const make = () => {
				made++;
				return draft(`typed ${key}`);
			};
			store.save({make, characters: 100});
		}
		expect(made).toBe(0);
		await store.flush();
		expect(made).toBe(1);
		expect(await store.load()).toEqual(draft('typed 50'));
	});

	it('never writes anything but draft fields, even when handed a password', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		store.save({...draft('body'), password: 'hunter2-secret'} as Draft);
		await store.flush();
		expect(await readFile(store.file, 'utf8')).not.toContain('hunter2-secret');
		expect(await store.load()).toEqual(draft('body'));
	});

	it("keeps the composer's Body as HTML (html: true), and reads a draft without it, or with another value, as text", async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		store.save({...draft('<p>hi</p>'), html: true});
		await store.flush();
		expect(await new DraftStore({dir}).load()).toEqual({...draft('<p>hi</p>'), html: true});
		for (const html of [undefined, false, 'yes']) {
			await writeFile(store.file, JSON.stringify({version: 1, draft: {...draft('hi'), html}}));
			expect(await new DraftStore({dir}).load(), String(html)).toEqual(draft('hi'));
		}
	});

	it('uses SMTP_TUI_STATE_DIR when no folder is given', async () => {
		const dir = await tempDir();
		expect(stateDir({SMTP_TUI_STATE_DIR: dir})).toBe(dir);
		expect(new DraftStore({env: {SMTP_TUI_STATE_DIR: dir}}).file).toBe(path.join(dir, 'draft.json'));
	});

	it('sets an unreadable file aside instead of overwriting it', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await writeFile(store.file, '{"version": 1, "draft": {"to": 42');
		const names = () => readdir(dir);
		await expect(store.load()).rejects.toThrow(/^it is not a draft smtp-tui can read; it was kept as .*draft\.json\.unreadable-\d+$/);
		expect(await names()).toHaveLength(1);
		expect((await names())[0]).toMatch(/^draft\.json\.unreadable-\d+$/);
		expect(await store.load()).toBeUndefined();
		expect(await readFile(path.join(dir, (await names())[0]!), 'utf8')).toBe('{"version": 1, "draft": {"to": 42');
	});

	it('a saved draft that cannot be read at all (here a folder: EISDIR) is never written over or deleted in this run', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir, delayMs: 1});
		await mkdir(store.file);
		await writeFile(path.join(store.file, 'inside'), 'theirs');
		await expect(store.load()).rejects.toThrow(new DraftNotSaved(`the saved draft ${store.file} could not be read (that is a folder); it is left as it is`));
		expect(store.notSaved).toBe('the saved draft could not be read');
		store.save(draft('typed here'));
		await store.flush();
		await store.clear();
		expect(await readdir(dir)).toEqual(['draft.json']);
		expect(await readFile(path.join(store.file, 'inside'), 'utf8')).toBe('theirs');
	});

	it('a draft.json that is a link (dotfiles) stays one: saves go to its file, and clear() removes that file only', async () => {
		const dir = await tempDir();
		const dotfiles = path.join(dir, 'dotfiles');
		await mkdir(dotfiles);
		const store = new DraftStore({dir: path.join(dir, 'state')});
		await mkdir(path.dirname(store.file));
		await symlink(path.join(dotfiles, 'draft.json'), store.file);
		store.save(draft('through the link'));
		await store.flush();
		expect((await lstat(store.file)).isSymbolicLink()).toBe(true);
		expect(JSON.parse(await readFile(path.join(dotfiles, 'draft.json'), 'utf8')).draft.body).toBe('through the link');
		await store.clear();
		expect((await lstat(store.file)).isSymbolicLink()).toBe(true);
		expect(await readdir(dotfiles)).toEqual([]);
		expect(await store.load()).toBeUndefined();
		store.save(draft('again'));
		await store.flush();
		expect((await store.load())!.body).toBe('again');
		expect(await readdir(dotfiles)).toEqual(['draft.json']);
	});

	it('clear() drops a pending save and deletes the file', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		store.save(draft('sent'));
		await store.flush();
		store.save(draft('typed after'));
		await store.clear();
		await store.settled();
		expect(await store.load()).toBeUndefined();
	});

	it('a message sent before anything was saved: clear() and flush() with nothing to write or delete do nothing, and fail nothing', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await store.claim();
		await store.flush();
		await store.clear();
		store.save(draft('typed, then sent before its write'));
		await store.clear();
		await store.flush();
		expect(await readdir(dir)).toEqual(['draft.json.lock']);
		await store.release();
	});

	it('reports a failed background write and keeps the draft for flush()', async () => {
		const dir = await tempDir();
		// A file where the folder should be: every write fails.
		await writeFile(path.join(dir, 'blocked'), '');
		const errors: unknown[] = [];
		const store = new DraftStore({dir: path.join(dir, 'blocked'), delayMs: 1, onError: error => errors.push(error)});
		store.save(draft('kept'));
		await vi.waitFor(() => expect(errors).toHaveLength(1));
		await expect(store.flush()).rejects.toThrow();
	});

	describe('timing (fake timers)', () => {
		beforeEach(() => {
			vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		});
		afterEach(() => {
			vi.useRealTimers();
		});

		it('writes a change within 500 ms', async () => {
			const store = new DraftStore({dir: await tempDir()});
			store.save(draft('a'));
			await vi.advanceTimersByTimeAsync(499);
			await store.settled();
			expect(await store.load()).toBeUndefined();
			await vi.advanceTimersByTimeAsync(1);
			await store.settled();
			expect(await store.load()).toEqual(draft('a'));
		});

		it('keeps writing during steady typing (a pure debounce would wait for a pause)', async () => {
			const store = new DraftStore({dir: await tempDir()});
			let typed = '';
			for (let key = 0; key < 20; key++) {
				typed += 'x';
				store.save(draft(typed));
				await vi.advanceTimersByTimeAsync(100);
				await store.settled();
			}
			// 2 s of typing, one key every 100 ms: the file is never more than 500 ms behind.
			const saved = (await store.load())!.body.length;
			expect(saved).toBeGreaterThanOrEqual(typed.length - 5);
		});

		it('waits longer for a big draft: typing into a 4 MB body writes it every ~4 s, not twice a second', async () => {
			const store = new DraftStore({dir: await tempDir()});
			let typed = `${'x'.repeat(79)}\n`.repeat(50_000);
			const saved: number[] = [];
			// 9 s of typing, one key every 100 ms (as QA typed it: 0.5 s saves made 8 writes of 4 MB in 4.5 s).
			for (let key = 0; key < 90; key++) {
				typed += 'k';
				store.save(draft(typed));
				await vi.advanceTimersByTimeAsync(100);
				await store.settled();
				const body = (await readFile(store.file, 'utf8').catch(() => '')).length;
				if (body !== saved.at(-1)) saved.push(body);
			}
			// Nothing, then two writes: a millisecond per thousand characters, here 4 s.
			expect(saved.filter(length => length > 0)).toHaveLength(2);
			expect((await store.load())!.body.length).toBeGreaterThanOrEqual(typed.length - 42);
		});

		it('waits at most 5 s however big the draft, and saveNow() writes at once', async () => {
			const store = new DraftStore({dir: await tempDir()});
			store.save(draft('y'.repeat(8_000_000)));
			await vi.advanceTimersByTimeAsync(4999);
			await store.settled();
			expect(await store.load()).toBeUndefined();
			await vi.advanceTimersByTimeAsync(1);
			await store.settled();
			expect((await store.load())!.body).toHaveLength(8_000_000);
			store.save(draft('z'));
			store.saveNow();
			await store.settled();
			expect((await store.load())!.body).toBe('z');
		});
	});

	it('leaves a whole draft behind when its process is killed with SIGKILL mid-typing', async () => {
		const dir = await tempDir();
		const script = path.join(dir, 'typist.mjs');
		const here = path.dirname(fileURLToPath(import.meta.url));
		// A separate process types big drafts as fast as it can; it is killed at an arbitrary moment.
		await bundleScript(script, `
					import {DraftStore} from './drafts.ts';
					const store = new DraftStore({dir: process.argv[2], delayMs: 1});
					let n = 0;
					const type = () => {
						n++;
						store.save({from: 'a@example.com', to: 'b@example.org', cc: '', bcc: '', subject: String(n), headers: [], body: String(n).repeat(300_000), attachments: []});
						if (n === 3) process.stdout.write('typing\\n');
						setTimeout(type, 1);
					};
					type();
				`, path.join(here, '../../source/message'));
		// Several rounds: each kill lands somewhere else in the write cycle.
		for (let round = 0; round < 3; round++) {
			const child = spawn(process.execPath, [script, dir], {stdio: ['ignore', 'pipe', 'inherit']});
			await new Promise<void>(resolve => child.stdout.on('data', () => resolve()));
			await vi.waitFor(async () => expect((await readdir(dir)).includes('draft.json')).toBe(true));
			child.kill('SIGKILL');
			await new Promise(resolve => child.on('close', resolve));

			const restored = await new DraftStore({dir}).load();
			expect(restored).toBeDefined();
			expect(restored!.body).toBe(restored!.subject.repeat(300_000));
			expect(Number(restored!.subject)).toBeGreaterThan(0);
		}
	});
});
