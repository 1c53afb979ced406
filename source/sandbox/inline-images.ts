// Which of an HTML part's `cid:` images the message carries: a transactional mail whose logo was not attached (or
// attached without its Content-ID) shows a broken image, and one attached inline that the HTML never shows is listed
// by mail programs as a stray attachment. Both are a developer's mistake to see before shipping.
import {cidKey, cidReferences} from '../message/cid-references.js';

/** The Content-IDs the HTML shows that no part has (in order, once each), and whether the HTML shows `cid`. */
export function inlineImages(html: string | undefined, cids: readonly string[]): {missing: string[]; shown: (cid: string) => boolean} {
	const wanted = cidReferences(html ?? '');
	const had = new Set(cids.map(cidKey));
	return {missing: [...wanted].filter(([key]) => !had.has(key)).map(([, cid]) => cid), shown: cid => wanted.has(cidKey(cid))};
}
