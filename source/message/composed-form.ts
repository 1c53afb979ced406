// Addresses typed decomposed (as macOS pastes text) composed: see smtp/composed-text.ts.
import type {MailboxAddress} from 'nodemailer/lib/addressparser';
import {composed} from '../smtp/composed-text.js';

/** A quoted string, with a domain after it when it is an address's local part; or an address. */
const ADDRESS_OR_QUOTED = /"(?:[^"\\]|\\.)*"(@[^\s<>,;()"]+)?|[^\s<>,;()"]+@[^\s<>,;()"]+/gu;

/** The addresses in an address field composed (see composed); its display names, quoted or not, as typed. */
export const composedAddresses = (value: string) =>
	/^[\x00-\x7f]*$/.test(value) ? value : value.replace(ADDRESS_OR_QUOTED, (found, domain?: string) => (found.startsWith('"') && domain === undefined ? found : composed(found)));

/**
 * The note for each address whose part before the @ goes otherwise than typed in `values` (the fields as typed); a
 * domain's change has its own note, as IDNA's.
 */
export function composedNotes(values: readonly string[], parsed: readonly MailboxAddress[]): string[] {
	if (values.every(value => composed(value) === value)) return [];
	return parsed
		.filter(({address}) => !values.some(value => value.replaceAll('"', '').includes(address.slice(0, address.lastIndexOf('@') + 1).replaceAll('"', ''))))
		.map(({address}) => `note: ${address} was typed decomposed (NFD: é as e and an accent, as macOS pastes text) and goes composed (NFC, RFC 6532 §3.1): a server compares an address byte for byte`);
}
