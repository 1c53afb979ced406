/**
 * Fits a command's --help text to a width (a terminal's, or 80 columns piped). The help is written for ~110
 * columns: rows with a description column (`    --key FILE    its private key ...`, `    check     is port 25
 * blocked?`, `    $ smtp-tui check gmail.com    can I reach ...`) whose descriptions go on under themselves, and
 * paragraphs of prose. An entry (a row and the lines under it, or a paragraph) whose lines do not all fit is
 * wrapped again at spaces: a row's description under its own column, a paragraph under its first line. Entries
 * that fit keep the line breaks they were written with.
 */

/** The narrowest description column worth wrapping in; narrower, the description goes under its flag. */
const MIN_DESCRIPTION = 24;

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Where the text after a line's first run of two or more spaces (past its indentation) begins. */
function gapEnd(line: string): number | undefined {
	const indent = indentOf(line);
	const gap = /\S {2,}(?=\S)/.exec(line.slice(indent));
	return gap ? indent + gap.index + gap[0].length : undefined;
}

/** A flag (`--key FILE`, `-4`) or a command example (`$ smtp-tui ...`): a row even without a description. */
const isItem = (line: string) => /^(?:-|\$ )/.test(line.trimStart());

/** An example's `$ ` or a list item's `- `: its text goes on past the mark. */
const markOf = (line: string) => /^[$-] /.exec(line.trimStart())?.[0].length ?? 0;

/** The column most of a block's flags and examples have their descriptions in. */
function usualColumn(block: readonly string[]): number | undefined {
	const counts = new Map<number, number>();
	for (const line of block) {
		const end = gapEnd(line);
		if (end !== undefined && isItem(line)) counts.set(end, (counts.get(end) ?? 0) + 1);
	}
	return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * The description's column of the line at `index` of a block (lines between blank ones), or undefined: prose.
 * A flag or an example has it after its first gap of two or more spaces; another line (a table's row, `check
 * is port 25 blocked?`) only where the block aligns on it (another row's gap, or a line under it, starts
 * there), so a run of spaces inside a sentence (`"<-  " received`) is no column. A flag whose name fills its
 * column but for one space (`--allow-plaintext-auth allow`) has the column its description goes on in (the
 * line under it), or the block's, unless `oneSpace` is false (a line inside a paragraph).
 */
function columnOf(block: readonly string[], index: number, oneSpace = true): number | undefined {
	const line = block[index]!;
	const end = gapEnd(line);
	if (!isItem(line)) return end !== undefined && block.some((other, at) => at !== index && (gapEnd(other) === end || indentOf(other) === end)) ? end : undefined;
	if (end !== undefined || !oneSpace) return end;
	const next = block[index + 1];
	const under = next !== undefined && indentOf(next) > indentOf(line) ? indentOf(next) : undefined;
	return [under, usualColumn(block)].find(column => column !== undefined && column > indentOf(line) && line[column - 1] === ' ' && line[column - 2] !== ' ' && /\S/.test(line[column] ?? ''));
}

/**
 * The words of a description. A short quoted string is one word, its spaces as written: the transcript's
 * markers (`" -> "`, `"<-  "`) are not cut in two, nor their spaces lost.
 */
const wordsOf = (text: string) => text.match(/(?<!\S)\(?"[^"\n]{1,6}"\S*|\S+/g) ?? [];

/** Words in lines of at most `room` characters (a longer word gets a line of its own). */
function wrapWords(words: readonly string[], room: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		if (line !== '' && line.length + 1 + word.length > room) {
			lines.push(line);
			line = word;
		} else {
			line = line === '' ? word : `${line} ${word}`;
		}
	}
	if (line !== '') lines.push(line);
	return lines;
}

/**
 * Re-wraps one entry (its first line and the lines that go on with it) to `width`, its text past `hang` under
 * `hang`. Too narrow for the description's column, or an example's comment that would take more than two
 * lines in it: the flag or the command on a line of its own, the description under it.
 */
function fitEntry(lines: readonly string[], hang: number, width: number): string[] {
	if (lines.every(line => line.length <= width)) return [...lines];
	const first = lines[0]!;
	const bare = indentOf(first) + markOf(first);
	const head = first.slice(0, hang);
	const words = wordsOf([first.slice(hang), ...lines.slice(1)].join(' '));
	const wrapped = wrapWords(words, Math.max(width - hang, 1));
	const example = first.trimStart().startsWith('$ ');
	if (hang <= bare || (width - hang >= MIN_DESCRIPTION && !(example && wrapped.length > 2))) return wrapped.map((line, index) => (index === 0 ? head : ' '.repeat(hang)) + line);
	const name = head.trimEnd();
	const under = indentOf(first) + 4;
	return [...fitEntry([name], indentOf(name) + markOf(name), width), ...wrapWords(words, Math.max(width - under, 1)).map(line => ' '.repeat(under) + line)];
}

/** A line in parentheses under an example's command is a comment on it: joined, it would be pasted into the shell. */
const comments = (first: string, line: string) => first.trimStart().startsWith('$ ') && line.trimStart().startsWith('(');

/** A block's entries: a row with the lines under it (deeper), or a paragraph (the lines at its indentation that start none). */
function fitBlock(block: readonly string[], width: number): string[] {
	const out: string[] = [];
	for (let index = 0; index < block.length; ) {
		const first = block[index]!;
		const indent = indentOf(first);
		const column = columnOf(block, index);
		const row = column !== undefined || isItem(first);
		const goesOn = (at: number) => {
			const line = block[at]!;
			// A line whose own gap is at this row's column is the table's next row (` ->  sent` under `===  information`);
			// under a flag with no description beside it, its description is a paragraph at its own column.
			if (row) return indentOf(line) > indent && column !== undefined && gapEnd(line) !== column && !comments(first, line);
			return indentOf(line) === indent && markOf(line) === 0 && columnOf(block, at, false) === undefined;
		};
		let end = index + 1;
		while (end < block.length && goesOn(end)) end++;
		out.push(...fitEntry(block.slice(index, end), column ?? indent + markOf(first), width));
		index = end;
	}
	return out;
}

export function fitHelp(text: string, width: number): string {
	const out: string[] = [];
	let block: string[] = [];
	for (const line of [...text.split('\n'), '']) {
		if (line.trim() !== '') {
			block.push(line);
			continue;
		}
		out.push(...fitBlock(block, width), line);
		block = [];
	}
	return out.slice(0, -1).join('\n');
}
