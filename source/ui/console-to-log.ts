// Nothing else writes to the terminal while a full screen is up: what a library prints through console, and Node's
// warnings, would tear the frame. They go to the screen's log instead, until the screen is given back.
import process from 'node:process';
import {format} from 'node:util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Sends console's output and Node's warnings to `add`, a line each, as console would format them (`%s`, objects
 * shown, not "[object Object]"). Returns the undoing: console's methods and the warning listeners back as they were.
 */
export function consoleToLog(add: (line: string) => void): () => void {
	const saved = METHODS.map(method => [method, console[method]] as const);
	for (const method of METHODS) console[method] = (...args: unknown[]) => add(`console: ${format(...args)}`);
	// Node's own listener prints each warning to stderr, over the frame.
	const listeners = process.listeners('warning');
	process.removeAllListeners('warning');
	const warned = (warning: Error) => add(`node warning: ${warning.message}`);
	process.on('warning', warned);
	return () => {
		for (const [method, original] of saved) console[method] = original;
		process.off('warning', warned);
		for (const listener of listeners) if (!process.listeners('warning').includes(listener)) process.on('warning', listener);
	};
}
