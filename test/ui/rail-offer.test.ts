// The rail's reading of the line waiting for Enter: the line as edited at the prompt, else the proposal.
import {describe, expect, it} from 'vitest';
import {railOffer} from '../../source/ui/components/rail-offer.js';
import {createText} from '../../source/ui/components/text-editor-state.js';

const mail = {command: {verb: 'MAIL', from: 'you@example.test'} as const, display: 'MAIL FROM:<you@example.test>', step: 'mail' as const};
const edited = (text: string) => createText(text, {multiline: false});

describe('railOffer', () => {
	it('names the step of the proposal, or the verb of a command outside the steps', () => {
		expect(railOffer(undefined, undefined)).toEqual({});
		expect(railOffer(mail, undefined)).toEqual({upcoming: 'mail'});
		expect(railOffer({command: {verb: 'NOOP'}, display: 'NOOP'}, undefined)).toEqual({offered: 'NOOP'});
	});

	it('reads the line as edited: what Enter sends', () => {
		expect(railOffer(mail, edited('help'))).toEqual({offered: 'HELP'});
		expect(railOffer(mail, edited('rcpt to:<friend@example.test>'))).toEqual({upcoming: 'rcpt'});
		// Unchanged, or cleared: the proposal stands.
		expect(railOffer(mail, edited(mail.display))).toEqual({upcoming: 'mail'});
		expect(railOffer(mail, edited('  '))).toEqual({upcoming: 'mail'});
	});
});
