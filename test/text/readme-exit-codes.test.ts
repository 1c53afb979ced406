// README's exit code tables against each command's --help: the same codes in both, so a code added to one (a new
// failure, a signal) cannot be missing from the other.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {checkHelp} from '../../source/headless/check-flags.js';
import {sendHelp} from '../../source/headless/send-flags.js';
import {talkHelp} from '../../source/headless/talk-flags.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The codes a list names: "130/143/129", "21, 27, 29", "0 ok, 1 bad options". */
const codes = (lists: string[]) => lists.flatMap(list => list.split(/[/, ]+/)).map(Number).sort((a, b) => a - b);

/** --help's "Exit codes" section: a code leads a row, or follows a comma ("0 ok, 1 bad options, …"). */
function helpCodes(help: string): number[] {
	const section = /^ {2}Exit codes\n([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(help)?.[1] ?? '';
	return codes([...section.matchAll(/(?:^ {4}|, )(\d+(?:(?:\/|, )\d+)*)(?= )/gm)].map(([, list]) => list!));
}

/** The first column of README's table that follows `heading` and starts with `| Code |` or `| Exit code |`. */
function readmeCodes(heading: string): number[] {
	const start = readme.indexOf(`\n${heading}\n`);
	if (start < 0) throw new Error(`no "${heading}" in README.md`);
	const table = /^\| (?:Exit code|Code) \|.*\n\|[- |]+\|\n((?:\|.*\n)+)/m.exec(readme.slice(start))?.[1] ?? '';
	return codes([...table.matchAll(/^\| ([\d, ]+) \|/gm)].map(([, list]) => list!));
}

describe("README's exit codes", () => {
	it.each([
		['send', sendHelp, '### send: exit codes'],
		['check', checkHelp, '### check: exit codes'],
		['talk', talkHelp, '## Talking SMTP line by line: `smtp-tui talk`'],
	])('of %s are those its --help gives', (_command, help, heading) => {
		const inHelp = helpCodes(help);
		expect(inHelp).toContain(0);
		expect(readmeCodes(heading)).toEqual(inHelp);
	});
});
