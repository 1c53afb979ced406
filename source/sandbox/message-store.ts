// --save-dir: each accepted message as `<n>.eml` (raw bytes) and `<n>.json` (envelope and session).
// Each file is written to a temporary name (the `.eml` as the message arrives), flushed, moved into place,
// and the folder flushed too, so a message the server acknowledged is on disk even if the process is killed
// right after the 250. The `.eml` is moved with link(), which never replaces a file: two servers saving to
// one folder cannot overwrite each other's messages; the second takes the next free number.
import {constants, createReadStream, type Stats} from 'node:fs';
import {access, link, open, readdir, readFile, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {safeJson} from '../text/escape.js';
import {describeFileError} from '../text/file-errors.js';
import {giveTo, ownerFor, type Owner} from '../message/folder-owner.js';
import {makeDirectory} from '../message/make-directory.js';
import {tempBeside} from '../message/atomic-write.js';
import type {MessageRecord} from './mailbox-types.js';
import {MessageFile, type CreatedFile} from './message-file.js';
import {readMessageRecord} from './message-record.js';
import {isJsonObject} from '../text/json-object.js';

const finalName = /^(\d+)\.(eml|json)$/;
/**
 * `.<n>.<eml|json>.<pid>[.<random>].tmp`: the pid of the process writing it; n is the message's number for a
 * `.json`, and for an `.eml` (written while the message arrives, before it has a number) the count of messages this
 * process began receiving. A `.json`'s has a random part too (see writeTemp).
 */
const tempName = /^\.\d+\.(eml|json)\.(\d+)(?:\.[\da-f]{8})?\.tmp$/;
/** Attempts at creating a message's file when its folder disappears meanwhile (`rm -rf mail` while serving). */
const createAttempts = 3;
/** Messages this process began receiving, across its stores: numbers their temporary files. */
let receiving = 0;
/** Slack for file systems that store modification times in whole seconds (or two, FAT). */
const timestampSlackMs = 5000;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Whether a process `pid` exists (EPERM: it does, another user's). Only ESRCH, or a number no process can have, is no. */
function isAlive(pid: number): boolean {
	if (!Number.isSafeInteger(pid) || pid <= 0 || pid > 0x7fffffff) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return errorCode(error) !== 'ESRCH';
	}
}

/**
 * Whether a temporary file was left by a write that can no longer finish: its process is gone. Another server
 * sharing the folder may be writing one right now (removing it would fail that message with 451). One named
 * for this very process but older than it is from an earlier process that had the same pid (a container's
 * server is often pid 1); a newer one is another store's in this process.
 */
function isAbandoned(pid: number, info: Stats | undefined): boolean {
	if (pid !== process.pid) return !isAlive(pid);
	return info !== undefined && info.mtimeMs < performance.timeOrigin - timestampSlackMs;
}

/** Writes and flushes a temporary file beside `file`, given to `owner` (see ownerFor); returns its name. */
async function writeTemp(file: string, data: string, owner: Owner | undefined): Promise<string> {
	// In a folder other users can write (`--save-dir /tmp/mail` on a shared CI runner), a file or link planted under
	// a name known in advance would be written through: the envelope and the login into a file of theirs.
	const temp = tempBeside(file);
	// Captured mail is private, as the transcripts and recordings are: readable by the user only.
	const handle = await open(temp, 'wx', 0o600);
	try {
		await giveTo(handle, owner);
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

async function writeDurably(file: string, data: string, owner: Owner | undefined): Promise<void> {
	await rename(await writeTemp(file, data, owner), file);
}

/** Links `temp` as `file`; false (nothing done) when `file` exists already. */
async function linkNew(temp: string, file: string): Promise<boolean> {
	try {
		await link(temp, file);
		return true;
	} catch (error) {
		if (errorCode(error) === 'EEXIST') return false;
		throw error;
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

/**
 * The numbers of the complete messages among a folder's `names` (both `<n>.eml` and `<n>.json`: the `.json` is moved
 * into place last), in order, and the highest number there, complete or not.
 */
export function savedIds(names: readonly string[]): {complete: number[]; highest: number} {
	const kinds = new Map<number, Set<string>>();
	let highest = 0;
	for (const name of names) {
		const match = finalName.exec(name);
		if (!match) continue;
		const id = Number(match[1]);
		highest = Math.max(highest, id);
		kinds.set(id, (kinds.get(id) ?? new Set()).add(match[2]!));
	}
	const complete = [...kinds].filter(([, set]) => set.size === 2).map(([id]) => id).sort((a, b) => a - b);
	return {complete, highest};
}

/** Saved message `id`'s record, without its body, or why it cannot be listed (its files are left as they are). */
export async function readSaved(dir: string, id: number): Promise<MessageRecord | {why: string}> {
	try {
		const [json, eml] = await Promise.all([readFile(path.join(dir, `${id}.json`), 'utf8'), stat(path.join(dir, `${id}.eml`))]);
		// An older version's record lacks what came later (author, html): it is listed without them.
		const record = json.trim() === '' ? {why: 'it is empty'} : readMessageRecord(JSON.parse(json), id);
		// The size of the file as it is now: the body shown when opened is read from it.
		return 'why' in record ? record : {...record, size: eml.size};
	} catch (error) {
		return {why: error instanceof SyntaxError ? `it is not valid JSON: ${error.message}` : `it could not be read (${describeFileError(error)})`};
	}
}

export type StoreContents = {
	/** The newest `keep` complete messages without their bodies (read with readBody when opened), oldest first. */
	messages: MessageRecord[];
	/** Complete messages (`.eml` and `.json`) in the folder: `messages` holds the newest `keep` of them, less those skipped. */
	found: number;
	/** One more than the highest number in the folder. */
	nextId: number;
	/** Complete-looking pairs that could not be read (bad JSON, unreadable file, a record of another shape). */
	skipped: number;
	/** The first few of them: the `.json` file's path, and why (their files are left as they are). */
	unreadable: UnreadableRecord[];
};

/** A saved message that was not listed: its `.json`, and why. */
export type UnreadableRecord = {file: string; why: string};

/** How many unreadable records are named at start: a folder of thousands needs no list of thousands. */
const NAMED_UNREADABLE = 5;

export class MessageStore {
	readonly dir: string;
	/** With --save-max: the numbers of the complete messages in the folder, oldest first (those there at start, and each saved since). */
	#saved: number[] | undefined;
	/**
	 * The deletions under way (see deleteOldest), one file after another, and with --save-max the checks' rewrites of
	 * a `.json` between them (see setChecks).
	 */
	#deleting: Promise<void> = Promise.resolve();

	/** `dir` is resolved now: should the folder the command ran in go away, a relative one would name nothing. */
	constructor(dir: string) {
		this.dir = path.resolve(dir);
	}

	/**
	 * Creates the folder if needed, removes temporary files of interrupted writes (of processes that are gone:
	 * another server sharing the folder may be writing one), loads the records of the
	 * newest messages. Not their bodies: a folder of big messages would fill the memory at start.
	 */
	async open(keep: number, counted = false): Promise<StoreContents> {
		// A folder made here is private too (0700); one the user made keeps its mode.
		await makeDirectory(this.dir, 0o700);
		// A folder that exists but cannot be written would fail every message with 451: say so at start instead.
		await access(this.dir, constants.W_OK | constants.X_OK);
		const names = await readdir(this.dir);
		for (const name of names) {
			const temp = tempName.exec(name);
			if (!temp) continue;
			const file = path.join(this.dir, name);
			const info = await stat(file).catch(() => undefined);
			if (isAbandoned(Number(temp[2]), info)) await unlink(file).catch(() => undefined);
		}
		const {complete, highest} = savedIds(names);
		if (counted) this.#saved = complete;
		const messages: MessageRecord[] = [];
		let skipped = 0;
		const unreadable: UnreadableRecord[] = [];
		for (const id of complete.slice(-keep)) {
			const record = await readSaved(this.dir, id);
			if (!('why' in record)) {
				messages.push(record);
				continue;
			}
			skipped++;
			if (unreadable.length < NAMED_UNREADABLE) unreadable.push({file: this.file(id, 'json'), why: record.why});
		}
		return {messages, found: complete.length, nextId: highest + 1, skipped, unreadable};
	}

	/** A temporary file for a message about to arrive: written as it does, then given to write() or discarded. */
	incoming(): MessageFile {
		return new MessageFile(() => this.createTemp());
	}

	/**
	 * A new temporary `.eml`, private. A folder deleted while serving (`rm -rf mail` between CI suites) is made
	 * again, as at start, and the numbering of the messages goes on where it was.
	 */
	private async createTemp(): Promise<CreatedFile> {
		let missing = 0;
		for (;;) {
			const temp = path.join(this.dir, `.${++receiving}.eml.${process.pid}.tmp`);
			try {
				// Captured mail is private: readable by the user only, the one who owns the folder (root's run of
				// `serve --save-dir ~ann/mail` saves ann's mail, which she can read).
				const owner = await ownerFor(this.dir);
				const handle = await open(temp, 'wx', 0o600);
				await giveTo(handle, owner);
				return {path: temp, handle};
			} catch (error) {
				// One left by an earlier process that had this pid: the next number.
				if (errorCode(error) === 'EEXIST') continue;
				if (errorCode(error) !== 'ENOENT' || ++missing === createAttempts) throw error;
				await makeDirectory(this.dir, 0o700);
			}
		}
	}

	/**
	 * Saves the message received into `file` under its number, or under `nextId()` when another process took that
	 * number (a second server on the same folder); resolves to the record as saved. Rejects with what kept the
	 * message from the disk (a full disk while it arrived, the folder deleted meanwhile). The temporary file is
	 * gone either way.
	 */
	async write(record: MessageRecord, file: MessageFile, nextId: () => number): Promise<MessageRecord> {
		try {
			await file.done();
			let saved = record;
			while (!(await linkNew(file.path!, this.file(saved.id, 'eml')))) saved = {...saved, id: nextId()};
			// `cat 13.json` must not let a client's C1 or bidi characters (in a parameter, the EHLO name) drive the terminal.
			await writeDurably(this.file(saved.id, 'json'), `${safeJson(saved, '\t')}\n`, await ownerFor(this.dir));
			await syncDirectory(this.dir);
			this.#counted(saved.id);
			return saved;
		} finally {
			await file.discard();
		}
	}

	/**
	 * Writes a check's outcome into message `id`'s `.json`: the `fields` named are removed, and `checks` (`undefined`:
	 * none) written, the rest of it as it is, by the same durable rename: a reader sees the old record or the new one,
	 * never half of either. A record gone meanwhile (the folder emptied between CI suites) is left gone.
	 */
	setChecks(id: number, fields: ReadonlyArray<keyof MessageRecord>, checks: Partial<MessageRecord> | undefined): Promise<void> {
		if (!this.#saved) return this.#setChecks(id, fields, checks);
		// With --save-max, in turn with the deletions: a `.json` deleted while it was rewritten came back, without its
		// `.eml`, for good (a burst of signed mail whose checks came late).
		const done = this.#deleting.then(() => this.#setChecks(id, fields, checks));
		this.#deleting = done.catch(() => undefined);
		return done;
	}

	async #setChecks(id: number, fields: ReadonlyArray<keyof MessageRecord>, checks: Partial<MessageRecord> | undefined): Promise<void> {
		const file = this.file(id, 'json');
		let record: unknown;
		try {
			record = JSON.parse(await readFile(file, 'utf8'));
		} catch (error) {
			if (errorCode(error) === 'ENOENT') return;
			throw error;
		}
		if (!isJsonObject(record)) return;
		const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !(fields as readonly string[]).includes(key)));
		await writeDurably(file, `${safeJson({...rest, ...checks}, '\t')}\n`, await ownerFor(this.dir));
	}

	/** A message saved now joins the count, in its place: two arriving together may finish saving out of order. */
	#counted(id: number): void {
		const saved = this.#saved;
		if (!saved) return;
		let at = saved.length;
		while (at > 0 && saved[at - 1]! > id) at--;
		saved.splice(at, 0, id);
	}

	/**
	 * Deletes the oldest complete messages beyond the newest `max` (--save-max; counted when opened with `counted`),
	 * each `.json` first, so a reader never lists one whose `.eml` is gone; a file already gone is no matter. Returns
	 * their numbers at once; the files go one after another, in the background.
	 */
	deleteOldest(max: number): number[] {
		const gone = this.#saved?.splice(0, Math.max(0, this.#saved.length - max)) ?? [];
		for (const id of gone) this.#deleting = this.#deleting.then(() => this.#delete(id));
		return gone;
	}

	/** A `.json` that cannot be deleted keeps its `.eml`: a reader lists the message, and it can be read whole. */
	async #delete(id: number): Promise<void> {
		for (const kind of ['json', 'eml'] as const) {
			const failed = await unlink(this.file(id, kind)).then(
				() => false,
				(error: unknown) => errorCode(error) !== 'ENOENT',
			);
			if (failed) return;
		}
	}

	/** The raw message as saved. */
	readBody(id: number): Promise<Buffer> {
		return readFile(this.file(id, 'eml'));
	}

	/** The raw message as saved, read a piece at a time. */
	bodyChunks(id: number): AsyncIterable<Buffer> {
		return createReadStream(this.file(id, 'eml'), {highWaterMark: 64 * 1024});
	}

	file(id: number, kind: 'eml' | 'json'): string {
		return path.join(this.dir, `${id}.${kind}`);
	}
}
