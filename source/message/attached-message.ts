// A message attached as a file (--attach mail.eml, a forward): message/rfc822, which RFC 2046 §5.2.1 allows only as
// 7bit, 8bit or binary, never base64 or quoted-printable; so encoded, mail programs show it as a file to save, not
// as the message it is. It goes as it is, its lines in CRLF, when SMTP can carry it so.
import {isAscii} from 'node:buffer';
import {SmtpInputError} from '../smtp/types.js';
import {MessageLines} from './line-endings.js';
import {scanSync} from './spool.js';

/** How the file goes: as it is (8bit when it has 8-bit bytes), of `octets` octets; or as a file, with a note saying why. */
type AttachedMessage = {encoding: '7bit' | '8bit'; octets: number} | {encoding: 'base64'; contentType: string; note: string};

/** message/rfc822, with or without parameters. */
export const isAttachedMessageType = (type: string) => /^message\/rfc822\s*(?:;|$)/i.test(type);

/**
 * Reads `file` (shown as `filename`) once. A line over 998 octets or a NUL byte cannot go unencoded (binary would
 * need BINARYMIME, RFC 3030): then it goes as application/octet-stream in base64, the bytes whole, and a note says so.
 */
export function attachedMessage(file: string, filename: string): AttachedMessage {
	const lines = new MessageLines(filename);
	let ascii = true;
	let nul = false;
	try {
		scanSync({file}, chunk => {
			nul = chunk.includes(0);
			if (nul) return false;
			ascii &&= isAscii(chunk);
			lines.push(chunk);
			return true;
		});
	} catch (error) {
		if (!(error instanceof SmtpInputError)) throw error;
		return asFile(filename, `its ${error.field.replace(/^message /, '')} is longer than 998 octets, the most SMTP carries unencoded`);
	}
	if (nul) return asFile(filename, 'it holds NUL bytes, which SMTP does not carry unencoded');
	return {encoding: ascii ? '7bit' : '8bit', octets: lines.octets};
}

function asFile(filename: string, why: string): AttachedMessage {
	return {
		encoding: 'base64',
		contentType: 'application/octet-stream',
		note: `note: ${filename} goes as a file (application/octet-stream, base64), not as a message (message/rfc822): ${why}, and a message part may not be encoded (RFC 2046 §5.2.1)`,
	};
}
