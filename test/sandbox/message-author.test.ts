// The From header's mailbox, read at arrival for the inbox list: what a mail reader shows, or nothing to fall back
// from (the list then shows the envelope sender).
import fc from 'fast-check';
import addressparser, {type Address, type MailboxAddress} from 'nodemailer/lib/addressparser';
import {describe, expect, it} from 'vitest';
import {decodeEncodedWords} from '../../source/sandbox/header-scan.js';
import {knownAuthor, messageAuthor} from '../../source/sandbox/message-author.js';

const header = (text: string) => Buffer.from(`${text}\r\n\r\nbody\r\n`);

describe('messageAuthor', () => {
	it('reads the display name (encoded words decoded, folded lines joined) and the address', () => {
		expect(messageAuthor(header('Subject: x\r\nFrom: "Acme Support" <support@myapp.test>'))).toEqual({name: 'Acme Support', address: 'support@myapp.test'});
		expect(messageAuthor(header('from: =?UTF-8?Q?Zo=C3=AB?=\r\n <zoe@myapp.test>'))).toEqual({name: 'Zoë', address: 'zoe@myapp.test'});
		expect(messageAuthor(header('From: plain@myapp.test'))).toEqual({address: 'plain@myapp.test'});
		// A name that only repeats the address says nothing more.
		expect(messageAuthor(header('From: "a@myapp.test" <a@myapp.test>'))).toEqual({address: 'a@myapp.test'});
	});

	it('takes the first mailbox, a group\'s members included', () => {
		expect(messageAuthor(header('From: a@x.test, "B" <b@x.test>'))).toEqual({address: 'a@x.test'});
		expect(messageAuthor(header('From: Team: "Ann" <ann@x.test>, bob@x.test;'))).toEqual({name: 'Ann', address: 'ann@x.test'});
	});

	it('gives nothing for a message with no From header, one naming no address, or a From in the body', () => {
		expect(messageAuthor(header('Subject: typed by hand'))).toBeUndefined();
		expect(messageAuthor(header('From: undisclosed'))).toBeUndefined();
		expect(messageAuthor(header('From: <>'))).toBeUndefined();
		expect(messageAuthor(Buffer.from('Subject: x\r\n\r\nFrom: body@x.test\r\n'))).toBeUndefined();
	});

	it('reads a plain address or "Name <address>" without addressparser as addressparser would', () => {
		// Near the shapes read without it, and one character off them: both sides of each of its edges.
		const shapes = ['a@b.test', 'Jo Do <a.b@c-d.test>', '<x@y.test>', "O'Neil-Smith_2 <o+n@x.test>"];
		// Each character the pattern's address takes, some it does not (a tab, UTF-8), and those of quoting and comments.
		const characters = [...'aZ09.-_\'+@<> "(),:;=?![]\\#$%&*/^`{|}~\tü中'];
		const near = fc.tuple(fc.constantFrom(...shapes), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...characters)), {maxLength: 2})).map(([shape, edits]) =>
			edits.reduce((text, [at, character]) => text.slice(0, at % (text.length + 1)) + character + text.slice(at % (text.length + 1) + 1), shape).trim(),
		);
		fc.assert(
			fc.property(near, value => {
				// messageAuthor's own reading, all through addressparser.
				const first = (entries: Address[]): MailboxAddress | undefined => entries.map(entry => (entry.group ? first(entry.group) : entry.address ? entry : undefined)).find(Boolean);
				const mailbox = first(addressparser(value));
				const name = mailbox && decodeEncodedWords(mailbox.name).trim();
				const expected = mailbox && {address: mailbox.address, ...(name !== '' && name !== mailbox.address && {name})};
				expect(messageAuthor(header(`From: ${value}`))).toEqual(expected);
			}),
			{numRuns: 3000, seed: 44},
		);
	});

	it('leaves to addressparser what only it reads: quoting, comments, groups, encoded words, UTF-8 and IDN', () => {
		const cases: Array<[string, {name?: string; address: string}]> = [
			['"Doe, Jo" <jo@x.test>', {name: 'Doe, Jo', address: 'jo@x.test'}],
			['"Jo <boss@x.test>" <jo@x.test>', {name: 'Jo <boss@x.test>', address: 'jo@x.test'}],
			['jo@x.test (Jo Doe)', {name: 'Jo Doe', address: 'jo@x.test'}],
			['Jo (the boss) <jo@x.test>', {name: 'Jo', address: 'jo@x.test'}],
			['Team: jo@x.test, al@x.test;', {address: 'jo@x.test'}],
			['=?UTF-8?B?Sm/Dqw==?= <jo@x.test>', {name: 'Joë', address: 'jo@x.test'}],
			['Zoë <zoë@bücher.test>', {name: 'Zoë', address: 'zoë@bücher.test'}],
			['Jo <jo@xn--bcher-kva.test>', {name: 'Jo', address: 'jo@xn--bcher-kva.test'}],
			['王 <wang@例子.test>', {name: '王', address: 'wang@例子.test'}],
		];
		for (const [value, author] of cases) expect(messageAuthor(header(`From: ${value}`)), value).toEqual(author);
	});

	it('keeps an author loaded from a .json only when it is well formed', () => {
		expect(knownAuthor({name: 'Ann', address: 'ann@x.test'})).toEqual({name: 'Ann', address: 'ann@x.test'});
		expect(knownAuthor({address: 'ann@x.test', name: 5})).toEqual({address: 'ann@x.test'});
		for (const bad of [undefined, null, 'ann@x.test', {name: 'Ann'}, {address: 7}]) expect(knownAuthor(bad)).toBeUndefined();
	});
});
