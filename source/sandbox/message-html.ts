// Whether a message has an HTML body (the inbox's html view), read at arrival from headers only: the message's
// Content-Type, and for a multipart one its parts' headers, in one pass over its first PARTS_SCANNED bytes that ends
// at the first HTML part. No body is decoded or parsed; a message without a Content-Type (plain text, and most of a
// load test) costs one walk of its header lines, as the Subject's does.
import {scanField} from './header-scan.js';

const contentTypeName = Buffer.from('content-type:');
const dispositionName = Buffer.from('content-disposition:');
/** How a delimiter line starts: "--" at the start of a line, then a boundary. */
const delimiterStart = Buffer.from('\n--');

/**
 * How far the parts' headers are looked for: an HTML part comes first, or after a text alternative, which in mail
 * applications send is a few KiB. Searching bytes costs ~0.5 ns each: this bounds it to ~10 µs a message.
 */
export const PARTS_SCANNED = 16 * 1024;

/** "text/html", "multipart/alternative", lower case, and a multipart's boundary. */
function contentType(value: string | undefined): {type: string; boundary?: string} {
	const type = /^\s*([^;\s]+)/.exec(value ?? '')?.[1]?.toLowerCase() ?? 'text/plain';
	const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(value ?? '');
	return {type, ...(boundary && {boundary: boundary[1] ?? boundary[2]})};
}

/**
 * True for a text/html message, or a multipart one with a text/html part that is not an attachment, nested
 * multiparts too, among the parts that begin in the message's first PARTS_SCANNED bytes.
 */
export function hasHtmlBody(header: Buffer): boolean {
	const top = contentType(scanField(header, contentTypeName));
	if (top.type === 'text/html') return true;
	if (!top.type.startsWith('multipart/') || top.boundary === undefined) return false;
	const boundaries = [Buffer.from(top.boundary)];
	const scanned = header.subarray(0, PARTS_SCANNED);
	for (let at = scanned.indexOf(delimiterStart); at !== -1; at = scanned.indexOf(delimiterStart, at + delimiterStart.length)) {
		const name = at + delimiterStart.length;
		const boundary = boundaries.find(known => header.compare(known, 0, known.length, name, name + known.length) === 0);
		// Not a delimiter of these parts (a signature's "-- ", a nested part's own), or the close delimiter ("--b--").
		if (boundary === undefined || (header[name + boundary.length] === 0x2d && header[name + boundary.length + 1] === 0x2d)) continue;
		const newline = header.indexOf(10, name + boundary.length);
		if (newline === -1) break;
		const part = header.subarray(newline + 1);
		const {type, boundary: inner} = contentType(scanField(part, contentTypeName));
		if (type === 'text/html' && !/^\s*attachment/i.test(scanField(part, dispositionName) ?? '')) return true;
		if (type.startsWith('multipart/') && inner !== undefined) boundaries.push(Buffer.from(inner));
	}
	return false;
}
