// What a step prompt offers: the line about to go as the user sees it (a pipelined group's lines, LHLO for LMTP's
// EHLO, a replay's recorded line), and where it belongs on the rail.
import {encodeCommand} from '../smtp/commands.js';
import {groupDigits} from '../smtp/digits.js';
import {asLhlo} from '../smtp/lmtp.js';
import {railStepOf} from '../smtp/transitions.js';
import type {Command, Extensions, Step} from '../smtp/types.js';
import type {ChunkPlace} from '../text/bdat-chunk.js';
import type {SessionSnapshot} from './types.js';

/** Between the lines of a pipelined group where they share one line (the confirm callback's display). */
const GROUP_SEPARATOR = ' ⏎ ';

/** A line of a pipelined group: the command, and the line as it goes when it is not the encoder's (a replay's recorded line). */
export type GroupLine = {command: Command; typed?: string};

/** How a line is offered: `line`, the line that will go as it is (a replay's recorded line, its case and spacing), shown instead. */
export type OfferOptions = {fixed?: boolean; step?: Step; afterFailure?: boolean; line?: string; group?: readonly GroupLine[]; chunk?: ChunkPlace};

/** The line offered, as the snapshot shows it. */
export function proposalOf(command: Command, options: OfferOptions, context: {extensions: Extensions | undefined; lmtp: boolean}): NonNullable<SessionSnapshot['proposed']> {
	const {extensions} = context;
	const encoded = encodeCommand(command, {extensions});
	const {redacted} = encoded;
	// A pipelined group shows every line that goes in its one write; it goes as planned (no line of it is edited).
	const group = options.group?.map(each => each.typed ?? encodeCommand(each.command, {extensions}).display);
	if (group) options = {...options, fixed: true, line: group.join(GROUP_SEPARATOR)};
	// LMTP: the planner's EHLO goes as LHLO (SmtpSession.command), so it is offered as one.
	const display = options.line ?? (context.lmtp ? asLhlo(encoded) : encoded).display;
	const step = options.step ?? railStepOf(command.verb);
	return {command, display, ...(options.fixed && {fixed: true}), ...(redacted && {secret: true}), ...(step && {step}), ...(group && {group}), ...(options.chunk && {chunk: options.chunk})};
}

/** Step mode after 354: the message offered as a line of its own. Shown, never sent: a pseudo-command that names the message, not to be edited. */
export const messageLine = (size: number | undefined): string => `(the message${size === undefined ? '' : `, about ${groupDigits(size)} bytes`}, ending with a lone ".")`;
