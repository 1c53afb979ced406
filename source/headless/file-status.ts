// A file's status without throwing: what a flag names may be missing, a dangling link or behind a folder not searchable.
import {statSync, type BigIntStats} from 'node:fs';

/** The file's status, links followed; undefined when there is none (missing, a dangling link, a folder not searchable). */
export function statOf(file: string): BigIntStats | undefined {
	try {
		return statSync(file, {bigint: true});
	} catch {
		return undefined;
	}
}
