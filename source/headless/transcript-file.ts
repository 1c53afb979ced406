// send --transcript FILE: written once the session is over, in place (FILE may be a link or a device), never
// emptied before: a transcript that cannot be written leaves an existing FILE as it was.
import {OutputFile} from '../session/output-file.js';
import {describeWriteError} from '../text/file-errors.js';
import {escapeUnsafe} from '../text/escape.js';

/** Writes `content` to `file`; on failure, the line that says why and what the file holds now. */
export function writeTranscriptFile(file: string, content: string): string | undefined {
	const output = new OutputFile(file);
	try {
		output.write(content);
		return undefined;
	} catch (error) {
		const lines = Buffer.from(content).subarray(0, output.kept).toString('utf8').split('\n').length - 1;
		const first = lines === 1 ? 'the first line' : `the first ${lines} lines`;
		const left = output.untouched ? 'the transcript was not written, and the file is left as it was' : lines === 0 ? 'the file is left empty' : `the file is incomplete: it holds ${first} of the transcript only`;
		return `--transcript: cannot write ${escapeUnsafe(file)}: ${describeWriteError(file, error)}; ${left}`;
	} finally {
		output.close();
	}
}
