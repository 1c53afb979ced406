// The header fields a user gives (--header, the subject, the dashboard's Headers field), checked before anything is
// composed: no line break or control character that could add a header or reach a reader's terminal.
import {SmtpInputError} from '../smtp/types.js';
import {controlIn, controlReason} from '../text/control-characters.js';

/** A header field as given: its name and its value, trimmed. */
type Header = {name: string; value: string};

const UNSAFE_CHARACTERS: Record<string, string> = {'\r': 'a carriage return (CR)', '\n': 'a line feed (LF)', '\0': 'a NUL byte'};

/** Refuses CR, LF and NUL: in a header or an envelope address they would start a new header or SMTP command. */
export function assertNoLineBreaks(value: string, field: string): void {
	const found = /[\r\n\0]/.exec(value);
	if (found) {
		throw new SmtpInputError(`${field} contains ${UNSAFE_CHARACTERS[found[0]]}; line breaks and NUL are refused because they could add a header or a command`, field);
	}
}

/**
 * Refuses what a header's text may not hold: CR, LF and NUL (assertNoLineBreaks), and the other C0 controls but
 * TAB, DEL and C1 controls, which RFC 2047 would encode for the reader's mail program to decode into terminal escapes.
 */
export function assertHeaderText(value: string, field: string): void {
	assertNoLineBreaks(value, field);
	const control = controlIn(value);
	if (control) throw new SmtpInputError(`${field} contains ${control.what}; it is refused because ${controlReason(control.lineBreak)}`, field);
}

/** Parses `--header "Name: value"`. The name must be RFC 5322 ftext: printable ASCII without spaces or ':'. */
export function parseHeaderArgument(text: string): Header {
	const colon = text.indexOf(':');
	if (colon < 0) throw new SmtpInputError(`header ${JSON.stringify(text)} has no colon; write it as "Name: value"`, 'header');
	// Checked whole before trimming, which would quietly drop a CR or LF at either end of the name or the value.
	assertHeaderText(text, `header ${text.slice(0, colon).trim()}`);
	const header = {name: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim()};
	checkHeader(header);
	return header;
}

export function checkHeader(header: Header): void {
	const field = `header ${header.name}`;
	assertNoLineBreaks(header.name, field);
	assertHeaderText(header.value, field);
	if (!/^[\x21-\x39\x3b-\x7e]+$/.test(header.name)) {
		throw new SmtpInputError(`header name ${JSON.stringify(header.name)} is not allowed: use printable ASCII letters, digits and punctuation, without spaces or ":"`, field);
	}
}
