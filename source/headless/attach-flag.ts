// `send --attach FILE;cid=ID;type=TYPE;name=NAME`: a file with the options a transactional mail needs, written as
// curl's `-F 'f=@file;type=…;filename=…'` writes a form part's. `cid` makes the file an inline image the HTML shows by
// `<img src="cid:ID">` (multipart/related), `type` overrides the type its name gives (`text/calendar; method=REQUEST`),
// `name` the name the reader sees. Checked here, so every mistake is named before connecting.
import {existsSync as exists} from 'node:fs';
import type {AttachmentFile} from '../message/compose.js';
import {unquotePath} from '../message/lists.js';
import {controlIn} from '../text/control-characters.js';
import {shellWord} from '../text/shell-word.js';
import {UsageError} from './command.js';
import {groupDigits} from '../smtp/digits.js';

const OPTION = /;\s*(cid|type|name)=/i;
/** A word that reads as an option after the file (`;filename=`, curl's), known or not. */
const OPTION_LIKE = /;\s*([a-z][\w-]*)=/i;
const KEYS = {cid: 'cid', type: 'contentType', name: 'filename'} as const;
const EXAMPLE = "--attach 'logo.png;cid=logo'";
/** RFC 5322 atext, dots and one @: a msg-id's characters (RFC 2392 makes a Content-ID one), no spaces or brackets. */
const CID = /^[\w!#$%&'*+\-/=?^`{|}~.]+(?:@[\w!#$%&'*+\-/=?^`{|}~.]+)?$/;
const MAX_CID = 998 - 'Content-ID: <>'.length;
const TOKEN = "[\\w!#$&^.+'%*`{|}~-]+";
/** type/subtype and `; name=value` parameters (RFC 2045 §5.1), a value a token or a quoted string. */
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*\\s*;?$`);

/** A file in double quotes, as curl's -F takes one: its name may hold ";name=" and the like. */
const QUOTED_FILE = /^"([^"]+)"(?=\s*(?:;|$))/;
/** An option's value in double quotes, from its opening quote to its closing one (a backslash escapes the next character). */
const QUOTED_VALUE = /\s*"(?:[^"\\]|\\.)*"/y;

/** The options after the file. A value in double quotes is whole: the ";name=" in ;type="text/plain; name=x" is no option. */
function optionsIn(value: string, quoted: RegExpExecArray | null): RegExpExecArray[] {
	const found: RegExpExecArray[] = [];
	const option = new RegExp(OPTION.source, 'gi');
	option.lastIndex = quoted?.[0].length ?? 0;
	for (let match = option.exec(value); match !== null; match = option.exec(value)) {
		found.push(match);
		QUOTED_VALUE.lastIndex = option.lastIndex;
		if (QUOTED_VALUE.test(value)) option.lastIndex = QUOTED_VALUE.lastIndex;
	}
	return found;
}

/** An `--attach` value's file as typed (quotes kept), and the options after it as typed (empty without any). */
export function attachFileText(value: string): {file: string; options: string} {
	const at = optionsIn(value, QUOTED_FILE.exec(value))[0]?.index ?? value.length;
	return {file: value.slice(0, at), options: value.slice(at)};
}

/** One `--attach` value: the file, and its options when it has any. */
export function parseAttachFlag(value: string): AttachmentFile {
	const quoted = QUOTED_FILE.exec(value);
	const matches = optionsIn(value, quoted);
	if (matches.length === 0) {
		const file = quoted ? quoted[1]! : unquotePath(value);
		const unknown = OPTION_LIKE.exec(file);
		if (!quoted && unknown && !exists(file)) throw optionError(value, `: no such file, and ;${unknown[1]}= is no option of --attach`, curlName(unknown[1]!));
		return {path: file};
	}
	const file = quoted ? quoted[1]! : unquotePath(value.slice(0, matches[0]!.index).trim());
	if (file === '') throw optionError(value, 'names no file before its options', `the file comes first: ${EXAMPLE}`);
	if (!quoted && !exists(file) && exists(value)) throw optionError(value, `is a file, whose name --attach reads as ${file} and its options`, `give the file's name in double quotes, as curl takes one: --attach ${shellWord(`"${value}"`)}`);
	const spec: AttachmentFile = {path: file};
	matches.forEach((match, at) => {
		const key = match[1]!.toLowerCase() as keyof typeof KEYS;
		// curl's quoted form, type="text/calendar; method=REQUEST", is taken too; a semicolon after the last option
		// ends the options (`;name=logo.png;`), as it would end a type's parameters, and is no part of a name or ID.
		const text = value.slice(match.index + match[0].length, matches[at + 1]?.index ?? value.length).trim().replace(/\s*;$/, '').replace(/^"(.*)"$/, '$1');
		if (spec[KEYS[key]] !== undefined) throw optionError(value, `gives ;${key}= twice`, 'give it once');
		spec[KEYS[key]] = checked(value, key, text);
	});
	return spec;
}

/** A Content-ID given twice: the HTML's `cid:` would show one file in both places. */
export function refuseSharedCids(files: readonly AttachmentFile[], html: boolean): void {
	const seen = new Map<string, string>();
	for (const file of files) {
		if (file.cid === undefined) continue;
		if (!html) throw new UsageError(`--attach ${file.path};cid=${file.cid} is given without --html`, `a Content-ID is for an HTML part to show the file by (<img src="cid:${file.cid}">): add --html, or drop ;cid=`);
		const other = seen.get(file.cid.toLowerCase());
		if (other !== undefined) throw new UsageError(`--attach ${other} and --attach ${file.path} both have ;cid=${file.cid}`, 'give each inline file a Content-ID of its own');
		seen.set(file.cid.toLowerCase(), file.path);
	}
}

function checked(value: string, key: keyof typeof KEYS, text: string): string {
	if (text === '') throw optionError(value, `has an empty ;${key}=`, `give a value, or leave ;${key}= out`);
	const control = controlIn(text);
	if (control) throw optionError(value, `has ${control.what} in ;${key}=`, 'it would go into a header of the part: remove it');
	if (key === 'cid') return contentId(value, text);
	if (key === 'type') {
		if (!CONTENT_TYPE.test(text)) throw optionError(value, `has ;type=${text}, which is not a MIME type`, "write it as type/subtype, parameters after a semicolon: ;type=image/png, ;type='text/calendar; method=REQUEST'");
		// The composer writes the type's name= from the file's name (or ;name=): one given here would be dropped unseen.
		const name = /;\s*name\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]+)/i.exec(text);
		if (name) throw optionError(value, `has a name= parameter in ;type=${text}`, `the type's name is the one the reader sees, given as ;name=${name[1]!.replace(/^"(.*)"$/, '$1')}`);
		if (/^multipart\//i.test(text)) throw optionError(value, `has ;type=${text}`, 'the multipart structure is the composer\'s: a file goes as one part (for your own MIME, send a ready message with --data @FILE)');
		return text.replace(/;$/, '').trim();
	}
	if (/[/\\]/.test(text)) throw optionError(value, `has ;name=${text}, a path`, 'give the name alone, as the reader sees it: ;name=report.pdf');
	return text;
}

/** `<logo@x>` as nodemailer writes it, or `cid:logo` as the HTML does, are taken for the ID itself: said, not guessed. */
function contentId(value: string, text: string): string {
	if (/^cid:/i.test(text)) throw optionError(value, `has ;cid=${text}`, `drop "cid:": the HTML says src="cid:${text.slice(4)}", the flag ;cid=${text.slice(4)}`);
	const bare = text.replace(/^<(.*)>$/, '$1');
	// `Content-ID: <ID>` is one word, which no folding can split: on one line of 998 characters (RFC 5322 §2.1.1).
	if (bare.length > MAX_CID) throw new UsageError(`--attach ${value.slice(0, value.indexOf(text))}… has a ;cid= of ${groupDigits(bare.length)} characters`, `a Content-ID goes on one header line: at most ${MAX_CID} characters; a short one does, e.g. ;cid=logo or ;cid=logo@acme.example`);
	if (!CID.test(bare)) throw optionError(value, `has ;cid=${text}, which cannot be a Content-ID`, "use letters, digits and . - _ (one @ at most, no spaces), e.g. ;cid=logo or ;cid=logo@acme.example");
	return bare;
}

function optionError(value: string, what: string, hint: string): UsageError {
	return new UsageError(`--attach ${value}${what.startsWith(':') ? '' : ' '}${what}`, `${hint} (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)`);
}

/** curl's names for what --attach's options do. */
function curlName(key: string): string {
	const name = key.toLowerCase();
	if (name === 'filename') return 'the name the reader sees is ;name=';
	if (name === 'content-id' || name === 'id') return 'a Content-ID is ;cid=';
	if (name === 'content-type' || name === 'mime') return 'a type is ;type=';
	return `e.g. ${EXAMPLE}`;
}
