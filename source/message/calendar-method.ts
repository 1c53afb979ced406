// An invitation is a text/calendar part whose `method` parameter names what it asks (RFC 6047 §2.4: the same as the
// calendar's METHOD property): without it Outlook and Gmail show an .ics file to download, not Accept/Decline.
import {open} from 'node:fs/promises';

/** METHOD comes before the first component, near the start: this much is read to find it. */
const HEAD = 64 * 1024;

/**
 * `type` with `; method=REQUEST` (as the file's METHOD says) when it is text/calendar without a method; else `type`,
 * and a warning when the method it gives is not the file's (a mail program may act on either).
 */
export async function calendarMethod(file: string, type: string, name: string): Promise<{type: string; note?: string}> {
	if (!/^text\/calendar\s*(;|$)/i.test(type)) return {type};
	const handle = await open(file);
	let method: string | undefined;
	try {
		const {buffer, bytesRead} = await handle.read({buffer: Buffer.alloc(HEAD), position: 0});
		// Property names are case-insensitive (RFC 5545 §2).
		method = /^METHOD:[ \t]*([A-Za-z-]+)[ \t]*\r?$/im.exec(buffer.subarray(0, bytesRead).toString('latin1'))?.[1]!.toUpperCase();
	} finally {
		await handle.close();
	}
	const given = /;\s*method="?([\w-]+)/i.exec(type)?.[1]?.toUpperCase();
	if (given === undefined) return {type: method ? `${type}; method=${method}` : type};
	if (given === method) return {type};
	const note =
		method === undefined
			? `${name} has no METHOD: line, which its type's method=${given} needs (RFC 6047): mail programs may take it for a calendar to import, with no Accept/Decline`
			: `${name} says METHOD:${method}, and its type says method=${given}: mail programs may act on either (RFC 6047 has them the same)`;
	return {type, note: `warning: ${note}; write METHOD:${given} in the file`};
}
