// One dashboard keeps the draft (a lock file beside it names its pid); attachments are saved as absolute paths.
import {spawn} from 'node:child_process';
import {readdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bundleScript} from '../helpers/bundle-script.js';
import {describe, expect, it, vi} from 'vitest';
import {deadPid} from '../helpers/dead-pid.js';
import {DraftStore, type Draft} from '../../source/message/drafts.js';
import {bootTimeMs} from '../../source/message/lock-file.js';
import {useTempDirs} from './temp-dirs.js';

const draft = (body: string, attachments: string[] = []): Draft => ({from: 'me@example.com', to: 'you@example.org', cc: '', bcc: '', subject: 's', headers: [], body, attachments});

const tempDir = useTempDirs('drafts-lock');

describe('DraftStore: one dashboard keeps the draft', () => {
	it('a second store finds the draft kept: it restores it, but never writes or deletes it', async () => {
		const dir = await tempDir();
		const first = new DraftStore({dir});
		expect(await first.claim()).toEqual({owner: true});
		first.save(draft('the first one typed this'));
		await first.flush();
		expect(JSON.parse(await readFile(first.lockFile, 'utf8'))).toMatchObject({pid: process.pid, host: os.hostname()});

		const second = new DraftStore({dir});
		expect(await second.claim()).toEqual({owner: false, pid: process.pid});
		expect(second.owner).toBe(false);
		expect((await second.load())!.body).toBe('the first one typed this');
		second.save(draft('the second one typed this'));
		await second.flush();
		await second.clear();
		expect((await first.load())!.body).toBe('the first one typed this');

		// Released on exit: the next dashboard keeps it.
		await first.release();
		await second.release();
		expect(await readdir(dir)).toEqual(['draft.json']);
		const third = new DraftStore({dir});
		expect(await third.claim()).toEqual({owner: true});
		await third.release();
	});

	it('takes over a lock whose process is gone (a crash, kill -9), and one an earlier process with our pid left', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await writeFile(store.lockFile, `${JSON.stringify({pid: await deadPid(), host: os.hostname(), id: 'old'})}\n`);
		expect(await store.claim()).toEqual({owner: true});
		store.save(draft('saved'));
		await store.flush();
		expect((await store.load())!.body).toBe('saved');
		await store.release();
		// In a container a dashboard often gets the same pid each run: that lock is no live process's.
		const again = new DraftStore({dir});
		await writeFile(again.lockFile, `${JSON.stringify({pid: process.pid, host: os.hostname(), id: 'earlier run'})}\n`);
		expect(await again.claim()).toEqual({owner: true});
		await again.release();
		expect(await readdir(dir)).toEqual(['draft.json']);
	});

	it('takes over a lock that names a pid but no host (no machine but this one) once that process is gone', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await writeFile(store.lockFile, `${JSON.stringify({pid: await deadPid()})}\n`);
		expect(await store.claim()).toEqual({owner: true});
		await store.release();
	});

	it('an empty lock (its writer crashed before it wrote) is left alone while it may still be written, and taken over after', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await writeFile(store.lockFile, '');
		expect(await store.claim()).toEqual({owner: false});
		const old = new Date(Date.now() - 60_000);
		await utimes(store.lockFile, old, old);
		expect(await store.claim()).toEqual({owner: true});
		await store.release();
	});

	it('a lock deleted by hand while the dashboard runs: its saves go on, and nothing says the draft was taken over', async () => {
		const dir = await tempDir();
		const errors: unknown[] = [];
		const store = new DraftStore({dir, onError: error => errors.push(error)});
		expect(await store.claim()).toEqual({owner: true});
		await rm(store.lockFile);
		store.save(draft('still saved'));
		await store.flush();
		expect((await store.load())!.body).toBe('still saved');
		expect(store.owner).toBe(true);
		expect(errors).toEqual([]);
		await store.release();
	});

	it("leaves another machine's recent lock alone (its pid means nothing here) and names that machine and the lock", async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await writeFile(store.lockFile, `${JSON.stringify({pid: await deadPid(), host: 'elsewhere.example', id: 'x'})}\n`);
		expect(await store.claim()).toEqual({owner: false, pid: expect.any(Number), host: 'elsewhere.example', lock: store.lockFile});
	});

	it("takes over another machine's lock untouched for over half an hour (a container gone with its host name)", async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		await writeFile(store.lockFile, `${JSON.stringify({pid: 4242, host: '3f2a9c1b7e0d', id: 'x'})}\n`);
		const old = new Date(Date.now() - 31 * 60_000);
		await utimes(store.lockFile, old, old);
		expect(await store.claim()).toEqual({owner: true});
		expect(JSON.parse(await readFile(store.lockFile, 'utf8'))).toMatchObject({pid: process.pid, host: os.hostname()});
		await store.release();
	});

	it('takes over a lock of this machine untouched for over half an hour, though its pid now names a running process (Windows reuses pids fast)', async () => {
		const dir = await tempDir();
		const store = new DraftStore({dir});
		// The test runner's parent: running, and no smtp-tui.
		await writeFile(store.lockFile, `${JSON.stringify({pid: process.ppid, host: os.hostname(), id: 'killed dashboard'})}\n`);
		const recent = new DraftStore({dir});
		expect(await recent.claim()).toEqual({owner: false, pid: process.ppid});
		const old = new Date(Date.now() - 31 * 60_000);
		await utimes(store.lockFile, old, old);
		expect(await store.claim()).toEqual({owner: true});
		expect(JSON.parse(await readFile(store.lockFile, 'utf8'))).toMatchObject({pid: process.pid, host: os.hostname()});
		await store.release();
	});

	it('a dashboard keeping the draft touches its lock every ten minutes, so that other machines see it still runs', async () => {
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval']});
		try {
			const dir = await tempDir();
			const store = new DraftStore({dir});
			expect(await store.claim()).toEqual({owner: true});
			const old = new Date(Date.now() - 20 * 60_000);
			await utimes(store.lockFile, old, old);
			vi.advanceTimersByTime(10 * 60_000);
			await vi.waitFor(async () => expect(Date.now() - (await stat(store.lockFile)).mtimeMs).toBeLessThan(60_000));
			await store.release();
		} finally {
			vi.useRealTimers();
		}
	});

	it('a keeper whose lock was taken over finds out at its next save, before it writes (a laptop asleep: timers do not count the sleep)', async () => {
		const dir = await tempDir();
		const errors: unknown[] = [];
		const store = new DraftStore({dir, delayMs: 1, onError: error => errors.push(error)});
		expect(await store.claim()).toEqual({owner: true});
		await writeFile(path.join(dir, 'draft.json'), 'THEIR DRAFT');
		await writeFile(store.lockFile, `${JSON.stringify({pid: 7, host: 'elsewhere.example', id: 'theirs'})}\n`);
		store.save(draft('typed here after waking'));
		await store.flush();
		expect(await readFile(path.join(dir, 'draft.json'), 'utf8')).toBe('THEIR DRAFT');
		expect(store.owner).toBe(false);
		expect(errors.map(String)).toEqual([expect.stringContaining('took the saved draft over')]);
	});

	it('a keeper whose lock was taken over meanwhile (stopped past the half hour) stops saving, and says so', async () => {
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval']});
		try {
			const dir = await tempDir();
			const errors: unknown[] = [];
			const store = new DraftStore({dir, delayMs: 1, onError: error => errors.push(error)});
			expect(await store.claim()).toEqual({owner: true});
			// Another machine took it over while this process was stopped.
			await writeFile(store.lockFile, `${JSON.stringify({pid: 7, host: 'elsewhere.example', id: 'theirs'})}\n`);
			vi.advanceTimersByTime(10 * 60_000);
			await vi.waitFor(() => expect(errors).toHaveLength(1));
			expect(String(errors[0])).toContain('another smtp-tui on elsewhere.example took the saved draft over while this one was stopped: edits here are not saved until that one quits');
			expect(store.owner).toBe(false);
			store.save(draft('typed after the take-over'));
			await store.flush();
			await expect(readFile(path.join(dir, 'draft.json'), 'utf8')).rejects.toThrow(/ENOENT/);
			// Their lock stays as it is.
			expect(await readFile(store.lockFile, 'utf8')).toContain('theirs');
		} finally {
			vi.useRealTimers();
		}
	});

	it('two processes: the second dashboard does not save while the first runs, and keeps the draft once it is killed', async () => {
		const dir = await tempDir();
		const script = path.join(dir, 'holder.mjs');
		const here = path.dirname(fileURLToPath(import.meta.url));
		await bundleScript(script, `
					import {DraftStore} from './drafts.ts';
					const store = new DraftStore({dir: process.argv[2], delayMs: 1});
					const claim = await store.claim();
					store.save({from: 'a@example.com', to: 'b@example.org', cc: '', bcc: '', subject: 'first', headers: [], body: 'the first dashboard', attachments: []});
					await store.flush();
					process.stdout.write(JSON.stringify(claim) + '\\n');
					setInterval(() => {}, 1000);
				`, path.join(here, '../../source/message'));
		const child = spawn(process.execPath, [script, dir], {stdio: ['ignore', 'pipe', 'inherit']});
		const said = await new Promise<string>(resolve => child.stdout.once('data', data => resolve(String(data))));
		expect(JSON.parse(said)).toEqual({owner: true});

		const second = new DraftStore({dir});
		expect(await second.claim()).toEqual({owner: false, pid: child.pid});
		second.save(draft('the second dashboard'));
		await second.flush();
		expect((await second.load())!.body).toBe('the first dashboard');

		child.kill('SIGKILL');
		await new Promise(resolve => child.on('close', resolve));
		// The second one, still running, takes it over when asked again (the quit question asks first): what it kept
		// pending is written at its next save, or as it quits.
		await second.recheck();
		expect(second.owner).toBe(true);
		await second.flush();
		expect((await second.load())!.body).toBe('the second dashboard');
		await second.release();
	});

	it('a second store takes the draft over once the first quits: its edits typed meanwhile are written then, and it says so', async () => {
		const dir = await tempDir();
		const first = new DraftStore({dir});
		await first.claim();
		first.save(draft('the first one typed this'));
		await first.flush();
		const again: string[] = [];
		const second = new DraftStore({dir, delayMs: 1, onSavedAgain: after => again.push(after)});
		expect(await second.claim()).toMatchObject({owner: false});
		second.save(draft('the second one typed this'));
		await second.flush();
		expect((await first.load())!.body).toBe('the first one typed this');
		expect(second.notSaved).toBe('another smtp-tui keeps the draft');
		await first.release();
		// Its next write takes the lock, free now, as claim() does at start, then writes what was typed.
		await second.flush();
		expect(second.owner).toBe(true);
		expect(second.notSaved).toBeUndefined();
		expect(again).toEqual(['owner']);
		expect((await second.load())!.body).toBe('the second one typed this');
		expect(JSON.parse(await readFile(second.lockFile, 'utf8'))).toMatchObject({pid: process.pid});
		second.save(draft('and more'));
		await second.flush();
		expect((await second.load())!.body).toBe('and more');
		expect(again).toEqual(['owner']);
		await second.release();
	});

	it('each store taking the draft over keeps aside a draft the one before left, when it is not the one it restored', async () => {
		const dir = await tempDir();
		const first = new DraftStore({dir, delayMs: 1});
		await first.claim();
		first.save(draft('as all three restored it'));
		await first.flush();
		const kept: Array<string | undefined> = [];
		const later = () => new DraftStore({dir, delayMs: 1, onSavedAgain: (_after, keptAs) => kept.push(keptAs)});
		const [second, third] = [later(), later()];
		for (const store of [second, third]) {
			expect(await store.claim()).toMatchObject({owner: false});
			expect((await store.load())!.body).toBe('as all three restored it');
		}
		first.save(draft('the first pane typed on'));
		await first.flush();
		await first.release();
		second.save(draft('the second pane'));
		await second.flush();
		expect(kept).toHaveLength(1);
		expect(path.basename(kept[0]!)).toMatch(/^draft\.json\.other-\d+$/);
		expect((JSON.parse(await readFile(kept[0]!, 'utf8')) as {draft: Draft}).draft.body).toBe('the first pane typed on');
		expect((await stat(kept[0]!)).mode & 0o777).toBe(0o600);
		await second.release();
		// The third restored the first's draft too: the second's, written since, is set aside in turn.
		third.save(draft('the third pane'));
		await third.flush();
		expect(kept).toHaveLength(2);
		expect((JSON.parse(await readFile(kept[1]!, 'utf8')) as {draft: Draft}).draft.body).toBe('the second pane');
		expect((await third.load())!.body).toBe('the third pane');
		await third.release();
	});

	it.runIf(process.platform === 'linux')('takes over at once a lock written before this machine started, though its pid names a running program now (a reboot)', async () => {
		const boot = bootTimeMs()!;
		expect(boot).toBeGreaterThan(0);
		const dir = await tempDir();
		const store = new DraftStore({dir});
		// The test runner's parent: running, and no smtp-tui. Written a minute before the boot, ten minutes ago.
		await writeFile(store.lockFile, `${JSON.stringify({pid: process.ppid, host: os.hostname(), id: 'before the reboot'})}\n`);
		const before = new Date(boot - 60_000);
		await utimes(store.lockFile, before, before);
		vi.useFakeTimers({toFake: ['Date']});
		try {
			vi.setSystemTime(boot + 10 * 60_000);
			expect(await store.claim()).toEqual({owner: true});
		} finally {
			vi.useRealTimers();
		}
		await store.release();
	});
});

describe('DraftStore: attachment paths', () => {
	it('saves a relative path as the absolute path it meant where it was typed; ~/ and absolute paths stay', async () => {
		const dir = await tempDir();
		const typedIn = path.join(dir, 'project');
		const store = new DraftStore({dir, cwd: typedIn});
		store.save(draft('b', ['notes.txt', 'sub/../report.pdf', '~/home.txt', '/srv/shared/plan.odt']));
		await store.flush();
		// Restored from another folder, it still names the same files.
		expect((await new DraftStore({dir, cwd: os.tmpdir()}).load())!.attachments).toEqual([
			path.join(typedIn, 'notes.txt'),
			path.join(typedIn, 'report.pdf'),
			'~/home.txt',
			'/srv/shared/plan.odt',
		]);
	});
});
