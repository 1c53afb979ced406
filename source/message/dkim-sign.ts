// DKIM signing (RFC 6376): relaxed/relaxed canonicalisation, rsa-sha256, or ed25519-sha256 (RFC 8463). Pure: the
// header section and the body hash in, the DKIM-Signature field out. The body is hashed as it streams
// (dkim-message.ts, dkim-body-hash.ts), never held whole.
import {createHash, sign, type KeyObject} from 'node:crypto';
import {canonicalHeader, canonicalHeaders, headerFields, type HeaderField} from './dkim-canonical.js';

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

/** A private key read from --dkim-key: what it signs with, and its size as people name it (2048-bit RSA). */
export type DkimKey = {key: KeyObject; algorithm: DkimAlgorithm; bits: number};

/**
 * The header fields signed when the message has them, in this order: RFC 6376 §5.4.1's list, plus the unsubscribe
 * fields (RFC 8058 asks List-Unsubscribe-Post to be signed). From is always there, and named once more than it
 * appears (§8.15, "oversigning"), so that a From added on the way breaks the signature rather than riding on it.
 */
const SIGNED_FIELDS = ['from', 'sender', 'reply-to', 'subject', 'date', 'message-id', 'to', 'cc', 'mime-version', 'content-type', 'content-transfer-encoding', 'in-reply-to', 'references', 'list-id', 'list-unsubscribe', 'list-unsubscribe-post'] as const;

/** The h= list: each signed field as often as the message has it, From once more. */
function signedNames(fields: readonly HeaderField[]): string[] {
	return SIGNED_FIELDS.flatMap(name => {
		const count = fields.filter(field => field.name === name).length + (name === 'from' ? 1 : 0);
		return Array<string>(count).fill(name);
	});
}

/** Tags joined into a field folded before a tag that would pass 76 columns, as RFC 5322 §2.1.1 would have lines. */
function folded(tags: readonly string[]): string {
	let text = 'DKIM-Signature:';
	let column = text.length;
	for (const tag of tags) {
		if (column + tag.length + 2 > 76) {
			text += '\r\n';
			column = 0;
		}
		text += ` ${tag}`;
		column += tag.length + 1;
	}
	return text;
}

type DkimSignature = {
	/** The whole DKIM-Signature field with its CRLF, to go first in the message. */
	field: string;
	/** The h= list, in order. */
	headers: string[];
};

/** The DKIM-Signature for a header section and a body hash (base64, of the relaxed body). */
export function dkimSignature(section: string, bodyHash: string, options: {key: DkimKey; domain: string; selector: string; time: Date}): DkimSignature {
	const fields = headerFields(section);
	const headers = signedNames(fields);
	const tags = ['v=1;', `a=${options.key.algorithm};`, 'c=relaxed/relaxed;', `d=${options.domain};`, `s=${options.selector};`, `t=${Math.floor(options.time.getTime() / 1000)};`, `h=${headers.join(':')};`, `bh=${bodyHash};`, 'b='];
	const unsigned = folded(tags);
	const data = Buffer.from(canonicalHeaders(fields, headers, 'relaxed') + canonicalHeader(unsigned, 'relaxed'), 'latin1');
	// RFC 8463: Ed25519 signs the SHA-256 hash of the data; RSA (PKCS#1 v1.5) hashes it itself.
	const value = options.key.algorithm === 'ed25519-sha256' ? sign(null, createHash('sha256').update(data).digest(), options.key.key) : sign('sha256', data, options.key.key);
	const signature = value.toString('base64').replace(/.{1,72}/g, piece => `\r\n ${piece}`);
	return {field: `${unsigned}${signature}\r\n`, headers};
}
