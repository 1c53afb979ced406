// README.md is also the package's page on npm, which renders it without the repository (package.json names none):
// a link to a file of the repository leads nowhere there. Every link is to a heading of the README, or a full URL;
// and every heading linked to exists, as GitHub and npm name its anchor.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {quickTour} from '../helpers/readme-quick-tour.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Markdown without its code blocks, where a `# comment` is no heading. */
const outsideBlocks = (markdown: string): string => markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
/** ...and without its code spans, where `[text](url)` is an example, not a link. */
const prose = (markdown: string): string => outsideBlocks(markdown).replace(/(`+)[\s\S]*?\1/g, '');

/** A heading's anchor as GitHub makes it (npm the same): lower case, punctuation dropped, spaces as dashes. */
function anchor(heading: string): string {
	return heading
		.replace(/`/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/ /g, '-');
}

const anchors = new Set<string>();
for (const [, heading] of outsideBlocks(readme).matchAll(/^#{1,6} (.+)$/gm)) {
	const base = anchor(heading!);
	let name = base;
	for (let n = 1; anchors.has(name); n++) name = `${base}-${n}`;
	anchors.add(name);
}

const linkTargets = (markdown: string): string[] => [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!);
const targets = linkTargets(readme);
const missing = (links: string[]): string[] => links.filter(target => target.startsWith('#') && !anchors.has(target.slice(1)));

/**
 * What npm's registry keeps of a README, and so all of it that npmjs.com shows: the first 65,536 characters, counted
 * as JavaScript counts them (UTF-16 units); counted as code points, the emoji make it a little longer: both are checked.
 */
const npmPage = readme.slice(0, 65_536);
const npmPageInCodePoints = Array.from(readme).slice(0, 65_536).join('');

/** The fence of the code block still open at the end of `markdown` (CommonMark: closed by as many of its character). */
function openFence(markdown: string): string | undefined {
	let open: string | undefined;
	for (const line of markdown.split('\n')) {
		const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
		if (fence === undefined) continue;
		if (open === undefined) open = fence;
		else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
	}
	return open;
}

describe('README links, as npm renders them', () => {
	it('link only to its own headings or to full URLs', () => {
		expect(targets.length).toBeGreaterThan(100);
		expect(targets.filter(target => !/^(#|https?:\/\/)/.test(target))).toEqual([]);
	});

	it('name headings that exist', () => {
		expect(missing(targets)).toEqual([]);
	});
});

describe("README's first 65,536 characters, all of it that npm shows", () => {
	it('hold the Quick tour whole, with the dashboard and every command in it', () => {
		const tour = quickTour();
		expect(npmPage).toContain(tour);
		expect(tour).toMatch(/^smtp-tui --host /m);
		for (const command of ['serve', 'send', 'inbox', 'talk', 'check', 'replay', 'profile']) {
			expect(tour).toMatch(new RegExp(`^([^#\\n].*\\| )?smtp-tui ${command}( |$)`, 'm'));
		}
	});

	it('end outside a code block, which would run on to the end of the page', () => {
		expect(openFence(npmPage)).toBeUndefined();
		expect(openFence(npmPageInCodePoints)).toBeUndefined();
	});

	it('link to headings that exist', () => {
		const links = linkTargets(npmPage).filter(target => target.startsWith('#'));
		expect(links.length).toBeGreaterThan(50);
		expect(missing(links)).toEqual([]);
	});
});
