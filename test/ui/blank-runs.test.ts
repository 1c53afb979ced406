// scripts/blank-runs.mjs sends a rewritten row's blank runs as cursor moves (see scripts/ink-patch.mjs): over an
// erased row, what a terminal then shows must be the row written whole, cell for cell, colours included; blanks
// that show (a background, inverse, underline, overline, strike-through) are written.
import xterm from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {skipBlankRuns} from '../../scripts/blank-runs.mjs';

const ESC = '\u001B';
const COLUMNS = 60;

/** Each cell of the first row after `row` is written over an erased row: its text and every attribute it shows. */
async function cellsOf(row: string): Promise<string[]> {
	const terminal = new xterm.Terminal({cols: COLUMNS, rows: 2, allowProposedApi: true});
	// A row of text first, then erased as Ink erases a row it rewrites.
	await new Promise<void>(resolve => terminal.write(`${'x'.repeat(COLUMNS)}\r${ESC}[1G${ESC}[K${row}${ESC}[0m`, resolve));
	const line = terminal.buffer.active.getLine(0)!;
	const cells: string[] = [];
	for (let x = 0; x < COLUMNS; x++) {
		const cell = line.getCell(x)!;
		cells.push(`${cell.getChars() || ' '} bg ${cell.getBgColorMode()}:${cell.getBgColor()} ${cell.isInverse()}${cell.isUnderline()}${cell.isOverline()}${cell.isStrikethrough()}`);
	}
	terminal.dispose();
	return cells;
}

const SPACES = ' '.repeat(12);

describe('skipBlankRuns', () => {
	it.each([
		['plain text and padding', `│ Hi!${SPACES}│`],
		['colours around the padding, reset by 39 and 0', `${ESC}[90m│${ESC}[39m${SPACES}${ESC}[2m01:28 ${ESC}[22m${ESC}[36m→ EHLO${ESC}[0m${SPACES}║`],
		['a 256-colour and a true-colour foreground, whose arguments are no background', `${ESC}[38;5;41m${SPACES}${ESC}[38;2;48;7;4m${SPACES}x`],
		['a background', `${ESC}[44m${SPACES}${ESC}[49m${SPACES}|`],
		['a 256-colour background, then reset', `${ESC}[48;5;236m${SPACES}${ESC}[0m${SPACES}|`],
		['a bright background', `${ESC}[104m${SPACES}${ESC}[m${SPACES}|`],
		['inverse (a badge)', `${ESC}[7m SANDBOX ${SPACES}${ESC}[27m${SPACES}|`],
		['underline and strike-through', `${ESC}[4m${SPACES}${ESC}[24m${ESC}[9m${SPACES}${ESC}[29m${SPACES}|`],
		['an underline given with a colon, and its end', `${ESC}[4:3m${SPACES}${ESC}[4:0m${SPACES}|`],
		['wide characters before the padding', `日本語${SPACES}✔${SPACES}|`],
		['padding at the row\'s end', `text${SPACES}`],
	])('%s: the cells of the row written whole', async (_what, row) => {
		expect(await cellsOf(skipBlankRuns(row))).toEqual(await cellsOf(row));
	});

	it('makes plain runs of five or more blanks a cursor move, and leaves shorter ones', () => {
		expect(skipBlankRuns(`│ a${' '.repeat(40)}│ b    c`)).toBe(`│ a${ESC}[40C│ b    c`);
		// A foreground colour's arguments (48, 7, 4 here) are not codes of their own: no background, no inverse.
		expect(skipBlankRuns(`${ESC}[38;2;48;7;4m${SPACES}x`)).toBe(`${ESC}[38;2;48;7;4m${ESC}[12Cx`);
		expect(skipBlankRuns(`${ESC}[38;5;44m${SPACES}x`)).toBe(`${ESC}[38;5;44m${ESC}[12Cx`);
	});

	it('writes the blanks that show: under a background or inverse', () => {
		for (const row of [`${ESC}[44m${SPACES}${ESC}[49m`, `${ESC}[7m${SPACES}${ESC}[27m`]) expect(skipBlankRuns(row)).toBe(row);
	});

	it('leaves a row with any escape sequence but colours as it is (a link, a cursor move)', () => {
		for (const row of [`${ESC}]8;;https://example.test${ESC}\\link${ESC}]8;;${ESC}\\${SPACES}|`, `a${ESC}[5G${SPACES}|`]) expect(skipBlankRuns(row)).toBe(row);
	});
});
