// What the dashboard's libraries read from the environment once, as they load: set for that moment only, so a
// terminal the dashboard can draw on gets a drawn dashboard, whatever a shell exported for other tools.
import process from 'node:process';

/** Variables that make Ink (is-in-ci) write no frame at all, and chalk no colour or attribute: a blank screen. */
function isCiVariable(name: string): boolean {
	return name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_');
}

/** FORCE_COLOR=0 (or false) asks for no colour: the dashboard honours it as it honours NO_COLOR. */
export function forcesNoColour(env: Record<string, string | undefined>): boolean {
	return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false';
}

/**
 * Runs `load` (the import of the dashboard, Ink and chalk) with:
 * - no CI variables: a container or admin shell that exports CI=true for npm would get an empty screen, since Ink
 *   in CI draws only the last frame (the dashboard runs only on a terminal, so it is no CI log);
 * - colour level at least 1: chalk draws no attribute at level 0 (a TERM it does not know, such as alacritty or
 *   foot over SSH, without COLORTERM), and the text cursor, drawn inverse, would vanish; every terminal the
 *   dashboard runs on knows the 16 basic colours. Asked for no colour (NO_COLOR, FORCE_COLOR=0), it gets NO_COLOR's
 *   dashboard: no colour, attributes kept;
 * - no `fetch`: yoga (emscripten) asks `typeof fetch` while it loads, which makes Node load undici (~25 ms of a
 *   ~300 ms start here) for a WebAssembly module that is inlined anyway.
 * Everything is put back once loaded, for child processes and for code that reads them later.
 */
export async function withLoadEnvironment<T>(load: () => Promise<T>): Promise<T> {
	const {env} = process;
	const saved = new Map<string, string | undefined>();
	const set = (name: string, value: string | undefined) => {
		if (!saved.has(name)) saved.set(name, env[name]);
		if (value === undefined) delete env[name];
		else env[name] = value;
	};
	for (const name of Object.keys(env).filter(isCiVariable)) set(name, undefined);
	if (forcesNoColour(env) || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) {
		// No colour wanted: chalk still needs a level for bold and inverse. Not from FORCE_COLOR beside NO_COLOR,
		// which makes Node warn ("The 'NO_COLOR' env is ignored …") on the screen the user returns to.
		set('NO_COLOR', env.NO_COLOR || '1');
		set('FORCE_COLOR', undefined);
		set('COLORTERM', 'truecolor');
	} else if (env.FORCE_COLOR === undefined) {
		set('FORCE_COLOR', '1');
	}
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	const hideFetch = fetch?.configurable === true;
	if (hideFetch) Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await load();
	} finally {
		if (hideFetch) Object.defineProperty(globalThis, 'fetch', fetch);
		for (const [name, value] of saved) {
			if (value === undefined) delete env[name];
			else env[name] = value;
		}
	}
}
