// README.md is also the package's page on npm, which renders it without the repository (package.json names none):
// a link to a file of the repository leads nowhere there. Every link is to a heading of the README, or a full URL;
// and every heading linked to exists, as GitHub and npm name its anchor.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README without its code blocks, where a `# comment` is no heading. */
const outsideBlocks = readme.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
/** ...and without its code spans, where `[text](url)` is an example, not a link. */
const prose = outsideBlocks.replace(/(`+)[\s\S]*?\1/g, '');

/** A heading's anchor as GitHub makes it (npm the same): lower case, punctuation dropped, spaces as dashes. */
function anchor(heading: string): string {
	return heading
		.replace(/`/g, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/ /g, '-');
}

const anchors = new Set<string>();
for (const [, heading] of outsideBlocks.matchAll(/^#{1,6} (.+)$/gm)) {
	const base = anchor(heading!);
	let name = base;
	for (let n = 1; anchors.has(name); n++) name = `${base}-${n}`;
	anchors.add(name);
}

const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target!);

describe('README links, as npm renders them', () => {
	it('link only to its own headings or to full URLs', () => {
		expect(targets.length).toBeGreaterThan(100);
		expect(targets.filter(target => !/^(#|https?:\/\/)/.test(target))).toEqual([]);
	});

	it('name headings that exist', () => {
		expect(targets.filter(target => target.startsWith('#') && !anchors.has(target.slice(1)))).toEqual([]);
	});
});
