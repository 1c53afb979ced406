// What a test script and the inbox's filter read of a message's body: its text and its links. Found once, as it
// arrives, in the message's first TEXT_SOURCE_BYTES (what is kept of every message for the header scans): a reset
// link is in the first few KiB of a mail, and a 30 MB attachment is never decoded for it.
import {bodyParts} from './body-parts.js';
import {headerScanBytes} from './header-scan.js';
import {htmlAsText} from './html-text.js';

/** How much of a message its text is read from. */
export const TEXT_SOURCE_BYTES = headerScanBytes;

export type MessageText = {
	/** Its text/plain parts, or without one the text made from its HTML (as the inbox's text view shows them). */
	text: string;
	/** Every http(s) address in its text and its HTML links' targets, each once, in order. */
	links: string[];
};

/**
 * An address as found in text: up to a blank, a control character, a quote or a bracket (`[url]` is html-to-text's,
 * `<url>` a mail program's).
 */
const ADDRESS = /\bhttps?:\/\/[^\s\u0000-\u001f\u007f-\u009f<>"'`[\]{}|\\^]+/gi;
const WEB = /^https?:\/\//i;

/**
 * Without what ends the sentence around it: "see https://a.test/x." is https://a.test/x; "(https://a.test/x)" too,
 * while https://a.test/Mail_(protocol) keeps its own bracket. One pass: a sender's run of brackets costs no more.
 */
function trimmed(address: string): string {
	let unopened = 0;
	for (const char of address) unopened += char === ')' ? 1 : char === '(' ? -1 : 0;
	let end = address.length;
	for (; end > 0; end--) {
		const last = address[end - 1]!;
		if (last === ')' && unopened > 0) unopened--;
		else if (!'.,;:!?*'.includes(last)) break;
	}
	return address.slice(0, end);
}

/**
 * The addresses in `text`. With `cut` (the message was cut where the text ends), not one that runs to its end: it may
 * go on past the cut, and a test following the part of a reset link that was read would get an error page.
 */
const addressesIn = (text: string, cut = false) =>
	Array.from(text.matchAll(ADDRESS))
		.filter(match => !cut || match.index + match[0].length < text.length)
		.map(([address]) => trimmed(address));

/**
 * Whether `address` begins one of `sorted` (sorted by code unit): those that begin with it sort from where it would
 * go, so one binary search finds them. A message's first 64 KiB can hold 2,000 links, and comparing each address
 * with each link held the server ~120 ms before the 250.
 */
function beginsOneOf(sorted: readonly string[], address: string): boolean {
	let low = 0;
	for (let high = sorted.length; low < high; ) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < address) low = middle + 1;
		else high = middle;
	}
	return sorted[low]?.startsWith(address) ?? false;
}

/** The text and links of the message of `size` bytes that `start` begins (its first TEXT_SOURCE_BYTES are read). */
export async function messageText(start: Buffer, size = start.length): Promise<MessageText> {
	const parts = await bodyParts(start.subarray(0, TEXT_SOURCE_BYTES), size > TEXT_SOURCE_BYTES);
	const hrefs: string[] = [];
	const images: string[] = [];
	// HTML html-to-text cannot take has no text of its own here (the html view still shows its source).
	const fromHtml = parts.html === undefined ? '' : await htmlAsText(parts.html, {hrefs, images}).catch(() => '');
	const plain = parts.plain ?? '';
	// The addresses in the HTML's own words. Not those of the `[url]`s html-to-text shows each link's target and image
	// by (a target with a blank in it would be found cut there); an image's (a logo, a tracking pixel) is none to follow.
	const printed = [...hrefs, ...images].map(url => url.trim()).sort();
	const shown = addressesIn(fromHtml, parts.cut === 'html').filter(address => !beginsOneOf(printed, address));
	// A target as a browser follows it: without the blanks at its ends, and the line breaks and tabs in it, which a
	// template may leave in a long attribute (the URL standard drops them).
	const targets = hrefs.map(href => href.trim().replace(/[\t\n\r]/g, '')).filter(href => WEB.test(href));
	const links = new Set([...addressesIn(plain, parts.cut === 'plain'), ...targets, ...shown]);
	// Lines end as a script reads them (jq -r, grep), not with the CR of SMTP's line ends.
	return {text: (parts.plain ?? fromHtml).replaceAll('\r\n', '\n'), links: [...links]};
}
