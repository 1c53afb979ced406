// A file of lines smtp-tui writes for the user (--record, --transcript): made or replaced only once there is
// something to put in it, and cut back to its last whole line when a write fails, so what it holds still reads.
// Another process writing the same file is noticed at this writer's next write, which then stops without touching
// the file: it holds the other's lines whole, not a mix of both. A recording is also locked (see recording-lock.ts).
import {closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, unlinkSync, writeSync} from 'node:fs';
import {lockRecording} from './recording-lock.js';

export class OutputFile {
	readonly #file: string;
	#fd: number | undefined;
	/** This made the file (it was not there): one left with nothing in it is removed again. */
	#made = false;
	/** A regular file, written at known offsets and cut back; a device or a pipe (/dev/stdout) is written as it goes. */
	#seekable = false;
	/** Bytes of whole lines in the file: where a failed write cuts it back to. */
	#kept = 0;
	/** Bytes written, whole lines or not. */
	#written = 0;
	/** Where the last write that went whole started: what `endWith` may take the place of. */
	#lastStart = 0;
	#deleted = false;
	#shared = false;

	readonly #lock: boolean;

	/** `lock`: kept by one run at a time (a --record FILE), locked at the first write. */
	constructor(file: string, {lock = false} = {}) {
		this.#file = file;
		this.#lock = lock;
	}

	/** Bytes of whole lines the file holds from this writer. */
	get kept(): number {
		return this.#kept;
	}

	/** The file was deleted while it was written (what it held went with it). */
	get deleted(): boolean {
		return this.#deleted;
	}

	/** Another process wrote or cut the file since this writer's last write (see write): it is theirs now. */
	get shared(): boolean {
		return this.#shared;
	}

	/** Nothing was written: a file that was there keeps what it held, one this made is gone again. */
	get untouched(): boolean {
		return this.#written === 0 || (this.#made && this.#kept === 0);
	}

	/**
	 * Appends `text` (whole lines). The first write replaces what the file held: written over it from its start, then
	 * the rest cut away, so that a write that fails at its first byte (a full disk) leaves an existing file as it was.
	 * A failed write is thrown after the file is cut back to its last whole line.
	 */
	write(text: string): void {
		if (this.#fd === undefined && this.#lock) {
			const holder = lockRecording(this.#file);
			if (holder !== undefined) {
				this.#shared = true;
				// The lock is named: one whose run is gone unseen (another machine's, a pid reused) is the user's to delete.
				const who = [holder.pid !== undefined && `pid ${holder.pid}`, holder.host !== undefined && `on ${holder.host}`].filter(Boolean).join(' ');
				throw new Error(`another run records to it${who === '' ? '' : ` (${who})`}, as ${this.#file}.lock says: delete that if no run does`);
			}
		}
		this.#fd ??= this.#open();
		const info = fstatSync(this.#fd);
		// Deleted meanwhile, the file would take the rest unseen: stopped, as a full disk stops it.
		if (info.nlink === 0) {
			this.#deleted = true;
			throw new Error('it was deleted while the session ran');
		}
		// Not the size this writer left: another process wrote it (its first write cut the file to its own lines).
		// Writing on would interleave the two; cutting back would destroy theirs: it is left to them.
		if (this.#seekable && this.#written > 0 && info.size !== this.#written) {
			this.#shared = true;
			throw new Error('another program changed it meanwhile (another run given the same file?)');
		}
		const bytes = Buffer.from(text);
		let done = 0;
		try {
			// A write may take part of the bytes only (the disk fills up under it): the rest goes again, and fails.
			while (done < bytes.length) {
				const wrote = writeSync(this.#fd, bytes, done, bytes.length - done, this.#seekable ? this.#written + done : null);
				if (wrote === 0) throw new Error('the file takes no more bytes');
				done += wrote;
			}
		} catch (error) {
			this.#written += done;
			this.#cutBack(this.#kept + bytes.subarray(0, done).lastIndexOf(0x0a) + 1);
			throw error;
		}
		const first = this.#written === 0;
		this.#lastStart = this.#kept;
		this.#written += done;
		this.#kept = this.#written;
		if (first) this.#truncate(this.#kept);
	}

	/**
	 * After a failed write (the file cut back to its last whole line): `line`, a whole line, goes last, to say how the
	 * file ends. With no room for it (a full disk), it takes the place of the lines last written, unless they are part
	 * of the first `keep` bytes. Whether it went; a file that holds nothing, or is not a regular one, is left as it is.
	 */
	endWith(line: string, keep: number): boolean {
		if (this.#fd === undefined || this.#deleted || this.#shared || this.#kept === 0) return false;
		const bytes = Buffer.from(line);
		const places = this.#seekable && this.#lastStart >= keep ? [this.#kept, this.#lastStart] : [this.#kept];
		for (const place of places) {
			this.#truncate(place);
			try {
				if (writeSync(this.#fd, bytes, 0, bytes.length, this.#seekable ? place : null) === bytes.length) {
					this.#kept = place + bytes.length;
					return true;
				}
			} catch {
				// No room here: the next place, if any.
			}
			this.#kept = place;
		}
		this.#truncate(this.#kept);
		return false;
	}

	close(): void {
		if (this.#fd === undefined) return;
		try {
			closeSync(this.#fd);
		} catch {
			// Written already, or it failed and was said: nothing more to tell.
		}
		this.#fd = undefined;
	}

	#open(): number {
		try {
			const fd = openSync(this.#file, 'wx', 0o600);
			this.#made = true;
			this.#seekable = true;
			return fd;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		// Not emptied here (see write): private (0600) if it went missing meanwhile; an existing file keeps its mode.
		const fd = this.#openExisting(constants.O_WRONLY | constants.O_CREAT);
		this.#seekable = fstatSync(fd).isFile();
		return fd;
	}

	/**
	 * The file that is there, checked again as it is opened: the flags were checked before the session, which can
	 * take minutes, and in /tmp another user may meanwhile plant a link to a file of yours (without Linux's
	 * fs.protected_symlinks: macOS, some containers), or a file of theirs, which would get your transcript. Your own
	 * links and root's (/dev/stdout) are followed.
	 */
	#openExisting(flags: number): number {
		const uid = process.getuid?.();
		let fd;
		try {
			fd = openSync(this.#file, flags | (constants.O_NOFOLLOW ?? 0), 0o600);
		} catch (error) {
			// ELOOP: a link; EACCES too for another user's in a sticky folder (/tmp), where Linux refuses O_CREAT on it.
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ELOOP' && code !== 'EACCES') throw error;
			const link = lstatSync(this.#file, {throwIfNoEntry: false});
			if (uid !== undefined && link?.isSymbolicLink() && link.uid !== uid && link.uid !== 0) {
				throw new Error('it is now a link another user made, which leads where they chose: not written through');
			}
			if (code !== 'ELOOP') throw error;
			fd = openSync(this.#file, flags, 0o600);
		}
		const info = fstatSync(fd);
		if (uid !== undefined && info.isFile() && info.uid !== uid) {
			closeSync(fd);
			throw new Error('it is now a file of another user\'s, which would keep their permissions: not written over');
		}
		// A hard link made meanwhile (see refuseSharedFiles) would take the transcript into a file of yours elsewhere.
		if (info.isFile() && info.nlink > 1) {
			closeSync(fd);
			throw new Error('it now has other names (hard links), one of which may be a file of yours: not written over');
		}
		return fd;
	}

	#cutBack(whole: number): void {
		if (this.#written === 0) {
			if (this.#made) this.#remove();
			return;
		}
		this.#kept = whole;
		if (whole === 0 && this.#made) this.#remove();
		else this.#truncate(whole);
	}

	#truncate(length: number): void {
		if (!this.#seekable) return;
		try {
			ftruncateSync(this.#fd!, length);
		} catch {
			// Cut short it stays: replay reads a last line cut short as the end of the recording.
		}
	}

	#remove(): void {
		try {
			unlinkSync(this.#file);
		} catch {
			// Gone already, or the folder no longer lets us: an empty file is all that is left.
		}
	}
}
