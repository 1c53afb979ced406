// `send --transcript - --transcript-format md` (or json): that transcript alone on standard output, in place of the
// live text one, to pipe into the clipboard (`| pbcopy`) for an issue. Writing it to /dev/stdout instead fails where
// standard output is a socket (ENXIO: a CI runner, a program's child) and on Windows.
import {UsageError} from './command.js';

/**
 * Whether the transcript goes to standard output: `-` with `--transcript-format md` or `json` given. `-` alone (or
 * with `text`, what standard output holds already) is left for refuseDashOutputs to refuse.
 */
export function transcriptOnStdout(flags: Record<string, unknown>): boolean {
	if (flags.transcript !== '-' || flags.transcriptFormat === undefined) return false;
	const format = String(flags.transcriptFormat).trim().toLowerCase();
	if (format !== 'md' && format !== 'json') return false;
	if (flags.json === true) {
		throw new UsageError(`--transcript - --transcript-format ${format} with --json: both would print on standard output`, 'leave out --json, or give --transcript a file name');
	}
	return true;
}
