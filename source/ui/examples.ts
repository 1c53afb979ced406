// Recordings that ship with the package (made against the sandbox by scripts/record-examples.ts), playable by
// name: `smtp-tui replay starttls-auth`. A path to any recording works too.
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {UsageError} from '../headless/command.js';
import {closest} from '../headless/flags.js';
import {describeFileError} from '../text/file-errors.js';

export const EXAMPLES = ['plain-delivery', 'starttls-auth', 'greylist-retry', 'rejected-recipient'] as const;

// dist/cli.js sits one level below the package root; source/ui/examples.ts two.
const EXAMPLE_DIRS = ['../examples/', '../../examples/'].map(relative => fileURLToPath(new URL(relative, import.meta.url)));

export function exampleFile(name: string): string | undefined {
	if (!(EXAMPLES as readonly string[]).includes(name)) return undefined;
	return EXAMPLE_DIRS.map(dir => `${dir}${name}.jsonl`).find(file => existsSync(file));
}

/**
 * A recording's file as the dashboard names it: a bundled example by its name, any other file by its base name
 * (a full path, cut across rows of the log, told the room nothing).
 */
export async function readRecordingFile(name: string): Promise<{file: string; text: string; label: string}> {
	const example = existsSync(name) ? undefined : exampleFile(name);
	const file = example ?? name;
	try {
		return {file, text: await readFile(file, 'utf8'), label: example ? name : path.basename(file)};
	} catch (error) {
		const near = closest(name, EXAMPLES);
		throw new UsageError(`cannot read ${name}: ${describeFileError(error, file)}`, near ? `did you mean ${near}? (bundled examples: ${EXAMPLES.join(', ')})` : `bundled examples: ${EXAMPLES.join(', ')}`);
	}
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A recording's start (ISO 8601 in its header) as people write dates, in local time: "4 Mar 2025, 14:05". */
export function readableDate(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	const pad = (part: number) => String(part).padStart(2, '0');
	return `${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
