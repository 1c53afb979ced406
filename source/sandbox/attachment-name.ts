// An attachment's name as mail programs show it. A forwarded message (message/rfc822, or message/global with UTF-8 in
// its header, RFC 6532) mostly comes without one (a mail program attaches it by its Subject, and libraries leave the
// name out): it is named by its Subject, as Thunderbird and Apple Mail name it, so that the inbox, the HTTP API and the
// save agree, and no FileName is "".
import {scanSubject} from './header-scan.js';
import {safeFileName} from './safe-file-name.js';

/** A forwarded message's name when it has no Subject (or none that makes a file name). */
const FORWARDED = 'forwarded.eml';

/**
 * A message attached whole. message/global's registered extension is .u8msg (RFC 6532 §3.7), which no mail program
 * opens: it is saved as a .eml too, which they all do (and read UTF-8 headers in).
 */
export const isAttachedMessage = (contentType: string) => contentType === 'message/rfc822' || contentType === 'message/global';

/** `part`'s own name; a forwarded message without one: its Subject as a safe file name plus .eml. */
export function attachmentName(part: {filename?: string; contentType: string; content: Buffer}): string | undefined {
	if (part.filename !== undefined || !isAttachedMessage(part.contentType)) return part.filename;
	// A slash in a Subject (Q3/Q4) is no folder: safeFileName would keep only what follows it.
	const subject = safeFileName(scanSubject(part.content).replace(/[\\/]/g, '_'));
	return subject === undefined ? FORWARDED : `${subject}.eml`;
}
