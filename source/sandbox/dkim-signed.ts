// Whether a message is DKIM-signed, read from its header part at arrival (this runs for every message): only a
// signed one loads the verifier and asks DNS for keys.
const SIGNATURE_FIELD = /^dkim-signature[ \t]*:/im;

/** `header`: the message's first bytes (as far as the header scans read); its body, after the first empty line, is not read. */
export function isDkimSigned(header: Buffer): boolean {
	const text = header.toString('latin1');
	const end = text.indexOf('\r\n\r\n');
	return SIGNATURE_FIELD.test(end === -1 ? text : text.slice(0, end));
}
