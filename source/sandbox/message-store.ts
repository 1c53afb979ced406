// --save-dir: each accepted message as `<n>.eml` (raw bytes) and `<n>.json` (envelope and session).
// Each file is written to a temporary name, flushed, moved into place, and the folder flushed too, so
// a message the server acknowledged is on disk even if the process is killed right after the 250. The
// `.eml` is moved with link(), which never replaces a file: two servers saving to one folder cannot
// overwrite each other's messages; the second takes the next free number.
import {constants} from 'node:fs';
import {access, link, open, readdir, readFile, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {safeJson} from '../headless/escape.js';
import {makeDirectory} from '../message/make-directory.js';
import type {CapturedMessage, MessageRecord} from './mailbox-types.js';

const finalName = /^(\d+)\.(eml|json)$/;
const tempName = /^\.\d+\.(eml|json)\.\d+\.tmp$/;

/** Writes and flushes a temporary file beside `file`; returns its name. */
async function writeTemp(file: string, data: Buffer | string): Promise<string> {
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
	// Captured mail is private, as the transcripts and recordings are: readable by the user only.
	const handle = await open(temp, 'w', 0o600);
	try {
		await handle.writeFile(data);
		await handle.sync();
	} catch (error) {
		await handle.close();
		await unlink(temp).catch(() => undefined);
		throw error;
	}
	await handle.close();
	return temp;
}

async function writeDurably(file: string, data: Buffer | string): Promise<void> {
	await rename(await writeTemp(file, data), file);
}

/** Like writeDurably, but false (nothing written) when `file` exists already. */
async function createDurably(file: string, data: Buffer | string): Promise<boolean> {
	const temp = await writeTemp(file, data);
	try {
		await link(temp, file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	} finally {
		await unlink(temp).catch(() => undefined);
	}
}

async function syncDirectory(dir: string): Promise<void> {
	let handle;
	try {
		handle = await open(dir, 'r');
		await handle.sync();
	} catch (error) {
		// Some platforms (Windows) cannot open or flush a folder; the renames are as durable as they get there.
		if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
	} finally {
		await handle?.close();
	}
}

function isRecord(value: unknown, id: number): value is MessageRecord {
	const record = value as Partial<CapturedMessage> | null;
	return (
		typeof record === 'object' &&
		record !== null &&
		record.id === id &&
		typeof record.from === 'string' &&
		Array.isArray(record.to) &&
		typeof record.subject === 'string' &&
		typeof record.receivedAt === 'number' &&
		typeof record.envelope === 'object' &&
		typeof record.session === 'object'
	);
}

export type StoreContents = {
	/** The newest `keep` complete messages without their bodies (read with readBody when opened), oldest first. */
	messages: MessageRecord[];
	/** One more than the highest number in the folder. */
	nextId: number;
	/** Complete-looking pairs that could not be read (bad JSON, unreadable file). */
	skipped: number;
};

export class MessageStore {
	constructor(readonly dir: string) {}

	/**
	 * Creates the folder if needed, removes temporary files of interrupted writes, loads the records of the
	 * newest messages. Not their bodies: a folder of big messages would fill the memory at start.
	 */
	async open(keep: number): Promise<StoreContents> {
		// A folder made here is private too (0700); one the user made keeps its mode.
		await makeDirectory(this.dir, 0o700);
		// A folder that exists but cannot be written would fail every message with 451: say so at start instead.
		await access(this.dir, constants.W_OK | constants.X_OK);
		const names = await readdir(this.dir);
		const kinds = new Map<number, Set<string>>();
		let highest = 0;
		for (const name of names) {
			if (tempName.test(name)) {
				await unlink(path.join(this.dir, name)).catch(() => undefined);
				continue;
			}
			const match = finalName.exec(name);
			if (!match) continue;
			const id = Number(match[1]);
			highest = Math.max(highest, id);
			kinds.set(id, (kinds.get(id) ?? new Set()).add(match[2]!));
		}
		const complete = [...kinds].filter(([, set]) => set.size === 2).map(([id]) => id).sort((a, b) => a - b);
		const messages: MessageRecord[] = [];
		let skipped = 0;
		for (const id of complete.slice(-keep)) {
			try {
				const [json, eml] = await Promise.all([readFile(this.file(id, 'json'), 'utf8'), stat(this.file(id, 'eml'))]);
				const record: unknown = JSON.parse(json);
				if (!isRecord(record, id)) throw new Error('not a message record');
				// The size of the file as it is now: the body shown when opened is read from it.
				messages.push({...record, size: eml.size});
			} catch {
				skipped++;
			}
		}
		return {messages, nextId: highest + 1, skipped};
	}

	/**
	 * Saves the message under its number, or under `nextId()` when another process took that number (a second
	 * server on the same folder); resolves to the message as saved.
	 */
	async write(message: CapturedMessage, nextId: () => number): Promise<CapturedMessage> {
		let saved = message;
		while (!(await createDurably(this.file(saved.id, 'eml'), saved.raw))) saved = {...saved, id: nextId()};
		const {raw: _raw, ...record} = saved;
		// `cat 13.json` must not let a client's C1 or bidi characters (in a parameter, the EHLO name) drive the terminal.
		await writeDurably(this.file(saved.id, 'json'), `${safeJson(record, '\t')}\n`);
		await syncDirectory(this.dir);
		return saved;
	}

	/** The raw message as saved. */
	readBody(id: number): Promise<Buffer> {
		return readFile(this.file(id, 'eml'));
	}

	file(id: number, kind: 'eml' | 'json'): string {
		return path.join(this.dir, `${id}.${kind}`);
	}
}
