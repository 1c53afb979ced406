// A big HTML made into text a piece at a time (see textInPieces): the same text, links and images as html-to-text's one
// call gives, for mail's shapes (layout tables, lists, <pre>, nested blocks, entities, links), hostile ones, and
// documents made at random; and no piece of a big HTML converted in one call.
import fc from 'fast-check';
import {Parser} from 'htmlparser2';
import {describe, expect, it, vi} from 'vitest';
import {htmlAsText} from '../../source/sandbox/html-text.js';

/** The length of the longest HTML html-to-text parses (htmlparser2's Parser ended with it) while `convert` runs. */
async function longestParsed<T>(convert: () => Promise<T>): Promise<[T, number]> {
	let longest = 0;
	const end = Parser.prototype.end;
	const spy = vi.spyOn(Parser.prototype, 'end').mockImplementation(function (this: Parser, chunk?: string) {
		longest = Math.max(longest, chunk?.length ?? 0);
		return end.call(this, chunk);
	});
	try {
		return [await convert(), longest];
	} finally {
		spy.mockRestore();
	}
}

/**
 * `html`'s text in pieces of at most `piece` characters, and in one call: the same, with the same links and images;
 * with the longest HTML converted at once meanwhile.
 */
async function expectSameText(html: string, piece: number) {
	const whole = {hrefs: [] as string[], images: [] as string[]};
	const inPieces = {hrefs: [] as string[], images: [] as string[]};
	const one = await htmlAsText(html, whole, Number.POSITIVE_INFINITY);
	const [pieces, longest] = await longestParsed(() => htmlAsText(html, inPieces, piece));
	// Not toBe on long texts: where they first differ is shown.
	const differs = [...one].findIndex((char, index) => char !== pieces[index]);
	expect(differs === -1 ? '' : pieces.slice(differs - 60, differs + 60)).toBe(differs === -1 ? '' : one.slice(differs - 60, differs + 60));
	expect(pieces.length).toBe(one.length);
	expect(inPieces).toEqual(whole);
	return {text: one, longest};
}

const rows = (count: number, row: (index: number) => string) => Array.from({length: count}, (_, index) => row(index)).join('\n');

/** Mail's shapes, each long enough to be cut many times at the pieces' length the tests use. */
const CORPUS: Record<string, string> = {
	'lines cut by <br>, as a mail program writes a long text': `<html><body>${rows(400, index => `Line ${index} of the report, &amp; more words<br>`)}</body></html>`,
	'a layout table of rows and cells, links and images': `<!DOCTYPE html><html><head><title>Report</title><style>td { color: red }</style></head><body><table width="600"><tbody>${rows(300, index => `<tr><td><img src="https://cdn.example.test/${index}.png" alt="logo ${index}"></td><td>Item ${index}</td><td><a href="https://shop.example.test/item?id=${index}&amp;ref=mail">See item ${index}</a></td></tr>`)}</tbody></table><p>Thanks &mdash; the team</p></body></html>`,
	'nested tables, as newsletters lay out': `<body><center><table><tr><td><table>${rows(200, index => `<tr><td><h2>Story ${index}</h2><p>Words of story ${index}, <em>some</em> <strong>strong</strong>.</p></td></tr>`)}</table></td></tr></table></center></body>`,
	'lists, ordered and not, and blockquotes': `<div>${rows(120, index => `<ul><li>point ${index}</li><li>more <b>here</b></li></ul><ol start="3"><li>one</li><li>two</li></ol><blockquote>said ${index}<br>and more</blockquote>`)}</div>`,
	'<pre> with its blanks and line breaks, and code in it': `<body>${rows(150, index => `<p>Before ${index}</p><pre>  indented ${index}\n\n    more &lt;tag&gt;\n</pre><p>After</p>`)}</body>`,
	'paragraphs and divs unclosed, text between blocks, headings': `<body>${rows(300, index => `<p>Para ${index} &eacute;&#233;&#xe9; <span>inline <i>it</i></span>${index % 3 ? '' : '<div>a div'}<h3>Head ${index}</h3>loose text ${index}`)}</body>`,
	'comments, scripts and styles with tags in them, between blocks': `<body>${rows(200, index => `<div>before ${index}</div><!-- <div>not ${index}</div> --><script>if (a < b) document.write("<div>x</div>")</script><style>p > a { }</style><div>after ${index}</div>`)}</body>`,
	'inline runs across many elements (no block to cut before)': `<body>${rows(300, index => `<span>word ${index}</span> <b>bold</b><a href="https://a.test/${index}">https://a.test/${index}</a>`)}</body>`,
	'blocks inside inline elements, empty blocks and runs of <br>': `<body>${rows(250, index => `<span><div>in span ${index}</div></span><div></div><br><br><br><font><p>font ${index}</p></font>`)}</body>`,
	'no html or body element; text after </body>': `${rows(200, index => `<div>bare ${index}</div>`)}</body><p>after the body</p>`,
	'a few huge elements with little to cut': `<body><div>${'word '.repeat(5000)}</div><div>${'other '.repeat(5000)}</div></body>`,
	'a table with its cells side by side across rows': `<table>${rows(300, index => `<tr><th>Key ${index}</th><td>${index % 2 ? '' : 'value'}</td><td>&nbsp;</td></tr>`)}</table>`,
	'forms, sections and text in odd places': `<html><body><form>${rows(200, index => `<section><header>S${index}</header><article>Text ${index}<hr>line</article><footer>f</footer></section>`)}</form></body></html>`,
};

describe('htmlAsText in pieces: the text of the one call', () => {
	/** Where no cut is made: no line break between any two elements, or elements too long to try. */
	const uncut = new Set(['inline runs across many elements (no block to cut before)', 'a few huge elements with little to cut']);
	for (const [name, html] of Object.entries(CORPUS))
		it(name, async () => {
			const {text, longest} = await expectSameText(html, 1024);
			expect(text).not.toBe('');
			// A piece is at most 1024 characters and the copies of the elements around it (up to 100 unclosed divs).
			if (uncut.has(name)) expect(longest).toBe(html.length);
			else expect(longest).toBeLessThanOrEqual(4096);
			await expectSameText(html, 4096);
		});

	it('an <svg> left open where its block closes: what follows is read as in it (<p/> closed at once), in every piece too', async () => {
		// htmlparser2 leaves the svg's context only at </svg>: the rest reads <p/> as a closed p, not as an open one.
		const html = `<body><div>A chart: <svg viewBox="0 0 10 10"><rect width="5" height="5"/></div>${rows(100, index => `<div>Line ${index}</div><div><p/>after ${index}</div>`)}</body>`;
		await expectSameText(html, 256);
		// Closed, it is left: the rest is cut as any other HTML.
		expect((await expectSameText(html.replace('</div>', '</svg></div>'), 256)).longest).toBeLessThan(html.length);
	});

	it('HTML before a <body> element, and a <head> cut short: left out as the one call leaves it out (only a body is text)', async () => {
		const lines = rows(100, index => `<div>Line ${index}</div>`);
		for (const html of [`${lines}<body><p>In the body</p></body>`, `<html><head><title>Report</title></head>${lines}<body>In the body</body></html>`]) {
			const {text} = await expectSameText(html, 256);
			expect(text).toBe('In the body');
		}
	});

	it('documents made at random from mail\'s elements, text, entities and blanks', async () => {
		const text = fc.constantFrom('word', 'two words', ' ', '\n', ' lead', 'trail ', '&amp;', '&nbsp;', 'é', 'https://x.test/a', '');
		const leaf = fc.oneof(text, fc.constantFrom('<br>', '<hr>', '<img src="https://i.test/p.png" alt="p">', '<!-- c -->', '<wbr>'));
		const element = fc.letrec<{node: string}>(tie => ({
			node: fc.oneof(
				{depthSize: 'small', withCrossShrink: true},
				leaf,
				fc.tuple(fc.constantFrom('div', 'p', 'span', 'b', 'a href="https://l.test/x"', 'table', 'tr', 'td', 'ul', 'li', 'ol', 'pre', 'h2', 'blockquote', 'center', 'font'), fc.array(tie('node'), {maxLength: 6}), fc.boolean()).map(
					([tag, children, closed]) => `<${tag}>${children.join('')}${closed ? `</${tag.split(' ')[0]}>` : ''}`,
				),
			),
		})).node;
		// Documents that were cut somewhere: many are (the rest had no line break between two elements).
		let cut = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(element, {minLength: 20, maxLength: 60}), fc.boolean(), async (nodes, body) => {
				const html = body ? `<html><body>${nodes.join('')}</body></html>` : nodes.join('');
				if ((await expectSameText(html, 64)).longest < html.length) cut++;
			}),
			{numRuns: 150},
		);
		expect(cut).toBeGreaterThan(30);
	});
});

describe('htmlAsText of a big HTML: never converted in one call', () => {
	it('parses no more than a piece of it at once (html-to-text parses what it converts), and a timer fires meanwhile', async () => {
		const html = CORPUS['a layout table of rows and cells, links and images']!.replace(/<tbody>.*<\/tbody>/s, tbody => tbody.repeat(100));
		expect(html.length).toBeGreaterThan(4_000_000);
		let fired = 0;
		const ticker = setInterval(() => fired++, 0);
		const [text, longest] = await longestParsed(() => htmlAsText(html));
		clearInterval(ticker);
		expect(text.split('\n').filter(line => line.includes('See item 7 [https://shop.example.test/item?id=7&ref=mail]'))).toHaveLength(100);
		expect(longest).toBeLessThanOrEqual(128 * 1024 + 1024);
		expect(fired).toBeGreaterThan(20);
	}, 60_000);
});
