// The signals that interrupt a headless command (Ctrl+C, a CI job's timeout, a closed terminal), named and turned
// into exit codes as a shell reports them.
import os from 'node:os';

/**
 * SIGBREAK is Ctrl+Break in a Windows console, which would otherwise end the process with nothing cleaned up.
 * Elsewhere no signal has that name: listening for it is listening for an event nothing emits.
 */
export const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/** "Ctrl+C" for SIGINT and "Ctrl+Break" for SIGBREAK, which is how a person sends them; the name for the others. */
export const signalName = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 'Ctrl+C' : signal === 'SIGBREAK' ? 'Ctrl+Break' : signal);

/**
 * 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. Ctrl+Break is Ctrl+C's sibling
 * (and has no number outside Windows): 130 too.
 */
export const signalExitCode = (signal: NodeJS.Signals) => 128 + os.constants.signals[signal === 'SIGBREAK' ? 'SIGINT' : signal];
