// Which of an HTML part's `cid:` images the message carries: a transactional mail whose logo was not attached (or
// attached without its Content-ID) shows a broken image, and one attached inline that the HTML never shows is listed
// by mail programs as a stray attachment. Both are a developer's mistake to see before shipping.

/** `src="cid:logo"`, `background=cid:logo`, `url(cid:logo)`: the places HTML and CSS take an image's address. */
const CID_URL = /(?:=\s*["']?|url\(\s*["']?)cid:([^\s"'<>)]+)/gi;

/** Content-IDs compare without their brackets and case: a warning is for an image surely missing. */
const key = (cid: string) => cid.replace(/^<(.*)>$/, '$1').toLowerCase();

/** A cid URL is %-encoded (RFC 2392); one that does not decode is taken as written. */
function decoded(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** The Content-IDs the HTML shows that no part has (in order, once each), and whether the HTML shows `cid`. */
export function inlineImages(html: string | undefined, cids: readonly string[]): {missing: string[]; shown: (cid: string) => boolean} {
	const wanted = new Map<string, string>();
	for (const match of (html ?? '').matchAll(CID_URL)) {
		const cid = decoded(match[1]!);
		if (!wanted.has(key(cid))) wanted.set(key(cid), cid);
	}
	const had = new Set(cids.map(key));
	return {missing: [...wanted].filter(([found]) => !had.has(found)).map(([, cid]) => cid), shown: cid => wanted.has(key(cid))};
}
