// An attachment's file name as a file on this disk. The name is the sender's text, untrusted: `../../.bashrc`,
// `/etc/passwd`, a name with control or bidi characters (`invoice\u202Efdp.exe`) must not leave the folder, hide
// itself or drive the terminal that lists it. A UTF-8 name (`Rechnung März.pdf`, `報告.pdf`) stays readable.

import {INVISIBLE} from '../text/escape.js';

/** Bytes a name may take: 255 on most file systems; room is left for a `-2` before the extension. */
const MAX_BYTES = 240;

/**
 * C0 and C1 controls and DEL; what draws nothing and reorders or hides what `ls` shows (escape.ts's INVISIBLE: bidi
 * controls, zero-width characters, BOM, tags), the joiners too; the characters Windows refuses in names (a folder
 * copied there, or shared with it).
 */
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u200c\\u200d<>:"\\|?*]|${INVISIBLE}`, 'gv');

/** Cuts `text` to at most `bytes` of UTF-8 without splitting a character. */
function cutBytes(text: string, bytes: number): string {
	let out = '';
	for (const character of text) {
		if (Buffer.byteLength(out + character) > bytes) break;
		out += character;
	}
	return out;
}

/** `name` made safe to create in a folder, or undefined when nothing usable is left (then a name is made up). */
export function safeFileName(name: string): string | undefined {
	// Only the last part of a path: both slashes separate (a name from a Windows mailer has backslashes).
	const base = name.normalize('NFC').split(/[\\/]/).at(-1)!;
	// No hidden file, no `..`; no trailing dot or space, which Windows drops.
	const cleaned = base.replace(UNSAFE, '_').replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
	if (cleaned === '' || /^_+$/.test(cleaned)) return undefined;
	if (Buffer.byteLength(cleaned) <= MAX_BYTES) return cleaned;
	const dot = cleaned.lastIndexOf('.');
	const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : '';
	return cutBytes(cleaned.slice(0, cleaned.length - extension.length), MAX_BYTES - Buffer.byteLength(extension)) + extension;
}

/** `name`, or `name-2.ext`, `name-3.ext`… when `taken` (compared without case: a macOS or Windows disk ignores it). */
export function freeFileName(name: string, taken: ReadonlySet<string>): string {
	const dot = name.lastIndexOf('.');
	const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
	let candidate = name;
	for (let copy = 2; taken.has(candidate.toLowerCase()); copy++) candidate = `${stem}-${copy}${extension}`;
	return candidate;
}
