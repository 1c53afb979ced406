// Which BDAT chunk (RFC 3030) a step-mode prompt offers: "chunk 2 of 4", and why `e` does not edit it.
import {chunkCount} from '../smtp/bdat-chunker.js';

/** The chunk on offer: its number from 1, and how many there are when that is certain. */
export type ChunkPlace = {index: number; of?: number};

/**
 * A composed message's size estimate (with attachments) may be a few octets over, never under: so many octets short
 * of a chunk boundary, the count could be one less, and the prompt then says only the chunk's number.
 */
const ESTIMATE_SLACK = 1024;

/**
 * The chunk's place, from the message's size (as MAIL's SIZE= gives it; `exact` or an estimate) and the chunk size.
 * The last chunk always knows it: it is the last.
 */
export function chunkPlace(index: number, last: boolean, size: {octets: number; exact: boolean} | undefined, chunkSize: number): ChunkPlace {
	if (last) return {index, of: index};
	if (size === undefined) return {index};
	const count = chunkCount(size.octets, chunkSize);
	const fewest = size.exact ? count : chunkCount(Math.max(0, size.octets - ESTIMATE_SLACK), chunkSize);
	return count === fewest && count > index ? {index, of: count} : {index};
}

/** "chunk 2 of 4", or "chunk 2" when the count is not certain. */
export const chunkWords = ({index, of}: ChunkPlace): string => (of === undefined ? `chunk ${index}` : `chunk ${index} of ${of}`);

/** `e` at a chunk's line: why it edits nothing (the message is edited in the composer). */
export const CHUNK_NOT_EDITABLE = 'e cannot edit a BDAT chunk: its count must match the octets that follow it';
