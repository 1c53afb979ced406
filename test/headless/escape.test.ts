import {describe, expect, it} from 'vitest';
import {escapeUnsafe, safeJson} from '../../source/headless/escape.js';
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
});
