// BDAT (RFC 3030) in the planner's terms: whether the message goes by it, and what a refused chunk ends.
import {countOf} from './digits.js';
import type {SessionState, Transaction} from './session-types.js';
import {quoteReply} from './session-texts.js';

/** The message goes by BDAT: asked for (send --bdat), and the server advertises CHUNKING. Otherwise DATA, as always. */
export const usesBdat = (state: SessionState, plan: {bdat?: boolean}): boolean => plan.bdat === true && state.extensions?.chunking === true;

/** A BDAT chunk before the last was refused: what that ends, and how much of the message the server had taken. */
export function bdatRefusal(transaction: Transaction): string | undefined {
	const bdat = transaction.bdat;
	if (!bdat?.refused) return undefined;
	const which = bdat.accepted === 0 ? 'the first chunk' : `chunk ${bdat.accepted + 1}, after ${countOf(bdat.accepted, 'chunk')} of ${countOf(bdat.acceptedOctets, 'octet')} accepted`;
	return `BDAT was refused at ${which}: ${quoteReply(bdat.refused)}; the rest of the message was not sent, so nothing was delivered, and the server still holds the transaction (RSET ends it)`;
}

/**
 * What a BDAT line the session sent asks, for the explanation of its reply: 'BDAT' for a chunk, '.' for the last
 * one (its reply is the message's, as the final dot's is); undefined for any other line.
 */
export function bdatVerb(line: string): 'BDAT' | '.' | undefined {
	const match = /^BDAT \d+( LAST)?$/.exec(line);
	if (!match) return undefined;
	return match[1] ? '.' : 'BDAT';
}
