// The terminal contract of the full-screen dashboard: alternate screen on start, and the terminal restored
// on every way out (normal quit, Ctrl+C, SIGTERM, SIGHUP from an SSH drop, uncaught errors).
const ENTER = '\u001B[?1049h\u001B[H';
// Reverse order of what we (and Ink) set: cursor visible, attributes reset, then leave the alternate screen.
const LEAVE = '\u001B[?25h\u001B[0m\u001B[?1049l';

export type TerminalGuard = {
	/** Restore the terminal; idempotent, synchronous (safe inside exit handlers). */
	restore(): void;
	/** Stop listening for signals (after a normal exit). */
	dispose(): void;
};

export function enterFullScreen(
	stdout: NodeJS.WriteStream,
	options: {onSignal: (signal: NodeJS.Signals) => void; onCrash: (error: unknown) => void},
): TerminalGuard {
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		try {
			stdout.write(LEAVE);
		} catch {
			// The terminal is gone (SSH drop): nothing left to restore.
		}
	};
	const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
	const onSignal = (signal: NodeJS.Signals) => options.onSignal(signal);
	const onCrash = (error: unknown) => {
		restore();
		options.onCrash(error);
	};
	for (const signal of signals) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	// Last resort: whatever ends the process, the screen comes back.
	process.on('exit', restore);
	stdout.write(ENTER);
	return {
		restore,
		dispose() {
			for (const signal of signals) process.off(signal, onSignal);
			process.off('uncaughtException', onCrash);
			process.off('unhandledRejection', onCrash);
		},
	};
}
