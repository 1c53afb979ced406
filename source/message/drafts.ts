// The composer's draft on disk, so a crash or `kill -9` loses at most about a second of typing (a few seconds in a
// draft of megabytes, which is written less often: see saveDelay). It lives in the
// data folder (there is no "state" folder on every platform); SMTP_TUI_STATE_DIR overrides it, for tests.
// A draft holds message fields only: never a password.
// One dashboard at a time keeps it (draft.json.lock names its pid): a second one would overwrite the first's edits.
// The second takes it over once the first quits; a draft the first left that differs from what the second last saw
// is then set aside (draft.json.other-<timestamp>) before the second's is written, so neither pane's work is lost.
import {readFile, rename, rm, utimes} from 'node:fs/promises';
import {isDeepStrictEqual} from 'node:util';
import path from 'node:path';
import {describeFileError} from '../text/file-errors.js';
import {linkTarget, writeFileAtomic} from './atomic-write.js';
import {isStaleLock, lockToken, onOtherHost, readLockHolder, releaseLock, takeOverLock, tryCreateLock, type LockHolder} from './lock-file.js';
import {atHome} from './lists.js';
import {makeDirectory} from './make-directory.js';
import {withRootOwnedCause} from './root-owned.js';
import {NoHomeFolder, userFolder} from './user-folders.js';
import {isJsonObject} from '../text/json-object.js';

export type Draft = {
	from: string;
	to: string;
	cc: string;
	bcc: string;
	subject: string;
	headers: {name: string; value: string}[];
	body: string;
	/** File paths: absolute (resolved when saved), or `~/` ones as typed. */
	attachments: string[];
	/** The body is HTML (the composer's Body as); absent: text. */
	html?: true;
};

export type DraftStoreOptions = {
	/** Folder for draft.json; default SMTP_TUI_STATE_DIR, else the platform's data folder. */
	dir?: string;
	env?: NodeJS.ProcessEnv;
	/** Longest wait between a change and its write (a big draft waits longer: see saveDelay); 500 ms keeps the loss under a second. */
	delayMs?: number;
	/** Called when a background write fails (full disk, read-only folder); flush() rejects instead. */
	onError?: (error: unknown) => void;
	/**
	 * Called when a write lands again: after writes that failed (`failure`), or once this store took over the draft
	 * from the dashboard that kept it, which quit or is gone (`owner`; `keptAs`, where the draft that one left was
	 * set aside, when it differed from this store's).
	 */
	onSavedAgain?: (after: 'failure' | 'owner', keptAs?: string) => void;
	/** The folder relative attachment paths were typed in (default: the current folder). */
	cwd?: string;
};

/** Who keeps the draft: this store (it may save), or another process (this one only reads it). */
export type DraftClaim = {owner: true} | {owner: false; pid?: number; host?: string; /** Another machine's lock: the file to delete if nothing runs there. */ lock?: string};

// An older smtp-tui restores the fields it knows of a draft of this version and writes back only those (html was
// added so, and an older one saves an HTML body as text). A new field whose loss would change the message sent
// takes a new version: older versions then restore what they know but never write the file (see load()).
const FILE_VERSION = 1;

/** Characters of draft written per millisecond of wait at most: a big draft is saved less often (see saveDelay). */
const CHARACTERS_PER_MS = 1000;
/** The longest wait between a change and its write, however big the draft. */
const LONGEST_DELAY_MS = 5000;

/**
 * How long a change waits to be written: `delayMs`, or, when longer, a millisecond per thousand characters of the
 * draft, up to 5 s (4 s for a 4 MB body). Typing into such a body would otherwise rewrite (and fsync) 4 MB twice a
 * second; the price is that a crash loses up to those seconds of typing (quitting, Ctrl+S and leaving the composer
 * save at once).
 */
function saveDelay(characters: number, delayMs: number): number {
	return Math.max(delayMs, Math.min(characters / CHARACTERS_PER_MS, LONGEST_DELAY_MS));
}

/** A draft's size as saveDelay counts it (none for one that is not a draft: it is not written). */
function plainCharacters(draft: Draft): number {
	const fields = draftFields(draft);
	return fields ? draftCharacters(fields) : 0;
}

/** The draft's size in characters, counted without copying any of it. */
function draftCharacters(draft: Draft): number {
	const fields = [draft.from, draft.to, draft.cc, draft.bcc, draft.subject, draft.body, ...draft.attachments];
	return fields.reduce((sum, field) => sum + field.length, 0) + draft.headers.reduce((sum, header) => sum + header.name.length + header.value.length, 0);
}

/**
 * A draft to save, or what makes it when it is written, with its size in characters (which sets the wait: see
 * saveDelay): typing into a 4 MB body then joins its lines once per write, seconds apart, not at each key.
 */
type DraftSource = Draft | {make: () => Draft; characters: number};

/** The lock this store kept was taken over (see #touch): no write failed, the draft is simply no longer ours. */
export class DraftTakenOver extends Error {}

/**
 * This store saves nothing in this run (see DraftStore.notSaved), and the message says why: the saved draft could
 * not be read (it must not be written over unseen), or there is no folder for it.
 */
export class DraftNotSaved extends Error {}

/** Where drafts are kept: SMTP_TUI_STATE_DIR, else smtp-tui's data folder (a NoHomeFolder when it has none). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.SMTP_TUI_STATE_DIR || userFolder('data', env);
}

const isString = (value: unknown): value is string => typeof value === 'string';

const TEXT_FIELDS = ['from', 'to', 'cc', 'bcc', 'subject', 'body'] as const;

/**
 * The draft fields of a saved draft (or the composer's), copied, so a caller's wider object (a password, say) can
 * never reach the disk; `dropped`, the fields present but not of their type (a hand edit, another version's
 * shape), each left empty; `used`, how many fields held something usable. Other keys are ignored.
 */
function readDraftFields(value: Record<string, unknown>): {draft: Draft; dropped: string[]; used: number} {
	const dropped: string[] = [];
	let used = 0;
	const field = <T>(key: string, valid: (given: unknown) => given is T, empty: T): T => {
		const given = value[key];
		if (given === undefined) return empty;
		if (valid(given)) {
			used++;
			return given;
		}
		dropped.push(key);
		return empty;
	};
	const isHeaders = (given: unknown): given is Draft['headers'] => Array.isArray(given) && given.every(header => isString(header?.name) && isString(header?.value));
	const isPaths = (given: unknown): given is string[] => Array.isArray(given) && given.every(isString);
	const text = Object.fromEntries(TEXT_FIELDS.map(key => [key, field(key, isString, '')])) as Pick<Draft, (typeof TEXT_FIELDS)[number]>;
	const headers = field('headers', isHeaders, []);
	const attachments = field('attachments', isPaths, []);
	return {
		draft: {...text, headers: headers.map(({name, value: content}) => ({name, value: content})), attachments: [...attachments], ...(value.html === true && {html: true as const})},
		dropped,
		used,
	};
}

/** The draft fields only (see readDraftFields); undefined when one is not of its type. */
function draftFields(value: Record<string, unknown>): Draft | undefined {
	const {draft, dropped} = readDraftFields(value);
	return dropped.length === 0 ? draft : undefined;
}

/**
 * A relative path as the absolute one it meant where it was typed: restored in another folder, "notes.txt" must
 * still name the same file, not a namesake. Paths at `~` stay as typed (the home folder, wherever it is).
 */
function resolveAttachment(file: string, cwd: string): string {
	return atHome(file) ? file : path.resolve(cwd, file);
}

// Lock files held by stores of this process: a lock naming our own pid is someone else's only when listed here
// (otherwise it was left by an earlier process that had the same pid, as happens in containers).
const heldLocks = new Set<string>();

/** A dashboard keeping the draft touches its lock this often, so that others can tell it still runs. */
const LOCK_REFRESH_MS = 10 * 60_000;
/** A lock untouched for this long was left by a process that is gone, whatever pid it names. */
const LOCK_STALE_MS = 3 * LOCK_REFRESH_MS;

const isStale = (lock: string, holder: LockHolder) => isStaleLock(holder, {staleMs: LOCK_STALE_MS, ours: heldLocks.has(lock)});

export class DraftStore {
	readonly file: string;
	readonly lockFile: string;
	readonly #delayMs: number;
	readonly #onError: (error: unknown) => void;
	readonly #onSavedAgain: (after: 'failure' | 'owner', keptAs?: string) => void;
	readonly #cwd: string;
	/** False while another dashboard keeps the draft (see claim()): this store then writes and deletes nothing. */
	#owner = true;
	/** Why this store saves nothing in this run, in the words of the quit question; undefined while it may. */
	#off: string | undefined;
	/** What load() could not use of the draft it restored (see loadNotice). */
	#loadNotice: string | undefined;
	/** The warning for a store off from the start (no home folder), which load() gives. */
	#offAtStart: DraftNotSaved | undefined;
	/**
	 * The draft on disk as this store last read or wrote it (undefined: none): on taking the draft over, one that
	 * differs was written by another dashboard meanwhile, and is set aside rather than written over.
	 */
	#seen: unknown;
	/** Taken over from another dashboard, and not written since: the next write first keeps that one's draft (#keepOthers). */
	#tookOver = false;
	#keptAside: string | undefined;
	/** The lock's content while this store holds it. */
	#token: string | undefined;
	#refresh: NodeJS.Timeout | undefined;
	#failing = false;
	/** The change not written yet: made (its body joined) when it is written. */
	#pending: (() => Draft | undefined) | undefined;
	#timer: NodeJS.Timeout | undefined;
	/** The chain of writes: each waits for the one before, so an older draft never lands after a newer one. */
	#writes: Promise<void> = Promise.resolve();

	/** `file` and `lockFile` are '' when there is no folder for them (no home folder): then nothing is read or written. */
	constructor(options: DraftStoreOptions = {}) {
		let dir = options.dir;
		try {
			dir ??= stateDir(options.env);
		} catch (error) {
			if (!(error instanceof NoHomeFolder)) throw error;
			this.#off = 'there is no home folder to save the draft in';
			this.#offAtStart = new DraftNotSaved(`${error.message} to keep the draft in; set HOME, or set SMTP_TUI_STATE_DIR to a folder you can write`);
		}
		this.file = dir === undefined ? '' : path.join(dir, 'draft.json');
		this.lockFile = dir === undefined ? '' : path.resolve(`${this.file}.lock`);
		this.#delayMs = options.delayMs ?? 500;
		this.#onError = options.onError ?? (() => {});
		this.#onSavedAgain = options.onSavedAgain ?? (() => {});
		this.#cwd = options.cwd ?? process.cwd();
	}

	/** The last write failed (full disk, read-only folder): what is on disk is older than the edits, or nothing. */
	get failing(): boolean {
		return this.#failing;
	}

	/** Where the draft another dashboard left was last set aside in this run (see #keepOthers); undefined: nowhere. */
	get keptAside(): string | undefined {
		return this.#keptAside;
	}

	/** Whether saves reach the disk: true unless claim() found another dashboard keeping the draft. */
	get owner(): boolean {
		return this.#owner;
	}

	/** Why edits made now would be lost, in a few words ("another smtp-tui keeps the draft"); undefined when they are saved. */
	get notSaved(): string | undefined {
		return this.#off ?? (!this.#owner ? 'another smtp-tui keeps the draft' : this.#failing ? 'the draft could not be saved' : undefined);
	}

	/**
	 * Takes the draft for this store: a lock file beside it names this process, until release(). A lock whose process
	 * is gone (a crash, `kill -9`) is taken over. When another live process holds it, this store only reads, so the
	 * two never overwrite each other's edits: clear() does nothing, and save() writes only once this store has taken
	 * the lock over (it tries before each write, and recheck() does), after that one quit or died.
	 */
	async claim(): Promise<DraftClaim> {
		if (this.#token !== undefined || this.lockFile === '') return {owner: true};
		await makeDirectory(path.dirname(this.lockFile), 0o700);
		const token = lockToken();
		for (let attempt = 0; attempt < 5; attempt++) {
			if (await tryCreateLock(this.lockFile, token)) {
				this.#token = token;
				heldLocks.add(this.lockFile);
				this.#owner = true;
				this.#refresh = setInterval(() => void this.#touch(token), LOCK_REFRESH_MS).unref();
				return {owner: true};
			}
			const holder = await readLockHolder(this.lockFile);
			if (holder === undefined) continue;
			if (!isStale(this.lockFile, holder)) return this.#notOwner(holder);
			await takeOverLock(this.lockFile, holder);
		}
		return this.#notOwner(await readLockHolder(this.lockFile));
	}

	/**
	 * Touches the lock, so that another machine sees it is kept. One taken over meanwhile (this process was stopped,
	 * a laptop asleep, for longer than LOCK_STALE_MS) is no longer ours: from then on this store only reads,
	 * and says so through onError, as a failed save does.
	 */
	async #touch(token: string): Promise<void> {
		if (await this.#stillHeld(token)) await utimes(this.lockFile, new Date(), new Date()).catch(() => undefined);
	}

	/**
	 * Whether the lock still holds `token`; if another took it over, this store stops saving, and says so. Asked
	 * before each write too: after a laptop's sleep the next touch may be ten minutes away (timers do not count it).
	 */
	async #stillHeld(token: string): Promise<boolean> {
		const holder = await readLockHolder(this.lockFile).catch(() => undefined);
		if (holder === undefined || holder.text === token) return true;
		this.#token = undefined;
		clearInterval(this.#refresh);
		heldLocks.delete(this.lockFile);
		this.#notOwner(holder);
		this.#onError(new DraftTakenOver(`another smtp-tui${holder.host === undefined ? '' : ` on ${holder.host}`} took the saved draft over while this one was stopped: edits here are not saved until that one quits`));
		return false;
	}

	#notOwner(holder: LockHolder | undefined): DraftClaim {
		// What was typed stays pending: written once this store takes the draft over (see #takeOver).
		this.#owner = false;
		return {owner: false, ...(holder?.pid !== undefined && {pid: holder.pid}), ...(holder && onOtherHost(holder) && {host: holder.host, lock: this.lockFile})};
	}

	/** Gives the lock up (on exit), if it is still this store's. */
	async release(): Promise<void> {
		const token = this.#token;
		if (token === undefined) return;
		this.#token = undefined;
		clearInterval(this.#refresh);
		heldLocks.delete(this.lockFile);
		await releaseLock(this.lockFile, token).catch(() => undefined);
	}

	/**
	 * The saved draft; undefined when there is none (or the file is empty). A file that is no draft is set aside (renamed), not lost, and
	 * the error says where it went. One that cannot be read at all (no permission, a folder, a disk error), or set
	 * aside, is a DraftNotSaved: this store then saves nothing in this run, so it is never written over unseen.
	 * A draft with fields of another shape comes back without them, and one a newer smtp-tui wrote (a higher file
	 * version) with the fields this one knows, left as it is and never written over: `loadNotice` says so.
	 */
	async load(): Promise<Draft | undefined> {
		if (this.#offAtStart) throw this.#offAtStart;
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
			throw this.#stop('the saved draft could not be read', `the saved draft ${this.file} could not be read (${await withRootOwnedCause(error, describeFileError(error))}); it is left as it is`);
		}
		// An empty file (`touch`, a disk that filled up before writes were atomic) holds nothing to lose: no draft, as
		// an empty profiles.json is no profiles. The first save writes over it.
		if (text.trim() === '') return undefined;
		let data: {version?: unknown; draft?: unknown} | undefined;
		try {
			data = JSON.parse(text) as typeof data;
		} catch {
			// Not JSON: no version, no fields, so it is set aside below.
		}
		this.#seen = data?.draft;
		const version = data?.version;
		const fields = isJsonObject(data?.draft) ? readDraftFields(data.draft) : undefined;
		if (typeof version === 'number' && Number.isInteger(version) && version > FILE_VERSION) return this.#newer(version, fields);
		if (version === FILE_VERSION && fields && fields.dropped.length === 0) return fields.draft;
		// Some fields of another shape: the rest is restored, and the file as it was kept beside it.
		const partly = version === FILE_VERSION && fields !== undefined && fields.used > 0;
		const aside = `${this.file}.unreadable-${Date.now()}`;
		try {
			await rename(this.file, aside);
		} catch (error) {
			throw this.#stop('the saved draft could not be read', `the saved draft ${this.file} is not one smtp-tui can read, and it could not be set aside (${await withRootOwnedCause(error, describeFileError(error))}); it is left as it is`);
		}
		this.#seen = undefined;
		if (!partly) throw new Error(`it is not a draft smtp-tui can read; it was kept as ${aside}`);
		this.#loadNotice = `warning: restored the draft without its ${fields.dropped.join(', ')}, which this smtp-tui could not read; the saved draft as it was is kept as ${aside}`;
		return fields.draft;
	}

	/**
	 * A draft a newer smtp-tui wrote: its fields this version knows come back, but the file stays as it is (this
	 * store saves nothing in this run), so the newer smtp-tui finds what it wrote, fields unknown here included.
	 */
	#newer(version: number, fields: ReturnType<typeof readDraftFields> | undefined): Draft | undefined {
		const written = `the saved draft ${this.file} was written by a newer smtp-tui (draft version ${version}; this one reads version ${FILE_VERSION})`;
		const kept = 'it is left as it is for that one (npx smtp-tui@latest runs the newest)';
		const stop = this.#stop('the saved draft is a newer smtp-tui\'s', `${written}; ${kept}`);
		if (!fields || fields.used === 0) throw stop;
		this.#loadNotice = `warning: edits here are not saved: ${written}: restored the fields this one reads; ${kept}`;
		return fields.draft;
	}

	/** What load() could not use of a draft it restored, for the log (a warning when this run saves nothing); once. */
	get loadNotice(): string | undefined {
		return this.#loadNotice;
	}

	/** From now on this store saves nothing (`why`, for the quit question); the DraftNotSaved to throw says `message`. */
	#stop(why: string, message: string): DraftNotSaved {
		this.#off = why;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#pending = undefined;
		return new DraftNotSaved(message);
	}

	/**
	 * Remembers the draft and writes it within delayMs (longer for a big draft: see saveDelay). Not a pure debounce:
	 * steady typing still writes every delayMs, because the timer is not pushed back by later changes.
	 */
	save(source: DraftSource): void {
		if (this.#off !== undefined) return;
		const made = 'make' in source ? source : {make: () => source, characters: plainCharacters(source)};
		this.#pending = () => {
			const fields = draftFields(made.make());
			// Resolved against the folder they were typed in (the store's): restored elsewhere they name the same files.
			return fields && {...fields, attachments: fields.attachments.map(file => resolveAttachment(file, this.#cwd))};
		};
		// The first change since the last write sets the wait, by the draft's size then.
		this.#timer ??= setTimeout(() => this.saveNow(), saveDelay(made.characters, this.#delayMs));
	}

	/** Writes a pending change now, without waiting for it (a failure goes to onError, as a timed write's does). */
	saveNow(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#writePending().catch(this.#onError);
	}

	/** Writes a pending change now and waits for every write to finish (call before exiting). */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		await this.#writePending();
	}

	/** Waits for writes already started, without forcing a pending one. */
	async settled(): Promise<void> {
		await this.#writes.catch(() => {});
	}

	/**
	 * Forgets the draft (after a message was sent): drops a pending write and deletes the file. A store that does not
	 * keep the draft (another dashboard does, or it could not be read) only drops what was pending.
	 */
	async clear(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#pending = undefined;
		// The draft is another dashboard's, or one that could not be read: a message sent here must not delete it.
		if (!this.#owner || this.#off !== undefined) return;
		await this.settled();
		// A draft.json that is a link stays one: the file it leads to goes, and the next save makes it again.
		await rm(await linkTarget(this.file), {force: true});
		this.#seen = undefined;
	}

	/**
	 * Asks again whether this store may save, when another dashboard kept the draft: the quit question asks this
	 * first, so that edits saved since that one quit are not called lost.
	 */
	async recheck(): Promise<void> {
		const takeOver = async () => {
			await this.#takeOver();
		};
		this.#writes = this.#writes.then(takeOver, takeOver);
		await this.settled();
	}

	/** A store that is not the owner takes the lock if it is free or stale now, as claim() does at start. */
	async #takeOver(): Promise<boolean> {
		if (this.#owner || this.#off !== undefined) return this.#owner;
		if ((await this.claim().catch(() => undefined))?.owner !== true) return false;
		this.#tookOver = true;
		return true;
	}

	/**
	 * Before the first write after a takeover: the draft the dashboard that kept it left, when it is not the one this
	 * store last read or wrote, is copied aside (the path), so that this write does not destroy that pane's work.
	 */
	async #keepOthers(): Promise<string | undefined> {
		const text = await readFile(this.file, 'utf8').catch(() => '');
		if (text.trim() === '') return undefined;
		let draft: unknown;
		try {
			draft = (JSON.parse(text) as {draft?: unknown}).draft;
		} catch {
			// Not JSON (a hand edit): not this store's either, so it is kept too.
		}
		if (draft !== undefined && isDeepStrictEqual(draft, this.#seen)) return undefined;
		const aside = `${this.file}.other-${Date.now()}`;
		await writeFileAtomic(aside, text);
		this.#seen = draft;
		this.#keptAside = aside;
		return aside;
	}

	#writePending(): Promise<void> {
		const write = async () => {
			const pending = this.#pending;
			if (!pending || this.#off !== undefined) return;
			this.#pending = undefined;
			const draft = pending();
			if (!draft) return;
			// Another dashboard keeps it: kept pending, for when this one takes it over (a later save, or the quit).
			if (!(await this.#takeOver()) || (this.#token !== undefined && !(await this.#stillHeld(this.#token)))) {
				this.#pending ??= () => draft;
				return;
			}
			try {
				// Not written over if that fails: the write fails too, and is tried again.
				const keptAs = this.#tookOver ? await this.#keepOthers() : undefined;
				await writeFileAtomic(this.file, `${JSON.stringify({version: FILE_VERSION, savedAt: new Date().toISOString(), draft}, null, '\t')}\n`);
				this.#seen = draft;
				const failed = this.#failing;
				this.#failing = false;
				if (this.#tookOver) this.#onSavedAgain('owner', keptAs);
				else if (failed) this.#onSavedAgain('failure');
				this.#tookOver = false;
			} catch (error) {
				this.#failing = true;
				// Keep it for the next attempt unless the user has typed something newer meanwhile.
				this.#pending ??= () => draft;
				throw error;
			}
		};
		this.#writes = this.#writes.then(write, write);
		return this.#writes;
	}
}
