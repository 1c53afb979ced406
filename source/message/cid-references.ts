// The images an HTML part shows by Content-ID (`src="cid:logo"`, RFC 2392): found in HTML held whole (the inbox) or
// streamed in pieces (send's HTML file), to say which the message does not carry.

/** `src="cid:logo"`, `background=cid:logo`, `url(cid:logo)`: the places HTML and CSS take an image's address. */
const CID_URL = /(?:=\s*["']?|url\(\s*["']?)cid:([^\s"'<>)]+)/gi;

/** Content-IDs compare without their brackets and case: a warning is for an image surely missing. */
export const cidKey = (cid: string) => cid.replace(/^<(.*)>$/, '$1').toLowerCase();

/** A cid URL is %-encoded (RFC 2392); one that does not decode is taken as written. */
function decoded(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** Longer than any address written in HTML: a URL cut between two pieces is found whole in the next. */
const OVERLAP = 1024;

/** The Content-IDs an HTML source shows, once each in order (by cidKey), given whole or in pieces (`push`, `end`). */
export class CidReferences {
	readonly found = new Map<string, string>();
	private tail = '';

	push(text: string): void {
		const joined = this.tail + text;
		// A URL that reaches the end of this piece may go on in the next: taken from there.
		this.scan(joined, joined.length);
		this.tail = joined.slice(-OVERLAP);
	}

	end(): this {
		this.scan(this.tail, Infinity);
		this.tail = '';
		return this;
	}

	private scan(text: string, before: number): void {
		for (const match of text.matchAll(CID_URL)) {
			if (match.index + match[0].length >= before) continue;
			const cid = decoded(match[1]!);
			if (!this.found.has(cidKey(cid))) this.found.set(cidKey(cid), cid);
		}
	}
}

/** The Content-IDs `html` shows. */
export const cidReferences = (html: string) => {
	const references = new CidReferences();
	references.push(html);
	return references.end().found;
};
