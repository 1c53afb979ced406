// The inbox's check of an HTML part's cid: images against the message's Content-IDs.
import {describe, expect, it} from 'vitest';
import {inlineImages} from '../../source/sandbox/inline-images.js';

describe('inlineImages', () => {
	it('finds cid: URLs where HTML and CSS take an image, %-decoded, each once, and compares without brackets or case', () => {
		const html = `<img src="cid:logo"><img src='cid:Logo'><td background=cid:bg><div style="background:url( 'cid:a%40b' )">`;
		expect(inlineImages(html, ['<LOGO>']).missing).toEqual(['bg', 'a@b']);
		expect(inlineImages(html, ['logo', 'bg', 'a@b']).missing).toEqual([]);
	});

	it('leaves the word cid: in the text alone, and says which Content-IDs the HTML shows', () => {
		const images = inlineImages('<p>Quote cid:123 in your reply</p><img src="cid:logo">', ['logo', 'spare']);
		expect(images.missing).toEqual([]);
		expect(images.shown('<Logo>')).toBe(true);
		expect(images.shown('spare')).toBe(false);
		expect(inlineImages(undefined, ['logo']).shown('logo')).toBe(false);
	});
});
