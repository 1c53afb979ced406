// The preview laid out only where it is drawn: its row count per message and width, and a window's rows from the
// lines that window shows, the same rows as laying out the whole of it.
import {expect, it} from 'vitest';
import {previewLayout} from '../../source/ui/components/preview-layout.js';

const mixed = [
	'Subject: a header long enough to wrap at the narrow widths tried here, and then some more',
	'',
	'..a dot-stuffed line, long enough to wrap too at the narrowest width of all',
	'..',
	'plain',
	'日本語のテキストが続きます。日本語のテキストが続きます。',
	'a tab\there and a bare CR\rthere',
	'x'.repeat(150),
	'👍🏽 and 🇫🇷 flags',
	'.',
].join('\r\n') + '\r\n';

it('counts the rows a window then lays out, at any width, for any window', () => {
	for (const width of [1, 2, 7, 20, 41, 80]) {
		const all = previewLayout(mixed, width).window(0, Number.MAX_SAFE_INTEGER);
		expect(previewLayout(mixed, width).rows).toBe(all.length);
		for (let first = 0; first <= all.length; first++) {
			for (const count of [1, 3, 10]) expect(previewLayout(mixed, width).window(first, count)).toEqual(all.slice(first, first + count));
		}
	}
	const rows = previewLayout(mixed, 20).window(0, 100);
	expect(rows.at(-1)).toEqual({text: '.', stuffed: false, terminator: true, continued: false});
	expect(rows.find(row => row.stuffed)?.text).toBe('.a dot-stuffed line');
	expect(rows.some(row => row.text.includes('^M'))).toBe(true);
});

it('lays out only the lines a window shows, and keeps the count for the same message and width', () => {
	// A 4 MB body's preview: 256 KiB of 76-column quoted-printable lines.
	const bytes = `${'=C3=BC'.repeat(12)}=\r\n`.repeat(3500);
	const layout = previewLayout(bytes, 40);
	expect(layout.rows).toBe(3500 * 2);
	expect(layout.window(5001, 20)).toHaveLength(20);
	// 20 rows of two-row lines: 10 lines, one more where the window starts on a line's second row.
	expect(layout.linesLaidOut).toBe(11);
	expect(previewLayout(bytes, 40)).toBe(layout);
	expect(previewLayout(`${bytes}more\r\n`, 40)).not.toBe(layout);
});
