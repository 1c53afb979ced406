// The composer's draft on disk, so a crash or `kill -9` loses at most about a second of typing. It lives in the
// data folder (env-paths has no "state" folder on every platform); SMTP_TUI_STATE_DIR overrides it, for tests.
// A draft holds message fields only: never a password.
import {readFile, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import envPaths from 'env-paths';
import {writeFileAtomic} from './atomic-write.js';

export type Draft = {
	from: string;
	to: string;
	cc: string;
	bcc: string;
	subject: string;
	headers: {name: string; value: string}[];
	body: string;
	/** File paths. */
	attachments: string[];
};

export type DraftStoreOptions = {
	/** Folder for draft.json; default SMTP_TUI_STATE_DIR, else the platform's data folder. */
	dir?: string;
	env?: NodeJS.ProcessEnv;
	/** Longest wait between a change and its write; 500 ms keeps the loss under a second. */
	delayMs?: number;
	/** Called when a background write fails (full disk, read-only folder); flush() rejects instead. */
	onError?: (error: unknown) => void;
};

const FILE_VERSION = 1;

/** Where drafts are kept: SMTP_TUI_STATE_DIR, else env-paths' data folder for "smtp-tui". */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.SMTP_TUI_STATE_DIR || envPaths('smtp-tui', {suffix: ''}).data;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** Copies the draft fields only, so a caller's wider object (a password, say) can never reach the disk. */
function draftFields(value: Record<string, unknown>): Draft | undefined {
	const text = (key: string) => (value[key] === undefined ? '' : value[key]);
	const fields = {from: text('from'), to: text('to'), cc: text('cc'), bcc: text('bcc'), subject: text('subject'), body: text('body')};
	const headers = value.headers ?? [];
	const attachments = value.attachments ?? [];
	if (!Object.values(fields).every(isString)) return undefined;
	if (!Array.isArray(headers) || !headers.every(header => isString(header?.name) && isString(header?.value))) return undefined;
	if (!Array.isArray(attachments) || !attachments.every(isString)) return undefined;
	return {
		...(fields as Omit<Draft, 'headers' | 'attachments'>),
		headers: headers.map(({name, value}: {name: string; value: string}) => ({name, value})),
		attachments: [...attachments],
	};
}

export class DraftStore {
	readonly file: string;
	readonly #delayMs: number;
	readonly #onError: (error: unknown) => void;
	#pending: Draft | undefined;
	#timer: NodeJS.Timeout | undefined;
	/** The chain of writes: each waits for the one before, so an older draft never lands after a newer one. */
	#writes: Promise<void> = Promise.resolve();

	constructor(options: DraftStoreOptions = {}) {
		this.file = path.join(options.dir ?? stateDir(options.env), 'draft.json');
		this.#delayMs = options.delayMs ?? 500;
		this.#onError = options.onError ?? (() => {});
	}

	/**
	 * The saved draft; undefined when there is none. An unreadable file is set aside (renamed), not lost, and the
	 * error says where it went.
	 */
	async load(): Promise<Draft | undefined> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
			throw error;
		}
		let draft: Draft | undefined;
		try {
			const data = JSON.parse(text) as {version?: unknown; draft?: Record<string, unknown>};
			if (data.version === FILE_VERSION && data.draft && typeof data.draft === 'object') draft = draftFields(data.draft);
		} catch {
			draft = undefined;
		}
		if (draft) return draft;
		const aside = `${this.file}.unreadable-${Date.now()}`;
		await rename(this.file, aside);
		throw new Error(`it is not a draft smtp-tui can read; it was kept as ${aside}`);
	}

	/**
	 * Remembers the draft and writes it within delayMs. Not a pure debounce: steady typing still writes every
	 * delayMs, because the timer is not pushed back by later changes.
	 */
	save(draft: Draft): void {
		this.#pending = draftFields(draft);
		this.#timer ??= setTimeout(() => {
			this.#timer = undefined;
			this.#writePending().catch(this.#onError);
		}, this.#delayMs);
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

	/** Forgets the draft (after a message was sent): drops a pending write and deletes the file. */
	async clear(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#pending = undefined;
		await this.settled();
		await rm(this.file, {force: true});
	}

	#writePending(): Promise<void> {
		const write = async () => {
			const draft = this.#pending;
			if (!draft) return;
			this.#pending = undefined;
			try {
				await writeFileAtomic(this.file, `${JSON.stringify({version: FILE_VERSION, savedAt: new Date().toISOString(), draft}, null, '\t')}\n`);
			} catch (error) {
				// Keep it for the next attempt unless the user has typed something newer meanwhile.
				this.#pending ??= draft;
				throw error;
			}
		};
		this.#writes = this.#writes.then(write, write);
		return this.#writes;
	}
}
