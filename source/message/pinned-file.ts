// A file of the message is checked before connecting (its size for SIZE=, 7bit or quoted-printable, its lines of at
// most 998 octets) and read again to send it. A file written to in between (a log appended to, an editor's save)
// would send what was never checked: a wrong SIZE=, a line the DATA encoder refuses after 354. So exactly the bytes
// checked go, and a file changed since its check stops the message before its end.
import {statSync, type Stats} from 'node:fs';
import {stat} from 'node:fs/promises';
import {groupDigits} from '../smtp/digits.js';

/**
 * What a file looked like when it was checked. The change time too: a writer can set the modification time back
 * (utimes, touch -d, an unpacker keeping times) but not the change time, which every write moves.
 */
export type FileStamp = {size: number; mtimeMs: number; ctimeMs: number};

const stampOf = (info: Stats): FileStamp => ({size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs});

/** The file as it is now; undefined once it is gone. */
export const stampNow = (file: string): FileStamp | undefined => {
	try {
		return stampOf(statSync(file));
	} catch {
		return undefined;
	}
};

const same = (now: FileStamp | undefined, stamp: FileStamp) => now !== undefined && now.size === stamp.size && now.mtimeMs === stamp.mtimeMs && now.ctimeMs === stamp.ctimeMs;

/** How the file changed, in words. */
function change(before: FileStamp, after: FileStamp | undefined): string {
	if (after === undefined) return 'it is gone';
	if (after.size !== before.size) return `its size went from ${groupDigits(before.size)} to ${groupDigits(after.size)} bytes`;
	if (after.mtimeMs !== before.mtimeMs) return 'it was written to: same size, a new modification time';
	return 'same size and modification time, but a new change time: written to with its time set back, or its permissions or owner changed';
}

/** What to do about it, said whenever a file changed. */
const AGAIN = 'send it once nothing writes to it any more, or send a copy of it (cp FILE COPY)';

/** A file of the message changed after its check: `label` names it ("body file ./app.log"). */
export class FileChangedError extends Error {
	readonly path: string;
	readonly #how: string;
	readonly #label: string;

	constructor(label: string, file: string, how: string) {
		super(`${label} changed while it was being checked (${how}); ${AGAIN}`);
		this.path = file;
		this.#how = how;
		this.#label = label;
	}

	/** The words once the message was on its way (after 354, or BDAT): it was stopped before its end. */
	get whileSending(): string {
		return `${this.#label} changed while it was being sent (${this.#how}): the message was stopped before its end, and the connection was dropped, so the server delivers none of it; ${AGAIN}`;
	}
}

/** Throws FileChangedError when `file` is no longer as `stamp` says. */
export function assertUnchanged(file: string, stamp: FileStamp, label: string, now = stampNow(file)): void {
	if (!same(now, stamp)) throw new FileChangedError(label, file, change(stamp, now));
}

/**
 * The bytes of `chunks`, a read of `file`, each chunk only once the file is seen unchanged after it was
 * read: its size is part of that, so no byte appended since the check goes (a chunk holding one fails), and a file cut
 * shorter fails at its end, before the message's end goes.
 */
export async function* pinnedRead(chunks: AsyncIterable<Uint8Array>, file: string, stamp: FileStamp, label: string): AsyncGenerator<Uint8Array> {
	const check = async () => assertUnchanged(file, stamp, label, await stat(file).then(stampOf, () => undefined));
	for await (const chunk of chunks) {
		await check();
		yield chunk;
	}
	await check();
}
