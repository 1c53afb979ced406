// Whether this Node.js can run smtp-tui. dist/cli.js asks before it loads anything else, so that Node 18 (Debian 12's
// and Ubuntu 24.04's nodejs) gets one line saying what to do instead of a dependency's stack trace. This module runs on
// those old versions: no imports, no syntax or API newer than Node 12 (no `?.`, `??`, top-level await); a test holds
// dist/cli.js to that.

/** The oldest Node.js smtp-tui runs on: package.json's engines.node says the same (a test keeps the two together). */
export const OLDEST_NODE: readonly number[] = [20, 0, 0];

/** [major, minor, patch] of a Node.js version ("18.20.8", or "v18.20.8" as process.version has it). */
export function parseNodeVersion(text: string): number[] | undefined {
	const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text);
	return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function isOlderVersion(version: readonly number[], than: readonly number[]): boolean {
	for (let index = 0; index < than.length; index++) {
		if (version[index] !== than[index]) return version[index] < than[index];
	}
	return false;
}

/** How a minimum is said: 20 for 20.0.0, 20.6 for 20.6.0, 20.6.1 for itself. */
export function versionName(version: readonly number[]): string {
	let shown = version.length;
	while (shown > 1 && version[shown - 1] === 0) shown--;
	return version.slice(0, shown).join('.');
}

/**
 * The one line that refuses a Node.js older than `oldest`, naming the one that ran (and where it is: often not the
 * one the user installed, but a distribution's first on PATH); undefined where it is new enough, or where the
 * version cannot be read (a runtime that imitates Node is left to try).
 */
export function oldNodeRefusal(running: string, execPath: string, oldest: readonly number[] = OLDEST_NODE): string | undefined {
	const version = parseNodeVersion(running);
	if (!version || !isOlderVersion(version, oldest)) return undefined;
	const needed = versionName(oldest);
	return `smtp-tui needs Node.js ${needed} or newer; this is Node.js ${version.join('.')} (${execPath}). Install a newer Node (https://nodejs.org, nvm, or your distribution's nodejs ${needed}+), then run it again.`;
}
