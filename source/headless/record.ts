// --record FILE for send and the dashboard: start the recording, or say clearly why the file cannot be written.
import {RecordingWriter, type RecordingTarget} from '../session/recording.js';
import {describeWriteError} from '../text/file-errors.js';
import {UsageError} from './command.js';

/**
 * `warn` gets the one line to show if the file cannot be written later (a full disk, its folder deleted): the
 * recording stops there, and the session goes on.
 */
export function startRecording(file: string, meta: RecordingTarget, warn: (line: string) => void, current?: () => RecordingTarget): RecordingWriter {
	const stopped = (error: unknown) => warn(`warning: --record: cannot write ${file}: ${describeWriteError(file, error)}; the recording stops here, the session goes on`);
	try {
		return new RecordingWriter(file, meta, current, stopped);
	} catch (error) {
		// Worded as --transcript's errors: both are files to write.
		throw new UsageError(`--record: cannot write ${file}: ${describeWriteError(file, error)}`);
	}
}
