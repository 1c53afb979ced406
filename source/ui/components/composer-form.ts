// The composer as a form: From, To, Cc, Bcc, Subject, attachments, extra "Name: value" headers, what the body is
// (text, or HTML), then the body.
import {choiceField, formReducer, formValue, lineField, textField, type FieldError, type FormState} from './form-state.js';
import {textIs, textLength, textValue} from './text-editor-state.js';

export type ComposerDraft = {
	from: string;
	to: string;
	cc?: string;
	bcc?: string;
	subject: string;
	/** Files to attach, comma-separated (a path with a comma in quotes). */
	attach?: string;
	/** Extra header lines, "Name: value". */
	headers?: string[];
	body: string;
	/** The body is HTML: the message goes multipart/alternative, its text part made from the HTML. */
	html?: boolean;
};

export type ComposerValues = {
	from: string;
	to: string;
	cc: string;
	bcc: string;
	subject: string;
	attach: string;
	headers: Array<{name: string; value: string}>;
	body: string;
	/** The body is HTML (see ComposerDraft). */
	html?: boolean;
};

const FIXED = [
	['from', 'From'],
	['to', 'To'],
	['cc', 'Cc'],
	['bcc', 'Bcc'],
	['subject', 'Subject'],
	['attach', 'Attach'],
] as const;

/** Comma-separated lists: a pasted column (one address or file per line) becomes one. */
const LISTS: ReadonlySet<string> = new Set(['to', 'cc', 'bcc', 'attach']);

export const BODY_FIELD = 'body';
/** The choice of what the body is: text (the default, the first choice) or HTML. */
export const BODY_AS_FIELD = 'bodyAs';
const BODY_AS_CHOICES = ['text', 'html'] as const;
/** How the choices show. */
export const BODY_AS_LABELS: Readonly<Record<string, string>> = {html: 'HTML'};
const HEADER_PREFIX = 'header-';
/** Whether a composer field is an extra "Name: value" header (Ctrl+N's). */
export const isHeaderFieldId = (id: string) => id.startsWith(HEADER_PREFIX);

function headerField(number: number, value = '') {
	return {...lineField(`${HEADER_PREFIX}${number}`, 'Header', value), removable: true};
}

/** Ids stay unique after removals: one more than the highest in use. */
function nextHeaderNumber(form: FormState): number {
	let highest = 0;
	for (const field of form.fields) {
		if (field.id.startsWith(HEADER_PREFIX)) highest = Math.max(highest, Number(field.id.slice(HEADER_PREFIX.length)));
	}
	return highest + 1;
}

export function createComposer(draft: ComposerDraft): FormState {
	return {
		fields: [
			...FIXED.map(([id, label]) => ({...lineField(id, label, draft[id] ?? ''), ...(LISTS.has(id) && {list: true as const})})),
			...(draft.headers ?? []).map((line, index) => headerField(index + 1, line)),
			choiceField(BODY_AS_FIELD, 'Body as', BODY_AS_CHOICES, draft.html ? 'html' : 'text'),
			textField(BODY_FIELD, 'Body', draft.body),
		],
		active: 0,
	};
}

/** Adds an empty "Name: value" header below the focused header (or after the last one) and focuses it. */
export function addHeader(form: FormState): FormState {
	const activeId = form.fields[form.active]!.id;
	const index = isHeaderFieldId(activeId)
		? form.active + 1
		: form.fields.findIndex(field => field.id === BODY_AS_FIELD);
	return formReducer(form, {type: 'add', field: headerField(nextHeaderNumber(form)), index});
}

// RFC 5322 field names: printable US-ASCII except the colon.
export const FIELD_NAME = /^[\u0021-\u0039\u003B-\u007E]+$/;

/** Splits an extra header line; a clear error names the field when it is not "Name: value". */
export function parseHeaderLine(line: string): {name: string; value: string} | {error: string} {
	const colon = line.indexOf(':');
	if (colon === -1) return {error: `Header "${line}": write it as "Name: value"`};
	const name = line.slice(0, colon).trim();
	if (!FIELD_NAME.test(name)) {
		return {error: `Header "${line}": the name may only hold printable ASCII without spaces or colons`};
	}
	return {name, value: line.slice(colon + 1).trim()};
}

/** The composer's values, or the first field error (empty extra headers are ignored). */
export function composerValues(form: FormState): {values: ComposerValues} | {error: FieldError} {
	const headers: ComposerValues['headers'] = [];
	for (const field of form.fields) {
		if (!isHeaderFieldId(field.id)) continue;
		const line = textValue(field.text);
		if (line.trim() === '') continue;
		const parsed = parseHeaderLine(line);
		if ('error' in parsed) return {error: {field: field.id, message: parsed.error}};
		// An extra Subject would silently replace the Subject field: one of them has to go.
		if (parsed.name.toLowerCase() === 'subject' && formValue(form, 'subject').trim() !== '') {
			return {error: {field: field.id, message: 'Subject is given twice: here and in the Subject field; clear one of them'}};
		}
		headers.push(parsed);
	}
	return {values: {...composerDraft(form), headers}};
}

/**
 * The composer field a message builder's error names ("To address", "header X-Test", "attachment"), so the error
 * shows in full under the form with that field marked; undefined when none matches (the message still shows).
 */
export function composerFieldFor(form: FormState, name: string): string | undefined {
	const fixed: Record<string, string> = {
		'From address': 'from',
		'To address': 'to',
		'Cc address': 'cc',
		'Bcc address': 'bcc',
		'header Subject': 'subject',
		attachment: 'attach',
		'attachment file name': 'attach',
		HTML: BODY_FIELD,
	};
	if (fixed[name]) return fixed[name];
	const header = /^header (.+)$/.exec(name)?.[1]?.toLowerCase();
	return header === undefined ? undefined : form.fields.find(field => isHeaderFieldId(field.id) && textValue(field.text).split(':', 1)[0]!.trim().toLowerCase() === header)?.id;
}

/** The characters the composer holds (about its draft's size), counted without joining the body's lines. */
export function composerCharacters(form: FormState): number {
	return form.fields.reduce((sum, field) => sum + (field.kind === 'choice' ? 0 : textLength(field.text)), 0);
}

/** Whether the composer's body is `body`, read in place: a 4 MB body is not joined at each key to tell. */
export function bodyIs(form: FormState, body: string): boolean {
	const field = form.fields.find(candidate => candidate.id === BODY_FIELD);
	return field ? textIs(field.text, body) : body === '';
}

/** The composer's fields as typed, header lines unparsed (for the draft on disk); each field, also when empty. */
export function composerDraft(form: FormState): Required<ComposerDraft> {
	const value = (id: string) => formValue(form, id);
	return {
		from: value('from'),
		to: value('to'),
		cc: value('cc'),
		bcc: value('bcc'),
		subject: value('subject'),
		attach: value('attach'),
		headers: form.fields.filter(field => isHeaderFieldId(field.id)).map(field => textValue(field.text)),
		body: value(BODY_FIELD),
		html: isHtmlBody(form),
	};
}

/** Whether the composer's body is to go as HTML. */
export const isHtmlBody = (form: FormState) => formValue(form, BODY_AS_FIELD) === 'html';
