import {describe, expect, it} from 'vitest';
import {escapeUnsafe, safeJson} from '../../source/text/escape.js';
import {printable} from '../../source/ui/components/display-text.js';

// Every character a terminal may act on (C0, DEL, C1), the bidi controls that reorder a line, and the invisible ones.
const UNSAFE = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u00ad', '\u200b', '\u2028', '\u2029', '\u2060', '\ufeff'];

// Every format character (Unicode's Cf) and the line and paragraph separators, one of each block; not the joiners.
const FORMAT = [
	'\u00ad', '\u0600', '\u0601', '\u0602', '\u0603', '\u0604', '\u0605', '\u061c', '\u06dd', '\u070f', '\u0890', '\u08e2', '\u180e',
	'\u200b', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064',
	'\u2066', '\u2067', '\u2068', '\u2069', '\u206a', '\u206b', '\u206c', '\u206d', '\u206e', '\u206f', '\ufeff', '\ufff9', '\ufffa', '\ufffb',
	'\u{110bd}', '\u{110cd}', '\u{13430}', '\u{1bca0}', '\u{1d173}', '\u{e0001}', '\u{e0020}', '\u{e0041}', '\u{e007f}', '\u2028', '\u2029',
];

describe('the format characters, one set in every output', () => {
	it.each(FORMAT.map(character => [`U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, character]))('%s is escaped in text and JSON, and drawn as U+FFFD', (_name, character) => {
		const code = character.codePointAt(0)!;
		const escaped = code < 0x100 ? `\\x${code.toString(16)}` : code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
		expect(escapeUnsafe(`a${character}b`)).toBe(`a${escaped}b`);
		expect(safeJson(`a${character}b`)).toMatch(/^"a(\\u[0-9a-f]{4}){1,2}b"$/);
		expect(JSON.parse(safeJson(`a${character}b`))).toBe(`a${character}b`);
		expect(printable(`a${character}b`)).toBe('a\uFFFDb');
	});

	it('keeps the joiners, which hold emoji and Persian and Indic words together', () => {
		for (const text of ['👨\u200d👩\u200d👧', 'می\u200cخواهم', 'क्\u200dष']) {
			expect(escapeUnsafe(text)).toBe(text);
			expect(JSON.parse(safeJson(text))).toBe(text);
			expect(safeJson(text)).not.toContain('\\u200');
		}
	});
});

describe('text from the network on a terminal', () => {
	it('escapes every control and bidi character, keeping what is safe', () => {
		for (const character of UNSAFE) {
			expect(escapeUnsafe(`a${character}b`), JSON.stringify(character)).toMatch(/^a\\[xu][0-9a-f]+b$/);
			expect(safeJson({text: `a${character}b`}), JSON.stringify(character)).toMatch(/^\{"text":"a\\u[0-9a-f]{4}b"\}$/);
			expect(printable(`a${character}b`), JSON.stringify(character)).toMatch(/^a(\^.|\uFFFD)b$/);
		}
		expect(escapeUnsafe('Grüße, שלום, 日本 ✔')).toBe('Grüße, שלום, 日本 ✔');
		expect(escapeUnsafe('a\tb')).toBe('a\\x09b');
		expect(escapeUnsafe('a\tb', {keepTab: true})).toBe('a\tb');
		expect(JSON.parse(safeJson({text: 'x\u202ey'}))).toEqual({text: 'x\u202ey'});
	});

	it('escapes the format characters that draw nothing and hide text (tag characters), but keeps an emoji flag', () => {
		const smuggled = 'ok\u{E0049}\u{E0067}\u{E006E}';
		expect(escapeUnsafe(smuggled)).toBe('ok\\u{e0049}\\u{e0067}\\u{e006e}');
		expect(safeJson({text: smuggled})).toBe('{"text":"ok\\udb40\\udc49\\udb40\\udc67\\udb40\\udc6e"}');
		expect(JSON.parse(safeJson({text: smuggled}))).toEqual({text: smuggled});
		expect(printable(smuggled)).toBe('ok\uFFFD\uFFFD\uFFFD');
		for (const character of ['\u180e', '\ufff9']) {
			expect(escapeUnsafe(`a${character}b`)).toBe(`a\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}b`);
			expect(printable(`a${character}b`)).toBe('a\uFFFDb');
		}
		const scotland = '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
		for (const show of [escapeUnsafe, printable, (text: string) => JSON.parse(safeJson(text)) as string]) expect(show(`go ${scotland}!`)).toBe(`go ${scotland}!`);
		// The number signs (the end of an ayah) read as the dashboard shows them, the same byte alike in every output:
		// string-width counts them as no column, terminals draw one, and the dashboard's frame broke.
		expect(escapeUnsafe('\u06dd١')).toBe('\\u06dd١');
		expect(printable('آية \u06dd١')).toBe('آية \uFFFD١');
		// A 🏴 does not make a long run of tags a flag.
		const hidden = '🏴\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E0020}\u{E0061}\u{E006C}\u{E006C}\u{E007F}';
		expect(escapeUnsafe(hidden)).toBe('🏴\\u{e0069}\\u{e0067}\\u{e006e}\\u{e006f}\\u{e0072}\\u{e0065}\\u{e0020}\\u{e0061}\\u{e006c}\\u{e006c}\\u{e007f}');
		expect(printable(hidden)).toBe(`🏴${'\uFFFD'.repeat(11)}`);
		// Nor a run shaped like a subdivision code: only England, Scotland and Wales are flags.
		const word = '🏴\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\u{E007F}';
		expect(escapeUnsafe(word)).toMatch(/^🏴(\\u\{e00[0-9a-f]{2}\}){7}$/);
		const wales = '🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}';
		expect(escapeUnsafe(wales)).toBe(wales);
	});
});
