// Recordings that ship with the package (made against the sandbox by scripts/record-examples.ts), playable by
// name: `smtp-tui replay starttls-auth`. A path to any recording works too.
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {UsageError} from '../headless/command.js';
import {closest} from '../headless/flags.js';
import {describeFileError} from '../message/file-errors.js';

export const EXAMPLES = ['plain-delivery', 'starttls-auth', 'greylist-retry', 'rejected-recipient'] as const;

// dist/cli.js sits one level below the package root; source/ui/examples.ts two.
const EXAMPLE_DIRS = ['../examples/', '../../examples/'].map(relative => fileURLToPath(new URL(relative, import.meta.url)));

export function exampleFile(name: string): string | undefined {
	if (!(EXAMPLES as readonly string[]).includes(name)) return undefined;
	return EXAMPLE_DIRS.map(dir => `${dir}${name}.jsonl`).find(file => existsSync(file));
}

export async function readRecordingFile(name: string): Promise<{file: string; text: string}> {
	const file = existsSync(name) ? name : (exampleFile(name) ?? name);
	try {
		return {file, text: await readFile(file, 'utf8')};
	} catch (error) {
		const near = closest(name, EXAMPLES);
		throw new UsageError(`cannot read ${name}: ${describeFileError(error)}`, near ? `did you mean ${near}? (bundled examples: ${EXAMPLES.join(', ')})` : `bundled examples: ${EXAMPLES.join(', ')}`);
	}
}
