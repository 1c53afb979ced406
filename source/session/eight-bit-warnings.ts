// RFC 6152 and 6532: 8-bit data, and UTF-8 headers, only to a server that said it takes them. The user's message is
// sent anyway, but the log says what the server may refuse or change.
import type {Command, Extensions, MessageTraits} from '../smtp/types.js';

/** The warnings before MAIL (none before EHLO's answer). A MAIL with SMTPUTF8 needs no word on 8BITMIME: such a server takes 8-bit (RFC 6531). */
export function eightBitWarnings(message: MessageTraits, mail: Extract<Command, {verb: 'MAIL'}>, extensions: Extensions | undefined): string[] {
	if (!extensions) return [];
	const warnings: string[] = [];
	// 8BITMIME covers the body, SMTPUTF8 UTF-8 headers: Latin-1 in a header is valid under neither.
	if (message.nonUtf8Headers) {
		warnings.push('warning: the message has 8-bit bytes in its header section that are not UTF-8 (Latin-1, say): no SMTP extension makes them valid (8BITMIME covers the body, SMTPUTF8 only UTF-8); encode those headers (RFC 2047) to be safe');
	}
	if (mail.params?.SMTPUTF8) return warnings;
	const addresses = message.utf8Addresses ?? [];
	if (message.utf8Headers && !extensions.smtpUtf8 && addresses.length > 0) {
		const [has, its] = addresses.length === 1 ? ['has', 'its'] : ['have', 'their'];
		warnings.push(`warning: ${addresses.join(', ')} ${has} non-ASCII before ${its} @, which no encoding makes ASCII; this server does not offer SMTPUTF8 (RFC 6532): it may refuse or mangle the message; use an ASCII address there`);
	} else if (message.utf8Headers && !extensions.smtpUtf8) {
		warnings.push('warning: the message has UTF-8 in its header section, but the server does not advertise SMTPUTF8 (RFC 6532): it may refuse or mangle those headers; encode them (RFC 2047) to be safe (an address with non-ASCII before its @ has no such encoding: it needs a server with SMTPUTF8)');
	}
	// UTF-8 headers are 8-bit bytes too: the body is said apart only when it has some of its own.
	if (message.eightBit && !extensions.eightBitMime && (!message.utf8Headers || message.eightBitBody)) {
		warnings.push('warning: the message has 8-bit bytes, but the server does not advertise 8BITMIME (RFC 6152): it may refuse or change them; encode the body (quoted-printable or base64) to be safe');
	}
	return warnings;
}
