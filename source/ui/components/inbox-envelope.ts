// An opened message's envelope (MAIL FROM, RCPT TO) above its headers, marked where the two disagree: a spoofed
// sender or a Bcc recipient leaves no other trace in the message, and that difference is what a workshop shows.
import type {parseAddressHeader} from 'mailparser';
import {addressKey} from '../../smtp/address-key.js';
import {unicodeAddress} from '../../message/idna.js';
import {bccLeftWords} from '../../sandbox/header-scan.js';
import {GLYPH, MARK} from '../theme.js';
import {DELIVERY_PARAMETERS, parametersAsSent} from '../../smtp/dsn.js';
import type {CapturedSession, MessageRecord} from '../../sandbox/mailbox-types.js';
import {remoteAddress} from '../../transport/host-port.js';

/** The envelope as the server took it, and the addresses the headers name (undefined: the headers are unknown). */
export type InboxEnvelope = {
	/** MAIL FROM, '' for the null sender. */
	mailFrom: string;
	/** RCPT TO, in the order given. */
	rcptTo: string[];
	/** The delivery parameters (DSN, REQUIRETLS) as sent, each with its leading space: of MAIL, and of each RCPT in order. */
	params?: {mailFrom: string; rcptTo: string[]};
	/** `recipientFields`: the message has a To or Cc field at all (`To: Whoever <>` names no address but is one). */
	headers?: {from: string[]; recipients: string[]; recipientFields?: boolean};
	/** Sent in by another program, not this dashboard: its address and EHLO name. */
	client?: string;
	/** Sent through XCLIENT (the sandbox with --xclient flags): whom the session spoke as, "ADDR=203.0.113.5 NAME=…". */
	xclient?: string;
	/** smtp-tui inbox: which client's session it came in (see receivedWords), to tell a room's students apart. */
	received?: string;
	/** The message's Bcc header as written, left in (see ParsedMessageView): every recipient reads it. */
	bcc?: string;
};

/** "Received from 10.77.34.22 (EHLO laptop-7) over TLS (TLSv1.3), logged in as demo": what the session's record says. */
export function receivedWords(session: Pick<CapturedSession, 'remote' | 'helo' | 'tls' | 'auth'>): string {
	const helo = session.helo === '' ? '' : ` (EHLO ${session.helo})`;
	const tls = session.tls ? `over TLS (${session.tls.protocol})` : 'in clear (no TLS)';
	const login = session.auth ? `logged in as ${session.auth.user}` : 'no login';
	return `Received from ${remoteAddress(session.remote) || 'an unknown address'}${helo} ${tls}, ${login}`;
}

/** mailparser's parser, passed in: mailparser is loaded only once a message is opened, not at start. */
type AddressHeaderParser = typeof parseAddressHeader;

type HeaderLine = {key: string; line: string};

/** The addresses of the header fields named `keys` (every occurrence, groups flattened to their members). */
function addressesIn(headerLines: readonly HeaderLine[], keys: readonly string[], parse: AddressHeaderParser): string[] {
	const values = headerLines.filter(header => keys.includes(header.key)).map(header => header.line.slice(header.line.indexOf(':') + 1));
	if (values.length === 0) return [];
	// Punycode kept: the envelope carries the ASCII form, and sameAddress brings a Unicode one to it.
	return parse(values, {flatten: true, decodePunycode: false})
		.value.map(entry => entry.address ?? '')
		.filter(address => address !== '');
}

/** The envelope with the From header's addresses and those of To, Cc and Bcc (a kept Bcc header is a header too). */
export function inboxEnvelope(envelope: Pick<InboxEnvelope, 'mailFrom' | 'params' | 'client' | 'xclient' | 'received' | 'bcc'> & {rcptTo: readonly string[]}, headerLines: readonly HeaderLine[], parse: AddressHeaderParser): InboxEnvelope {
	return {
		mailFrom: envelope.mailFrom,
		rcptTo: [...envelope.rcptTo],
		...(envelope.received !== undefined && {received: envelope.received}),
		...(envelope.params !== undefined && {params: envelope.params}),
		...(envelope.client !== undefined && {client: envelope.client}),
		...(envelope.xclient !== undefined && {xclient: envelope.xclient}),
		...(envelope.bcc !== undefined && {bcc: envelope.bcc}),
		headers: {
			from: addressesIn(headerLines, ['from'], parse),
			recipients: addressesIn(headerLines, ['to', 'cc', 'bcc'], parse),
			recipientFields: headerLines.some(header => header.key === 'to' || header.key === 'cc'),
		},
	};
}

function sameAddress(a: string, b: string): boolean {
	return addressKey(a) === addressKey(b);
}

// In the commands' own syntax, one a recipient: students copy what they see, and RFC 5321 has no space after the colon.
const mailFrom = (address: string) => `MAIL FROM:<${address}>`;
const rcptTo = (address: string) => `RCPT TO:<${address}>`;

/** Under the line it explains, as the decoded-header lines are: beside it, it would not fit a panel 40 wide. */
const note = (text: string) => `    ${MARK.warning} ${text}`;

/** An internationalised domain's Unicode form under its punycode (the envelope carries the ASCII form). */
const unicodeLine = (address: string) => {
	const unicode = unicodeAddress(address);
	return unicode === undefined ? [] : [`    ${GLYPH.decoded} ${unicode}`];
};

/** The block's lines: a heading, MAIL FROM, one RCPT TO per recipient (none cut), notes, then the headers' heading. */
export function envelopeLines(envelope: InboxEnvelope): string[] {
	const {headers} = envelope;
	const lines = [
		...(envelope.received === undefined ? [] : [envelope.received]),
		...(envelope.client === undefined ? [] : [`From another program, not this dashboard: ${envelope.client}`]),
		...(envelope.xclient === undefined ? [] : [`Sent as another client (XCLIENT): ${envelope.xclient}`]),
		'Envelope (the SMTP commands):',
		mailFrom(envelope.mailFrom) + (envelope.params?.mailFrom ?? ''),
		...unicodeLine(envelope.mailFrom),
	];
	// The null sender (a bounce) names no one, so it cannot disagree with a From header.
	if (headers && envelope.mailFrom !== '' && headers.from.length > 0 && !headers.from.some(address => sameAddress(address, envelope.mailFrom))) {
		lines.push(note('differs from the From: header'));
	}
	// A message typed by hand often has no To at all: its recipients are no Bcc, and one line says why none is named.
	const noneNamed = headers !== undefined && headers.recipients.length === 0;
	for (const [index, recipient] of envelope.rcptTo.entries()) {
		lines.push(rcptTo(recipient) + (envelope.params?.rcptTo[index] ?? ''), ...unicodeLine(recipient));
		if (headers && !noneNamed && !headers.recipients.some(address => sameAddress(address, recipient))) lines.push(note('not in To or Cc (a Bcc recipient)'));
	}
	if (noneNamed && envelope.rcptTo.length > 0) lines.push(note(headers.recipientFields ? 'its To and Cc headers name no address' : 'the message has no To or Cc header'));
	if (envelope.bcc !== undefined) lines.push(note(bccLeftWords(envelope.bcc)));
	lines.push('Headers (part of the message):');
	return lines;
}

/** The DSN and REQUIRETLS parameters of a kept envelope, as sent; none at all when no command carried one. */
export function deliveryParameters(envelope: MessageRecord['envelope']): Pick<InboxEnvelope, 'params'> {
	const asSent = (params: Record<string, string | true>) => parametersAsSent(params, DELIVERY_PARAMETERS);
	const params = {mailFrom: asSent(envelope.mailFrom.params), rcptTo: envelope.rcptTo.map(recipient => asSent(recipient.params))};
	return params.mailFrom === '' && params.rcptTo.every(text => text === '') ? {} : {params};
}
