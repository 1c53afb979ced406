import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {NARROW_ONLY, textWidth, truncateText, wrapText} from '../../source/ui/components/display-text.js';

describe('textWidth', () => {
	it('measures by length only characters that string-width also counts as one column', () => {
		const admitted: string[] = [];
		for (let code = 0; code <= 0xffff; code++) {
			const character = String.fromCharCode(code);
			if (NARROW_ONLY.test(character)) admitted.push(character);
		}
		expect(admitted.length).toBeGreaterThan(400);
		expect(admitted.filter(character => stringWidth(character) !== 1)).toEqual([]);
	});

	it('agrees with string-width on wide, combining and invisible text', () => {
		for (const text of ['── Body ──', 'e\u0301t\u00e9', '日本語', 'a\u00adb', '👍🏽 ok', '→ 250 ✔']) {
			expect(textWidth(text)).toBe(stringWidth(text));
		}
	});

	it('cuts and wraps rules and markers by columns', () => {
		expect(truncateText('────────', 5)).toBe('────…');
		expect(wrapText('→→→→→→', 4)).toEqual(['→→→→', '→→']);
	});
});
