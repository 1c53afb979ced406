// A message's size in words, the same in the log after it went and in the preview before: its size as the server
// stores it (what SIZE=, the step prompt and the inbox say), then what more goes on the wire.
import type {DataEncoder} from '../smtp/data-encoder.js';
import {chunkCount} from '../smtp/bdat-chunker.js';
import {countOf, groupDigits} from '../smtp/digits.js';

export type DataCounts = {lines: number; stored: number; sent: number; stuffed: number};

export const dataCounts = (encoder: DataEncoder): DataCounts => ({lines: encoder.lines, stored: encoder.stored, sent: encoder.bytesOut, stuffed: encoder.stuffed});

/** `17 lines, 460 bytes, then "." (463 bytes sent: 1 line dot-stuffed)`. */
export function dataSummary({lines, stored, sent, stuffed}: DataCounts): string {
	const dots = stuffed > 0 ? `: ${countOf(stuffed, 'line')} dot-stuffed` : '';
	return `${countOf(lines, 'line')}, ${countOf(stored, 'byte')}, then "." (${groupDigits(sent)} bytes sent${dots})`;
}

/**
 * The same message as BDAT chunks (RFC 3030), which stuff no dot and end with no "." (the counts say where it ends):
 * `411 octets in 1 chunk, 16 lines`, `3,000,000 octets in 3 chunks of 1,048,576, …` (the chunks first: a narrow
 * preview cuts the end).
 */
export function bdatSummary({lines, stored}: DataCounts, chunkSize: number): string {
	const chunks = chunkCount(stored, chunkSize);
	return `${countOf(stored, 'octet')} in ${countOf(chunks, 'chunk')}${chunks > 1 ? ` of ${groupDigits(chunkSize)}` : ''}, ${countOf(lines, 'line')}`;
}
