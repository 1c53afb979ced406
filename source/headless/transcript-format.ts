// --transcript-format, or the format the transcript file's extension names.
import path from 'node:path';
import {UsageError} from './command.js';
import type {TranscriptFormat} from './transcript.js';

const TRANSCRIPT_FORMATS = ['text', 'md', 'json'] as const;

/** --transcript-format (send and the dashboard): text, the default, md or json, in any case (as --quit-after). */
export function parseTranscriptFormat(value: unknown): TranscriptFormat {
	const format = value === undefined ? 'text' : String(value).trim().toLowerCase();
	if (!(TRANSCRIPT_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`--transcript-format must be one of ${TRANSCRIPT_FORMATS.join(', ')}, not "${String(value)}"`);
	}
	return format as TranscriptFormat;
}

/** md for `.md`, json for `.json` and `.jsonl`; undefined (text) for anything else. */
export function formatOfExtension(file: string | undefined): TranscriptFormat | undefined {
	const extension = file === undefined ? '' : path.extname(file).toLowerCase();
	return extension === '.md' ? 'md' : extension === '.json' || extension === '.jsonl' ? 'json' : undefined;
}
