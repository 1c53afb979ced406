// --record FILE for send and the dashboard: start the recording, or say clearly why the file cannot be written.
import {RecordingWriter, type RecordingTarget} from '../session/recording.js';
import {describeWriteError} from '../message/file-errors.js';
import {UsageError} from './command.js';

export function startRecording(file: string, meta: RecordingTarget, current?: () => RecordingTarget): RecordingWriter {
	try {
		return new RecordingWriter(file, meta, current);
	} catch (error) {
		// Worded as --transcript's errors: both are files to write.
		throw new UsageError(`--record: cannot write ${file}: ${describeWriteError(file, error)}`);
	}
}
