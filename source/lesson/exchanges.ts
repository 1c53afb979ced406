// What the engine saw, as a lesson reads it: each command the log shows sent, paired with the reply the log shows
// for it. Built from the protocol log's entries (never from the text typed), so a line refused before the wire, or
// one that never got its answer, counts for nothing; each marked with whether the student typed it (Ctrl+S types nothing).
import type {LogEntry} from '../session/types.js';
import {typedVerb} from '../smtp/command-line.js';

/** `CONNECT`: the greeting (no command asked for it); `.`: the message, ended by its lone dot. */
export type ExchangeVerb = string;

export type Exchange = {
	verb: ExchangeVerb;
	/** The line as the log shows it (credentials already redacted). */
	line: string;
	code: number;
	/** The command went inside TLS. */
	tls: boolean;
	/** The student typed the command (the greeting: opened the connection from the command line; the message: typed its DATA). */
	byHand: boolean;
	/** The log's plain-words explanation of the reply. */
	explanation?: string;
	/** For `.`: the message's first lines as they went on the wire (a leading dot doubled). */
	wire?: readonly string[];
	/** For `.`: the lines typed for it after 354, as typed. */
	typed?: readonly string[];
	/** For `.`: the sandbox's id for the message, from its 250 ("queued as 3"). */
	queued?: number;
};

/** A command on its way: sent, not answered yet; the message's knows from its DATA whether it was typed. */
export type Pending = Omit<Exchange, 'code' | 'explanation' | 'byHand' | 'queued'> & {byHand?: boolean};

/** The sandbox's 250 to a message names the id it keeps it by (see queuedAs in sandbox/hooks.ts). */
const QUEUED_AS = /queued as (\d+)/;

/**
 * Reads the log's entries from `after` (an entry id) on: the exchanges they complete, and the command still waiting
 * for its reply. `typed`: the message lines typed so far, kept with the message their dot ends.
 */
export function readExchanges(entries: readonly LogEntry[], after: number, pending: Pending | undefined, typed: readonly string[], last: Exchange | undefined): {exchanges: Exchange[]; pending: Pending | undefined} {
	const exchanges: Exchange[] = [];
	let waiting = pending;
	// From the end back to the first entry not read yet: the log may hold thousands read already.
	let start = entries.length;
	while (start > 0 && entries[start - 1]!.id > after) start--;
	for (const entry of entries.slice(start)) {
		if (entry.kind === 'sent') {
			// A credential typed after a 334 carries no verb: it goes on with the AUTH that asked for it.
			const previous = exchanges.at(-1) ?? last;
			const verb = typedVerb(entry.text) ?? (previous?.code === 334 ? previous.verb : (entry.text.split(' ')[0] ?? '').toUpperCase());
			waiting = {verb, line: entry.text, tls: entry.tls === true};
		} else if (entry.kind === 'data') {
			const data = exchanges.at(-1) ?? last;
			waiting = {verb: '.', line: entry.text, tls: entry.tls === true, wire: entry.data?.preview ?? [], typed, byHand: data?.verb === 'DATA' && data.byHand};
		} else if (entry.kind === 'received' && entry.reply) {
			const {byHand = entry.typed === true, ...asked} = waiting ?? {verb: 'CONNECT', line: '', tls: entry.tls === true};
			const queued = asked.verb === '.' ? QUEUED_AS.exec(entry.text)?.[1] : undefined;
			exchanges.push({...asked, code: entry.reply.code, byHand, ...(queued !== undefined && {queued: Number(queued)}), ...(entry.explanation !== undefined && {explanation: entry.explanation})});
			waiting = undefined;
		}
	}
	return {exchanges, pending: waiting};
}

/** The address between angle brackets of a MAIL FROM or RCPT TO line (lower case), or undefined. */
export function addressOf(line: string): string | undefined {
	return /<([^>]*)>/.exec(line)?.[1]?.toLowerCase();
}

/** A message's header section and body, as typed or as on the wire: the lines before and after the first empty one. */
export function messageParts(lines: readonly string[]): {headers: readonly string[]; body: readonly string[] | undefined} {
	const blank = lines.indexOf('');
	return blank === -1 ? {headers: lines, body: undefined} : {headers: lines.slice(0, blank), body: lines.slice(blank + 1)};
}

/** Whether a header section has a field of this name (any case). */
export function hasHeader(headers: readonly string[], name: string): boolean {
	const lower = `${name.toLowerCase()}:`;
	return headers.some(line => line.toLowerCase().replace(/[ \t]+:/, ':').startsWith(lower));
}
