// The composer's values as the things the rest of the program takes: a message for the driver, the exact DATA
// bytes for the preview, and a draft for the disk.
import {randomUUID} from 'node:crypto';
import {composeMessage, newBaseBoundary, type ComposedMessage} from '../message/compose.js';
import {splitAddressList, splitList, unquotePath} from '../message/lists.js';
import type {Draft} from '../message/drafts.js';
import {homeIfAny} from '../message/user-folders.js';
import type {OutgoingMessage} from '../session/types.js';
import {dataCounts, type DataCounts} from '../session/data-summary.js';
import {groupDigits} from '../smtp/digits.js';
import {DataEncoder} from '../smtp/data-encoder.js';
import {withCommaHint} from './attach-comma.js';
import {FIELD_NAME, type ComposerDraft, type ComposerValues} from './components/composer-form.js';
import {GLYPH} from './theme.js';

/** The files of the Attach field: comma-separated, a quoted path may hold a comma, `~/` is the home folder. */
export const attachments = (text: string) => splitList(text).map(item => unquotePath(item, homeIfAny()));

/** What makes two builds of the same message the same bytes: the preview shows exactly what the next send sends. */
export type MessageIdentity = {messageIdSeed: string; date: Date; baseBoundary: string};

export function newIdentity(): MessageIdentity {
	return {messageIdSeed: randomUUID(), date: new Date(), baseBoundary: newBaseBoundary()};
}

/** Builds the RFC 5322 message (MailComposer); throws SmtpInputError naming the field that is wrong. */
export async function composeFromValues(values: ComposerValues, identity?: MessageIdentity): Promise<ComposedMessage> {
	return composeMessage({
		from: values.from.trim(),
		to: splitAddressList(values.to),
		cc: splitAddressList(values.cc),
		bcc: splitAddressList(values.bcc),
		subject: values.subject,
		// HTML: its text part is made from it, as send --html without --body does.
		...(values.html ? {body: {kind: 'from-html' as const}, html: {kind: 'text' as const, text: values.body}} : {body: {kind: 'text' as const, text: values.body}}),
		headers: values.headers,
		attachments: attachments(values.attach),
		...(identity && {messageIdSeed: identity.messageIdSeed, date: identity.date, baseBoundary: identity.baseBoundary}),
	}).catch((error: unknown) => {
		throw withCommaHint(error, values.attach, homeIfAny());
	});
}

export function outgoingMessage(composed: ComposedMessage): OutgoingMessage {
	return {
		from: composed.envelope.from,
		recipients: composed.envelope.to,
		...(composed.estimatedSize !== undefined && {size: composed.estimatedSize}),
		...(composed.sizeExact && {sizeExact: true}),
		eightBit: composed.eightBit,
		...(composed.utf8Headers && {utf8Headers: true}),
		...(composed.utf8Addresses && {utf8Addresses: composed.utf8Addresses}),
		...(composed.eightBitMessages && {eightBitMessages: composed.eightBitMessages}),
		...(composed.notes && {notes: composed.notes}),
		body: () => composed.stream(),
		allowPartial: true,
	};
}

/** The preview holds at most this much: a large attachment is counted, not shown. */
const PREVIEW_LIMIT = 256 * 1024;

/**
 * The payload for the preview: its text (cut past the limit), and the whole payload's lines and bytes. `chunkSize`:
 * it goes as BDAT chunks of that size (no dot-stuffing, no final ".").
 */
export type DataPreviewText = {
	bytes: string;
	counts: DataCounts;
	chunkSize?: number;
};

/**
 * What DATA will put on the wire after the 354: CRLF line ends, dot-stuffed, ending with ".". With `bdat`, what its
 * chunks carry instead: the same CRLF lines, as they are. Past `limit` bytes the rest is counted and said in one line.
 */
export async function dataBytes(composed: ComposedMessage, limit = PREVIEW_LIMIT, bdat?: {chunkSize: number}): Promise<DataPreviewText> {
	const encoder = new DataEncoder({dotStuffing: bdat === undefined});
	const parts: Buffer[] = [];
	let kept = 0;
	let omitted = 0;
	const add = (bytes: Uint8Array) => {
		const room = Math.max(0, limit - kept);
		// Copied: a stream may reuse its buffer for the next chunk.
		if (room > 0) parts.push(Buffer.from(bytes.subarray(0, room)));
		kept += Math.min(room, bytes.length);
		omitted += Math.max(0, bytes.length - room);
	};
	for await (const chunk of composed.stream()) add(encoder.push(chunk));
	add(encoder.end());
	const bytes = Buffer.concat(parts);
	const totals = {counts: dataCounts(encoder), ...(bdat && {chunkSize: bdat.chunkSize})};
	if (omitted === 0) return {bytes: bytes.toString('utf8'), ...totals};
	// Cut at the last whole line, so no line (or character) is shown half.
	const whole = bytes.lastIndexOf('\r\n') + 2;
	return {bytes: `${bytes.subarray(0, whole).toString('utf8')}[${GLYPH.ellipsis} ${groupDigits(omitted + bytes.length - whole)} more bytes not shown ${GLYPH.ellipsis}]\r\n`, ...totals};
}

/** The composer as a draft. A header line that does not parse is kept whole in `name`, so nothing is lost. */
export function draftFromComposer(draft: ComposerDraft): Draft {
	return {
		from: draft.from,
		to: draft.to,
		cc: draft.cc ?? '',
		bcc: draft.bcc ?? '',
		subject: draft.subject,
		headers: (draft.headers ?? []).map(line => {
			const colon = line.indexOf(':');
			const name = line.slice(0, colon).trim();
			return colon > 0 && FIELD_NAME.test(name) ? {name, value: line.slice(colon + 1).trim()} : {name: line, value: ''};
		}),
		body: draft.body,
		...(draft.html && {html: true as const}),
		attachments: splitList(draft.attach ?? '').map(item => unquotePath(item)),
	};
}

export function composerFromDraft(draft: Draft): ComposerDraft {
	return {
		from: draft.from,
		to: draft.to,
		cc: draft.cc,
		bcc: draft.bcc,
		subject: draft.subject,
		headers: draft.headers.map(({name, value}) => (FIELD_NAME.test(name) ? `${name}: ${value}`.trimEnd() : name)),
		body: draft.body,
		...(draft.html && {html: true}),
		attach: draft.attachments.map(file => (file.includes(',') ? `"${file}"` : file)).join(', '),
	};
}
