// Wrapping at spaces for text printed on a terminal's main screen (check's lines, the dashboard's exit summary),
// which the terminal itself would break mid-word.
import {columnsOf} from './columns.js';

/**
 * Text wrapped at spaces to lines of at most `width` columns, so that a terminal does not break a word in two
 * ("port 410" / "99 is refused"). A word wider than a line gets a line of its own. Lines already in the text stay.
 */
export function wrapWords(text: string, width: number): string {
	return text
		.split('\n')
		.map(paragraph => {
			const lines: string[] = [];
			let line = '';
			let used = 0;
			for (const word of paragraph.split(' ')) {
				const size = columnsOf(word);
				if (line === '') {
					line = word;
					used = size;
				} else if (used + 1 + size > width) {
					lines.push(line);
					line = word;
					used = size;
				} else {
					line += ` ${word}`;
					used += 1 + size;
				}
			}
			lines.push(line);
			return lines.join('\n');
		})
		.join('\n');
}

/**
 * Each line of `text` wrapped at spaces to `width`, its continuation lines indented by two (`indent`) under it (a
 * terminal's own wrap would break words, at column 0).
 */
export function hanging(text: string, width: number, indent = '  '): string {
	return text
		.split('\n')
		.map(line => {
			const lead = /^ */.exec(line)![0];
			const room = Math.max(10, width - lead.length - indent.length);
			return wrapWords(line.slice(lead.length), room)
				.split('\n')
				.map((part, index) => `${lead}${index === 0 ? '' : indent}${part}`)
				.join('\n');
		})
		.join('\n');
}
