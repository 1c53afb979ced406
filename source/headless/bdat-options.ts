// send's --bdat and --chunk-size, checked: the message as BDAT chunks (RFC 3030) of a size the user can read back.
import {DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE} from '../smtp/bdat-chunker.js';
import {groupDigits} from '../smtp/digits.js';
import {UsageError} from './command.js';
import {flagOctets} from './flags.js';

type BdatFlags = {bdat?: unknown; chunkSize?: unknown; lmtp?: unknown; record?: unknown};

/** What --bdat and --chunk-size ask for: BDAT chunks of this size, or undefined (DATA, the default). */
function bdatOption(flags: BdatFlags): {chunkSize: number} | undefined {
	const given = flags.chunkSize === undefined ? undefined : String(flags.chunkSize);
	if (flags.bdat !== true) {
		if (given !== undefined) throw new UsageError(`--chunk-size ${given} is given without --bdat: DATA has no chunks`, 'add --bdat to send the message as BDAT chunks (RFC 3030)');
		return undefined;
	}
	// LMTP's BDAT LAST is answered once per recipient: not worked out here, so not offered rather than half right.
	if (flags.lmtp === true) throw new UsageError('--bdat is not supported with --lmtp', 'leave out --bdat: the message goes by DATA');
	// A replay plays the recorded lines back one by one, and cannot yet play a chunk's octets behind its BDAT line.
	if (flags.record !== undefined) throw new UsageError('--record is not supported with --bdat yet: its replay could not play the chunks', 'leave out --record, or --bdat (a session that sends DATA records and replays)');
	if (given === undefined) return {chunkSize: DEFAULT_CHUNK_SIZE};
	const size = flagOctets(given);
	if (Number.isNaN(size)) throw new UsageError(`--chunk-size ${given} is not a size`, 'give octets as a whole number, or with k or m (64k is 65,536 octets; 1m is 1,048,576)');
	if (size < MIN_CHUNK_SIZE || size > MAX_CHUNK_SIZE) {
		throw new UsageError(`--chunk-size ${given} is out of range`, `give from ${MIN_CHUNK_SIZE} to ${groupDigits(MAX_CHUNK_SIZE)} octets (64m); the default is 1m`);
	}
	return {chunkSize: size};
}

/** The same, spread into send's settings: `{bdat}` or nothing. */
export function bdatSetting(flags: BdatFlags): {bdat?: {chunkSize: number}} {
	const bdat = bdatOption(flags);
	return bdat ? {bdat} : {};
}

/**
 * The dashboard's note at start with --bdat (the panel has no field for it). `sandbox`: the built-in one, which
 * does not offer CHUNKING, so the message goes by DATA there: said now, not only at each message's warning.
 */
export function bdatNote(flags: {bdat?: unknown}, sandbox = false): string[] {
	if (flags.bdat !== true) return [];
	// Short: the collapsed log shows three rows of a line, at 80 columns under 30 characters each.
	if (sandbox) return ['BDAT on (--bdat), but the sandbox offers no CHUNKING: its messages go by DATA, with a warning'];
	return ['BDAT on (--bdat): each message goes as BDAT chunks (RFC 3030) to a server that advertises CHUNKING'];
}
