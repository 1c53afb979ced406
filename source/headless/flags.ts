// Unknown-flag detection with a "did you mean" hint (meow alone exits 2 with no suggestion; swaks exits 1).
import type {FlagSpecs} from './command.js';
import {FLAG_EXAMPLES} from './flag-examples.js';
import {isSwaksName} from './swaks-flags.js';
import {closest, distance} from '../text/closest.js';

export {closest};

/** A flag's key as typed: allowPartial is --allow-partial. */
export const kebab = (name: string) => name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);

function knownNames(specs: FlagSpecs): Set<string> {
	const names = new Set(['help', 'version', 'h']);
	for (const [key, spec] of Object.entries(specs)) {
		names.add(kebab(key));
		if (spec.shortFlag) names.add(spec.shortFlag);
		for (const alias of spec.aliases ?? []) names.add(alias);
	}
	return names;
}

/** The long names that have a --no- form: every switch, and a flag with a value that says so (--no-auth). */
function negatableNames(specs: FlagSpecs): Set<string> {
	const names = new Set<string>();
	for (const [key, spec] of Object.entries(specs)) {
		if (spec.type !== 'boolean' && !spec.negatable) continue;
		for (const name of [kebab(key), ...(spec.aliases ?? [])]) if (name.length > 1) names.add(name);
	}
	return names;
}

/**
 * `--no-socket`: a flag that takes a value and has no --no- form, which the parser would read as the flag given
 * (an empty value): the flag it negates, as typed; undefined for any other argument.
 */
export function notNegatable(arg: string, specs: FlagSpecs): string | undefined {
	const name = /^--no-([^=]+)/.exec(arg)?.[1];
	return name !== undefined && knownNames(specs).has(name) && !negatableNames(specs).has(name) ? `--${name}` : undefined;
}

/** Every flag in argv (before a lone `--`) that no spec names. `--no-x` counts as x where x has a --no- form. */
export function findUnknownFlags(argv: readonly string[], specs: FlagSpecs): string[] {
	const known = knownNames(specs);
	const negatable = negatableNames(specs);
	// Short flags that take a value: in `-p2525` or `-tb@example.com` what follows the letter is the value.
	const takesValue = valueFlags(specs);
	const unknown: string[] = [];
	for (const arg of flagsIn(argv, specs)) {
		if (arg.startsWith('--')) {
			const name = arg.slice(2).split('=')[0]!;
			const base = name.startsWith('no-') && !known.has(name) && negatable.has(name.slice(3)) ? name.slice(3) : name;
			if (!known.has(base)) unknown.push(`--${name}`);
		} else if (/^-[^-]/.test(arg)) {
			const word = arg.slice(1).split('=')[0]!;
			// swaks' names (`-au`, `-4`, `-tlsc`, which would pass as -t lsc): named whole, for the hint to answer.
			if (!known.has(word) && isSwaksName(word)) {
				unknown.push(`-${word}`);
				continue;
			}
			if (/^\d/.test(word)) continue;
			// `-help`, `-host`: a long flag with one dash (as swaks and Java tools take them), not a cluster of letters,
			// even where the letters would parse (`-to` as -t o). Named whole, so that "did you mean" can find it.
			if (word.length >= 2 && known.has(word.replace(/^no-/, ''))) {
				unknown.push(`-${word}`);
				continue;
			}
			const letters: string[] = [];
			for (const [index, letter] of [...word].entries()) {
				if (!known.has(letter)) letters.push(`-${letter}`);
				if (takesValue.has(`-${letter}`)) break;
				// `-p2525` where -p is not this command's: digits or punctuation after it are its value, not flags -2, -5.
				if (!known.has(letter) && /[^a-zA-Z]/.test(word.slice(index + 1))) break;
			}
			// `-hepl`: a misspelt long flag more likely than four short ones; `-qx` stays letters.
			if (letters.length > 0 && word.length >= 4 && suggestFlag(`--${word}`, specs)) unknown.push(`-${word}`);
			else unknown.push(...letters);
		}
	}
	// `-q -q`, `--quit-after x --quit-after y`: each named once.
	return [...new Set(unknown)];
}

/** Every spelling of the flags that take a value (`--port`, `-p`, aliases), each to its long name. */
function valueFlags(specs: FlagSpecs): Map<string, string> {
	const names = new Map<string, string>();
	for (const [key, spec] of Object.entries(specs)) {
		if (spec.type === 'boolean') continue;
		names.set(`--${kebab(key)}`, `--${kebab(key)}`);
		if (spec.shortFlag) names.set(`-${spec.shortFlag}`, `--${kebab(key)}`);
		for (const alias of spec.aliases ?? []) names.set(alias.length === 1 ? `-${alias}` : `--${alias}`, `--${kebab(key)}`);
	}
	return names;
}

/**
 * Whether `next` is the value of the flag before it, which takes one. Any argument is, but a long flag: values
 * may start with a dash (`--subject -h`, `--body -`), while `--to --from a@b` is a forgotten value
 * (findMissingValue says so). A value that starts with `--` is given with `=`.
 */
const isValue = (next: string | undefined): next is string => next !== undefined && !next.startsWith('--');

/** Each argument before a lone `--`, with the next one when it is the value of this flag (it takes one). */
function withValues(argv: readonly string[], specs: FlagSpecs): Array<{arg: string; value?: string}> {
	const takesValue = valueFlags(specs);
	const parts: Array<{arg: string; value?: string}> = [];
	for (let index = 0; index < argv.length && argv[index] !== '--'; index++) {
		const arg = argv[index]!;
		const next = argv[index + 1];
		parts.push(takesValue.has(arg) && isValue(next) ? {arg, value: argv[++index]!} : {arg});
	}
	return parts;
}

/** Where the first argument of its own (no flag, no flag's value) that `matches` stands in argv; -1 where none does. */
export function wordIndex(argv: readonly string[], specs: FlagSpecs, matches: (word: string) => boolean): number {
	let index = 0;
	for (const part of withValues(argv, specs)) {
		if (!part.arg.startsWith('-') && matches(part.arg)) return index;
		index += part.value === undefined ? 1 : 2;
	}
	return -1;
}

/**
 * An error's text with the flags it names as they were typed (`-s`, `--server` for --host): the user looks for
 * what they wrote. A flag not typed at all ("--password given without --user") keeps its long name.
 */
export function asTyped(text: string, argv: readonly string[], specs: FlagSpecs): string {
	const takesValue = valueFlags(specs);
	const typed = new Map<string, string>();
	for (const {arg} of withValues(argv, specs)) {
		const flag = arg.startsWith('--') ? arg.split('=')[0]! : arg.slice(0, 2);
		const long = takesValue.get(flag);
		if (long !== undefined && flag !== long) typed.set(long, flag);
	}
	return text.replace(/(?<![\w-])--[a-z][a-z\d-]*(?![\w-])/g, long => typed.get(long) ?? long);
}

/** argv before a lone `--`, without the values of flags that take one: `--subject -h` asks for no help. */
export function flagsIn(argv: readonly string[], specs: FlagSpecs): string[] {
	return withValues(argv, specs).map(part => part.arg);
}

/**
 * argv as the parser reads it right. `--body -` becomes `--body=-` and `--subject -h` `--subject=-h`: the parser
 * takes a lone "-" for a positional argument, and "-h" for a flag, and leaves the flag empty. `-tb@example.com`
 * becomes `-t b@example.com`, as swaks users type it: the parser would read the letters as more short flags.
 */
export function normalizeArgv(argv: readonly string[], specs: FlagSpecs): string[] {
	const stringFlags = valueFlags(specs);
	const digitSwitches = new Set(Object.values(specs).flatMap(spec => (spec.type === 'boolean' && /^\d$/.test(spec.shortFlag ?? '') ? [spec.shortFlag!] : [])));
	const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
	const flags = withValues(argv, specs).flatMap(({arg, value}) => {
		if (value !== undefined) return value.startsWith('-') ? [`${stringFlags.get(arg)}=${value}`] : [arg, value];
		const short = /^-([a-zA-Z])(.+)$/.exec(arg);
		if (short && stringFlags.has(`-${short[1]}`) && !short[2]!.startsWith('=')) return [`-${short[1]}`, short[2]!];
		// `-46` is -4 and -6 (as `-q4` is -q and -4), not the number the parser would take it for.
		return /^-\d{2,}$/.test(arg) && [...arg.slice(1)].every(digit => digitSwitches.has(digit)) ? [...arg.slice(1)].map(digit => `-${digit}`) : [arg];
	});
	return [...flags, ...argv.slice(end)];
}

/**
 * meow's own error ("The flag --tlsMin can only be set once."), in our words: the flag as typed (--tls-min, or -p
 * where -p was typed), not the parser's camel-case key.
 */
export function parserMessage(error: unknown, argv: readonly string[], specs: FlagSpecs): string {
	if (!(error instanceof Error)) return String(error);
	const message = error.message.replace(/^The flag/, 'the flag').replace(/\.$/, '');
	return asTyped(message.replace(/(?<![\w-])--([a-z][a-zA-Z\d]*)/g, (_, key: string) => `--${kebab(key)}`), argv, specs);
}

/**
 * A flag that takes a value given without one: last in argv, or followed by a long flag (`--to --from a@b`).
 * The parser would make it an empty string (or a boolean) and the command would go on without it.
 */
export function findMissingValue(argv: readonly string[], specs: FlagSpecs): string | undefined {
	const takesValue = valueFlags(specs);
	return withValues(argv, specs).find(part => takesValue.has(part.arg) && part.value === undefined)?.arg;
}

/** What a switch is given (`--tls yes`, `--tls=on`): these words say on or off; any other after `=` says on. */
const SWITCH_WORDS: ReadonlyMap<string, boolean> = new Map([
	...['yes', 'y', 'true', 'on', '1'].map(word => [word, true] as const),
	...['no', 'n', 'false', 'off', '0'].map(word => [word, false] as const),
]);

/** Every spelling of the boolean flags (`--tls`, `--no-tls`, `-q`), each to its long name. */
function switchFlags(specs: FlagSpecs): Map<string, string> {
	const names = new Map<string, string>();
	for (const [key, spec] of Object.entries(specs)) {
		if (spec.type !== 'boolean') continue;
		for (const name of [kebab(key), ...(spec.aliases ?? [])]) {
			names.set(name.length === 1 ? `-${name}` : `--${name}`, kebab(key));
			if (name.length > 1) names.set(`--no-${name}`, kebab(key));
		}
		if (spec.shortFlag) names.set(`-${spec.shortFlag}`, kebab(key));
	}
	return names;
}

/**
 * A switch given a value: `--tls yes` (the parser leaves "yes" as a stray word) or `--tls=yes` (which it reads as
 * false: no TLS, silently). `--tls=true` and `--tls=false` it reads right: those pass.
 */
export function findSwitchValue(argv: readonly string[], specs: FlagSpecs): {message: string; hint: string} | undefined {
	const switches = switchFlags(specs);
	const parts = withValues(argv, specs);
	for (const [index, {arg}] of parts.entries()) {
		// `--quiet=x`, and `-q=x`, which the parser would read as false: swaks' `-q=rcpt` must not send the message.
		const joined = (arg.startsWith('--') && arg.includes('=')) || /^-[a-zA-Z]=/.test(arg);
		const [typed, value] = joined ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const name = switches.get(typed);
		if (name === undefined) continue;
		const negated = typed.startsWith('--no-');
		let word: string;
		if (value === undefined) {
			const next = parts[index + 1]?.arg;
			if (next === undefined || !SWITCH_WORDS.has(next.toLowerCase())) continue;
			word = next;
		} else {
			if (!negated && (value === 'true' || value === 'false')) continue;
			word = value;
		}
		const on = (SWITCH_WORDS.get(word.toLowerCase()) ?? true) !== negated;
		const wanted = on ? `--${name}` : `--no-${name}`;
		const alone = wanted === typed || (on && !typed.startsWith('--'));
		return {
			message: `${typed} takes no value: write ${alone ? `${typed} alone` : `${wanted} to turn it ${on ? 'on' : 'off'}`}`,
			hint: `--${name} is a switch: --${name} turns it on, --no-${name} off`,
		};
	}
	return undefined;
}

/** Placeholders in a help (HOST, N, [flags]) stand for a value; they are not examples of one. */
const isPlaceholder = (word: string) => /^[A-Z]+$|^\[/.test(word);

/** What follows one of `names` in the help's example commands (`$ smtp-tui ...`); a comment after 3 spaces is no part. */
function exampleIn(help: string, names: readonly string[]): string | undefined {
	for (const line of help.split('\n')) {
		const command = /^\s*\$ smtp-tui (.*)$/.exec(line)?.[1]?.split(/ {3,}/)[0];
		const words = command?.match(/"[^"]*"|\S+/g) ?? [];
		for (const [index, word] of words.entries()) {
			const value = words[index + 1];
			if (names.includes(word) && value !== undefined && !value.startsWith('-') && !isPlaceholder(value)) return value;
		}
	}
	return undefined;
}

/** The flag `typed` names (a short flag, an alias): its long name, and its key and spec in `specs`. */
function specOf(typed: string, specs: FlagSpecs) {
	const long = valueFlags(specs).get(typed) ?? typed;
	const [key, spec] = Object.entries(specs).find(([name]) => `--${kebab(name)}` === long) ?? [];
	return {long, key, spec};
}

/**
 * `typed` (a flag that takes a value, as typed) with a value to show how it is given: the one in the command's own
 * example commands (serve's --port 0 is not send's --port 2525), else its spec's example, else FLAG_EXAMPLES'.
 * Never another command's (talk refuses inbox's --port 0) nor a placeholder (--tls-min VERSION): undefined where
 * there is none.
 */
export function flagExample(typed: string, specs: FlagSpecs, help: string): string | undefined {
	const {long, key, spec} = specOf(typed, specs);
	const names = [long, ...(spec?.aliases ?? []).filter(alias => alias.length > 1).map(alias => `--${alias}`)];
	const value = exampleIn(help, names) ?? spec?.example ?? (key === undefined ? undefined : FLAG_EXAMPLES[key]);
	return value === undefined ? undefined : `${spec?.exampleAfter ? `${spec.exampleAfter} ` : ''}${typed} ${value}`;
}

/**
 * The hint of "--x needs a value": the spec's own where an example would be bad advice (--password), else an
 * example from `help` (the command's own) or the spec, else where to look.
 */
export function missingValueHint(typed: string, specs: FlagSpecs, help: string, command: string | undefined): string {
	const own = specOf(typed, specs).spec?.missingHint;
	if (own !== undefined) return own;
	const example = flagExample(typed, specs, help);
	return example ? `e.g. ${example}` : `see smtp-tui ${command ?? ''} --help`.replace('  ', ' ');
}

/**
 * A number as a flag gives it: digits (and a decimal part when `decimals`), nothing else; NaN otherwise.
 * Number() alone would also take "0x1F", "1e3" or an empty string (0).
 */
export function flagNumber(value: unknown, options: {decimals?: boolean} = {}): number {
	const text = String(value).trim();
	return (options.decimals ? /^\d+(\.\d+)?$/ : /^\d+$/).test(text) ? Number(text) : Number.NaN;
}

/**
 * One of `choices` as given in any case (`--mode STEP`, `--background Light`), as --transcript-format MD and
 * --auth plain are taken; undefined when it names none.
 */
export function flagChoice<T extends string>(value: unknown, choices: readonly T[]): T | undefined {
	const folded = String(value).trim().toLowerCase();
	return choices.find(choice => choice.toLowerCase() === folded);
}

const UNIT_OCTETS: Readonly<Record<string, number>> = {'': 1, k: 1024, m: 1024 * 1024};

/** Octets, as a whole number or with k or m (KiB, MiB: 64k is 65,536; 10MB, 10MiB too); NaN when it is neither. */
export function flagOctets(value: unknown): number {
	const match = /^(\d+)([km]?)(?:i?b)?$/i.exec(String(value).trim());
	return match ? Number(match[1]) * UNIT_OCTETS[match[2]!.toLowerCase()]! : Number.NaN;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {s: 1, m: 60, h: 3600};

/** Seconds, as a number (2.5) or with swaks' units (30s, 1m, 1h); NaN when it is neither. */
export function flagSeconds(value: unknown): number {
	const match = /^(\d+(?:\.\d+)?)([smh])$/i.exec(String(value).trim());
	return match ? Number(match[1]) * UNIT_SECONDS[match[2]!.toLowerCase()]! : flagNumber(value, {decimals: true});
}

/**
 * A flag given both ways (`--starttls --no-starttls`, also `--pipeline=true --no-pipeline`, `--cert FILE --no-cert`):
 * the parser would silently keep one of them, or call the flag set twice.
 */
export function findContradiction(argv: readonly string[], specs: FlagSpecs): string | undefined {
	const given = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined);
	const on = new Set<string>();
	const off = new Set<string>();
	for (const arg of given) {
		const [, negated, name, value] = /^--(no-)?([^=]+)(?:=(true|false))?$/.exec(arg) ?? [];
		if (name !== undefined) ((negated === undefined) === (value !== 'false') ? on : off).add(name);
	}
	// A string flag's value may follow an "=" (--cert=FILE).
	const has = (flag: string) => given.some(arg => arg === flag || arg.startsWith(`${flag}=`));
	const both = Object.keys(specs).find(key =>
		specs[key]!.type === 'boolean' ? on.has(kebab(key)) && off.has(kebab(key)) : has(`--${kebab(key)}`) && has(`--no-${kebab(key)}`),
	);
	return both && kebab(both);
}

/** One edit apart, or one the start of the other: a slip surely meant for `suggestion`, not a flag of elsewhere. */
export function nearMiss(flag: string, suggestion: string): boolean {
	const [a, b] = [flag, suggestion].map(name => name.replace(/^-+/, '').split('=')[0]!);
	return distance(a!, b!) <= 1 || (a!.length >= 3 && b!.startsWith(a!));
}

/** The flag whose `meant` names this one (serve's --listen for --host). */
export function meantFlag(flag: string, specs: FlagSpecs): string | undefined {
	const name = flag.replace(/^-+/, '').split('=')[0]!;
	const meant = Object.entries(specs).find(([, spec]) => spec.meant?.includes(name));
	return meant && `--${kebab(meant[0])}`;
}

/** The closest known long flag, if it is close enough to be a likely typo. */
export function suggestFlag(flag: string, specs: FlagSpecs): string | undefined {
	// One letter is too little to guess from ("-v" is not "--mx"); "-v" and "-V" are how many tools ask the version.
	if (/^-[^-]$/.test(flag)) return /^-[vV]$/.test(flag) ? '--version' : undefined;
	// Every long flag is lower case: --TO is --to, not the --cc two letters away.
	const name = flag.replace(/^-+/, '').split('=')[0]!.toLowerCase();
	const meant = meantFlag(flag, specs);
	if (meant) return meant;
	const names = [...knownNames(specs)].filter(candidate => candidate.length >= 2);
	if (name.startsWith('no-') && negatableNames(specs).has(name.slice(3))) return `--${name}`;
	// A start of one flag only (--sub for --subject), as other tools take abbreviations.
	const starting = name.length >= 3 ? names.filter(candidate => candidate.startsWith(name)) : [];
	if (starting.length === 1) return `--${starting[0]}`;
	const best = closest(name, names);
	return best && `--${best}`;
}
