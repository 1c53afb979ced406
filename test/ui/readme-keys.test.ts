// The README keys table is generated from the binding table: the README part (or, once merged, README.md) must
// hold exactly what bindingsMarkdown() gives, so README and the help overlay never disagree.
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {BINDINGS, bindingsMarkdown} from '../../source/ui/keys/bindings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const part = `${root}../readme-parts/dashboard-keys.md`;

describe('README keys table', () => {
	it('lists every binding', () => {
		const markdown = bindingsMarkdown();
		for (const binding of BINDINGS) expect(markdown, binding.id).toContain(binding.description);
	});

	it('matches the binding table', () => {
		const expected = bindingsMarkdown();
		if (existsSync(part)) expect(readFileSync(part, 'utf8')).toBe(expected);
		else expect(readFileSync(`${root}README.md`, 'utf8')).toContain(expected.trim());
	});
});
