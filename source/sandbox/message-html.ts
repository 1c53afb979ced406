// Whether a message has an HTML body (the inbox's html view), or a file attached, read at arrival from headers only: the
// message's Content-Type, and for a multipart one its parts' headers, in one pass over the bytes read of it. No body is
// decoded or parsed; a message without a Content-Type (plain text, and most of a load test) costs one walk of its
// header lines, as the Subject's does.
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
 * A part (or the message itself) as its headers say: its type, lower case, its Content-Disposition, and where its
 * delimiter line ends in the message (0 for the message itself).
 */
type PartHeaders = {type: string; disposition: string; at: number};

/** The message's own headers, and for a multipart one the boundary its parts are delimited by. */
export function messageHeaders(header: Buffer): PartHeaders & {boundary?: string} {
	const {type, boundary} = contentType(scanField(header, contentTypeName));
	return {type, disposition: scanField(header, dispositionName) ?? '', at: 0, ...(type.startsWith('multipart/') && boundary !== undefined && {boundary})};
}

/**
 * Each part whose delimiter line begins in `bytes` before `upTo`, nested multiparts' too (not the parts of an
 * attached message), in order; `boundaries` (the message's own first) gains the nested ones. Stops where the caller
 * stops reading.
 */
export function* partsIn(bytes: Buffer, boundaries: Buffer[], upTo = bytes.length): Generator<PartHeaders> {
	for (let at = bytes.indexOf(delimiterStart); at !== -1 && at < upTo; at = bytes.indexOf(delimiterStart, at + delimiterStart.length)) {
		const name = at + delimiterStart.length;
		// A line "--" or "--ab" at the very end is shorter than a boundary: Buffer.compare would throw past the end.
		const boundary = boundaries.find(known => name + known.length <= bytes.length && bytes.compare(known, 0, known.length, name, name + known.length) === 0);
		// Not a delimiter of these parts (a signature's "-- ", a nested part's own), or the close delimiter ("--b--").
		if (boundary === undefined || (bytes[name + boundary.length] === 0x2d && bytes[name + boundary.length + 1] === 0x2d)) continue;
		const newline = bytes.indexOf(10, name + boundary.length);
		if (newline === -1) return;
		const part = bytes.subarray(newline + 1);
		const {type, boundary: inner} = contentType(scanField(part, contentTypeName));
		yield {type, disposition: scanField(part, dispositionName) ?? '', at: at + delimiterStart.length};
		if (type.startsWith('multipart/') && inner !== undefined) boundaries.push(Buffer.from(inner));
	}
}

/** The message's own headers, then each part that begins in `header` (see partsIn). */
function* partHeaders(header: Buffer): Generator<PartHeaders> {
	const top = messageHeaders(header);
	yield top;
	if (top.boundary !== undefined) yield* partsIn(header, [Buffer.from(top.boundary)]);
}

const attachment = (disposition: string) => /^\s*attachment/i.test(disposition);

/**
 * Parts that are marked attachments, or application/* marked as nothing, and are no file to open: a signature of the
 * message, or the message itself encrypted (S/MIME's smime.p7m, PGP/MIME's version part), for S/MIME and OpenPGP.
 */
const CRYPTO_PARTS = new Set([
	'application/pkcs7-signature',
	'application/x-pkcs7-signature',
	'application/pgp-signature',
	'application/pgp-keys',
	'application/pkcs7-mime',
	'application/x-pkcs7-mime',
	'application/pgp-encrypted',
]);

/** A part marked as an attachment, or an application/* part marked as nothing (older mailers send a PDF so), a signature aside. */
export const isAttached = ({type, disposition}: Pick<PartHeaders, 'type' | 'disposition'>) =>
	!CRYPTO_PARTS.has(type) && (attachment(disposition) || (disposition.trim() === '' && type.startsWith('application/')));

/**
 * The list's marks, from one walk of the parts' headers (never their bodies):
 * - `html`: a text/html message, or a multipart one with a text/html part that is not an attachment, nested multiparts
 *   too, among the parts that begin in the message's first PARTS_SCANNED bytes;
 * - `attachment` (the `attach` mark): a part isAttached among the parts that begin in the `header` bytes read (a
 *   received message's are all read as it arrives: AttachmentScan).
 */
export function bodyMarks(header: Buffer): {html: boolean; attachment: boolean} {
	let html = false;
	let attached = false;
	for (const {type, disposition, at} of partHeaders(header)) {
		html ||= at <= PARTS_SCANNED && type === 'text/html' && !attachment(disposition);
		attached ||= isAttached({type, disposition});
		// Past the bytes an HTML part is looked for in, only an attachment is left to find.
		if (attached && (html || at > PARTS_SCANNED)) break;
	}
	return {html, attachment: attached};
}
