import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SmtpDriver} from '../../source/session/driver.js';
import {notSaved, saveTranscript} from '../../source/ui/transcript-action.js';

describe('Ctrl+O transcript files', () => {
	it('never replace one another, even within the same second', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-transcripts-'));
		const driver = new SmtpDriver({host: '127.0.0.1', port: 2525, tls: 'none', ehloName: 'client.test'});
		const date = new Date('2026-12-02T08:00:00.123Z');
		expect(await saveTranscript(driver, {format: 'text', dir}, date)).toBe('nothing to save yet: the log is empty');
		driver.info('one line');
		const first = await saveTranscript(driver, {format: 'text', dir}, date);
		const second = await saveTranscript(driver, {format: 'text', dir}, date);
		expect(first).toBe(`transcript saved: ${path.join(dir, 'smtp-tui-2026-12-02T08-00-00Z.txt')}`);
		expect(second).toBe(`transcript saved: ${path.join(dir, 'smtp-tui-2026-12-02T08-00-00Z-2.txt')}`);
		expect(readdirSync(dir).sort()).toEqual(['smtp-tui-2026-12-02T08-00-00Z-2.txt', 'smtp-tui-2026-12-02T08-00-00Z.txt']);
	});

	it('saved at once by two dashboards in one folder (two panes), within the same second, keeps both', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-transcripts-'));
		const date = new Date('2026-12-02T08:00:00.123Z');
		const pane = (line: string) => {
			const driver = new SmtpDriver({host: '127.0.0.1', port: 2525, tls: 'none', ehloName: 'client.test'});
			driver.info(line);
			return saveTranscript(driver, {format: 'text', dir}, date);
		};
		// Both look for a free name before either file is there.
		const saved = await Promise.all([pane('the first pane'), pane('the second pane')]);
		expect(saved.sort()).toEqual([`transcript saved: ${path.join(dir, 'smtp-tui-2026-12-02T08-00-00Z-2.txt')}`, `transcript saved: ${path.join(dir, 'smtp-tui-2026-12-02T08-00-00Z.txt')}`]);
		const texts = readdirSync(dir).map(name => readFileSync(path.join(dir, name), 'utf8'));
		expect(texts.filter(text => text.includes('the first pane'))).toHaveLength(1);
		expect(texts.filter(text => text.includes('the second pane'))).toHaveLength(1);
	});

	it('in a start folder that cannot take it, goes to the home folder, else the temp folder, and says where and why', async () => {
		const driver = new SmtpDriver({host: '127.0.0.1', port: 2525, tls: 'none', ehloName: 'client.test'});
		driver.info('one line');
		const date = new Date('2026-12-02T08:00:00.123Z');
		// A file where the folder should be: nothing can be made in it (as root too, unlike a read-only folder).
		const blocked = (name: string) => {
			const where = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-transcripts-')), name);
			writeFileSync(where, '');
			return where;
		};
		const start = blocked('start');
		const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-home-'));
		const saved = (dir: string) => path.join(dir, 'smtp-tui-2026-12-02T08-00-00Z.md');
		const inWords = 'a file is in the way of its folder';
		const toHome = await saveTranscript(driver, {format: 'md', dir: start, fallbacks: [{dir: home, name: 'your home folder'}, {dir: os.tmpdir(), name: 'the temp folder'}]}, date);
		expect(toHome).toBe(`transcript saved in your home folder: ${saved(home)} (not in ${start}: ${inWords})`);
		expect(readdirSync(home)).toEqual([path.basename(saved(home))]);
		const temp = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-temp-'));
		const badHome = blocked('home');
		const toTemp = await saveTranscript(driver, {format: 'md', dir: start, fallbacks: [{dir: badHome, name: 'your home folder'}, {dir: temp, name: 'the temp folder'}]}, date);
		expect(toTemp).toBe(`transcript saved in the temp folder: ${saved(temp)} (not in ${start}: ${inWords}; ${badHome}: ${inWords})`);
		// Said of each folder, not of the temporary file the write went through; the session is still there to save.
		const badTemp = blocked('temp');
		const none = await saveTranscript(driver, {format: 'md', dir: start, fallbacks: [{dir: badHome, name: 'your home folder'}, {dir: badTemp, name: 'the temp folder'}]}, date);
		expect(none).toBe(`transcript not saved in ${start}, ${badHome} or ${badTemp}: ${inWords}; the session stays in the log: Ctrl+O tries again`);
		expect(none).not.toContain('.tmp');
	});

	it('by default falls back to the home folder (HOME)', async () => {
		const driver = new SmtpDriver({host: '127.0.0.1', port: 2525, tls: 'none', ehloName: 'client.test'});
		driver.info('one line');
		const start = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-transcripts-')), 'start');
		writeFileSync(start, '');
		const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-home-'));
		const saved = process.env.HOME;
		process.env.HOME = home;
		try {
			expect(await saveTranscript(driver, {format: 'text', dir: start})).toMatch(new RegExp(`^transcript saved in your home folder: ${home}/smtp-tui-[^/]+\\.txt \\(not in ${start}: `));
		} finally {
			process.env.HOME = saved;
		}
	});

	it('names each folder with its own reason when they differ (a full disk here, no permission there)', () => {
		expect(notSaved([
			{dir: '/work', reason: 'no space left on the disk'},
			{dir: '/home/me', reason: 'no space left on the disk'},
			{dir: '/tmp', reason: 'over the disk quota'},
		])).toBe('transcript not saved in /work: no space left on the disk; nor in /home/me: no space left on the disk; nor in /tmp: over the disk quota; the session stays in the log: Ctrl+O tries again');
	});
});
