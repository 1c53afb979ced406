// The README keys table is generated from the binding table: README.md must hold exactly what bindingsMarkdown() gives, so README and the help overlay never disagree.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {BINDINGS, bindingsMarkdown} from '../../source/ui/keys/bindings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('README keys table', () => {
	it('lists every binding', () => {
		const markdown = bindingsMarkdown();
		for (const binding of BINDINGS) expect(markdown, binding.id).toContain(binding.description);
	});

	it('matches the binding table', () => {
		const expected = bindingsMarkdown();
		expect(readFileSync(`${root}README.md`, 'utf8')).toContain(expected.trim());
	});
});
