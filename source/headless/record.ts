// --record FILE for send and the dashboard: start the recording, or say clearly why the file cannot be written.
import {RecordingWriter, type RecordingTarget} from '../session/recording.js';
import {UsageError} from './command.js';

export function startRecording(file: string, meta: RecordingTarget, current?: () => RecordingTarget): RecordingWriter {
	try {
		return new RecordingWriter(file, meta, current);
	} catch (error) {
		throw new UsageError(`--record: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
}
