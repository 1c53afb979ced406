// makeDirectory is mkdir -p that always returns: it must make deep paths, keep existing ones, and fail (not hang)
// where a folder cannot be made.
import {existsSync} from 'node:fs';
import {stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {makeDirectory} from '../../source/message/make-directory.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('make-directory');

describe('makeDirectory', () => {
	it('makes every missing level, each with the mode given', async () => {
		const base = await tempDir();
		const deep = path.join(base, 'a', 'b', 'c');
		await makeDirectory(deep, 0o700);
		expect((await stat(deep)).isDirectory()).toBe(true);
		expect((await stat(path.join(base, 'a'))).mode & 0o777).toBe(0o700);
	});

	it('accepts a folder that is already there, and a relative path', async () => {
		const base = await tempDir();
		await makeDirectory(base);
		const cwd = process.cwd();
		process.chdir(base);
		try {
			await makeDirectory(path.join('x', 'y'));
		} finally {
			process.chdir(cwd);
		}
		expect(existsSync(path.join(base, 'x', 'y'))).toBe(true);
	});

	it('names the file in the way', async () => {
		const base = await tempDir();
		await writeFile(path.join(base, 'file'), '');
		await expect(makeDirectory(path.join(base, 'file', 'sub'))).rejects.toMatchObject({code: 'ENOTDIR', path: path.join(base, 'file')});
	});

	it.runIf(process.platform === 'linux')('fails under /proc instead of hanging as Node\'s recursive mkdir does', async () => {
		await expect(makeDirectory('/proc/smtp-tui-test/inbox')).rejects.toMatchObject({path: '/proc/smtp-tui-test'});
	});
});
