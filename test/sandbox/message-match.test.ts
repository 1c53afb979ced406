// What the inbox's filter and inbox --wait --match look in: the subject, the From header's name and address, the
// envelope sender and recipients (an internationalised domain in both its forms), in any case and either Unicode
// form (NFC, NFD), never across fields.
import {describe, expect, it} from 'vitest';
import {messageMatches, searchTerm} from '../../source/sandbox/message-match.js';

const message = {
	from: 'bounces+u42@mail.myapp.test',
	author: {address: 'support@myapp.test', name: 'Zoë Support'},
	to: ['anna@example.test', 'user@xn--r8jz45g.xn--zckzah'],
	subject: 'Ticket #77 updated',
};
const matches = (typed: string) => messageMatches(message, searchTerm(typed));

describe('messageMatches', () => {
	it('finds the text in each field, in any case', () => {
		expect(['ticket #77', 'ZOË', 'support@MYAPP', 'bounces+u42', 'ANNA@', 'example.test'].filter(text => !matches(text))).toEqual([]);
	});

	it('finds an internationalised domain as stored and as the list shows it', () => {
		expect(matches('xn--r8jz45g')).toBe(true);
		expect(matches('例え.テスト')).toBe(true);
	});

	it('finds a domain sent in Unicode (SMTPUTF8) by its punycode, in any case, and a part of a label as typed', () => {
		const utf8 = {from: 'shop@例え.テスト', to: ['bob@Bücher.Example'], subject: ''};
		expect(['xn--bcher-kva.example', 'BOB@XN--BCHER-KVA.EXAMPLE', 'bücher', 'BÜCH', 'xn--r8jz45g.xn--zckzah'].filter(text => !messageMatches(utf8, searchTerm(text)))).toEqual([]);
		expect(messageMatches(utf8, searchTerm('xn--bcher-kva.test'))).toBe(false);
	});

	it('finds café composed or decomposed (NFD, as macOS pastes it) written either way, in every field', () => {
		const nfd = (text: string) => text.normalize('NFD');
		const stored = [
			{from: 'a@x.test', to: [], subject: 'Café au lait'},
			{from: 'a@x.test', to: [], subject: nfd('Café au lait')},
			{from: 'a@x.test', author: {address: nfd('zoë@x.test'), name: nfd('Zoë Ünïcode')}, to: [nfd('josé@bücher.example')], subject: '', text: nfd('Grüße aus Köln')},
		];
		const found = (typed: string) => stored.map(item => messageMatches(item, searchTerm(typed)));
		expect(found('café')).toEqual([true, true, false]);
		expect(found(nfd('CAFÉ'))).toEqual([true, true, false]);
		expect(['zoë@', 'zoë ünïcode', 'josé@bücher', 'grüße'].filter(text => !found(text)[2] || !found(nfd(text))[2])).toEqual([]);
	});

	it('does not match across two fields, the body, or text that is not there', () => {
		// The subject's end and the display name's start, joined.
		expect(matches('updatedzoë')).toBe(false);
		expect(matches('updated\nzoë')).toBe(false);
		expect(matches('hello')).toBe(false);
	});

	it('drops blanks at the ends only; an empty search matches every message', () => {
		expect(matches('  ticket #77  ')).toBe(true);
		expect(matches('ticket  #77')).toBe(false);
		expect(matches('   ')).toBe(true);
	});

	it('reads a message with no From header, or one with no display name', () => {
		const bare = {from: '', to: ['x@example.test'], subject: ''};
		expect(messageMatches(bare, 'x@')).toBe(true);
		expect(messageMatches(bare, 'undefined')).toBe(false);
		expect(messageMatches({...bare, author: {address: 'a@b.test'}}, 'a@b')).toBe(true);
	});
});
