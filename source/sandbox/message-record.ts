// A saved message's `.json` as read back at start (serve --save-dir, inbox --save-dir): written by this version,
// an older or a newer one, or by hand. Every field the inbox and the events use is checked before the record is
// listed, so that a record of another shape is skipped, with the field that was wrong, instead of failing the
// inbox when it is drawn. Optional fields of later versions (author, html, dkim, spf, dmarc, authentication, messageId, text, links) are kept only
// when well formed.
import type {CapturedSession, DkimMark, DkimResult, DmarcCheck, EnvelopeAddress, MessageRecord} from './mailbox-types.js';
import type {ClientSpf} from '../spf/client.js';
import {knownAuthor} from './message-author.js';
import {isJsonObject} from '../text/json-object.js';

type Check = (value: unknown) => boolean;

const isText: Check = value => typeof value === 'string';
const fieldsAre = (checks: Record<string, Check>): Check => value => isJsonObject(value) && Object.entries(checks).every(([key, check]) => check(value[key]));
const listOf = (check: Check): Check => value => Array.isArray(value) && value.every(check);
const isParams: Check = value => isJsonObject(value) && Object.values(value).every(param => param === true || typeof param === 'string');
const isAddress = fieldsAre({address: isText, params: isParams});
const falseOr = (check: Check): Check => value => value === false || check(value);
const optional = (check: Check): Check => value => value === undefined || check(value);

/** Each field a record needs, by its path in the file (the name said when it is wrong). */
const RECORD: Record<string, Check> = {
	from: isText,
	to: listOf(isText),
	subject: isText,
	receivedAt: value => typeof value === 'number' && Number.isFinite(value),
	'envelope.mailFrom': isAddress,
	'envelope.rcptTo': listOf(isAddress),
	'session.id': value => typeof value === 'number',
	'session.remote': isText,
	'session.helo': isText,
	'session.listener': isText,
	'session.tls': falseOr(fieldsAre({protocol: isText, cipher: isText})),
	'session.auth': falseOr(fieldsAre({user: isText, method: isText})),
	'session.xclient': optional(value => isJsonObject(value) && Object.values(value).every(isText)),
	'session.generated': optional(value => value === true),
};

const isSignature: Check = value =>
	fieldsAre({domain: isText, selector: isText, algorithm: isText, keyBits: optional(bits => typeof bits === 'number'), reason: optional(isText), testing: optional(flag => flag === true)})(value) &&
	['pass', 'fail', 'temperror'].includes((value as DkimResult).status);

/** A DKIM check as saved: its mark and a result per signature, or the mark `checking` alone (written before the check). */
function knownDkim(dkim: unknown, signatures: unknown): Pick<MessageRecord, 'dkim' | 'signatures'> {
	if (dkim === 'checking') return {dkim};
	if (!['pass', 'fail', 'temperror'].includes(dkim as string) || !Array.isArray(signatures) || signatures.length === 0 || !signatures.every(isSignature)) return {};
	return {dkim: dkim as DkimMark, signatures: signatures as DkimResult[]};
}

const oneOf =
	(...values: string[]): Check =>
	value =>
		values.includes(value as string);
const isSpf = fieldsAre({result: oneOf('pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'), domain: isText, ip: isText, matched: optional(isText), reason: isText});
const isPolicy = optional(oneOf('none', 'quarantine', 'reject'));
const isDmarc = fieldsAre({
	result: oneOf('pass', 'fail', 'none', 'temperror'),
	domain: isText,
	policy: isPolicy,
	tag: optional(oneOf('p', 'sp', 'np')),
	disposition: isPolicy,
	alignedBy: optional(fieldsAre({method: oneOf('dkim', 'spf'), domain: isText})),
	why: isText,
});

function at(record: Record<string, unknown>, field: string): unknown {
	return field.split('.').reduce<unknown>((value, key) => (isJsonObject(value) ? value[key] : undefined), record);
}

/**
 * The record of message `id` from its parsed `.json`, or why it is none, naming the field ("session.remote is
 * missing", "envelope.rcptTo is not what this smtp-tui writes").
 */
export function readMessageRecord(value: unknown, id: number): MessageRecord | {why: string} {
	if (!isJsonObject(value)) return {why: 'it is not a message record (not a JSON object)'};
	if (value.id !== id) return {why: `its id is ${JSON.stringify(value.id) ?? 'missing'}, not ${id} as its name says`};
	for (const [field, check] of Object.entries(RECORD)) {
		const found = at(value, field);
		if (!check(found)) return {why: `${field} is ${found === undefined ? 'missing' : 'not what smtp-tui writes there'}`};
	}
	const record = value as unknown as MessageRecord;
	const session = record.session as CapturedSession & Record<string, unknown>;
	const author = knownAuthor(value.author);
	return {
		id,
		from: record.from,
		...(author && {author}),
		to: [...record.to],
		...(value.html === true && {html: true as const}),
		...(value.attachment === true && {attachment: true as const}),
		subject: record.subject,
		...knownDkim(value.dkim, value.signatures),
		...(isSpf(value.spf) && {spf: value.spf as ClientSpf}),
		...(isDmarc(value.dmarc) && {dmarc: value.dmarc as DmarcCheck}),
		...(value.authentication === 'checking' && {authentication: 'checking' as const}),
		...(isText(value.messageId) && {messageId: value.messageId as string}),
		size: 0,
		receivedAt: record.receivedAt,
		envelope: {mailFrom: record.envelope.mailFrom as EnvelopeAddress, rcptTo: [...record.envelope.rcptTo]},
		session: {
			id: session.id,
			remote: session.remote,
			helo: session.helo,
			listener: session.listener,
			tls: session.tls,
			auth: session.auth,
			...(session.xclient !== undefined && {xclient: session.xclient}),
			...(session.generated === true && {generated: true as const}),
		},
		...(isText(value.text) && {text: value.text as string}),
		...(listOf(isText)(value.links) && {links: [...(value.links as string[])]}),
	};
}

/** Its DKIM, or its SPF and DMARC, still being looked up in DNS (inbox --wait, the HTTP API's wait and Auth.Checking). */
export function stillChecking(record: MessageRecord): boolean {
	return record.dkim === 'checking' || record.authentication === 'checking';
}
