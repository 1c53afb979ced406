// SPF macros (RFC 7208 §7): a domain-spec or explanation such as `%{ir}.%{v}._spf.%{d2}`, parsed into its pieces
// (so a record's mistakes are named before anything is looked up) and expanded for one sender and client address.
import {isIPv6} from 'node:net';
import {nibbles} from './address.js';

export type MacroPart = {literal: string} | {letter: string; upper: boolean; digits?: number; reverse: boolean; delimiters: string};

export type MacroContext = {
	/** The sender, `local@domain` (postmaster when the local part is empty). */
	sender: string;
	/** The domain whose record is being evaluated. */
	domain: string;
	/** The client's address (an IPv4-mapped IPv6 one already as IPv4). */
	ip: string;
	helo: string;
	/** The host doing the check, for %{r} (exp text only). */
	receiver?: string;
	/** Seconds since 1970, for %{t} (exp text only). */
	now?: number;
};

const LETTERS = 'slodiphcrtv';
/** Letters allowed only in exp= text (§7.2): the others alone may reach a DNS query. */
const EXP_ONLY = 'crt';
/** The toplabel a domain-spec ends with (§7.1): not all digits, so an address is no domain. */
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/** A macro-string in pieces, or what is wrong with it. `explanation`: exp text, where %{c}, %{r} and %{t} are allowed. */
export function parseMacroString(text: string, explanation = false): MacroPart[] | {error: string} {
	const parts: MacroPart[] = [];
	let literal = '';
	for (let at = 0; at < text.length; at++) {
		const character = text[at]!;
		if (character !== '%') {
			// Visible ASCII only (§7.1: macro-literal); a space is allowed in explanation text alone.
			if (!/[\x21-\x7e]/.test(character) && !(explanation && character === ' ')) return {error: `"${text}" has a character SPF does not allow (${JSON.stringify(character)})`};
			literal += character;
			continue;
		}
		const next = text[at + 1];
		const escapes: Record<string, string> = {'%': '%', _: ' ', '-': '%20'};
		if (next !== undefined && next in escapes) {
			literal += escapes[next];
			at++;
			continue;
		}
		if (next !== '{') return {error: `"${text}": "%${next ?? ''}" is not a macro (write %% for a percent sign, or %{d} and the like)`};
		const end = text.indexOf('}', at);
		const body = end < 0 ? undefined : /^([a-z])(\d*)(r?)([.\-+,/_=]*)$/i.exec(text.slice(at + 2, end));
		if (!body) return {error: `"${text}": "${text.slice(at, end < 0 ? undefined : end + 1)}" is not a macro (%{LETTER DIGITS r DELIMITERS}, e.g. %{d2} or %{ir})`};
		const [, letter, digits, reverse, delimiters] = body as unknown as [string, string, string, string, string];
		if (!LETTERS.includes(letter.toLowerCase())) return {error: `"${text}": %{${letter}} is no SPF macro letter (${LETTERS.split('').join(' ')})`};
		if (!explanation && EXP_ONLY.includes(letter.toLowerCase())) return {error: `"${text}": %{${letter}} is allowed only in exp= text (RFC 7208 §7.2)`};
		if (digits !== '' && Number(digits) === 0) return {error: `"${text}": %{${letter}${digits}} keeps no part (the number must be 1 or more)`};
		if (literal !== '') parts.push({literal});
		literal = '';
		parts.push({letter: letter.toLowerCase(), upper: letter !== letter.toLowerCase(), ...(digits !== '' && {digits: Number(digits)}), reverse: reverse !== '', delimiters: delimiters || '.'});
		at = end;
	}
	if (literal !== '') parts.push({literal});
	return parts;
}

/** A domain-spec (§7.1): a macro-string that ends with a macro or with ".toplabel" (a final dot allowed). */
export function parseDomainSpec(text: string): MacroPart[] | {error: string} {
	if (text === '') return {error: 'the domain is empty'};
	const parts = parseMacroString(text);
	if ('error' in parts) return parts;
	const last = parts.at(-1)!;
	if (!('literal' in last)) return parts;
	const tail = /\.([^.]*)\.?$/.exec(last.literal);
	if (!tail) return {error: `"${text}" is not a domain name (it needs a dot, as in ${text}.example.com)`};
	if (!TOPLABEL.test(tail[1]!)) {
		return {error: /^\d+$/.test(tail[1]!) ? `"${text}" ends in a number, so it is no domain name (an address goes in ip4: or ip6:)` : `"${text}" does not end in a domain label ("${tail[1]}")`};
	}
	return parts;
}

/** %{i}: an IPv4 address as it is, an IPv6 one as 32 nibbles separated by dots (§7.3). */
function dottedIp(ip: string): string {
	return isIPv6(ip) ? nibbles(ip).join('.') : ip;
}

function value(letter: string, context: MacroContext): string {
	const at = context.sender.lastIndexOf('@');
	switch (letter) {
		case 's':
			return context.sender;
		case 'l':
			return context.sender.slice(0, at);
		case 'o':
			return context.sender.slice(at + 1);
		case 'd':
			return context.domain;
		case 'i':
			return dottedIp(context.ip);
		case 'v':
			return isIPv6(context.ip) ? 'ip6' : 'in-addr';
		case 'h':
			return context.helo;
		case 'c':
			return context.ip;
		case 'r':
			return context.receiver ?? 'unknown';
		case 't':
			return String(context.now ?? Math.floor(Date.now() / 1000));
		default:
			// %{p}: the validated name costs lookups and is discouraged (§7.3); "unknown" is what the RFC allows.
			return 'unknown';
	}
}

/** URL escaping of an uppercase macro (§7.3): everything outside RFC 3986's unreserved characters. */
const urlEscaped = (text: string) => [...Buffer.from(text)].map(byte => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** The pieces with the context's values in place (§7.3): split on the delimiters, reversed, the right-most kept. */
export function expandMacros(parts: readonly MacroPart[], context: MacroContext): string {
	return parts
		.map(part => {
			if ('literal' in part) return part.literal;
			const pieces = value(part.letter, context).split(new RegExp(`[${part.delimiters.replace(/[-\\\]]/g, '\\$&')}]`));
			if (part.reverse) pieces.reverse();
			const kept = (part.digits === undefined ? pieces : pieces.slice(-part.digits)).join('.');
			return part.upper ? urlEscaped(kept) : kept;
		})
		.join('');
}

/** A name for a query: over 253 characters, labels are taken off its left until it fits (§4.8). */
export function queryName(name: string): string {
	let fitted = name.replace(/\.$/, '');
	while (fitted.length > 253 && fitted.includes('.')) fitted = fitted.slice(fitted.indexOf('.') + 1);
	return fitted;
}

/** A spec that depends on the sender or client: its target is known only when evaluated. */
export const hasMacros = (parts: readonly MacroPart[]) => parts.some(part => !('literal' in part));
