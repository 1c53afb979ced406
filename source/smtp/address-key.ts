// Two spellings of one mailbox: RFC 5321 leaves the local part's case to the receiving server, so it is compared
// exactly; the domain is not case-sensitive, and a Unicode one is its ASCII (punycode) form.
import {domainToASCII} from 'node:url';

/** The address as servers compare it: the local part exactly, the domain in any case (and as ASCII). */
export function addressKey(address: string): string {
	const at = address.lastIndexOf('@');
	if (at < 0) return address;
	const domain = address.slice(at + 1).toLowerCase();
	return `${address.slice(0, at)}@${domainToASCII(domain) || domain}`;
}
