// Where an output (--transcript, --record) would write, refused before anything is written when that is an input,
// another output, smtp-tui's own file, another user's file, or a link another user planted.
import {lstatSync, readlinkSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {UsageError} from './command.js';
import {configDir} from '../message/profiles.js';
import {stateDir} from '../message/drafts.js';
import {unlessNoHome} from '../message/user-folders.js';
import {defaultCertificateDir} from '../sandbox/settings.js';
import {statOf} from './file-status.js';

/**
 * `-` is standard input for --body and --data, but an output named so would make a file called "-": refused,
 * saying where the output goes instead (send's transcript is on standard output already; the dashboard's screen
 * is there). Shared by send and the dashboard.
 */
export function refuseDashOutputs(flags: Record<string, unknown>): void {
	const file = 'a file named "-" is ./-';
	if (flags.transcript === '-') {
		throw new UsageError('--transcript -: the transcript is on standard output already', `leave --transcript out (--json prints it as JSON lines there), add --transcript-format md to print the Markdown there instead, or give a file name to keep a copy (${file})`);
	}
	if (flags.record === '-') throw new UsageError('--record -: a recording goes to a file, for "smtp-tui replay FILE" to play', `give a file name, e.g. --record session.jsonl (${file})`);
}

/** A path named by a flag, for the messages: `--body` and the path as typed. */
export type FlagPath = {flag: string; file: string};

/**
 * A symlink on the way to `file` made by someone other than you or root (in /tmp, a shared folder): it leads where
 * they chose, to one of your files or to a new one of theirs (a dangling link), as Linux's fs.protected_symlinks
 * refuses. Every link is checked: the last one, one in a chain behind your own, one for a folder on the path. Root's
 * own links (/dev/stdout) are followed.
 */
export function plantedLink(file: string, uid: bigint): boolean {
	const absolute = path.resolve(file);
	let pending = absolute.split(path.sep).filter(Boolean);
	let current = path.parse(absolute).root;
	for (let hops = 0; pending.length > 0; ) {
		const next = path.join(current, pending.shift()!);
		let link;
		try {
			link = lstatSync(next, {bigint: true});
		} catch {
			// Not there yet: what is left is made by us, under a folder checked up to here.
			return false;
		}
		if (!link.isSymbolicLink()) {
			current = next;
			continue;
		}
		if (link.uid !== uid && link.uid !== 0n) return true;
		// A loop: opening it fails on its own (ELOOP).
		if (++hops > 40) return false;
		const target = readlinkSync(next);
		if (path.isAbsolute(target)) current = path.parse(target).root;
		pending = [...target.split(path.sep).filter(Boolean), ...pending];
	}
	return false;
}

/** Device and inode of an existing regular file: the same for hard links, symlinks, `./x` and `x`. */
const inode = (file: string) => {
	const info = statOf(file);
	return info?.isFile() ? `${info.dev}:${info.ino}` : undefined;
};

/** Where a file that does not exist yet will be made: absolute, with links in its folder (and a dangling link) followed. */
export function plannedPath(file: string, hops = 0): string {
	const absolute = path.resolve(file);
	try {
		if (hops < 40 && lstatSync(absolute).isSymbolicLink()) return plannedPath(path.resolve(path.dirname(absolute), readlinkSync(absolute)), hops + 1);
	} catch {
		// Nothing there (the usual case): the path is made as it is.
	}
	try {
		return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
	} catch {
		return absolute;
	}
}

/**
 * What an output will write into. Undefined for what exists but is not a regular file: /dev/null may take every
 * output, and a folder is refused when it is opened.
 */
function outputIdentity(file: string): string | undefined {
	return statOf(file) ? inode(file) : plannedPath(file);
}

/** `--body precious.txt`, or `--body ./precious.txt` when the other flag spelt it otherwise. */
const alsoThe = (output: FlagPath, other: FlagPath) => `${output.flag} ${output.file} is also the ${other.flag} file${other.file === output.file ? '' : ` ${other.file}`}`;

/**
 * The files smtp-tui itself keeps (profiles, the draft, the sandbox's certificate): never an output, whatever the command. A recording
 * written over profiles.json lost every profile.
 */
export function ownFiles(env: NodeJS.ProcessEnv): FlagPath[] {
	// Without a home folder (and no SMTP_TUI_*_DIR) smtp-tui keeps no file there: none to protect.
	const inFolder = (folder: () => string, files: Array<[flag: string, name: string]>): FlagPath[] => {
		const dir = unlessNoHome(folder);
		return dir === undefined ? [] : files.map(([flag, name]) => ({flag, file: path.join(dir, name)}));
	};
	return [
		...inFolder(() => configDir(env), [['profiles', 'profiles.json']]),
		...inFolder(() => stateDir(env), [
			['draft', 'draft.json'],
			['draft lock', 'draft.json.lock'],
		]),
		// The sandbox's kept certificate: overwritten, the next start makes another, and every client that trusts it
		// (a workshop's slides, students' --ca) is refused.
		...inFolder(() => defaultCertificateDir(env), [
			['sandbox certificate', 'certificate.pem'],
			['sandbox private key', 'private-key.pem'],
		]),
	];
}

/**
 * Outputs are emptied when opened, before the message is read: one that is also an input would send an empty or
 * broken message and lose the file; two outputs on one file would interleave. Refused before anything is written.
 */
export function refuseSharedFiles(outputs: readonly FlagPath[], inputs: readonly FlagPath[]): void {
	for (const [index, output] of outputs.entries()) {
		const writes = outputIdentity(output.file);
		if (writes === undefined) continue;
		const input = inputs.find(candidate => inode(candidate.file) === writes);
		const instead = `write the ${output.flag === '--record' ? 'recording' : 'transcript'} to another file`;
		// Emptied and rewritten in place, another user's file would keep their permissions (world-readable, say)
		// while holding your addresses and mail; through a symlink too, which statOf follows.
		const info = statOf(output.file);
		if (info !== undefined && process.getuid && info.uid !== BigInt(process.getuid())) {
			throw new UsageError(`${output.flag} ${output.file} belongs to another user: it would be overwritten, and keep their permissions`, instead);
		}
		if (process.getuid && plantedLink(output.file, BigInt(process.getuid()))) {
			throw new UsageError(`${output.flag} ${output.file} goes through a link another user made: writing through it would overwrite, or make, a file where they chose`, instead);
		}
		if (input && !input.flag.startsWith('--')) throw new UsageError(`${output.flag} ${output.file} is smtp-tui's ${input.flag} file: it would be overwritten`, instead);
		if (input) {
			// --ca, --cert and --key are read already, but would still be lost.
			const when = ['--ca', '--cert', '--key'].includes(input.flag) ? '' : ' before it is read';
			throw new UsageError(`${alsoThe(output, input)}: it would be overwritten${when}`, instead);
		}
		const other = outputs.slice(0, index).find(candidate => outputIdentity(candidate.file) === writes);
		if (other) throw new UsageError(`${alsoThe(output, other)}: both would write into it`, 'give each its own file');
		// Another name of the file (a hard link) would be rewritten with it: where links are not protected (macOS, Linux
		// without fs.protected_hardlinks), another user can link a file of yours into /tmp under the name given here.
		if (info?.isFile() && info.nlink > 1n) {
			throw new UsageError(`${output.flag} ${output.file} has other names (${info.nlink} hard links): rewriting it would change the file under each of them`, `${instead}, or remove this name first`);
		}
	}
}
