// --record FILE for send and the dashboard: start the recording, or say clearly why the file cannot be written.
import {RecordingWriter} from '../session/recording.js';
import type {TlsPolicy} from '../session/types.js';
import {UsageError} from './command.js';

export function startRecording(file: string, meta: {host: string; port: number; tls: TlsPolicy}): RecordingWriter {
	try {
		return new RecordingWriter(file, meta);
	} catch (error) {
		throw new UsageError(`--record: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
}
