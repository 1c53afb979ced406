/**
 * Fits a command's --help text to a terminal's width. The help is written for ~110 columns: a flag column, and
 * descriptions that go on under themselves (`    --key FILE    its private key ...` then lines indented to the
 * description's column). A terminal narrower than a line would wrap it at its edge, into the flag column; here each
 * entry whose lines do not all fit is wrapped again at spaces, its continuation lines under its description.
 * Entries that fit keep the line breaks they were written with.
 */

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The description's column in a help line: after the first run of two or more spaces past its indentation, or
 * `column` (the entry before's) where a flag name fills its column but for one space (`--allow-plaintext-auth allow`).
 */
function hangOf(line: string, column: number | undefined): number {
	const indent = indentOf(line);
	const gap = /\S {2,}(?=\S)/.exec(line.slice(indent));
	if (gap) return indent + gap.index + gap[0].length;
	// (An example's command, `$ smtp-tui ...`, likewise: its words are never the description's.)
	if (/^[-$]/.test(line.slice(indent)) && column !== undefined && column > indent && line[column - 1] === ' ' && line[column - 2] !== ' ' && /\S/.test(line[column] ?? '')) return column;
	// A command example (`$ smtp-tui ...`) or a list item (`- ...`) goes on under its text, past its mark.
	return indent + (/^[$-] /.exec(line.slice(indent))?.[0].length ?? 0);
}

/** Words of `text` in lines of at most `room` characters (a longer word gets a line of its own). */
function wrapWords(words: readonly string[], firstRoom: number, room: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		const limit = lines.length === 0 ? firstRoom : room;
		if (line !== '' && line.length + 1 + word.length > limit) {
			lines.push(line);
			line = word;
		} else {
			line = line === '' ? word : `${line} ${word}`;
		}
	}
	if (line !== '') lines.push(line);
	return lines;
}

/** Re-wraps one entry (its first line and the lines that go on under its description at `hang`) to `width`. */
function fitEntry(lines: readonly string[], hang: number, width: number): string[] {
	if (lines.every(line => line.length <= width)) return [...lines];
	const first = lines[0]!;
	const head = first.slice(0, hang);
	const words = [first.slice(hang), ...lines.slice(1)].join(' ').trim().split(/\s+/);
	if (width - hang >= 24) return wrapWords(words, width - hang, width - hang).map((line, index) => (index === 0 ? head : ' '.repeat(hang)) + line);
	// Too narrow for the description's column: the flag on a line of its own, its description under it.
	const under = indentOf(first) + 4;
	const headLines = fitEntry([head.trimEnd()], hangOf(head.trimEnd(), undefined), width);
	return [...headLines, ...wrapWords(words, width - under, width - under).map(line => ' '.repeat(under) + line)];
}

/** A line in parentheses under an example's command is a comment on it: joined, it would be pasted into the shell. */
const comments = (first: string, line: string) => first.trimStart().startsWith('$ ') && line.trimStart().startsWith('(');

export function fitHelp(text: string, width: number): string {
	const lines = text.split('\n');
	const out: string[] = [];
	let column: number | undefined;
	for (let index = 0; index < lines.length; ) {
		const first = lines[index]!;
		const hang = hangOf(first, column);
		const flagColumn = hang > indentOf(first) + 2;
		column = flagColumn ? hang : first.trim() === '' ? undefined : column;
		const indent = indentOf(first);
		// Lines indented exactly to this line's description go on with it; a paragraph of prose (no column, no
		// mark) goes on in the lines at its indentation that are prose too.
		const goesOn = (line: string) =>
			line.trim() !== '' &&
			!comments(first, line) &&
			(hang > indent ? indentOf(line) === hang : first.trim() !== '' && indentOf(line) === indent && hangOf(line, undefined) === indent);
		let end = index + 1;
		while (end < lines.length && goesOn(lines[end]!)) end++;
		out.push(...fitEntry(lines.slice(index, end), hang, width));
		index = end;
	}

	return out.join('\n');
}
