// What the bin settles before the CLI loads: whether the process can run here at all, and which colour variable wins.
import process from 'node:process';

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
 * NO_COLOR wins over FORCE_COLOR, as it does in the dashboard. With both set, Node 22 and newer also print a warning
 * ("The 'NO_COLOR' env is ignored …") on the terminal the first time anything asks it for colours.
 */
export function preferNoColour(env: NodeJS.ProcessEnv): void {
	if (env.FORCE_COLOR === undefined || env.NO_COLOR === undefined) return;
	// An empty NO_COLOR means nothing (no-color.org), but Node warns about it all the same.
	if (env.NO_COLOR === '') delete env.NO_COLOR;
	else delete env.FORCE_COLOR;
}
