// README's table of check's statuses against the statuses check gives: each row's words as the table prints them and
// its --json code, no more, no fewer.
import {readFileSync} from 'node:fs';
import {expect, it} from 'vitest';
import {STATUS_LABELS} from '../../source/headless/check-output.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

it("README's check statuses are the statuses check gives, in its words and --json's", () => {
	const section = readme.slice(readme.indexOf('\n### check: statuses\n'), readme.indexOf('\n### check: verdicts\n'));
	const rows = [...section.matchAll(/^\| ([^|`]+) \(`([a-z][\w-]*)`\) \|/gm)].map(([, words, code]) => `${words} (${code})`);
	expect(rows.sort()).toEqual(Object.entries(STATUS_LABELS).map(([code, words]) => `${words} (${code})`).sort());
});
