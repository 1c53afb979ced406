// Fuzzes the address fields (--to, --from, the composer's fields) with strings from an address-like grammar: the
// message goes to no mailbox the user did not type. composeMessage either refuses a value, or each address it puts
// in the envelope (RCPT TO, MAIL FROM) is one that stands in the value as a whole token, between <> or as a bare word.
import {domainToASCII} from 'node:url';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {composeMessage, type MessageInput} from '../../source/message/compose.js';
import {baseMessage} from './message-input.js';
import {SmtpInputError} from '../../source/smtp/types.js';

const base = baseMessage;

/** The envelope, or undefined when composeMessage refuses the input (anything but an SmtpInputError is rethrown). */
async function envelopeOf(input: MessageInput): Promise<{from: string; to: string[]} | undefined> {
	try {
		return (await composeMessage(input)).envelope;
	} catch (error) {
		if (error instanceof SmtpInputError) return undefined;
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// What "typed" means.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The address-like tokens of a field as typed: what stands between < and > (an unquoted >; the spaces at its ends
 * trimmed: `Ann < a@b.test >`), and each bare word holding an @. A bare word is a run with no whitespace, and none of
 * , ; < > ( ) outside a quoted string; a quoted string is part of the word it stands in (`"john doe"@x.test` is one
 * word, `"Smith, J"` is no address). A comment (nested parentheses) and all it holds is no token.
 */
export function typedTokens(value: string): string[] {
	const tokens: string[] = [];
	let word = '';
	const flush = () => {
		if (word.includes('@')) tokens.push(word);
		word = '';
	};
	/** The end (index past the closing quote, or the value's length) of the quoted string opening at `start`. */
	const quotedEnd = (start: number) => {
		let at = start + 1;
		while (at < value.length && value[at] !== '"') at += value[at] === '\\' ? 2 : 1;
		return Math.min(at + 1, value.length);
	};
	let index = 0;
	while (index < value.length) {
		const char = value[index]!;
		if (char === '"') {
			const end = quotedEnd(index);
			word += value.slice(index, end);
			index = end;
		} else if (char === '(') {
			flush();
			let depth = 0;
			for (; index < value.length; index++) {
				const inner = value[index];
				if (inner === '\\') index++;
				else if (inner === '(') depth++;
				else if (inner === ')' && --depth === 0) break;
			}
			index++;
		} else if (char === '<') {
			// Up to the first unquoted >; another < first starts the address afresh (`Ann <x <a@b.test>`), and a < that
			// no > closes is no more than a break between words (`<a@b.test` names a@b.test).
			flush();
			let [start, at] = [index + 1, index + 1];
			while (at < value.length && value[at] !== '>') {
				if (value[at] === '<') start = at + 1;
				at = value[at] === '"' ? quotedEnd(at) : at + 1;
			}
			if (at < value.length) {
				// A comment at either end is no part of the address (`<a@b.test (work)>`); one inside it leaves a space.
				tokens.push(withoutComments(value.slice(start, at)).trim());
				index = at + 1;
			} else index++;
		} else if (char === '[' && word.endsWith('@') && value.indexOf(']', index) > 0) {
			// A domain literal is one piece of its word, whatever it holds (dtext includes ( ) , ; and @).
			const stop = value.indexOf(']', index) + 1;
			word += value.slice(index, stop);
			index = stop;
		} else if (/[\s,;>)]/.test(char)) {
			flush();
			index++;
		} else {
			word += char;
			index++;
		}
	}
	flush();
	return tokens;
}

/** The text with each comment (outside quoted strings) made a space. */
function withoutComments(text: string): string {
	let result = '';
	let depth = 0;
	for (let index = 0; index < text.length; index++) {
		const char = text[index]!;
		if (depth === 0 && char === '"') {
			let at = index + 1;
			while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
			result += text.slice(index, at + 1);
			index = at;
		} else if (char === '(') depth++;
		else if (depth > 0 && char === '\\') index++;
		else if (depth > 0 && char === ')') {
			if (--depth === 0) result += ' ';
		} else if (depth === 0) result += char;
	}
	return result;
}

/** A whole quoted-string, as RFC 5322 §3.2.4 has it (the local part of `"john doe"@x.test`). */
const QUOTED_STRING = /^"(?:[^"\\]|\\[\s\S])*"$/u;
/** RFC 5322 dot-atom-text, with UTF-8 (RFC 6531): what may go unquoted. */
const DOT_ATOM = /^[\p{L}\p{N}\p{So}!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+(?:\.[\p{L}\p{N}\p{So}!#$%&'*+\-/=?^_`{|}~\u0080-\u{10FFFF}]+)*$/u;
const ASCII_DOT_ATOM_OR_UTF8 = (text: string) => DOT_ATOM.test(text) && !/[\s\p{Cc}\p{Cf}]/u.test(text);

/** Local part and domain: after a leading quoted-string's closing quote, at a domain literal's @, else at the last @. */
function split(address: string): {local: string; domain: string} | undefined {
	const quoted = /^("(?:[^"\\]|\\[\s\S])*")@([\s\S]*)$/u.exec(address);
	if (quoted) return {local: quoted[1]!, domain: quoted[2]!};
	const literal = /@(\[[^[\]\\]*\])$/.exec(address);
	const at = literal ? address.length - literal[1]!.length - 1 : address.lastIndexOf('@');
	return at < 0 ? undefined : {local: address.slice(0, at), domain: address.slice(at + 1)};
}

/** The mailbox a local part names: a quoted-string's text without its quotes and escapes, any other one as it is. */
const unquoted = (local: string) => (QUOTED_STRING.test(local) ? local.slice(1, -1).replace(/\\([\s\S])/gu, '$1') : local);

/**
 * The domain as DNS has it (IDNA), a [literal] as it is; undefined when it has no ASCII form. domainToASCII is the
 * WHATWG host parser: it also reads a domain of numbers as an IPv4 address (7 as 0.0.0.7, 127.1 as 127.0.0.1), which
 * is no IDNA mapping but another host: such a reading counts only when it is the domain as typed.
 */
function asciiDomain(domain: string): string | undefined {
	if (domain.startsWith('[')) return domain;
	const ascii = domainToASCII(domain);
	if (/^\d+\.\d+\.\d+\.\d+$/.test(ascii) && ascii !== domain.normalize('NFKC')) return undefined;
	return ascii === '' ? undefined : ascii;
}

/** Domains name the same host: as typed, but for ASCII case, or after IDNA; the root's dot typed at the end or not. */
const sameDomain = (sent: string, typed: string): boolean => {
	if (typed.endsWith('.') && !typed.endsWith('..') && !typed.startsWith('[') && sameDomain(sent, typed.slice(0, -1))) return true;
	if (sent === typed || (/^[\x00-\x7f]*$/.test(sent + typed) && sent.toLowerCase() === typed.toLowerCase())) return true;
	const ascii = asciiDomain(sent);
	return ascii !== undefined && ascii === asciiDomain(typed);
};

/**
 * Whether `sent` (an envelope address) is the mailbox of `typed` (a token): the same domain after IDNA, and the local
 * part exactly as typed, or the same mailbox written another way: a typed quoted-string sent without its quotes
 * when what it holds may go unquoted ("friend"@x.test as friend@x.test), or sent quoted as typed bare.
 */
export function sameMailbox(sent: string, typed: string): boolean {
	const [s, t] = [split(sent), split(typed)];
	if (!s || !t || s.local === '' || t.local === '') return false;
	if (!sameDomain(s.domain, t.domain)) return false;
	if (s.local === t.local) return true;
	if (unquoted(s.local) !== unquoted(t.local)) return false;
	// Sent bare: only a local part that needs no quotes names the same mailbox without them.
	return QUOTED_STRING.test(s.local) || ASCII_DOT_ATOM_OR_UTF8(s.local);
}

/** The envelope addresses that are no typed token's mailbox. */
const untyped = (sent: readonly string[], value: string) => {
	const tokens = typedTokens(value);
	return sent.filter(address => !tokens.some(token => sameMailbox(address, token)));
};

describe('the fuzz property itself', () => {
	it('finds the tokens: bare words, <> contents, not quoted names or comments', () => {
		expect(typedTokens('Ann <a@b.test>')).toEqual(['a@b.test']);
		expect(typedTokens('"Smith, J" <j@x.test>')).toEqual(['j@x.test']);
		expect(typedTokens('"friend"@x.test')).toEqual(['"friend"@x.test']);
		expect(typedTokens('a@b.test; c@d.test')).toEqual(['a@b.test', 'c@d.test']);
		expect(typedTokens('"x a@b.test y" <c@d.test>')).toEqual(['"x a@b.test y"', 'c@d.test']);
		expect(typedTokens('(a@b.test) c@d.test')).toEqual(['c@d.test']);
		expect(typedTokens('Ann < a@b.test >, "john doe"@x.test (work)')).toEqual(['a@b.test', '"john doe"@x.test']);
		expect(typedTokens('<x <a@b.test>, <c@d.test')).toEqual(['a@b.test', 'c@d.test']);
		expect(typedTokens('<"a>b"@x.test>')).toEqual(['"a>b"@x.test']);
		expect(typedTokens('a@[1)2.0.2.1] b')).toEqual(['a@[1)2.0.2.1]']);
		expect(typedTokens('a@[b, <c@d.test>')).toEqual(['a@[b', 'c@d.test']);
		expect(typedTokens('<a@b.test (work)>, <c@d(x).test>')).toEqual(['a@b.test', 'c@d .test']);
	});

	it('takes the same mailbox written another way, and nothing else', () => {
		expect(sameMailbox('friend@x.test', '"friend"@x.test')).toBe(true);
		expect(sameMailbox('"friend"@x.test', 'friend@x.test')).toBe(true);
		expect(sameMailbox('taro@xn--wgv71a.jp', 'taro@日本.jp')).toBe(true);
		expect(sameMailbox('x@abc.jp', 'x@ＡＢＣ.jp')).toBe(true);
		expect(sameMailbox('"john doe"@x.test', '"john doe"@x.test')).toBe(true);
		expect(sameMailbox('john doe@x.test', '"john doe"@x.test')).toBe(false);
		expect(sameMailbox('b@x.test', 'a"b"@x.test')).toBe(false);
		expect(sameMailbox('ab@x.test', 'a\u200bb@x.test')).toBe(false);
		expect(sameMailbox('a@x.test', 'A@x.test')).toBe(false);
		expect(sameMailbox('a@xn--zz.de', 'a@xn--zz.de')).toBe(true);
		expect(sameMailbox('a@b.xn--zz', 'a@b.xn--zzz')).toBe(false);
		expect(sameMailbox('a@example.org', 'a@EXAMPLE.org')).toBe(true);
		expect(sameMailbox('a@0.0.0.7', 'a@7')).toBe(false);
		expect(sameMailbox('a@127.0.0.1', 'a@127.1')).toBe(false);
		expect(sameMailbox('a@1.2.3.4', 'a@1.2.3.4')).toBe(true);
		expect(sameMailbox('a@[1 2.0.2.1]', 'a@[1>2.0.2.1]')).toBe(false);
	});
});

// ---------------------------------------------------------------------------------------------------------------
// The grammar.
// ---------------------------------------------------------------------------------------------------------------

const join = (parts: readonly string[]) => parts.join('');
const letter = fc.constantFrom('a', 'b', 'z', 'A', 'Q', '0', '7', 'é', 'ж', '日', 'ع', '😀', '-', '_', '+', '.');
const atom = fc.array(letter, {minLength: 1, maxLength: 4}).map(join);
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u202e', '\u00ad', '\ufeff', '\u{E0041}'];
const invisible = fc.constantFrom(...INVISIBLE);
const space = fc.constantFrom(' ', '\t', '  ', ' \t');
const special = fc.constantFrom('.', '"', '\\', '<', '>', ',', ';', '(', ')', '@', ':', '[', ']', '\\"');
const noise = fc.oneof({arbitrary: invisible, weight: 2}, {arbitrary: space, weight: 2}, {arbitrary: special, weight: 3});
/** Mostly letters, now and then a space, an invisible character or a special. */
const text = fc.array(fc.oneof({arbitrary: atom, weight: 6}, {arbitrary: noise, weight: 2}), {minLength: 1, maxLength: 3}).map(join);
const quoted = (inner: fc.Arbitrary<string>) => inner.map(value => `"${value}"`);
const dotted = fc.array(atom, {minLength: 1, maxLength: 3}).map(parts => parts.join('.'));

const domain = fc.oneof(
	{arbitrary: fc.constantFrom('x.test', 'b.test', '日本.jp', 'bücher.de', 'xn--wgv71a.jp', 'ＡＢＣ.jp', '[192.0.2.1]', '[a@b.test]', 'EXAMPLE.org', 'ж.test', 'x.test.', '-a.test'), weight: 6},
	{arbitrary: fc.tuple(dotted, fc.constantFrom('.test', '.рф', '')).map(join), weight: 3},
	{arbitrary: fc.tuple(text, fc.constantFrom('.test', '')).map(join), weight: 2},
);
const local = fc.oneof(
	{arbitrary: dotted, weight: 6},
	{arbitrary: text, weight: 3},
	{arbitrary: quoted(text), weight: 3},
	{arbitrary: fc.tuple(atom, quoted(text)).map(join), weight: 1},
	{arbitrary: fc.tuple(quoted(text), fc.constantFrom('.', ''), atom).map(join), weight: 1},
);
const at = fc.oneof({arbitrary: fc.constant('@'), weight: 8}, {arbitrary: fc.constantFrom(' @', '@ ', '\t@', '@@', '(c)@', '@(c)'), weight: 1});
const addrSpec = fc.tuple(local, at, domain).map(join);
const name = fc.oneof(
	{arbitrary: text, weight: 3},
	{arbitrary: quoted(text), weight: 3},
	{arbitrary: fc.array(atom, {minLength: 2, maxLength: 3}).map(words => words.join(' ')), weight: 2},
	{arbitrary: quoted(fc.tuple(text, fc.constantFrom(', ', '; ', ' <', '> ', ': '), addrSpec).map(join)), weight: 1},
	{arbitrary: addrSpec, weight: 1},
);
const mailbox = fc.oneof(
	{arbitrary: addrSpec, weight: 5},
	{arbitrary: fc.tuple(name, fc.constantFrom(' ', '', '  '), fc.constantFrom('<', '< '), addrSpec, fc.constantFrom('>', ' >')).map(join), weight: 5},
	{arbitrary: addrSpec.map(address => `<${address}>`), weight: 2},
	{arbitrary: fc.tuple(addrSpec, fc.constantFrom(' (', '('), text, fc.constant(')')).map(join), weight: 1},
	{arbitrary: fc.tuple(fc.constant('('), text, fc.constantFrom(') ', ')'), addrSpec).map(join), weight: 1},
	{arbitrary: fc.tuple(text, fc.constantFrom(': ', ':'), addrSpec, fc.constantFrom(';', '')).map(join), weight: 1},
);
const separator = fc.constantFrom(', ', ',', '; ', ';', ' ', '', ' , ');
const list = fc
	.tuple(mailbox, fc.array(fc.tuple(separator, fc.oneof({arbitrary: mailbox, weight: 4}, {arbitrary: noise, weight: 1})).map(join), {maxLength: 2}))
	.map(([first, rest]) => first + rest.join(''));
/** A list, now and then with a stray character put in somewhere (on a code point boundary). */
const field = fc.tuple(list, fc.array(fc.tuple(fc.nat(), noise), {maxLength: 2}), fc.constantFrom('', ' ', '\t')).map(([value, strays, pad]) => {
	const points = [...value];
	for (const [position, stray] of strays) points.splice(position % (points.length + 1), 0, stray);
	return pad + points.join('') + pad;
});

// CI runs a fixed seed, so a run is the same on every machine (a failure prints the seed and path that reproduce
// it). Deeper or other runs by hand: FUZZ_RUNS=100000 FUZZ_SEED=7 npx vitest run test/message/address-fuzz.test.ts
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);

describe('an address typed into a field is sent to no other mailbox', () => {
	it('To: each RCPT TO address is a mailbox typed in the field', async () => {
		await fc.assert(
			fc.asyncProperty(field, async to => {
				const envelope = await envelopeOf(base({to: [to]}));
				if (envelope) expect(untyped(envelope.to, to), JSON.stringify({to, sent: envelope.to})).toEqual([]);
			}),
			{numRuns: NUM_RUNS, seed: SEED},
		);
	});

	it('From: the MAIL FROM address is a mailbox typed in the field', async () => {
		await fc.assert(
			fc.asyncProperty(field, async from => {
				const envelope = await envelopeOf(base({from}));
				if (envelope) expect(untyped([envelope.from], from), JSON.stringify({from, sent: envelope.from})).toEqual([]);
			}),
			{numRuns: NUM_RUNS, seed: SEED},
		);
	});

	it('Cc and Bcc, two fields at once: each RCPT TO address is a mailbox typed in one of them', async () => {
		await fc.assert(
			fc.asyncProperty(field, field, async (cc, bcc) => {
				const envelope = await envelopeOf(base({to: [], cc: [cc], bcc: [bcc]}));
				if (envelope) expect(untyped(envelope.to, cc).filter(address => untyped([address], bcc).length > 0), JSON.stringify({cc, bcc, sent: envelope.to})).toEqual([]);
			}),
			{numRuns: NUM_RUNS, seed: SEED},
		);
	});

	it('keeps the legitimate forms, which the property takes as typed', async () => {
		for (const [to, expected] of [
			['Ann <a@b.test>', ['a@b.test']],
			['"Smith, J" <j@x.test>', ['j@x.test']],
			['"friend"@x.test', ['friend@x.test']],
			['Ann <"friend"@x.test>', ['"friend"@x.test']],
			['"john doe"@x.test', ['"john doe"@x.test']],
			['a@b.test; c@d.test', ['a@b.test', 'c@d.test']],
			['Ann < friend@x.test >, "Smith, Ann" <"friend"@x.test>', ['friend@x.test', '"friend"@x.test']],
			['Ann\u200f <a@x.test>; b@y.test', ['a@x.test', 'b@y.test']],
			['a@b.test (work)', ['a@b.test']],
			['taro@日本.jp, x@ＡＢＣ.jp, jörg@bücher.de', ['taro@xn--wgv71a.jp', 'x@abc.jp', 'jörg@bücher.de']],
			['علی\u200cرضا@example.test', ['علی\u200cرضا@example.test']],
			['a@[192.0.2.1]', ['a@[192.0.2.1]']],
		] as const) {
			const sent = (await composeMessage(base({to: [to]}))).envelope.to;
			expect(sent, to).toEqual(expected);
			expect(untyped(sent, to), to).toEqual([]);
		}
	});
});

// ---------------------------------------------------------------------------------------------------------------
// What the fuzzer found: each case must be refused, or go to the mailbox typed. (They fail until the code is fixed.)
// ---------------------------------------------------------------------------------------------------------------

/** Refused, or sent only to mailboxes typed in `value`: the property, for one To or one From value. */
async function expectTypedOrRefused(value: string, field: 'to' | 'from' = 'to'): Promise<void> {
	const envelope = await envelopeOf(field === 'to' ? base({to: [value]}) : base({from: value}));
	if (envelope) expect(untyped(field === 'to' ? envelope.to : [envelope.from], value), `${field} ${JSON.stringify(value)} went to`).toEqual([]);
}

describe('addresses the fuzzer sent to a mailbox nobody typed', () => {
	// MailComposer's envelope (mime-node _normalizeAddress) makes each run of < > and control characters (TAB) one
	// space: checkAddress lets them through in a quoted local part and a domain literal.
	it.each([
		['"a>b"@x.test'], // "a b"@x.test
		['"a<b"@x.test'], // "a b"@x.test
		['Ann <"a>b"@x.test>'], // "a b"@x.test
		['"a\tb"@x.test'], // "a b"@x.test
		['<"\t"@a.test>'], // " "@a.test
		['a@[1>2.0.2.1]'], // a@[1 2.0.2.1]
	])('a < > or TAB in the address is not sent as a space: %j', async value => {
		await expectTypedOrRefused(value);
		await expectTypedOrRefused(value, 'from');
	});

	// nodemailer's normalizeDomain runs url.domainToASCII, the WHATWG host parser, on every domain: one of numbers
	// is read as an IPv4 address. domainProblem only looks at non-ASCII and xn-- domains.
	it.each([
		['a@7'], // a@0.0.0.7
		['a@127.1'], // a@127.0.0.1
		['a@0x7f.1'], // a@127.0.0.1
		['a@７'], // a@0.0.0.7 (a fullwidth digit)
		['é@7'], // é@0.0.0.7
	])('a domain of numbers is not rewritten as an IPv4 address: %j', async value => {
		await expectTypedOrRefused(value);
		await expectTypedOrRefused(value, 'from');
	});

	// checkAddress takes an address outside <> as typed when it is a substring of the field (source.includes), and
	// skips its "space in it" check when the field holds a ", ( or < anywhere: the parser's partial reading is sent.
	it.each([
		['a@exa"mple.org'], // a@exa (the domain cut at a quote)
		['a.b@x"y.test'], // a.b@x
		['жb@x.test y (c)'], // b@x.test (a letter dropped: the parser's \b is ASCII-only)
		['"Ann" жa@b.test x'], // a@b.test
		['+z@b.test y (c)'], // z@b.test
		['(c) a@b.té x'], // a@b.t
		['(c) a@x- y'], // a@x
		['(c) a">b"@x.test'], // " b"@x.test
	])('a part of what was typed is not taken for the address: %j', async value => {
		await expectTypedOrRefused(value);
		await expectTypedOrRefused(value, 'from');
	});

	// Quotes that are no quoted local part, dropped or moved by the parser, the rest taken as the address.
	it.each([
		['a@b.test"'], // a@b.test (a stray quote, as “a@b.test” is refused for its typographic quotes)
		['"a@b.test'], // a@b.test
		['"a@b.test"'], // a@b.test (a quoted phrase, no address)
		['"""@b.test'], // ""@b.test
		['" ".a@b.test'], // ".a"@b.test
		['"x" @[a@b.test]'], // a@b.test (what a domain literal holds, read as the address)
	])('quotes around or beside an address do not make another one: %j', async value => {
		await expectTypedOrRefused(value);
		await expectTypedOrRefused(value, 'from');
	});

	// Between <>, an address is checked as typed only if it equals the <> text once the quotes are taken out of the
	// latter (not of the address): a quoted local part skips the check, and the parser's partial reading is sent.
	it.each([
		['<"a"@b.te st>'], // "a"@b.te
		['Ann <"a b"@x.te st>'], // "a b"@x.te
	])('a space between <> is refused with a quoted local part too: %j', async value => {
		await expectTypedOrRefused(value);
		await expectTypedOrRefused(value, 'from');
	});
});
