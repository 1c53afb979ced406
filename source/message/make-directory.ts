// `mkdir -p`, one level at a time. Node's own recursive mkdir never returns for a path under /proc (mkdir there
// fails with ENOENT although the parent exists, and Node retries for ever): `serve --save-dir /proc/x` hung.
import type {Stats} from 'node:fs';
import {mkdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {giveTo, heirOf} from './folder-owner.js';

/**
 * Creates `dir` and any missing parent (each with `mode`); the first failure is thrown as mkdir reports it. As root,
 * the folders made go to the owner of the nearest one that was there (see heirOf).
 */
export async function makeDirectory(dir: string, mode?: number): Promise<void> {
	const missing: string[] = [];
	let found: Stats;
	for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
		try {
			found = await stat(folder);
		} catch (error) {
			// ENOTDIR: a file further up is in the way; going up finds it, to name it.
			const code = (error as NodeJS.ErrnoException).code;
			if ((code !== 'ENOENT' && code !== 'ENOTDIR') || path.dirname(folder) === folder) throw error;
			missing.push(folder);
			continue;
		}
		if (found.isDirectory()) break;
		throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${folder}'`), {code: 'ENOTDIR', path: folder});
	}
	const owner = heirOf(found);
	for (const folder of missing.reverse()) {
		try {
			await mkdir(folder, mode === undefined ? {} : {mode});
		} catch (error) {
			// Another process made it meanwhile: fine, as with mkdir -p (and not ours to give away).
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			continue;
		}
		await giveTo(folder, owner);
	}
}
