import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SmtpDriver} from '../../source/session/driver.js';
import {saveTranscript} from '../../source/ui/transcript-action.js';

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

	it('says why a folder cannot take one, naming the folder, not a temporary file', async () => {
		const driver = new SmtpDriver({host: '127.0.0.1', port: 2525, tls: 'none', ehloName: 'client.test'});
		driver.info('one line');
		// A file where the folder should be: nothing can be made in it.
		const missing = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-transcripts-')), 'a-file');
		writeFileSync(missing, '');
		const said = await saveTranscript(driver, {format: 'md', dir: missing});
		expect(said.startsWith(`transcript not saved in ${missing}: `)).toBe(true);
		expect(said).toMatch(/; start smtp-tui in a folder you can write to$/);
		expect(said).not.toContain('.tmp');
	});
});
