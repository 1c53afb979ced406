// The signals that interrupt a headless command (Ctrl+C, a CI job's timeout, a closed terminal), named and turned
// into exit codes as a shell reports them.
import os from 'node:os';

export const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** "Ctrl+C" for SIGINT, which is how a person sends it; the name for the others. */
export const signalName = (signal: NodeJS.Signals) => (signal === 'SIGINT' ? 'Ctrl+C' : signal);

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export const signalExitCode = (signal: NodeJS.Signals) => 128 + os.constants.signals[signal];
