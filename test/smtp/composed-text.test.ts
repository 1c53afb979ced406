// What macOS pastes decomposed is composed as a keyboard types it; what stands alone stays, as NFC would not leave it.
import {describe, expect, it} from 'vitest';
import {composed} from '../../source/smtp/composed-text.js';

describe('composed', () => {
	it('composes letters with their marks and Hangul jamo, as NFC does', () => {
		const text = 'café 한국어 Résumé ḍ̇ 각 ａｂｃ';
		expect(composed(text.normalize('NFD'))).toBe(text.normalize('NFC'));
	});

	it('leaves a character that stands alone as typed: a CJK compatibility ideograph, the ohm and angstrom signs', () => {
		expect(composed('\uF900 \u2126 \u212B')).toBe('\uF900 \u2126 \u212B');
		expect('\uF900'.normalize('NFC')).toBe('\u8C48');
	});
});
