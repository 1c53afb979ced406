// A message signed with DKIM before it goes: one streamed pass hashes its body and keeps its header section (the
// signature must come first, so the body is read twice: once here, once to send; never held whole), then every
// send is the DKIM-Signature field followed by the message as it was.
import {domainToASCII} from 'node:url';
import {DataEncoder} from '../smtp/data-encoder.js';
import {SmtpInputError} from '../smtp/types.js';
import type {ComposedMessage} from './compose.js';
import {headerFields} from './dkim-canonical.js';
import {RelaxedBodyHash} from './dkim-body-hash.js';
import {dkimSignature, type DkimKey} from './dkim-sign.js';
import {markWireReady, wireReadyOf} from './wire-ready.js';

/** A header section past this is no mail's: the pass stops rather than hold it. */
const HEADER_LIMIT = 4 * 1024 * 1024;
const END_OF_HEADER = Buffer.from('\r\n\r\n');

type DkimSigning = {key: DkimKey; selector: string; domain?: string};

/** What was signed, for the transcript and --json: public facts only (the key stays in memory, unnamed). */
export type DkimSigned = {domain: string; selector: string; algorithm: DkimKey['algorithm']; keyBits: number; headers: string[]};

/** The header section (latin1, CRLF, without its empty line) and the body's relaxed hash, in one pass. */
async function readMessage(source: AsyncIterable<Uint8Array>): Promise<{section: string; bodyHash: string}> {
	// Line ends made CRLF as the DATA encoder makes them on the wire (BDAT's mode: no dots stuffed), so the hash is
	// of the bytes the server stores.
	const encoder = new DataEncoder({dotStuffing: false});
	const body = new RelaxedBodyHash();
	let head: Buffer | undefined = Buffer.alloc(0);
	const take = (bytes: Buffer) => {
		if (head === undefined) return body.update(bytes);
		// The section's end may straddle two chunks: looked for from just before the new bytes.
		const from = Math.max(0, head.length - 3);
		head = Buffer.concat([head, bytes]);
		const end = head.indexOf(END_OF_HEADER, from);
		if (end === -1) {
			if (head.length > HEADER_LIMIT) throw new SmtpInputError('the message has no end to its header section (an empty line) in its first 4 MiB, so it cannot be signed', 'message');
			return;
		}
		section = head.subarray(0, end).toString('latin1');
		body.update(head.subarray(end + END_OF_HEADER.length));
		head = undefined;
	};
	let section = '';
	for await (const chunk of source) take(encoder.push(chunk));
	take(encoder.end());
	// No empty line: all of it is header (RFC 5322 §2.1), and the body is empty.
	if (head !== undefined) section = head.toString('latin1').replace(/\r\n$/, '');
	return {section, bodyHash: body.digest()};
}

/**
 * The From header's text: there must be one (RFC 5322 §3.6), as DKIM always signs it (RFC 6376 §5.4) and DMARC judges
 * the signature by its domain.
 */
function fromField(section: string): string {
	const froms = headerFields(section).filter(field => field.name === 'from');
	if (froms.length === 1) return froms[0]!.text;
	throw new SmtpInputError(`the message has ${froms.length === 0 ? 'no From header' : `${froms.length} From headers`}, and a DKIM signature is for the one From header (RFC 6376 §5.4): give the message one`, 'message');
}

/** The From header field's one domain, in ASCII (a DNS name), or undefined when it names none or several; and its text. */
async function domainOfFrom(field: string): Promise<{domain?: string; value: string}> {
	const {default: addressparser} = await import('nodemailer/lib/addressparser');
	const value = Buffer.from(field.slice(field.indexOf(':') + 1), 'latin1').toString('utf8');
	const domains = [...new Set(addressparser(value, {flatten: true}).map(entry => entry.address.slice(entry.address.lastIndexOf('@') + 1).toLowerCase()))];
	const ascii = domains.length === 1 && domains[0]!.includes('.') ? domainToASCII(domains[0]!) : '';
	return {value, ...(ascii !== '' && {domain: ascii})};
}

/** The From header's domain (d= is a DNS name): what --dkim-domain defaults to. */
async function fromDomain(field: string): Promise<string> {
	const {domain, value} = await domainOfFrom(field);
	if (domain === undefined) throw new SmtpInputError(`the From header (${value.trim()}) names no one domain to sign for: give it with --dkim-domain`, 'message');
	return domain;
}

/**
 * The domain of the message's one From header, reading its header section alone (DMARC judges mail by it); undefined
 * when it has none, several, or one naming no one domain.
 */
export async function messageFromDomain(message: ComposedMessage): Promise<string | undefined> {
	// Line ends made CRLF as on the wire: a --data file may have bare LFs.
	const encoder = new DataEncoder({dotStuffing: false});
	let head = Buffer.alloc(0);
	for await (const chunk of message.stream()) {
		head = Buffer.concat([head, encoder.push(chunk)]);
		if (head.includes(END_OF_HEADER) || head.length > HEADER_LIMIT) break;
	}
	const end = head.indexOf(END_OF_HEADER);
	const froms = headerFields(head.subarray(0, end === -1 ? head.length : end).toString('latin1')).filter(field => field.name === 'from');
	return froms.length === 1 ? (await domainOfFrom(froms[0]!.text)).domain : undefined;
}

/** The message with a DKIM-Signature first; `signed`, what the transcript says of it. */
export async function signMessage(message: ComposedMessage, signing: DkimSigning, time = new Date()): Promise<{message: ComposedMessage; signed: DkimSigned}> {
	const {section, bodyHash} = await readMessage(message.stream());
	const from = fromField(section);
	const domain = signing.domain ?? (await fromDomain(from));
	const signature = dkimSignature(section, bodyHash, {key: signing.key, domain, selector: signing.selector, time});
	const field = Buffer.from(signature.field, 'latin1');
	const lines = signature.field.split('\r\n').length - 1;
	return {
		message: {
			...message,
			stream() {
				const inner = message.stream();
				const stream = (async function* () {
					yield field;
					yield* inner;
				})();
				// A source checked wire-ready stays so with the field before it: the field is CRLF lines, none over 998.
				const ready = wireReadyOf(inner);
				return ready ? markWireReady(stream, {lines: ready.lines + lines, octets: ready.octets + field.length}) : stream;
			},
			...(message.estimatedSize !== undefined && {estimatedSize: message.estimatedSize + field.length}),
		},
		signed: {domain, selector: signing.selector, algorithm: signing.key.algorithm, keyBits: signing.key.bits, headers: signature.headers},
	};
}
