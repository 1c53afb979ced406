import {describe, expect, it} from 'vitest';
import {escapeUnsafe, safeJson} from '../../source/text/escape.js';
import {printable} from '../../source/ui/components/display-text.js';

// Every character a terminal may act on (C0, DEL, C1), the bidi controls that reorder a line, and the invisible ones.
const UNSAFE = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069', '\u00ad', '\u200b', '\u2028', '\u2029', '\u2060', '\ufeff'];

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

	it('escapes the format characters that draw nothing and hide text (tag characters), but keeps an emoji flag and Arabic number signs', () => {
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
		// A visible mark of Arabic text (the end of an ayah) is text; a 🏴 does not make a long run of tags a flag.
		expect(escapeUnsafe('\u06dd١')).toBe('\u06dd١');
		// The dashboard draws it as one column, as terminals do: string-width counts it as none, and the frame broke.
		expect(printable('آية \u06dd١')).toBe('آية \uFFFD١');
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
