// The composer's values as the things the rest of the program takes: a message for the driver, the exact DATA
// bytes for the preview, and a draft for the disk.
import {composeMessage, type ComposedMessage} from '../message/compose.js';
import type {Draft} from '../message/drafts.js';
import type {OutgoingMessage} from '../session/driver.js';
import {DataEncoder} from '../smtp/data-encoder.js';
import {FIELD_NAME, type ComposerDraft, type ComposerValues} from './components/composer-form.js';

/** The addresses of a To/Cc/Bcc field as typed: comma-separated, blanks dropped. */
export const addresses = (text: string) =>
	text
		.split(',')
		.map(part => part.trim())
		.filter(Boolean);

/** Builds the RFC 5322 message (MailComposer); throws SmtpInputError naming the field that is wrong. */
export async function composeFromValues(values: ComposerValues): Promise<ComposedMessage> {
	return composeMessage({
		from: values.from.trim(),
		to: addresses(values.to),
		cc: addresses(values.cc),
		bcc: addresses(values.bcc),
		subject: values.subject,
		body: {kind: 'text', text: values.body},
		headers: values.headers,
		attachments: [],
	});
}

export function outgoingMessage(composed: ComposedMessage): OutgoingMessage {
	return {
		from: composed.envelope.from,
		recipients: composed.envelope.to,
		...(composed.estimatedSize !== undefined && {size: composed.estimatedSize}),
		eightBit: composed.eightBit,
		body: () => composed.stream(),
		allowPartial: true,
	};
}

/** What DATA will put on the wire after the 354: CRLF line ends, dot-stuffed, ending with ".". */
export async function dataBytes(composed: ComposedMessage): Promise<string> {
	const encoder = new DataEncoder();
	const parts: Buffer[] = [];
	// Copied: a stream may reuse its buffer for the next chunk.
	for await (const chunk of composed.stream()) parts.push(Buffer.from(encoder.push(chunk)));
	parts.push(encoder.end());
	return Buffer.concat(parts).toString('utf8');
}

/** The composer as a draft. A header line that does not parse is kept whole in `name`, so nothing is lost. */
export function draftFromComposer(draft: ComposerDraft): Draft {
	return {
		from: draft.from,
		to: draft.to,
		cc: draft.cc ?? '',
		bcc: draft.bcc ?? '',
		subject: draft.subject,
		headers: (draft.headers ?? []).map(line => {
			const colon = line.indexOf(':');
			const name = line.slice(0, colon).trim();
			return colon > 0 && FIELD_NAME.test(name) ? {name, value: line.slice(colon + 1).trim()} : {name: line, value: ''};
		}),
		body: draft.body,
		attachments: [],
	};
}

export function composerFromDraft(draft: Draft): ComposerDraft {
	return {
		from: draft.from,
		to: draft.to,
		cc: draft.cc,
		bcc: draft.bcc,
		subject: draft.subject,
		headers: draft.headers.map(({name, value}) => (FIELD_NAME.test(name) ? `${name}: ${value}`.trimEnd() : name)),
		body: draft.body,
	};
}
