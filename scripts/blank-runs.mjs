// Blank runs of a row Ink rewrites, sent as a cursor move. Ink writes a changed row whole over the row it has just
// erased (ESC [1G ESC [K, see scripts/ink-patch.mjs), padding included: the spaces inside a panel and up to its right
// border are most of a row's bytes (a Tab at 200×50 wrote 14.7 KB, 5 KB of them spaces). Over the erased row (or a
// cleared screen: a whole frame drawn again) a run of blanks is a cursor move right (ESC [nC), as curses sends it. scripts/ink-patch.mjs puts this function's
// source into Ink's log-update; test/ui/blank-runs.test.ts holds it to the cells a terminal shows.

/**
 * `row` (one line of Ink's output, with its SGR colour codes) with each run of more than four spaces that shows as
 * nothing on an erased row (no background colour, inverse, underline, overline or strike-through in effect) made
 * ESC [nC. A row with any escape sequence but SGR is left as it is. Self-contained: its source is copied into Ink.
 */
export function skipBlankRuns(row) {
	if (!row.includes('     ')) return row;
	// Each SGR sequence, and each run of five or more spaces; the rest is passed on as it is.
	const pieces = /\u001B\[([\d;:]*)m| {5,}|\u001B/g;
	// The attributes that show on a blank cell, on (true) or off.
	const shows = {background: false, inverse: false, underline: false, overline: false, strike: false};
	let out = '';
	let last = 0;
	for (let match = pieces.exec(row); match !== null; match = pieces.exec(row)) {
		if (match[0] === '\u001B') return row;
		if (match[1] === undefined) {
			if (Object.values(shows).some(Boolean)) continue;
			out += `${row.slice(last, match.index)}\u001B[${match[0].length}C`;
			last = match.index + match[0].length;
			continue;
		}
		const codes = match[1].split(';');
		for (let index = 0; index < codes.length; index++) {
			const [code = '', sub] = codes[index].split(':');
			const number = code === '' ? 0 : Number(code);
			if (number === 0) for (const name of Object.keys(shows)) shows[name] = false;
			else if (number === 7) shows.inverse = true;
			else if (number === 27) shows.inverse = false;
			else if (number === 4 || number === 21) shows.underline = sub !== '0';
			else if (number === 24) shows.underline = false;
			else if (number === 53) shows.overline = true;
			else if (number === 55) shows.overline = false;
			else if (number === 9) shows.strike = true;
			else if (number === 29) shows.strike = false;
			else if ((number >= 40 && number <= 47) || (number >= 100 && number <= 107)) shows.background = true;
			else if (number === 49) shows.background = false;
			else if (number === 48) shows.background = true;
			// 38, 48 and 58 (colours) take their arguments after them: 5;n or 2;r;g;b, unless given with colons.
			if ((number === 38 || number === 48 || number === 58) && sub === undefined) index += codes[index + 1] === '5' ? 2 : codes[index + 1] === '2' ? 4 : 0;
		}
	}
	return out + row.slice(last);
}
