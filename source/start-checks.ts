// What the bin settles before the CLI loads: whether the process can run here at all, and which colour variable wins.
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {nearestOwnerSync} from './message/folder-owner.js';
import {unlessNoHome, userFolder} from './message/user-folders.js';

/**
 * The folder the shell is in was deleted (or replaced) after it entered it: Node cannot tell the current folder, and
 * code that asks as it loads (Ink's stack-utils) or resolves a relative path would crash with a stack trace. Said
 * once, as git does, instead.
 */
export function lostWorkingDirectory(cwd: () => string = process.cwd): string | undefined {
	try {
		cwd();
		return undefined;
	} catch {
		return 'smtp-tui: the current folder no longer exists (it was deleted or replaced after this shell entered it): cd to a folder that exists, then run it again';
	}
}

/**
 * The folders smtp-tui keeps files in come from HOME and the XDG variables: one that is empty or relative (`HOME=`)
 * would put the draft and the sandbox's private key under whatever folder the command runs in. The XDG spec says to
 * ignore such a value; HOME without one falls back to the account's home (os.homedir() reads the passwd entry).
 */
export function dropRelativeHomes(env: NodeJS.ProcessEnv, account: () => unknown = os.userInfo): void {
	for (const name of ['HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME']) {
		const value = env[name];
		if (value === undefined || path.isAbsolute(value)) continue;
		// A user with no passwd entry (`docker --user 1234`) has no other home: os.homedir() would throw. Kept.
		if (name === 'HOME' && !hasAccount(account)) continue;
		delete env[name];
	}
}

function hasAccount(account: () => unknown): boolean {
	try {
		account();
		return true;
	} catch {
		return false;
	}
}

/**
 * NO_COLOR wins over FORCE_COLOR, as it does in the dashboard. With both set, Node 22 and newer also print a warning
 * ("The 'NO_COLOR' env is ignored …") on the terminal the first time anything asks it for colours.
 */
export function preferNoColour(env: NodeJS.ProcessEnv): void {
	if (env.FORCE_COLOR === undefined) return;
	// Node's own switch for its REPL and console colours, which FORCE_COLOR overrides too, with the same warning.
	delete env.NODE_DISABLE_COLORS;
	if (env.NO_COLOR === undefined) return;
	// An empty NO_COLOR means nothing (no-color.org), but Node warns about it all the same.
	if (env.NO_COLOR === '') delete env.NO_COLOR;
	else delete env.FORCE_COLOR;
}

/**
 * Node's compile cache in smtp-tui's cache folder. None without a home folder, nor for root in another user's
 * (sudo -E): Node would make its folders there owned by root, which that user's own runs could not write.
 */
export function compileCacheFolder(env: NodeJS.ProcessEnv): string | undefined {
	const folder = unlessNoHome(() => userFolder('cache', env));
	return folder === undefined || nearestOwnerSync(folder) !== undefined ? undefined : path.join(folder, 'compile-cache');
}
