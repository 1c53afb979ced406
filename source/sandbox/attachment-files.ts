// The inbox's save key: an opened message as `message-<n>.eml` and its attachments as files, in a new folder of
// their own (`smtp-tui-attachments/message-<n>-<arrival>/`), so that a generated PDF or a forwarded message can be
// opened. Numbers start again at 1 in each run: the arrival time keeps a later run's message 1 from reading as
// another save of this one (`-2` after it is a second save of the same message).
// Private as --save-dir's files are (0600 in a 0700 folder); nothing is ever replaced.
import {lstat, mkdir, open, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {giveTo, heirOf, type Owner} from '../message/folder-owner.js';
import {makeDirectory} from '../message/make-directory.js';
import {PARSER_OPTIONS} from './parser-options.js';
import {attachmentName, isAttachedMessage} from './attachment-name.js';
import {freeFileName, safeFileName} from './safe-file-name.js';
import {htmlPage} from './html-page.js';

/** Where the files went: the new folder, and each file's name in it (the message's first). */
export type SavedFiles = {dir: string; files: string[]};

/** The folder under `base` all saves go into, one folder a message. */
const ATTACHMENTS_FOLDER = 'smtp-tui-attachments';

/** A save that failed part way: what was written stays (the message is still in the inbox), and is said. */
export class SaveError extends Error {
	constructor(
		readonly cause: unknown,
		/** The file that could not be written (or the folder, when that could not be made). */
		readonly file: string,
		readonly saved: SavedFiles | undefined,
	) {
		super((cause as Error).message);
	}
}

/** The saves' folder is another user's, or a link they made: `why` says so, to follow the folder's name. */
export class ForeignFolder extends Error {}

/**
 * Whom to give what is made in `parent`, the saves' folder, which must be this user's own (root's, or as root the
 * user it runs for: see heirOf). Another user's (a ./smtp-tui-attachments planted in /tmp, or a link to one) is
 * refused: they could swap a message's new folder for a link between its mkdir and the writes into it, and have the
 * attachments (an `authorized_keys`) made where they chose.
 */
async function saveFolderOwner(parent: string): Promise<Owner | undefined> {
	const uid = process.getuid?.();
	if (uid === undefined) return undefined;
	const link = await lstat(parent);
	if (link.isSymbolicLink() && link.uid !== uid && link.uid !== 0) {
		throw new ForeignFolder(`is a link another user made (uid ${link.uid}), which leads where they chose`);
	}
	const folder = await stat(parent);
	if (folder.uid === uid) return undefined;
	const heir = heirOf(folder);
	if (heir) return heir;
	throw new ForeignFolder(`belongs to another user (uid ${folder.uid}), who could redirect the files into it to where they chose`);
}

/** `message-7-20261206-092730`: the message's number and its arrival (local time, to the second). */
export function messageFolderName(id: number, receivedAt: Date): string {
	const two = (value: number) => String(value).padStart(2, '0');
	const day = `${receivedAt.getFullYear()}${two(receivedAt.getMonth() + 1)}${two(receivedAt.getDate())}`;
	return `message-${id}-${day}-${two(receivedAt.getHours())}${two(receivedAt.getMinutes())}${two(receivedAt.getSeconds())}`;
}

/** Makes `name` under `parent`, or `name-2`… when one is there from an earlier save of the same message. */
async function newFolder(parent: string, name: string, owner: Owner | undefined): Promise<string> {
	for (let copy = 1; ; copy++) {
		const dir = path.join(parent, `${name}${copy === 1 ? '' : `-${copy}`}`);
		try {
			await mkdir(dir, {mode: 0o700});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			throw error;
		}
		await giveTo(dir, owner);
		return dir;
	}
}

/** Creates `file` (never over an existing one), mode 0600 whatever the umask, written and flushed. */
async function writeNew(file: string, data: Buffer, owner: Owner | undefined): Promise<void> {
	const handle = await open(file, 'wx', 0o600);
	try {
		await giveTo(handle, owner);
		await handle.chmod(0o600);
		await handle.writeFile(data);
		await handle.sync();
	} catch (error) {
		await handle.close();
		// A half-written file (a full disk) would pass for the attachment.
		await rm(file, {force: true});
		throw error;
	}
	await handle.close();
}

/** A made-up name for an attachment that has none (or none usable): `attachment-2.pdf`, by its type. */
async function madeUpName(index: number, contentType: string): Promise<string> {
	const {detectExtension} = await import('nodemailer/lib/mime-funcs');
	const extension = isAttachedMessage(contentType) ? 'eml' : detectExtension(contentType);
	return `attachment-${index}.${extension}`;
}

/**
 * Writes message `id`'s `raw` bytes, its HTML as a page to open (htmlPage) and its attachments (a forwarded message
 * as a `.eml`) into a new folder under `base`/smtp-tui-attachments, named by the number and `receivedAt`. Rejects
 * with a SaveError naming the file that failed and what was saved before it.
 */
export async function saveMessageFiles(raw: Buffer, id: number, base: string, receivedAt: Date): Promise<SavedFiles> {
	const parent = path.resolve(base, ATTACHMENTS_FOLDER);
	let saved: SavedFiles | undefined;
	let file = parent;
	try {
		await makeDirectory(parent, 0o700);
		const owner = await saveFolderOwner(parent);
		const name = messageFolderName(id, receivedAt);
		file = path.join(parent, name);
		saved = {dir: await newFolder(parent, name, owner), files: []};
		const taken = new Set<string>();
		const write = async (name: string, data: Buffer) => {
			const free = freeFileName(name, taken);
			file = path.join(saved!.dir, free);
			await writeNew(file, data, owner);
			taken.add(free.toLowerCase());
			saved!.files.push(free);
		};
		await write(`message-${id}.eml`, raw);
		const {simpleParser} = await import('mailparser');
		const {attachments, html} = await simpleParser(raw, PARSER_OPTIONS);
		if (typeof html === 'string') await write(`message-${id}.html`, Buffer.from(htmlPage(html)));
		for (const [index, attachment] of attachments.entries()) {
			const named = attachmentName(attachment);
			const name = (named !== undefined && safeFileName(named)) || (await madeUpName(index + 1, attachment.contentType));
			await write(name, attachment.content);
		}
		return saved;
	} catch (error) {
		throw new SaveError(error, file, saved);
	}
}
