// The engine is the bottom layer: the message helpers, the session driver, the transport, the headless commands and
// the UI build on it, so none of them may be imported from it (a change up there must never reach the engine).
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const engine = path.join(import.meta.dirname, '../../source/smtp');
const above = ['message', 'session', 'transport', 'headless', 'sandbox', 'ui'];

/** The folders one level up that `source` names in any import form: static, side-effect, re-export, dynamic. */
function importedFolders(source: string): string[] {
	return [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"]\.\.\/([\w-]+)\//g)].map(match => match[1]!);
}

describe('the engine (source/smtp)', () => {
	it('imports nothing from the layers above it', () => {
		const upward = readdirSync(engine)
			.filter(file => file.endsWith('.ts'))
			.flatMap(file => importedFolders(readFileSync(path.join(engine, file), 'utf8')).filter(folder => above.includes(folder)).map(folder => `${file}: ../${folder}/`));
		expect(upward).toEqual([]);
	});

	it('sees every import form', () => {
		const forms = [
			"import {a} from '../message/a.js';",
			'import type {B} from "../ui/b.js";',
			"import '../session/c.js';",
			"export {d} from '../transport/d.js';",
			"export * from '../headless/e.js';",
			"const f = await import('../sandbox/f.js');",
			"import {\n\tg,\n} from '../message/g.js';",
		];
		expect(forms.map(importedFolders)).toEqual([['message'], ['ui'], ['session'], ['transport'], ['headless'], ['sandbox'], ['message']]);
		expect(importedFolders("import {h} from './h.js';")).toEqual([]);
	});
});
