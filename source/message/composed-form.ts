// Addresses in Unicode's composed form (NFC). macOS pastes é as e and a combining accent (NFD): it looks the same,
// but a server compares an address byte for byte, and RFC 6532 §3.1 has UTF-8 in mail in NFC. An IDN domain is
// made NFC by IDNA anyway; the part before the @ only here.
import type {MailboxAddress} from 'nodemailer/lib/addressparser';

/** `text` as the same characters composed (NFC); ASCII, most of what is typed, as it is. */
export const composed = (text: string) => (/^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFC'));

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
