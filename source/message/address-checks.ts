// The addresses a user types (From, To, Cc, Bcc and the address headers), parsed by nodemailer's addressparser and
// refused, naming the field, wherever the mail would go somewhere other than what was typed.
import type {MailboxAddress} from 'nodemailer/lib/addressparser';
import {codePoint, SmtpInputError} from '../smtp/types.js';
import {quoteForPeople, unusableCharacter} from './address-characters.js';
import {bareText, strayWords} from './address-syntax.js';
import {domainProblem} from './idna.js';
import {composedAddresses} from './composed-form.js';
import {assertNoLineBreaks} from './header-checks.js';

type AddressParser = (typeof import('nodemailer/lib/addressparser'))['default'];

const QUOTED_LOCAL = /^"(?:[^"\\]|\\.)*"$/;
/** Curly and angle quotes: what a word processor or a chat program makes of typed quotes. */
const TYPOGRAPHIC_QUOTES = /[\u2018-\u201F\u00AB\u00BB\u2039\u203A]/;
const ATOMS = /^[^\s"(),:;<>@[\]\\]+$/;

/**
 * Parses address-list fields with nodemailer's addressparser and refuses any entry that is not a usable mailbox.
 * Its addresses are read composed (see composed-form.ts), its display names as typed.
 */
export function parseAddresses({addressparser}: {addressparser: AddressParser}, values: readonly string[], field: string, options: {groups?: boolean} = {}): MailboxAddress[] {
	const result: MailboxAddress[] = [];
	for (const typed of values) {
		const value = composedAddresses(typed);
		assertNoLineBreaks(value, field);
		// The parser would drop or change such a character (a\x01b@x.test to ab@x.test): the mail would go to an
		// address the user never typed. In a display name, only what hides or reorders the name is refused.
		const unusable = unusableCharacter(value);
		if (unusable) throw new SmtpInputError(`${field} ${quoteForPeople(value.trim())} ${unusable}`, field);
		// A link copied from a web page or Outlook's plain text (Ann <mailto:ann@x.com>): read as a group or a local part.
		const link = /(?:^|[\s<])(mailto:)\s*([^\s<>?,;]*)/i.exec(value);
		if (link) throw new SmtpInputError(`${field} ${quoteForPeople(value.trim())} has a ${link[1]} prefix, as a link writes it: give the address alone (${link[2] || 'ann@example.com'})`, field);
		// A whole entry in quotes (a CSV export's cell) is a display name without an address.
		if (/^\s*"[^"]*@[^"]*"\s*$/.test(value)) throw new SmtpInputError(`${field} ${quoteForPeople(value.trim())} is all in quotes, which makes it a name without an address: remove the outer quotes`, field);
		// An unclosed < at the end (Ann <ann@x.com) is read as closed: what it holds is all there is of the address.
		// A < in quotes or a comment ("a<b"@x.test) opens nothing: closed, the address shown and checked would end in
		// a > never typed.
		const closed = /^[^<>]*<[^<>]*$/.test(bareText(value)) ? `${value.trimEnd()}>` : value;
		for (const entry of addressparser(closed)) {
			// A group ("Team: a@b.test;") flattened keeps only its members: "a@b.test x: <c@d.test>" would go to
			// c@d.test alone, the address typed first dropped without a word.
			// In a header that replaces the composed one, a group is written as typed (its name kept), and an empty one
			// is the usual "Undisclosed recipients:;" of a Bcc-only message: only its members are checked.
			if (entry.group && options.groups) {
				for (const member of entry.group) if (!('group' in member)) checkAddress(member, value, field, values.length > 1);
				continue;
			}
			if (entry.group) {
				throw new SmtpInputError(
					`${field} ${quoteForPeople(value.trim())} reads as a group (a name, a colon, then addresses), whose name ${quoteForPeople(entry.name)} would be dropped; give the addresses alone, separated by commas (a display name with a colon goes in quotes: "Sales: EU" <eu@example.com>)`,
					field,
				);
			}
			checkAddress(entry, closed, field, values.length > 1);
			result.push(entry);
		}
	}
	return result;
}

/**
 * A name without an address: "bob" wants its domain. Where the input had a comma ("Lee, Ann <ann@x.com>", split
 * into values before it gets here: `split`), the name may have been parted from its address at it.
 */
function noDomain(name: string, source: string, split: boolean): string {
	const whole = `is not an address (no @domain): give the whole address, e.g. ${ATOMS.test(name) ? `${name}@example.com` : 'Ann <ann@example.com>'}`;
	return split || source.includes(',') ? `${whole}; a display name with a comma goes in quotes: "Lee, Ann" <ann@example.com>` : whole;
}

/** The @ look-alikes: the full-width one East Asian input methods type (U+FF20), and the small one (U+FE6B). */
const LOOKALIKE_AT: Readonly<Record<string, string>> = {'\uff20': 'FULLWIDTH COMMERCIAL AT', '\ufe6b': 'SMALL COMMERCIAL AT'};

/**
 * Why an address written with a look-alike @ and no real one is none, with the address to give (full-width letters,
 * digits and dots made ASCII too, as the same input method types them), or undefined.
 */
function lookalikeAt(text: string): string | undefined {
	const found = [...text].find(char => LOOKALIKE_AT[char]);
	if (found === undefined || text.includes('@')) return undefined;
	const ascii = text.replace(/[\uff01-\uff5e]/g, char => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).replace(/\ufe6b/g, '@');
	return `has ${found} (${codePoint(found)} ${LOOKALIKE_AT[found]}, as an input method types it) where an address needs the ASCII @: give ${ascii}`;
}

function checkAddress(entry: MailboxAddress, source: string, field: string, split: boolean): void {
	const shown = quoteForPeople(entry.address ? (entry.name ? `${entry.name} <${entry.address}>` : entry.address) : entry.name || source.trim());
	const refuse = (why: string) => {
		throw new SmtpInputError(`${field} ${shown} ${why}`, field);
	};
	// Read as a name without a domain, it would get "e.g. a＠example.test@example.com".
	const wideAt = lookalikeAt(entry.address || entry.name);
	if (wideAt) refuse(wideAt);
	if (!entry.address) refuse(entry.name ? noDomain(entry.name, source, split) : 'is empty');
	// Pasted from a word processor: “a@b.test” would go to the domain b.test” (SMTPUTF8 carries it, a server refuses it).
	const typographic = TYPOGRAPHIC_QUOTES.exec(entry.address);
	if (typographic) refuse(`has typographic quotes (${typographic[0]}), as a word processor writes them: remove them (an address needs none)`);
	// The parser joins `zz @d.test` (a space, tab or NBSP beside the @) into zz@d.test, and keeps only the last word
	// of `Ann <fri end@x.test>` (end@x.test): not what was typed. Between <> the address must be all there is. It also
	// unquotes a local part that needs no quotes ("friend"@x.test): the same mailbox (RFC 5322 §3.2.4), so let be.
	const unquoted = (text: string) => text.replace(/"/g, '');
	// A < after a quote left open is no address's: the parser's reading of such a line is a guess.
	const angles = [...source.matchAll(/<([^<>]*)>/g)].filter(match => !insideQuotes(source, match.index)).map(match => match[1]!.trim());
	const angled = angles.find(inner => inner === entry.address) ?? angles.find(inner => unquoted(inner).includes(unquoted(entry.address)));
	const written = angled ?? source;
	const asTyped = angled === undefined ? appearsWhole(source, entry.address) : angled === entry.address;
	if (!asTyped && !quotedAsWritten(written, entry.address)) {
		// `a"b"@x.test` and `" zz"@x.test` parse as b@x.test and zz@x.test: a mailbox nobody typed.
		if (/"[^"]*"[^\s<>"]*@/.test(written)) throw new SmtpInputError(`${field} ${quoteForPeople(source.trim())} would go to ${quoteForPeople(entry.address)}, not as written: quotes go around the whole part before the @, with no space at their ends, as in "john doe"@example.com`, field);
		const joined = angled === undefined ? entry.address : angled.replace(/\s+/g, '');
		if (!/\s/.test(written.trim())) throw new SmtpInputError(`${field} ${quoteForPeople(source.trim())} would go to ${quoteForPeople(entry.address)}, not as written: an address is one word, with nothing glued to it`, field);
		throw new SmtpInputError(`${field} ${quoteForPeople(source.trim())} has a space in an address; an address is one word (${quoteForPeople(joined)} without it?)`, field);
	}
	// The envelope writer turns each run of these into a space ("a>b"@x.test went as "a b"@x.test).
	const spaced = /[<>\x00-\x1f\x7f]/.exec(entry.address);
	if (spaced) refuse(`has ${spaced[0] === '<' || spaced[0] === '>' ? `a ${spaced[0]}` : 'a control character'} in the address, which would go as a space`);
	const at = entry.address.lastIndexOf('@');
	if (at < 0) refuse('has no @domain');
	const local = entry.address.slice(0, at);
	const domain = entry.address.slice(at + 1);
	if (local === '') refuse('has nothing before the @');
	if (local.includes('@') && !QUOTED_LOCAL.test(local)) refuse('has more than one @');
	if (!QUOTED_LOCAL.test(local) && !ATOMS.test(local)) refuse(`has a local part (${quoteForPeople(local)}) with characters that need quoting`);
	if (domain === '') refuse('has nothing after the @');
	if (domain.endsWith('.')) refuse(`ends with a dot (${JSON.stringify(domain)}): remove it`);
	if (domain.startsWith('.') || domain.includes('..')) refuse(`has an empty part in its domain (${JSON.stringify(domain)}): a dot at the start, or two in a row`);
	// An address literal (RFC 5321 §4.1.3): an IPv4 address, or IPv6: and one. Anything else in brackets is none.
	const literal = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[\da-f:.]+)\]$/i.test(domain);
	if (!literal && !domain.split('.').every(label => ATOMS.test(label))) refuse(`has an invalid domain (${JSON.stringify(domain)})`);
	const unusableDomain = literal ? undefined : domainProblem(domain);
	if (unusableDomain) refuse(`has ${unusableDomain}`);
	if (Buffer.byteLength(local) > 64) refuse('has a local part over 64 octets (RFC 5321 §4.5.3.1.1)');
	if (Buffer.byteLength(entry.address) > 254) refuse('is longer than 254 octets (RFC 5321 §4.5.3.1.3)');
	// `a@b c@d` parses as one mailbox named "c@d": almost surely two addresses missing a comma.
	// Outlook names a contact without a name by its address, in single quotes: 'ann@x.com' <ann@x.com> is one address.
	const selfNamed = entry.name.replace(/^'(.*)'$/, '$1') === entry.address;
	if (entry.name.includes('@') && !source.includes('"') && !selfNamed) {
		// Quoted as typed: the parser's reading ("c@d <a@b>") reverses what the user wrote.
		const count = source.split('@').length - 1;
		throw new SmtpInputError(`${field} ${quoteForPeople(source.trim())} looks like ${count > 2 ? 'several' : 'two'} addresses; separate addresses with commas`, field);
	}
	// `a b@example.test` parses as "a" <b@example.test>: a space typed into an address, not a display name.
	if (entry.name && !/[<"(]/.test(source)) {
		throw new SmtpInputError(`${field} ${quoteForPeople(source.trim())} has a space in it; a display name goes before the address in <>, e.g. Ann <ann@example.com>`, field);
	}
	// A comment may stand before or after an address alone, but a word beside it (a@x.test(Ann)x) makes no mailbox
	// (RFC 5322 §3.4): the parser would take the word for the name and drop the comment.
	const stray = angled === undefined && entry.name && source.includes('(') ? strayWords(source)[0] : undefined;
	if (stray !== undefined) {
		throw new SmtpInputError(`${field} ${quoteForPeople(source.trim())} has ${quoteForPeople(stray)} outside its comment, beside the address; a display name goes before the address in <>, e.g. Ann <ann@example.com>`, field);
	}
}

/**
 * Whether `at` is inside a quoted string: `"\ ""@x.test` holds ""@x.test, but nobody typed that address. A backslash
 * takes the next character as it is, itself included: the name `"\\"` is one backslash, its closing quote a quote.
 */
function insideQuotes(source: string, at: number): boolean {
	let quoted = false;
	for (let index = 0; index < at; index++) {
		if (source[index] === '\\') index++;
		else if (source[index] === '"') quoted = !quoted;
	}
	return quoted;
}

/**
 * Whether `address` (as parsed) appears in `source` as a word of its own: not the end of a longer word (жb@x.test,
 * +z@b.test), nor the start of one (a@exa"mple.org read as a@exa, a@e(x) as a@e), nor in quotes, brackets or a
 * comment ("a@b.test" is a name, [a@b.test] a domain literal's inside). An address between <> is checked apart.
 */
function appearsWhole(source: string, address: string): boolean {
	for (let at = source.indexOf(address); at !== -1; at = source.indexOf(address, at + 1)) {
		const before = source[at - 1];
		const after = source[at + address.length];
		// A comment may follow at once (a@b.test(Ann)) or come just before ((Ann)a@b.test), if it closes and holds no
		// address of its own; a word beyond it is a stray word, refused apart.
		const comment = after === '(' && /^\([^()<>@"]*\)/.test(source.slice(at + address.length));
		const commentBefore = before === ')' && /\([^()<>@"]*\)$/.test(source.slice(0, at));
		if (!insideQuotes(source, at) && (before === undefined || commentBefore || /[\s,;]/.test(before)) && (after === undefined || comment || /[\s,;]/.test(after))) return true;
	}
	return false;
}

/**
 * Whether `address` (as parsed: `friend@x.test`) was written with its whole local part quoted (`"friend"@x.test`,
 * `Ann <"friend"@x.test>`): the same mailbox (RFC 5322 §3.2.4). Only the whole local part, its text exactly.
 */
function quotedAsWritten(source: string, address: string): boolean {
	const at = address.lastIndexOf('@');
	const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
	for (const match of source.matchAll(/(?:^|[\s<,;:])"((?:[^"\\]|\\.)*)"@([^\s<>,;]+)/g)) {
		if (insideQuotes(source, match.index)) continue;
		if (match[1]!.replace(/\\(.)/g, '$1') === local && match[2] === domain) return true;
	}
	return false;
}

/**
 * A recipient whose domain has no dot (friend@example): RFC 5321 allows it, and a server that knows the name itself
 * (the sandbox, a LAN's) delivers to it, but no mail domain on the internet is so named. Said, not refused; not for
 * localhost, nor the sender (whose default is the user at this host's name).
 */
export function dotlessWarning(address: string): string | undefined {
	const domain = address.slice(address.lastIndexOf('@') + 1);
	if (!address.includes('@') || domain.includes('.') || domain.startsWith('[') || domain.toLowerCase() === 'localhost') return undefined;
	return `warning: ${address} has a domain without a dot (${domain}): it goes as typed, but only a server that knows that name itself can deliver it`;
}
