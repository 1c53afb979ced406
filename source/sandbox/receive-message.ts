// One message's DATA as it arrives, kept only as far as it is needed: its header part for the scans (Subject,
// Message-ID), the whole only while it fits the inbox's in-memory budget, and with a save folder every byte into
// a temporary file as it comes. A message of any size costs the server about the same memory.
import type {Readable} from 'node:stream';
import {AttachmentScan} from './attachment-scan.js';
import {headerScanBytes} from './header-scan.js';
import {HeldChunks} from './held-chunks.js';
import {isDkimSigned} from './dkim-signed.js';
import type {MessageFile} from './message-file.js';

/** smtp-server's DATA stream: `sizeExceeded` is set as soon as the message goes over the size limit. */
export type DataStream = Readable & {sizeExceeded: boolean};

export type ReceivedMessage = {
	/** Bytes of the whole message. */
	size: number;
	/** Its first bytes, as far as the header scans read. */
	header: Buffer;
	/** The whole message, when it fits the budget it was received with. */
	raw: Buffer | undefined;
	/** With a save folder: the temporary file it is written to (ended; `done()` says whether all of it got there). */
	file: MessageFile | undefined;
	/** It has DKIM-Signature headers. */
	signed: boolean;
	/** It has a file attached, wherever in it (see AttachmentScan); undefined when not looked for (nothing reads it). */
	attachment: boolean | undefined;
	/** A signed message, whole, up to DKIM_CHECK_BYTES, whatever the budget, when there is no file: held only for its check. */
	whole: Buffer | undefined;
};

/** The largest signed message held for its check without a save folder; with one, the check reads the saved file. */
const DKIM_CHECK_BYTES = 32 * 1024 * 1024;


/**
 * Reads `stream` to its end; `scan`: whether its parts are read for the attach mark. Resolves undefined when there
 * is nothing to keep: the message went over the size limit (smtp-server answers 552 5.3.4 itself, the rest is only
 * drained) or the client left in the middle of it; its file is removed by then.
 */
export async function receiveMessage(stream: DataStream, {keepBytes, file, scan}: {keepBytes: number; file: MessageFile | undefined; scan: boolean}): Promise<ReceivedMessage | undefined> {
	let size = 0;
	const header = new HeldChunks();
	let body: HeldChunks | undefined = new HeldChunks();
	// Known once the header section is: until then, and for a signed message, the body is kept past the budget.
	let signed: boolean | undefined;
	/** The header part's last bytes, for its empty line split across chunks. */
	let tail = Buffer.alloc(0);
	const attachment = scan ? new AttachmentScan() : undefined;
	let writing = file;
	// A write that failed (a full disk) stops the writing; the file keeps the error for the 451 at the end.
	file?.on('error', () => {
		writing = undefined;
		stream.resume();
	});
	stream.on('data', (chunk: Buffer) => {
		if (stream.sizeExceeded) {
			writing = body = undefined;
			return;
		}
		size += chunk.length;
		attachment?.push(chunk);
		if (header.bytes < headerScanBytes) {
			const part = chunk.subarray(0, headerScanBytes - header.bytes);
			header.push(part);
			if (signed === undefined) {
				const seen = Buffer.concat([tail, part]);
				// The header section is complete: its empty line has come, or the scans read no further.
				if (seen.includes('\r\n\r\n') || header.bytes >= headerScanBytes) signed = isDkimSigned(header.join());
				tail = seen.subarray(-3);
			}
		}
		if (body && (size <= keepBytes || (!file && signed !== false && size <= DKIM_CHECK_BYTES))) body.push(chunk);
		else body = undefined;
		if (writing && !writing.write(chunk)) {
			stream.pause();
			writing.once('drain', () => stream.resume());
		}
	});
	const ended = await new Promise<boolean>(resolve => {
		stream.once('end', () => resolve(true));
		// Destroyed by smtp-server when the client leaves mid-message: 'close' without 'end'.
		stream.once('close', () => resolve(false));
		stream.on('error', () => undefined);
	});
	if (!ended || stream.sizeExceeded) {
		await file?.discard();
		return undefined;
	}
	file?.end();
	const whole = body?.join();
	const headerPart = whole ?? header.join();
	signed ??= isDkimSigned(headerPart);
	// Held only until the message is accepted: one chunk (a small message) is not copied.
	return {size, header: headerPart, raw: size <= keepBytes ? whole : undefined, file, signed, attachment: attachment?.end(), whole: signed ? whole : undefined};
}
