// The HTML part of a saved message as a page to open in a browser, where a developer sees their mail drawn: its
// inline images in it (mailparser puts each cid: image in as a data: URL), and no script run, as in a mail program.

/**
 * The page is written as UTF-8, whatever charset the part was sent in (the first charset a page declares is the one
 * read); scripts, plugins and frames off, as mail programs have them; images and styles load, as they would there.
 */
const POLICY = `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'">`;

/**
 * `html` with the policy first in its head: after a doctype (which must stay first, or the page is drawn in quirks
 * mode), else at the very start, where the parser opens the head for it.
 */
export function htmlPage(html: string): string {
	const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
	return doctype ? `${doctype[0]}\n${POLICY}${html.slice(doctype[0].length)}` : `${POLICY}\n${html}`;
}
