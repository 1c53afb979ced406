// The connection's target in one row ("SANDBOX STARTTLS 127.0.0.1:2525"), as wide as there is room: the setting's
// full words first, then shorter. The port is never the part cut (a student reads it off the projector to type it):
// where even the shortest layout does not fit, the host gives way in its middle.
import {GLYPH} from '../theme.js';
import {printable, textWidth, truncateText} from './display-text.js';

export type TargetParts = {
	host: string;
	/** Empty for a Unix socket, whose path is the whole address. */
	port: string;
	/**
	 * The security setting in full words ("STARTTLS required"), then shorter ways of saying the same ("STARTTLS req."),
	 * the last only where the address would be cut otherwise.
	 */
	words: readonly [string, ...string[]];
	/** SANDBOX or REPLAY, drawn as a badge before the rest. */
	label?: string;
};

type TargetLayout = {badge?: string; text: string};

/** The first columns of `text`, at most `width` of them. */
function head(text: string, width: number): string {
	const chars = [...text];
	let end = 0;
	while (end < chars.length && textWidth(chars.slice(0, end + 1).join('')) <= width) end++;
	return chars.slice(0, end).join('');
}

/** The last columns of `text`, at most `width` of them. */
function tail(text: string, width: number): string {
	const chars = [...text];
	let start = chars.length;
	while (start > 0 && textWidth(chars.slice(start - 1).join('')) <= width) start--;
	return chars.slice(start).join('');
}

const addressOf = (host: string, port: string) => printable(port === '' ? host : `${host}:${port}`);

/** The host cut in its middle so that "host:port" takes at most `width` columns: the port whole, both ends of the host. */
function fitAddress(host: string, port: string, width: number): string {
	const address = addressOf(host, port);
	if (textWidth(address) <= width) return address;
	const end = port === '' ? '' : printable(`:${port}`);
	const room = width - textWidth(end) - GLYPH.ellipsis.length;
	// Not even a letter of the host fits: the port still shows, as far as anything does.
	if (room < 2) return truncateText(`${GLYPH.ellipsis}${end}`, width);
	const shown = printable(host);
	const first = Math.ceil(room / 2);
	return `${head(shown, first)}${GLYPH.ellipsis}${tail(shown, room - first)}${end}`;
}

/** The widest layout that fits `width` columns; the last, with the host cut in its middle, where none does. */
export function targetLayout({host, port, words, label}: TargetParts, width: number): TargetLayout {
	const address = addressOf(host, port);
	const narrow = words.at(-1)!;
	// The security first: a long host name must not hide it. The separator goes before the words get shorter (they
	// say the same), and the badge's padding, which parts it from what stands before it (manual mode's "LMTP"), after
	// them; all of that before the host is cut.
	const layouts: TargetLayout[] = [
		...words.flatMap(said => [
			{badge: label && ` ${label} `, text: ` ${said} ${GLYPH.separator} ${address}`},
			{badge: label && ` ${label} `, text: ` ${said} ${address}`},
		]),
		{badge: label && ` ${label}`, text: ` ${narrow} ${address}`},
		{badge: label, text: ` ${narrow} ${address}`},
	].map(layout => (layout.badge ? layout : {text: layout.text}));
	const fits = layouts.find(layout => (layout.badge?.length ?? 0) + textWidth(layout.text) <= width);
	if (fits) return fits;
	const badge = label;
	const room = width - (badge?.length ?? 0) - textWidth(` ${narrow} `);
	return {...(badge && {badge}), text: ` ${narrow} ${fitAddress(host, port, room)}`};
}
