// Internationalised domains in addresses (IDNA): DNS names are ASCII, so 日本.jp goes as xn--wgv71a.jp, as
// nodemailer writes it when the part before the @ is ASCII. Said once, to teach it; a domain that has no such form,
// or a label DNS does not allow, is refused here rather than found out by a bounce.
import {domainToASCII, domainToUnicode} from 'node:url';

const hasNonAscii = (text: string) => /[^\x00-\x7f]/.test(text);

/**
 * Whether an ASCII form keeps an xn-- label that is no valid punycode: Node 20's domainToASCII gives '' for it, Node 24
 * and 26's (ada 4) keep it as it is, and only domainToUnicode, which then leaves it undecoded, tells.
 */
const undecodable = (ascii: string) => domainToUnicode(ascii).split('.').some(label => /^xn--/i.test(label));

/** Why a domain (not a [literal]) cannot be used, for the end of "To address "…" has …", or undefined. */
export function domainProblem(domain: string): string | undefined {
	const idna = hasNonAscii(domain) || /(^|\.)xn--/i.test(domain);
	const converted = domainToASCII(domain);
	const ascii = !idna ? domain : undecodable(converted) ? '' : converted;
	// A name of numbers (7, 127.1, 0x7f.1) is read as an IPv4 address on the way out (a@7 went to a@0.0.0.7).
	if (/^[\d.]+$/.test(converted) && converted !== domain.toLowerCase()) return `a domain (${domain}) that would be read as the IP address ${converted}: give a host name, or an address in brackets (a@[${converted}])`;
	if (ascii === '') return `an internationalised domain (${domain}) that has no ASCII form (IDNA): an xn-- label that is no valid punycode, or a character DNS names cannot hold`;
	// RFC 5321 §4.1.2 (sub-domain, after RFC 1035): a label starts and ends with a letter or a digit.
	// Looked for in the labels as typed (decoded): punycode hides a hyphen that starts one (-bücher is xn---bcher-4ya).
	const label = (idna ? domainToUnicode(ascii) : ascii).split('.').find(part => part.startsWith('-') || part.endsWith('-'));
	return label === undefined ? undefined : `a domain label (${label}) that ${label.startsWith('-') ? 'starts' : 'ends'} with a hyphen, which DNS names do not allow`;
}

/**
 * The note for an address whose domain goes in its ASCII form, or undefined: only one whose part before the @ is
 * ASCII (otherwise the address needs SMTPUTF8, and the domain stays as typed).
 */
export function idnaNote(address: string): string | undefined {
	const at = address.lastIndexOf('@');
	const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
	if (at < 0 || hasNonAscii(local) || !hasNonAscii(domain)) return undefined;
	const ascii = domainToASCII(domain);
	return ascii === '' ? undefined : `note: ${address} goes as ${local}@${ascii} (IDNA: DNS names are ASCII)`;
}

/** The address with an xn-- domain in its Unicode form (user@例え.テスト), for display beside it; else undefined. */
export function unicodeAddress(address: string): string | undefined {
	const at = address.lastIndexOf('@');
	const domain = address.slice(at + 1);
	if (at < 0 || !/(^|\.)xn--/i.test(domain)) return undefined;
	const unicode = domainToUnicode(domain);
	return unicode === '' || unicode === domain.toLowerCase() ? undefined : `${address.slice(0, at)}@${unicode}`;
}

/** The address with a Unicode domain in its ASCII form (user@xn--r8jz45g.xn--zckzah), as DNS names it; else undefined. */
export function asciiAddress(address: string): string | undefined {
	const at = address.lastIndexOf('@');
	const domain = address.slice(at + 1);
	if (at < 0 || !hasNonAscii(domain)) return undefined;
	const ascii = domainToASCII(domain);
	return ascii === '' ? undefined : `${address.slice(0, at)}@${ascii}`;
}

/** Every address in a header value with its xn-- domain in Unicode form (see unicodeAddress). */
export function unicodeDomains(value: string): string {
	return value.replace(/(?<=@)[\w.-]*xn--[\w.-]*/gi, domain => domainToUnicode(domain) || domain);
}
