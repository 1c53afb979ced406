// README's flags sections against the flags each command takes (its flag specs, which its --help lists: help.test.ts):
// every flag is named in its command's section, every flag a section's tables and "Details" give is one the command
// takes, and a default README and --help both state as a value is the same value. A flag added, renamed or dropped,
// or a default changed in the code and its help, cannot leave README behind.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {FlagSpecs} from '../../source/headless/command.js';
import {checkFlags, checkHelp} from '../../source/headless/check-flags.js';
import {kebab} from '../../source/headless/flags.js';
import {inboxFlags} from '../../source/headless/inbox-flags.js';
import {profileCmdFlags, profileHelp} from '../../source/headless/profile-cmd-flags.js';
import {sendFlags, sendHelp} from '../../source/headless/send-flags.js';
import {serveFlags, serveHelp} from '../../source/headless/serve-flags.js';
import {DASHBOARD_REFUSES, dashboardFlags, dashboardUsage, replayFlags, replayHelp} from '../../source/ui/dashboard-flags.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** A heading's text down to the next heading of its level or above. */
function section(heading: string): string {
	const level = /^#+/.exec(heading)![0].length;
	const start = readme.indexOf(`\n${heading}\n`);
	if (start < 0) throw new Error(`no "${heading}" in README.md`);
	const rest = readme.slice(start + 1);
	const end = rest.slice(1).search(new RegExp(`\\n#{1,${level}} `));
	return end < 0 ? rest : rest.slice(0, end + 1);
}

/** Every way a flag may be written: --x, --no-x (a switch, or a value flag with a --no- form), aliases, -s. */
function spellings(name: string, specs: FlagSpecs): string[] {
	const spec = specs[name]!;
	const long = [kebab(name), ...(spec.aliases ?? []).filter(alias => alias.length > 1)];
	return [
		...long.map(flag => `--${flag}`),
		...(spec.type === 'boolean' || spec.negatable ? long.map(flag => `--no-${flag}`) : []),
		...[spec.shortFlag, ...(spec.aliases ?? []).filter(alias => alias.length === 1)].filter(Boolean).map(flag => `-${flag}`),
	];
}

/** A whole flag in the text: --mx is not found inside --mx-hosts, nor --proxy in --proxy-version. */
const names = (text: string, flag: string) => new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(text);

/** `--proxy-*` in the text names every --proxy-… flag. */
const wildcards = (text: string) => [...text.matchAll(/(--[a-z]+-)\*/g)].map(([, prefix]) => prefix!);

/** The flags a section lists as its own: the first column of its tables, and the flags heading its "- `--x`:" lines. */
function listed(text: string): string[] {
	const cells = [...text.matchAll(/^\| ((?:[^|\\]|\\.)*?) \|/gm)].map(([, cell]) => cell!);
	const details = [...text.matchAll(/^- (?:\*\*)?((?:`[^`]+`(?:, | and |, and )?)+)(?:\*\*)?:/gm)].map(([, heads]) => heads!);
	return [...cells, ...details].flatMap(cell => [...cell.matchAll(/`(--?[a-z0-9][\w-]*)/g)].map(([, flag]) => flag!));
}

/** A command, the flags it takes, README's section for them, its --help; skip: flags its section need not name. */
type Case = {command: string; specs: FlagSpecs; text: string; help?: string; skip?: readonly string[]};

const cases: Case[] = [
	// --mx is refused by the dashboard with a pointer to Ctrl+L (test/ui/dashboard-cli.test.ts).
	{command: 'smtp-tui (the dashboard)', specs: dashboardFlags, text: section('### Against a real server'), help: dashboardUsage, skip: DASHBOARD_REFUSES},
	{command: 'send', specs: sendFlags, text: section('### send: flags'), help: sendHelp},
	{command: 'serve', specs: serveFlags, text: section('### serve: flags'), help: serveHelp},
	// inbox takes serve's flags (README: "with the same flags (but --json)"): its own are in its chapter.
	{command: 'inbox', specs: inboxFlags, text: section('## A mail catcher in the terminal: `smtp-tui inbox`'), skip: Object.keys(serveFlags)},
	{command: 'check', specs: checkFlags, text: section('### check: flags'), help: checkHelp},
	{command: 'replay', specs: replayFlags, text: section('### replay: flags'), help: replayHelp},
	{command: 'profile save', specs: profileCmdFlags, text: section('### profile save: flags'), help: profileHelp},
];

describe("README's flags sections", () => {
	it.each(cases)('of $command name every flag it takes', ({specs, text, skip = []}) => {
		const prefixes = wildcards(text);
		const missing = Object.keys(specs)
			.filter(name => !skip.includes(name))
			.filter(name => !spellings(name, specs).some(flag => names(text, flag) || prefixes.some(prefix => flag.startsWith(prefix))))
			.map(name => `--${kebab(name)}`);
		expect(missing).toEqual([]);
	});

	it.each(cases)('of $command list only flags it takes', ({specs, text}) => {
		const all = Object.keys(specs).flatMap(name => spellings(name, specs));
		const flags = listed(text);
		expect(flags.length).toBeGreaterThan(0);
		// `--dkim-*` lists flags that begin so.
		const takes = (flag: string) => all.includes(flag) || (flag.endsWith('-') && all.some(one => one.startsWith(flag)));
		expect(flags.filter(flag => !takes(flag))).toEqual([]);
	});

	it("say that inbox takes serve's flags but --json, as it does", () => {
		expect(section('## A mail catcher in the terminal: `smtp-tui inbox`')).toContain('with the same flags (but `--json`)');
		const taken = Object.keys(serveFlags).filter(name => name !== 'json');
		expect(taken.filter(name => inboxFlags[name] === undefined)).toEqual([]);
	});
});

/** Words a default may be, beside numbers: others ("default: the MX of…", "what COLORFGBG says") are no value. */
const VALUES = ['auto', 'step', 'manual', 'text', 'md', 'json', 'dark', 'light', 'off'];

/**
 * The value a text gives as a flag's default, and the same in other words where it follows in brackets:
 * `default 30`, `Default `text``, `1m (default)`, `Default 10485760 (`10m`)`; none where it names no value.
 */
function defaultValues(text: string): string[] {
	const after = /\bdefault:? `?([\w.:/@-]+?)`?\.?(?: \(`?([\w.:/@-]+?)`?\))?(?=[\s,;.)]|$)/i.exec(text);
	const before = /`?([\w.@-]+)`? \(default\)/.exec(text);
	const [value, same] = after ? [after[1]!, after[2]] : before ? [before[1]!] : [];
	if (value === undefined || (/^[a-z]+$/.test(value) && !VALUES.includes(value))) return [];
	return [value, ...(same === undefined ? [] : [same])];
}

/** --help's entry of each flag: its first column and its wrapped description, joined. */
function helpEntries(help: string): Map<string, string> {
	const entries = new Map<string, string>();
	for (const [, head, first, more] of help.matchAll(/^ {4}(-\S.*?)(?: {2,}(.*))?$((?:\n {6,}\S.*)*)/gm)) {
		const text = `${first ?? ''}${more!.replace(/\s+/g, ' ')}`;
		for (const [flag] of head!.matchAll(/--?[a-z0-9][\w-]*/g)) if (!entries.has(flag)) entries.set(flag, text);
	}
	return entries;
}

/** README's table row of each flag, its meaning; a row of several flags (`--tls-min`, `--tls-max`) is left out. */
function rows(text: string): Map<string, string> {
	const meanings = new Map<string, string>();
	for (const [, cell, meaning] of text.matchAll(/^\| ((?:[^|\\]|\\.)*?) \| (.*) \|$/gm)) {
		const flags = [...cell!.matchAll(/`(--?[a-z0-9][\w-]*)/g)].map(([, flag]) => flag!);
		if (flags.filter(flag => flag.startsWith('--')).length === 1) for (const flag of flags) meanings.set(flag, meaning!);
	}
	return meanings;
}

describe("README's flags tables and --help", () => {
	// inbox's chapter has no table: its flags' defaults are serve's.
	it.each(cases.filter(({help}) => help !== undefined))('of $command give the same defaults', ({text, help}) => {
		const entries = helpEntries(help!);
		const compared: string[] = [];
		const differ: string[] = [];
		for (const [flag, meaning] of rows(text)) {
			const entry = entries.get(flag);
			if (entry === undefined || !flag.startsWith('--')) continue;
			const [inHelp] = defaultValues(entry);
			const inReadme = defaultValues(meaning);
			if (inHelp === undefined || inReadme.length === 0) continue;
			compared.push(flag);
			if (!inReadme.includes(inHelp)) differ.push(`${flag}: --help says ${inHelp}, README ${inReadme.join(' or ')}`);
		}
		expect(compared.length).toBeGreaterThan(0);
		expect(differ).toEqual([]);
	});
});
