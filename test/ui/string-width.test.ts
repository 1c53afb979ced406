// scripts/ink-patch.mjs builds string-width's RGI emoji pattern only when a cluster holds an emoji sign: every
// width must stay what string-width gives, and text with no emoji (box lines, ✔, arrows, CJK) must not build it.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {EMOJI_SIGN, patchInk} from '../../scripts/ink-patch.mjs';

type StringWidth = (text: string, options?: {ambiguousIsNarrow?: boolean}) => number;

const modules = path.resolve('node_modules');
const file = path.join(modules, 'string-width/index.js');
let folder: string;
let original: StringWidth;
let patched: StringWidth;

/** string-width's source as a module of its own in `folder`, its two imports pointed at node_modules. */
async function load(name: string, source: string): Promise<StringWidth> {
	const target = path.join(folder, name);
	const resolved = source
		.replace("from 'strip-ansi'", `from '${pathToFileURL(path.join(modules, 'strip-ansi/index.js')).href}'`)
		.replace("from 'get-east-asian-width'", `from '${pathToFileURL(path.join(modules, 'get-east-asian-width/index.js')).href}'`);
	writeFileSync(target, resolved);
	return ((await import(pathToFileURL(target).href)) as {default: StringWidth}).default;
}

/** How many RGI emoji patterns `run` builds. */
function rgiPatternsBuilt(run: () => void): number {
	const Original = globalThis.RegExp;
	let built = 0;
	globalThis.RegExp = new Proxy(Original, {
		construct(target, args: [string, string?]) {
			if (String(args[0]).includes('RGI_Emoji')) built++;
			return new target(...args);
		},
	});
	try {
		run();
	} finally {
		globalThis.RegExp = Original;
	}
	return built;
}

const codePoints = function* (from: number, to: number) {
	for (let point = from; point <= to; point++) if (point < 0xd8_00 || point > 0xdf_ff) yield String.fromCodePoint(point);
};

beforeAll(async () => {
	folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-string-width-'));
	const source = readFileSync(file, 'utf8');
	original = await load('original.mjs', source);
	patched = await load('patched.mjs', patchInk(source, file));
});

afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

describe('string-width as the build ships it', () => {
	it('builds no RGI emoji pattern for a frame of box lines, marks, arrows, accents and CJK', () => {
		expect(rgiPatternsBuilt(() => patched('╭─ ✔ EHLO → 250 • ✖ ▲▼ … Grüße 日本語 ─╮'))).toBe(0);
		expect(rgiPatternsBuilt(() => patched('sent 😀'))).toBe(1);
	});

	it('gives the width string-width gives to every code point of planes 0 and 1 (every emoji) and the tags', () => {
		const differ: string[] = [];
		for (const character of [...codePoints(0, 0x1_ff_ff), ...codePoints(0xe_00_00, 0xe_01_ef)]) {
			if (patched(character) !== original(character)) differ.push(character.codePointAt(0)!.toString(16));
		}

		expect(differ).toEqual([]);
	});

	it('gives the same widths to emoji sequences, in either ambiguous-width mode', () => {
		const emoji = [...codePoints(0, 0x1_ff_ff)].filter(character => /\p{Emoji}/u.test(character));
		const modifiers = [...codePoints(0x1_f3_fb, 0x1_f3_ff)];
		const indicators = [...codePoints(0x1_f1_e6, 0x1_f1_ff)];
		const sequences = [
			...emoji.flatMap(base => [`${base}\uFE0F`, `${base}\uFE0E`, `${base}\u20E3`, `${base}\uFE0F\u20E3`, `${base}\u200D${base}`, ...modifiers.map(tone => base + tone)]),
			...indicators.flatMap(first => indicators.map(second => first + second)),
			'👩‍👩‍👧', '🏳️‍🌈', '❤️‍🔥', '👁️‍🗨️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', '#⃣', '🇩🇪', '👍🏽', 'e\u0301', '\u001B[31m✔\u001B[39m ok',
		];
		const differ = sequences.filter(text => patched(text) !== original(text) || patched(text, {ambiguousIsNarrow: false}) !== original(text, {ambiguousIsNarrow: false}));

		expect(sequences.length).toBeGreaterThan(10_000);
		expect(differ).toEqual([]);
	});

	it('asks the pattern about every single code point that is an RGI emoji', () => {
		const sign = new RegExp(EMOJI_SIGN, 'u');
		const rgi = new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
		const missed = [...codePoints(0, 0x10_ff_ff)].filter(character => !sign.test(character) && rgi.test(character));

		expect(missed).toEqual([]);
	});
});
