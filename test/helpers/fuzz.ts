// Monkey testing: seeded random keys, pastes, terminal sequences and resizes for the fuzz tests (test/ui/fuzz-*.test.tsx,
// test/e2e/fuzz-*.test.ts), a cat on the keyboard or a student mashing keys on a projector. A failure names its seed
// and path: FUZZ_SEED=… FUZZ_PATH=… replays it; FUZZ_SEED=random FUZZ_RUNS=500 explores longer locally.
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {stripVTControlCharacters} from 'node:util';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {expect} from 'vitest';
import {BINDINGS} from '../../source/ui/keys/bindings.js';

const ctrl = (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64);

/** Each key label of the binding table as a terminal sends it (the first of its ways where it has several). */
const BOUND_KEYS: Readonly<Record<string, readonly string[]>> = {
	...Object.fromEntries('ABCDEFGHKLNOPRSTUWXYZ'.split('').map(letter => [`Ctrl+${letter}`, [ctrl(letter)]])),
	'Ctrl+_': ['\u001F'],
	Tab: ['\t'],
	'Shift+Tab': ['\u001B[Z'],
	Enter: ['\r'],
	Esc: ['\u001B'],
	Up: ['\u001B[A', '\u001BOA'],
	Down: ['\u001B[B', '\u001BOB'],
	Left: ['\u001B[D'],
	Right: ['\u001B[C'],
	Home: ['\u001B[H', '\u001B[1~', '\u001B[7~'],
	End: ['\u001B[F', '\u001B[4~', '\u001B[8~'],
	PgUp: ['\u001B[5~'],
	PgDn: ['\u001B[6~'],
	Backspace: ['\u007F', '\b'],
	Delete: ['\u001B[3~'],
	'Alt+Backspace': ['\u001B\u007F'],
	'Alt+B': ['\u001Bb'],
	'Alt+F': ['\u001Bf'],
	'Alt+D': ['\u001Bd'],
	'Ctrl/Alt+Left': ['\u001B[1;5D', '\u001B[1;3D'],
	'Ctrl/Alt+Right': ['\u001B[1;5C', '\u001B[1;3C'],
	Space: [' '],
	...Object.fromEntries(['?', 'q', 'e', 'k', 'j', 'g', 'G', 'x', 'z', 's', '/'].map(letter => [letter, [letter]])),
	// Any text: the arbitraries below make it.
	'text or paste': ['a'],
};

/** The labels of the binding table that BOUND_KEYS has no sequence for (a new binding the fuzz would never press). */
export function labelsWithoutKeys(): string[] {
	return [...new Set(BINDINGS.flatMap(binding => binding.keys.map(key => key.label)))].filter(label => !(label in BOUND_KEYS));
}

/** Keys no binding takes: F-keys, Alt+letters, Ctrl+Space, Ctrl+\, Shift+arrows, Ctrl+Delete. */
const UNBOUND_KEYS: readonly string[] = ['\u001BOP', '\u001B[15~', '\u001B[24~', '\u001Bx', '\u001BZ', '\u0000', '\u001C', '\u001D', '\u001E', '\u001B[1;2A', '\u001B[1;2D', '\u001B[3;5~', '\u001B[2~', '\u001B\r', '\u001B\u001B'];

/**
 * Sequences terminals send that are not plain keys (see source/ui/keys/terminal-sequences.ts): modifyOtherKeys and
 * kitty forms, rxvt's Shift keys, PuTTY's keypad 5, focus reports, mouse reports, colour codes typed or pasted, an OSC
 * title, a bracketed paste's marks.
 */
const TERMINAL_SEQUENCES: readonly string[] = [
	'\u001B[27;5;115~',
	'\u001B[27;3;98~',
	'\u001B[27;5;13~',
	'\u001B[27;2;9~',
	'\u001B[27;1;27~',
	'\u001B[97;5u',
	'\u001B[7$',
	'\u001B[7$a',
	'\u001B[25~',
	'\u001B[G',
	'\u001BOu',
	'\u001B[I',
	'\u001B[O',
	'\u001B[<0;10;5M',
	'\u001B[M !!',
	'\u001B[31m',
	'\u001B]0;title\u0007',
	'\u001B\u001B[A',
	'\u001B[[A',
	'\u001B[200~',
	'\u001B[201~',
];

/** Text a user types: ASCII, accents, wide CJK, emoji with ZWJ and skin tones, flags, combining marks. */
const SAMPLES = ['é', 'Zoë', 'ß', '日本語', '한국어', 'ｶﾀｶﾅ', '👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇫🇷', 'e\u0301', 'a\u0308\u0323', '\u200B', '\u00A0', 'ﬁ', '.', '..', ':', '<', '>', ',', '@'];
const typedText: fc.Arbitrary<string> = fc.oneof(
	fc.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 6}),
	fc.constantFrom(...SAMPLES),
	fc.string({unit: 'grapheme', minLength: 1, maxLength: 4}),
);

/** What a paste can hold: line ends of every kind, NUL, ESC, TAB, C1 controls, a line over SMTP's 998 octets. */
const pastePiece: fc.Arbitrary<string> = fc.oneof(
	{arbitrary: typedText, weight: 4},
	{arbitrary: fc.constantFrom('\r', '\n', '\r\n', '\n\n', '\0', '\u001B', '\t', '\u0085', '\u009B', '\u0080', '\u009F', '\u2028', '\uFFFD', '\n.\n', '\r\n.\r\n', '\n.', 'From: x@y\r\nBcc: z@w'), weight: 3},
	{arbitrary: fc.integer({min: 900, max: 2500}).map(length => 'long '.repeat(Math.ceil(length / 5)).slice(0, length)), weight: 1},
	{arbitrary: fc.integer({min: 999, max: 1500}).map(length => 'x'.repeat(length)), weight: 1},
);
const pastedText: fc.Arbitrary<string> = fc.array(pastePiece, {minLength: 2, maxLength: 6}).map(pieces => pieces.join(''));

/** One thing a user does: keys written to the terminal (one read each), or the terminal resized. */
export type FuzzStep = {kind: 'keys'; chunks: string[]} | {kind: 'resize'; columns: number; rows: number};

/** A key or sequence, sometimes split across two reads (a slow link: Ink gets ESC, then the rest). */
const splittable = (sequence: fc.Arbitrary<string>) =>
	fc.tuple(sequence, fc.nat(), fc.boolean()).map(([keys, at, split]): FuzzStep => {
		const cut = 1 + (at % Math.max(1, keys.length - 1));
		return {kind: 'keys', chunks: split && keys.length > 1 ? [keys.slice(0, cut), keys.slice(cut)] : [keys]};
	});

/** Sizes around the minimum (80×23), below it, and back. */
const SIZES = [
	{columns: 80, rows: 24},
	{columns: 100, rows: 30},
	{columns: 80, rows: 23},
	{columns: 79, rows: 24},
	{columns: 80, rows: 22},
	{columns: 60, rows: 15},
	{columns: 100, rows: 40},
	{columns: 90, rows: 26},
] as const;

export type StepOptions = {
	/** Key sequences the stream must never hold (quit keys the test presses itself, ways into the connection panel). */
	without?: readonly string[];
	/** Bound keys pressed more often than others. */
	favour?: readonly string[];
	resizes?: boolean;
};

/** One random step. */
export function fuzzStep({without = [], favour = [], resizes = true}: StepOptions = {}): fc.Arbitrary<FuzzStep> {
	const allowed = (keys: readonly string[]) => keys.filter(key => !without.includes(key));
	const bound = allowed(Object.values(BOUND_KEYS).flat());
	const keys = (arbitrary: fc.Arbitrary<string>) => arbitrary.filter(text => !without.some(key => text.includes(key)));
	const choices: Array<fc.WeightedArbitrary<FuzzStep>> = [
		{arbitrary: keys(typedText).map(text => ({kind: 'keys', chunks: [text]})), weight: 6},
		{arbitrary: keys(pastedText).map(text => ({kind: 'keys', chunks: [text]})), weight: 2},
		{arbitrary: splittable(fc.constantFrom(...bound)), weight: 8},
		{arbitrary: splittable(fc.constantFrom(...allowed(UNBOUND_KEYS))), weight: 1},
		{arbitrary: splittable(fc.constantFrom(...allowed(TERMINAL_SEQUENCES))), weight: 2},
	];
	if (favour.length > 0) choices.push({arbitrary: fc.constantFrom(...allowed(favour)).map(key => ({kind: 'keys', chunks: [key]})), weight: 6});
	if (resizes) choices.push({arbitrary: fc.constantFrom(...SIZES).map(size => ({kind: 'resize', ...size})), weight: 1});
	return fc.oneof(...choices);
}

/** A step as the failure report shows it: escapes visible. */
export function describeStep(step: FuzzStep): string {
	return step.kind === 'resize' ? `resize ${step.columns}x${step.rows}` : step.chunks.map(chunk => JSON.stringify(chunk.length > 60 ? `${chunk.slice(0, 60)}…(${chunk.length})` : chunk)).join(' + ');
}

/**
 * The seed `npm test` uses: fixed, so that a run of the suite (CI's, a change's) fails only for what changed, never for
 * a new input found by chance. FUZZ_SEED=random explores with a fresh seed each run (locally, with FUZZ_RUNS).
 */
const DEFAULT_SEED = 20_261_206;

const seedFrom = (value: string | undefined): number =>
	value === undefined ? DEFAULT_SEED : value === 'random' ? (Date.now() ^ Math.floor(Math.random() * 0x1_0000_0000)) | 0 : Number(value);

/** fast-check's settings: FUZZ_SEED, FUZZ_PATH and FUZZ_RUNS from the environment, else the fixed seed and `runs`. */
function fuzzParameters<T>(runs: number): fc.Parameters<T> {
	const seed = seedFrom(process.env.FUZZ_SEED);
	return {
		seed,
		numRuns: process.env.FUZZ_RUNS === undefined ? runs : Number(process.env.FUZZ_RUNS),
		...(process.env.FUZZ_PATH !== undefined && {path: process.env.FUZZ_PATH}),
		// Shrinking re-renders the app for each try: past this, the smallest failure found so far is reported (a longer
		// run asked for with FUZZ_RUNS runs whole).
		...(process.env.FUZZ_RUNS === undefined && {interruptAfterTimeLimit: 60_000}),
	};
}

/** A fuzz test's timeout: three minutes, or a day for a long run asked for with FUZZ_RUNS. */
export const FUZZ_TIMEOUT = process.env.FUZZ_RUNS === undefined ? 180_000 : 86_400_000;

/** Runs a fuzz property; a failure says how to replay it, in the words of this project's environment variables. */
export async function checkFuzz<T>(property: fc.IAsyncProperty<T>, runs: number): Promise<void> {
	const parameters = fuzzParameters<T>(runs);
	const details = await fc.check(property, parameters);
	if (!details.failed) return;
	const replay = `FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''}`;
	throw new Error(`${fc.defaultReportMessage(details) ?? 'failed'}\n\nReplay: ${replay} npx vitest run ${thisTest()}`, {cause: details.errorInstance});
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The running test as vitest's command line names it: its file, and its name as a pattern (a file may hold several). */
function thisTest(): string {
	const {testPath = '', currentTestName = ''} = expect.getState();
	const name = currentTestName.split(' > ').at(-1)!.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
	return `${path.relative(ROOT, testPath)} -t '${name.replaceAll("'", String.raw`'\''`)}'`;
}

/** Frame invariants: something drawn, no taller than rows − 1 (the last row is left for the cursor), no row wider than the terminal. */
function frameProblem(frame: string | undefined, size: {columns: number; rows: number}): string | undefined {
	const text = stripVTControlCharacters(frame ?? '');
	if (text.trim() === '') return 'the frame is blank';
	const rows = text.split('\n');
	if (rows.length > size.rows - 1) return `the frame has ${rows.length} rows on a terminal of ${size.rows}`;
	const wide = rows.find(row => stringWidth(row) > size.columns);
	if (wide !== undefined) return `a row is ${stringWidth(wide)} columns wide on a terminal of ${size.columns}: ${JSON.stringify(wide)}`;
	return undefined;
}

export type Size = {columns: number; rows: number};

/** A screen the steps are played on: keys written one read each, a resize, its last frame. */
export type FuzzScreen = {press(...chunks: string[]): Promise<void>; resize(size: Size): void; lastFrame(): string | undefined};

/**
 * Plays the steps on `screen`. After each, the first problem (an error `errors` caught, the frame, or `problem` at the
 * size then) fails the run, naming the step and showing the frame. Returns the size the terminal ends at.
 */
export async function playSteps(screen: FuzzScreen, steps: readonly FuzzStep[], start: Size, errors: readonly string[], problem: (size: Size) => string | undefined = () => undefined): Promise<Size> {
	let size = start;
	for (const [index, step] of steps.entries()) {
		if (step.kind === 'resize') {
			size = {columns: step.columns, rows: step.rows};
			screen.resize(size);
		} else {
			await screen.press(...step.chunks);
		}
		await new Promise(resolve => setImmediate(resolve));
		const found = errors[0] ?? frameProblem(screen.lastFrame(), size) ?? problem(size);
		if (found) throw new Error(`${found}\nafter step ${index}: ${describeStep(step)}\nframe:\n${stripVTControlCharacters(screen.lastFrame() ?? '')}`);
	}
	return size;
}

/** Errors React, Ink or a promise reported while a run went: console.error, uncaught exceptions, unhandled rejections. */
export function errorTrap() {
	const errors: string[] = [];
	const onError = (error: unknown) => errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
	const original = console.error;
	return {
		errors,
		start() {
			console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
			process.on('uncaughtException', onError);
			process.on('unhandledRejection', onError);
		},
		stop() {
			console.error = original;
			process.off('uncaughtException', onError);
			process.off('unhandledRejection', onError);
		},
	};
}
