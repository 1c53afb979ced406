// The README keys table is generated from the binding table: README's "## Keys" must be exactly what bindingsMarkdown() gives, so README and the help overlay never disagree.
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

	// Exactly: a row written into README by hand, for a key the dashboard does not have, fails it too.
	it('is the binding table, and nothing else: "## Keys" up to "Over SSH, tmux and GNU screen"', () => {
		const readme = readFileSync(`${root}README.md`, 'utf8');
		const keys = readme.slice(readme.indexOf('\n## Keys\n') + 1, readme.indexOf('\n### Over SSH, tmux and GNU screen\n'));
		expect(keys.trim()).toBe(bindingsMarkdown().trim());
	});
});
