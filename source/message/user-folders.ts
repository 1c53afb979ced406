// The per-user folders smtp-tui keeps files in, for the name "smtp-tui" as env-paths names them (XDG on Linux and
// other Unix, ~/Library on macOS, %APPDATA% and %LOCALAPPDATA% on Windows), worked out only when asked: a user id
// with no passwd entry and HOME unset has no home folder (os.homedir() throws), and then only what needs one fails,
// with a NoHomeFolder that says so, not every command as it loads.
import os from 'node:os';
import path from 'node:path';

type FolderKind = 'config' | 'data' | 'cache';

const NAME = 'smtp-tui';

/** There is no home folder to keep files in: HOME is unset (or not absolute) and the passwd file has no entry. */
export class NoHomeFolder extends Error {
	override name = 'NoHomeFolder';
}

function noHome(): NoHomeFolder {
	if (process.platform === 'win32') return new NoHomeFolder('USERPROFILE is not set, so there is no home folder');
	return new NoHomeFolder(`HOME is not set, and user id ${process.getuid?.()} has no passwd entry, so there is no home folder`);
}

/** The home folder as os.homedir() finds it (HOME, else the passwd entry); a NoHomeFolder when there is none. */
export function homeFolder(): string {
	let home: string;
	try {
		home = os.homedir();
	} catch {
		throw noHome();
	}
	// HOME may be kept empty or relative for a user with no passwd entry: a folder under the current one is no home.
	if (!path.isAbsolute(home)) throw noHome();
	return home;
}

/** An absolute value of `name`, else undefined: the XDG spec says to ignore a relative one. */
const absolute = (env: NodeJS.ProcessEnv, name: string) => (env[name] && path.isAbsolute(env[name]) ? env[name] : undefined);

const LINUX: Record<FolderKind, [variable: string, under: string[]]> = {
	config: ['XDG_CONFIG_HOME', ['.config']],
	data: ['XDG_DATA_HOME', ['.local', 'share']],
	cache: ['XDG_CACHE_HOME', ['.cache']],
};

const MACOS: Record<FolderKind, string> = {config: 'Preferences', data: 'Application Support', cache: 'Caches'};

const WINDOWS: Record<FolderKind, [variable: string, under: string, last: string]> = {
	config: ['APPDATA', 'Roaming', 'Config'],
	data: ['LOCALAPPDATA', 'Local', 'Data'],
	cache: ['LOCALAPPDATA', 'Local', 'Cache'],
};

/** smtp-tui's config, data or cache folder (e.g. ~/.config/smtp-tui); a NoHomeFolder when it needs a home there is not. */
export function userFolder(kind: FolderKind, env: NodeJS.ProcessEnv = process.env): string {
	if (process.platform === 'darwin') return path.join(homeFolder(), 'Library', MACOS[kind], NAME);
	if (process.platform === 'win32') {
		const [variable, under, last] = WINDOWS[kind];
		return path.join(env[variable] || path.join(homeFolder(), 'AppData', under), NAME, last);
	}
	const [variable, under] = LINUX[kind];
	return path.join(absolute(env, variable) ?? path.join(homeFolder(), ...under), NAME);
}

/** `find()`, or undefined when it needs a home folder and there is none. */
export function unlessNoHome<T>(find: () => T): T | undefined {
	try {
		return find();
	} catch (error) {
		if (error instanceof NoHomeFolder) return undefined;
		throw error;
	}
}

/** The home folder, or undefined when there is none (`~/` then stays as typed). */
export const homeIfAny = (): string | undefined => unlessNoHome(homeFolder);
