// An invitation is a text/calendar part whose `method` parameter names what it asks (RFC 6047 §2.4: the same as the
// calendar's METHOD property): without it Outlook and Gmail show an .ics file to download, not Accept/Decline.
import {open} from 'node:fs/promises';

/** METHOD comes before the first component, near the start: this much is read to find it. */
const HEAD = 64 * 1024;

/** `type` with `; method=REQUEST` (as the file's METHOD says) when it is text/calendar without a method; else `type`. */
export async function calendarMethod(file: string, type: string): Promise<string> {
	if (!/^text\/calendar\s*(;|$)/i.test(type) || /;\s*method=/i.test(type)) return type;
	const handle = await open(file);
	try {
		const {buffer, bytesRead} = await handle.read({buffer: Buffer.alloc(HEAD), position: 0});
		const method = /^METHOD:([A-Za-z-]+)\r?$/m.exec(buffer.subarray(0, bytesRead).toString('latin1'));
		return method ? `${type}; method=${method[1]!.toUpperCase()}` : type;
	} finally {
		await handle.close();
	}
}
