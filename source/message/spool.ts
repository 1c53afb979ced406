// Standard input can be read only once, but a message must be checked before connecting and may be sent more
// than once (the next MX after a failed one). So stdin is copied to a private temp file, streamed, never held whole.
import {createWriteStream, rmSync} from 'node:fs';
import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';

/** Copies the stream into a fresh 0700 temp folder and returns the file; the folder goes when the process exits. */
export async function spoolToTempFile(stream: NodeJS.ReadableStream): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'smtp-tui-'));
	process.once('exit', () => rmSync(dir, {recursive: true, force: true}));
	const file = path.join(dir, 'stdin');
	await pipeline(stream, createWriteStream(file, {mode: 0o600}));
	return file;
}
