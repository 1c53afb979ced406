// --record FILE for send and the dashboard: start the recording, or say clearly why the file cannot be written.
import {RecordingWriter, type RecordingLeft, type RecordingTarget} from '../session/recording.js';
import {describeWriteError} from '../text/file-errors.js';
import {refuseUnwritable} from './writable.js';

const LEFT: Record<RecordingLeft, string> = {
	plays: 'the recording stops here (what it holds so far still plays)',
	nothing: 'nothing of the session was recorded',
	untouched: 'nothing was recorded (the file is left as it was)',
	deleted: 'the recording stops here',
	shared: 'the recording stops here, and the file is left to the other run (give each run a --record file of its own)',
};

/**
 * The file is checked at once but written at the first recorded byte (`target` is asked then). `warn` gets the one
 * line to show if it cannot be written then or later (a full disk, its folder deleted): the recording stops there,
 * and the session goes on.
 */
export function startRecording(file: string, target: () => RecordingTarget, warn: (line: string) => void): RecordingWriter {
	refuseUnwritable('--record', file);
	return new RecordingWriter(file, target, (error, left) => warn(`warning: --record: cannot write ${file}: ${describeWriteError(file, error)}; ${LEFT[left]}, the session goes on`));
}
