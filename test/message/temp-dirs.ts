// Fresh temp folders for a test file, removed after its tests: nothing touches the real home or config folders.
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll} from 'vitest';

/** Returns a function making a new empty folder per call; all of them go when the file's tests end. */
export function useTempDirs(prefix: string): () => Promise<string> {
	const folders: string[] = [];
	afterAll(async () => {
		await Promise.all(folders.map(dir => rm(dir, {recursive: true, force: true})));
	});
	return async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), `smtp-tui-${prefix}-`));
		folders.push(dir);
		return dir;
	};
}
