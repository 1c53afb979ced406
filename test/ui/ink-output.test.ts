// scripts/ink-patch.mjs makes Ink's frame building cheaper on big terminals (one blank cell object, styles shared
// along a run and compared before they are diffed, a text cut to its box only where it goes past it, the last
// frame's measurements reused): every frame must be the very bytes unpatched Ink builds, and a frame must reuse
// what the frame before it measured.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {patchInk} from '../../scripts/ink-patch.mjs';

type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type OutputInstance = {
	write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
	clip(clip: Clip): void;
	unclip(): void;
	get(): {output: string; height: number};
	caches: {getStyledChars(line: string): unknown[]};
};
type OutputClass = new (options: {width: number; height: number}) => OutputInstance;

const modules = path.resolve('node_modules');
const outputFile = path.join(modules, 'ink/build/output.js');
const tokenizeFolder = path.join(modules, '@alcalzone/ansi-tokenize/build');
const styledCharsFile = path.join(tokenizeFolder, 'styledChars.js');
const fromInk = createRequire(outputFile);
const url = (file: string) => pathToFileURL(file).href;
let folder: string;
let Original: OutputClass;
let Patched: OutputClass;

/** Its map is not beside the copy. */
const withoutSourceMap = (source: string) => source.replace(/^\/\/# sourceMappingURL=.*$/m, '');

/** Ink's output.js, patched or not, as a module of its own in `folder`, its imports pointed at node_modules. */
async function loadOutput(name: string, patched: boolean): Promise<OutputClass> {
	const source = readFileSync(outputFile, 'utf8');
	// A copy of styledChars.js too, unpatched for the original: the tests' own Ink patches any module at its path.
	const chars = readFileSync(styledCharsFile, 'utf8');
	const charsTarget = path.join(folder, `styled-chars-${name}`);
	writeFileSync(charsTarget, withoutSourceMap((patched ? patchInk(chars, styledCharsFile) : chars).replaceAll(/from "\.\/(\w+\.js)"/g, (_, file: string) => `from "${url(path.join(tokenizeFolder, file))}"`)));
	const styledChars = url(charsTarget);
	const resolved = (patched ? patchInk(source, outputFile) : source)
		.replace("from 'slice-ansi'", `from '${url(fromInk.resolve('slice-ansi'))}'`)
		.replace("from 'string-width'", `from '${url(fromInk.resolve('string-width'))}'`)
		.replace(
			"import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';",
			`import {tokenize} from '${url(path.join(tokenizeFolder, 'tokenize.js'))}';\nimport {styledCharsFromTokens, styledCharsToString} from '${styledChars}';`,
		);
	expect(resolved).toContain(styledChars);
	const target = path.join(folder, name);
	writeFileSync(target, withoutSourceMap(resolved));
	return ((await import(url(target))) as {default: OutputClass}).default;
}

beforeAll(async () => {
	folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-ink-output-'));
	Original = await loadOutput('original.mjs', false);
	Patched = await loadOutput('patched.mjs', true);
});

afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

const ESC = '\u001B[';
const STYLES = [
	['31m', '39m'],
	['32m', '39m'],
	['1m', '22m'],
	['2m', '22m'],
	['7m', '27m'],
	['38;5;247m', '39m'],
	['90m', '39m'],
] as const;
const WORDS = ['✔ connected', '← 250 2.1.0 Accepted', 'Grüße', '日本語', '😀 ok', 'e\u0301', '│', '─'.repeat(30), '    ', 'a@example.test', '»'];

/** A seeded pseudo-random source: the same frames on every run. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

/** A styled line: words, some in a colour, bold or dim (nested, overlapping, or left open to the line's end). */
function line(next: () => number): string {
	let text = '';
	for (let word = Math.floor(next() * 6); word >= 0; word--) {
		const [open, close] = STYLES[Math.floor(next() * STYLES.length)]!;
		const styled = next() < 0.6;
		text += `${styled ? ESC + open : ''}${WORDS[Math.floor(next() * WORDS.length)]}${styled && next() < 0.9 ? ESC + close : ''} `;
	}
	return text;
}

/** The same writes (texts, some several lines, inside and across clips like Ink's boxes) into an Output. */
function frame(Output: OutputClass, seed: number, width: number, height: number): string {
	const next = random(seed);
	const output = new Output({width, height});
	// Neighbours in different styles of as many codes (red then green; bold then dim), and a style left open.
	output.write(0, 0, `${ESC}31m✖${ESC}32m✔${ESC}39m ${ESC}1mb${ESC}22m${ESC}2md${ESC}22m ${ESC}7mopen`, {transformers: []});
	for (let write = 0; write < 60; write++) {
		const clipped = next() < 0.5;
		if (clipped) {
			const x1 = Math.floor(next() * width * 0.5);
			const y1 = Math.floor(next() * height * 0.5);
			output.clip({x1, x2: x1 + Math.floor(next() * width * 0.6), y1, y2: y1 + Math.floor(next() * height * 0.6)});
		}
		const lines = Array.from({length: 1 + Math.floor(next() * 3)}, () => line(next));
		output.write(Math.floor(next() * width * 0.8), Math.floor(next() * height), lines.join('\n'), {transformers: []});
		if (clipped) output.unclip();
	}
	return output.get().output;
}

describe("Ink's frames as the build ships them", () => {
	it('are the bytes unpatched Ink builds, styled, wide and clipped text included', () => {
		for (let seed = 1; seed <= 60; seed++) {
			const [width, height] = seed % 3 === 0 ? [300, 90] : seed % 3 === 1 ? [80, 24] : [100, 30];
			const original = frame(Original, seed, width, height);
			expect(frame(Patched, seed, width, height), `seed ${seed}`).toBe(original);
		}
		// The frames do hold what is compared: colours, wide characters, and text cut at a clip's edge.
		const sample = frame(Original, 3, 300, 90);
		expect(sample).toContain(`${ESC}31m`);
		expect(sample).toContain('日本語');
	});

	it("reuse the frame before's styled characters, and keep no older frame's", () => {
		const text = `${ESC}32m← 250 2.1.0 Accepted${ESC}39m`;
		const first = new Patched({width: 100, height: 30});
		const cells = first.caches.getStyledChars(text);
		const second = new Patched({width: 100, height: 30});
		expect(second.caches.getStyledChars(text)).toBe(cells);
		// Unpatched, each frame splits every text anew.
		expect(new Original({width: 100, height: 30}).caches.getStyledChars(text)).not.toBe(new Original({width: 100, height: 30}).caches.getStyledChars(text));
		// Two frames on, a text neither of the last two frames used is split anew: memory stays bounded.
		new Patched({width: 100, height: 30});
		expect(new Patched({width: 100, height: 30}).caches.getStyledChars(text)).not.toBe(cells);
	});
});
