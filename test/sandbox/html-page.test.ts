// The saved HTML page: UTF-8 and the no-script policy first in its head, a doctype kept first.
import {describe, expect, it} from 'vitest';
import {htmlPage} from '../../source/sandbox/html-page.js';

const HEAD = `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'">`;

describe('htmlPage', () => {
	it('puts the charset and the policy after a doctype, which stays first', () => {
		expect(htmlPage('<!DOCTYPE html>\n<html><head><meta charset="iso-8859-1"></head><body>Hi</body></html>')).toBe(
			`<!DOCTYPE html>\n${HEAD}\n<html><head><meta charset="iso-8859-1"></head><body>Hi</body></html>`,
		);
	});

	it('puts them at the start of HTML without a doctype', () => {
		expect(htmlPage('<p>Hi</p>')).toBe(`${HEAD}\n<p>Hi</p>`);
	});
});
