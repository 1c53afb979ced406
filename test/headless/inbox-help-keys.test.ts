// `smtp-tui inbox --help` names every key of the inbox's screen, as its help overlay (?) lists them from the binding
// table: a key added to the screen cannot be left out of --help's Keys.
import {describe, expect, it} from 'vitest';
import {inboxHelp} from '../../source/headless/inbox-flags.js';
import {OWN} from '../../source/ui/inbox-app.js';
import {bindingById} from '../../source/ui/keys/bindings.js';

/** --help's Keys paragraph, down to the next heading. */
const keys = /^ {2}Keys\n([\s\S]*?)\n\n {2}\S/m.exec(inboxHelp)?.[1] ?? '';

/** A key's label as a word of the text: "Up/Down", "(and k/j/g/G)", "? or Ctrl+G" name Up, k, ? and Ctrl+G. */
const names = (text: string, label: string) => new RegExp(`(?<![\\w+])${label.replace(/[?+/]/g, '\\$&')}(?![\\w+])`).test(text);

describe('inbox --help', () => {
	it('names every key of the inbox screen', () => {
		expect(keys).not.toBe('');
		const labels = [...new Set(OWN.flatMap(id => bindingById(id).keys.map(key => key.label)))];
		expect(labels.filter(label => !names(keys, label))).toEqual([]);
	});
});
