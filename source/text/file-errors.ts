import {existsSync, readlinkSync, statSync} from 'node:fs';
import path from 'node:path';
import {homeIfAny} from '../message/user-folders.js';
import {errorCode} from '../error-code.js';
// Why a file could not be used, in words: the same wording wherever a path given by the user fails.
const FILE_ERRORS: Record<string, string> = {
	ENOENT: 'no such file',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'that is a folder',
	ENOTDIR: 'a part of the path is a file, not a folder: check the path',
	// Said by writes, but shared: any file smtp-tui writes can meet a full disk or a quota.
	ENOSPC: 'no space left on the disk',
	EDQUOT: 'over the disk quota',
	EFBIG: 'over the file size limit (ulimit -f)',
};

/** For a file to write (--transcript, --record): a missing file is made, so ENOENT is about its folder. */
const WRITE_ERRORS: Record<string, string> = {
	ENOENT: 'its folder does not exist',
	ENOTDIR: 'a file is in the way of its folder',
	EISDIR: 'that is a folder; give a file name',
	EROFS: 'read-only file system',
};

/**
 * Node decodes argv as UTF-8: a byte of a Latin-1 name (`Grüße.txt`) became U+FFFD, and no file has that name,
 * though `ls` shows one. Said for the part of `file` that holds it, instead of "no such file".
 */
function notUtf8Name(file: string | undefined, code: string, part: 'path' | 'folder'): string | undefined {
	if (code !== 'ENOENT' || file === undefined) return undefined;
	const inName = part === 'path' && path.basename(file).includes('\uFFFD');
	if (!inName && !path.dirname(file).includes('\uFFFD')) return undefined;
	return `${inName ? 'the file name' : 'a folder name in the path'} is not valid UTF-8 (U+FFFD stands in for a byte of it), and such a name cannot be passed to smtp-tui: rename it (e.g. convmv -f latin1 -t utf-8 --notest NAME, or mv)`;
}

/**
 * ENOTDIR: a part of the path before the last is a file (`--data @/etc/passwd/x`). The file is named, so the user
 * sees which part to change.
 */
function fileInTheWay(file: string | undefined, code: string): string | undefined {
	if (code !== 'ENOTDIR' || file === undefined) return undefined;
	for (let part = path.dirname(file); part !== path.dirname(part); part = path.dirname(part)) {
		try {
			if (statSync(part).isFile()) return `${part} is a file, not a folder: check the path`;
		} catch {
			// Not there or not reachable: an earlier part is the file.
		}
	}
	return undefined;
}

/**
 * `--ca=~/ca.pem`: the shell expands ~ only at a word's start, so the `~` reached us as a folder name and was made
 * relative to the working folder. When the file is there under the home folder, that is said, with the fix.
 */
function unexpandedTilde(file: string | undefined, code: string): string | undefined {
	if (code !== 'ENOENT' || file === undefined) return undefined;
	const home = homeIfAny();
	const meant = home === undefined ? undefined : tildeMeant(file, home, process.cwd());
	if (meant === undefined || !existsSync(meant)) return undefined;
	// On Windows that shell may be cmd, which never expands ~, or PowerShell: both fixes are named.
	const instead = process.platform === 'win32' ? 'the shell passed ~ on as typed: write $HOME in PowerShell, %USERPROFILE% in cmd' : 'the shell expands ~ only at the start of a word, not after "=" or "@": write $HOME instead';
	return `no such file; did you mean ${meant}? (${instead})`;
}

/**
 * The file in `home` that `file` meant, when it starts with a folder named ~ (`~/ca.pem`, `./~/ca.pem`; on Windows
 * `~\ca.pem` too, as either slash separates there); else undefined.
 */
export function tildeMeant(file: string, home: string, cwd: string, paths: path.PlatformPath = path): string | undefined {
	const parts = file.split(paths.sep === '\\' ? /[\\/]/ : paths.sep);
	const at = parts.indexOf('~');
	if (at === -1 || (at > 0 && paths.resolve(parts.slice(0, at).join(paths.sep) || paths.sep) !== cwd)) return undefined;
	return paths.join(home, ...parts.slice(at + 1));
}

/** The path an fs error names, when the caller gives none: Node's fs errors carry it. */
const pathOf = (error: unknown): string | undefined => {
	const where = (error as NodeJS.ErrnoException | undefined)?.path;
	return typeof where === 'string' ? where : undefined;
};

/** The code in words: `words` first, for what a kind of file needs said otherwise; else the code itself. */
function inWords(error: unknown, words: Record<string, string>): string {
	const code = errorCode(error) ?? '';
	return words[code] ?? FILE_ERRORS[code] ?? (code || (error instanceof Error ? error.message : String(error)));
}

/**
 * Why a file to read cannot be. `file`: the path as the user gave it (default: the one the error names), so that a
 * name that is not UTF-8 is said to be one.
 */
export function describeFileError(error: unknown, file?: string): string {
	const given = file ?? pathOf(error);
	const code = errorCode(error) ?? '';
	return notUtf8Name(given, code, 'path') ?? unexpandedTilde(given, code) ?? fileInTheWay(given, code) ?? inWords(error, {});
}

/**
 * Why a file to write (--transcript, --record) cannot be. It is made when missing, so ENOENT is about its folder:
 * one whose name is not UTF-8, or a link's target folder, is named.
 */
export function describeWriteError(file: string, error: unknown): string {
	const code = errorCode(error) ?? '';
	const notUtf8 = notUtf8Name(file, code, 'folder');
	if (notUtf8) return notUtf8;
	const words = inWords(error, WRITE_ERRORS);
	if (code !== 'ENOENT') return words;
	try {
		return `it is a link to ${readlinkSync(file)}, and ${words}`;
	} catch {
		return words;
	}
}
