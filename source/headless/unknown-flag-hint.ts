// The hint of "unknown flag": each unknown flag's own (swaks' or check_smtp's name, a flag of another command, a
// typo), joined.
import type {FlagSpecs} from './command.js';
import {findUnknownFlags, kebab, meantFlag, nearMiss, notNegatable, suggestFlag} from './flags.js';
import {swaksHint} from './swaks-flags.js';
import {checkSmtpHint} from './check-smtp-flags.js';
import {checkHostHint} from './check-host-hint.js';

/** A command whose flags an unknown flag may be: `refuses` names those it knows but refuses (the dashboard's --socket). */
type FlagOwner = {label: string; flags: FlagSpecs; refuses?: readonly string[]};

type Context = {
	/** The command typed (undefined: the dashboard), its flags, and its arguments. */
	command: string | undefined;
	specs: FlagSpecs;
	argv: readonly string[];
	owners: readonly FlagOwner[];
};

/** "smtp-tui check, send and serve", "smtp-tui send and the dashboard (smtp-tui)". */
function ownersText(labels: readonly string[]): string {
	const commandsOf = labels.filter(label => label.startsWith('smtp-tui ')).map(label => label.slice('smtp-tui '.length));
	const items = [...commandsOf.map((command, i) => (i === 0 ? `smtp-tui ${command}` : command)), ...labels.filter(label => !label.startsWith('smtp-tui '))];
	return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]!;
}

const bareName = (flag: string) => flag.replace(/^--?(?:no-)?/, '').split('=')[0]!;

/** Whether `owner` refuses `flag` (its refuses are spec keys, camel case: passwordFile is --password-file). */
const refuses = (owner: FlagOwner | undefined, flag: string) => owner?.refuses?.some(name => kebab(name) === bareName(flag)) ?? false;

/** The commands other than this one that take `flag` (and do not refuse it). */
function ownersOf(flag: string, {specs, owners}: Context): string[] {
	return owners.filter(owner => owner.flags !== specs && findUnknownFlags([flag], owner.flags).length === 0 && !refuses(owner, flag)).map(owner => owner.label);
}

/**
 * swaks' names get smtp-tui's flag in send, and in the dashboard where it has it (saying so where it has not); in
 * check only --protocol, whose TLS part check has too (--tls): its other swaks names are about sending.
 */
function swaksHintIn(flag: string, context: Context): string | undefined {
	if (context.command === 'send') return swaksHint(flag, {argv: context.argv});
	if (context.command !== undefined && !(context.command === 'check' && bareName(flag) === 'protocol')) return undefined;
	const self = context.owners.find(owner => owner.flags === context.specs);
	const has = (long: string) => findUnknownFlags([long], context.specs).length === 0 && !refuses(self, long);
	return swaksHint(flag, {argv: context.argv, has, command: context.command === undefined ? 'the dashboard' : `smtp-tui ${context.command}`});
}

/**
 * A short flag of other commands (`check -p 587`): this command's flag closest to its long name there, as for the
 * long name itself (`check --port` is most likely check's --ports).
 */
function suggestForShort(flag: string, {specs, owners}: Context): string | undefined {
	const letter = /^-([a-zA-Z])$/.exec(flag)?.[1];
	if (letter === undefined) return undefined;
	const longs = new Set(owners.flatMap(owner => Object.entries(owner.flags).flatMap(([key, spec]) => (spec.shortFlag === letter ? [`--${kebab(key)}`] : []))));
	for (const long of longs) {
		const suggestion = suggestFlag(long, specs);
		if (suggestion && (nearMiss(long, suggestion) || meantFlag(long, specs) !== undefined)) return suggestion;
	}
	return undefined;
}

type Hint = {text: string} | {elsewhere: string};

function hintFor(flag: string, context: Context): Hint | undefined {
	const monitoring = context.command === 'check' ? (checkHostHint(flag, context.argv) ?? checkSmtpHint(flag)) : undefined;
	if (monitoring !== undefined) return {text: monitoring};
	const swaks = swaksHintIn(flag, context);
	if (swaks !== undefined) return {text: swaks};
	// `--no-socket`: the parser would take it as --socket given empty.
	const negated = notNegatable(flag, context.specs);
	if (negated !== undefined) return {text: `${negated} takes a value and has no ${flag.split('=')[0]} form: leave ${negated} out`};
	const elsewhere = ownersOf(flag, context);
	const short = suggestForShort(flag, context);
	const suggestion = suggestFlag(flag, context.specs) ?? short;
	// Both when both are true: `check --port` (and `check -p`) is most likely a slip for check's own --ports, and
	// `serve --host` asks for what serve calls --listen.
	if (suggestion && elsewhere.length > 0 && (suggestion === short || nearMiss(flag, suggestion) || meantFlag(flag, context.specs) !== undefined)) {
		return {text: `did you mean ${suggestion}? ${flag} is a flag of ${ownersText(elsewhere)}`};
	}
	if (elsewhere.length > 0) return {elsewhere: ownersText(elsewhere)};
	return suggestion ? {text: `did you mean ${suggestion}?`} : undefined;
}

/** Sentences one after the other: a full stop between them, unless one ends with its own question mark. */
const sentences = (texts: readonly string[]) => texts.reduce((joined, text) => (joined === '' ? text : `${joined}${/[.?!]$/.test(joined) ? '' : '.'} ${text}`), '');

/**
 * The hint for `unknown` (each flag as typed): each flag's own, in order; flags of the same other commands in one
 * sentence (`--socket and --lmtp are flags of smtp-tui send`); the command's help when none has one.
 */
export function unknownFlagHint(unknown: readonly string[], context: Context): string {
	const hints = unknown.map(flag => ({flag, hint: hintFor(flag, context)}));
	const texts: string[] = [];
	const said = new Set<string>();
	for (const {hint} of hints) {
		if (hint === undefined) continue;
		if ('text' in hint) texts.push(hint.text);
		else if (!said.has(hint.elsewhere)) {
			said.add(hint.elsewhere);
			const flags = hints.filter(other => other.hint !== undefined && 'elsewhere' in other.hint && other.hint.elsewhere === hint.elsewhere).map(other => other.flag);
			texts.push(flags.length > 1 ? `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)} are flags of ${hint.elsewhere}` : `${flags[0]} is a flag of ${hint.elsewhere}`);
		}
	}
	return texts.length > 0 ? sentences([...new Set(texts)]) : `see smtp-tui ${context.command ?? ''} --help`.replace('  ', ' ');
}
