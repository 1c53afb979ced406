// The slips in the flags that build the message (addresses, headers, --attach), refused as typed, naming the flag.
import {statSync} from 'node:fs';
import {splitList, unquotePath} from '../message/lists.js';
import {UsageError} from './command.js';
import {controlIn, controlReason} from '../text/control-characters.js';
import {escapeUnsafe} from '../text/escape.js';
import {shellWord} from '../message/profiles.js';
import {attachFileText} from './attach-flag.js';
import {str, valuesOf, addressItems} from './flag-values.js';
import {refuseNotUtf8} from './not-utf8.js';
import type {BodyFlag} from './body-flags.js';
import {statOf} from './file-status.js';

/**
 * `--attach @blob.bin`, swaks' newer syntax: --attach takes the file itself. Said when only the name without the @
 * exists; the composer would say only "no such file".
 */
export function refuseAtAttach(files: readonly string[]): void {
	for (const file of files) {
		if (!file.startsWith('@') || statOf(file) || !statOf(file.slice(1))) continue;
		throw new UsageError(`--attach ${file}: no such file`, `drop the @: --attach ${shellWord(file.slice(1))} (--attach takes the file name itself)`);
	}
}

/** A value given empty (an unset shell variable): refused, never read as "none" (mail without its attachment). */
export function refuseEmptyValues(flags: Record<string, unknown>): void {
	for (const name of ['to', 'cc', 'bcc', 'attach', 'header', 'transcript', 'record'] as const) {
		const values = valuesOf(flags[name]);
		if (values.some(value => String(value).trim() === '')) throw new UsageError(`--${name} is empty`, `give a value, or leave --${name} out`);
	}
	// An empty Subject header would be left out without a word: $SUBJECT unset is a mistake, not "no subject".
	if (str(flags.subject)?.trim() === '') throw new UsageError('--subject is empty', 'give a subject, or leave --subject out for the default ("test <date>")');
}

/**
 * The texts that go into the message as typed. The addresses are the composer's to refuse (it names them); a
 * body read from a file or a pipe is checked as it is read.
 */
export function refuseNotUtf8Texts(flags: Record<string, unknown>, body: BodyFlag | {kind: 'from-html'}, html: BodyFlag | undefined): void {
	refuseNotUtf8(str(flags.subject), '--subject');
	for (const header of valuesOf(flags.header)) refuseNotUtf8(String(header), '--header');
	if (body.kind === 'text') refuseNotUtf8(body.text, '--body', {quote: false});
	if (html?.kind === 'text') refuseNotUtf8(html.text, '--html', {quote: false});
}

/**
 * --subject and --header go into the message's header: a CR or LF (anywhere: trimming would hide one at an end)
 * could add a header, and ESC, BEL, DEL or a C1 control would be RFC 2047-encoded only to reach the reader's
 * terminal decoded. Refused as typed, naming the flag and the character; the dashboard's fields drop them.
 */
export function refuseHeaderControls(flags: Record<string, unknown>): void {
	const subject = str(flags.subject);
	const texts = [...(subject === undefined ? [] : [{flag: '--subject', value: subject}]), ...valuesOf(flags.header).map(header => ({flag: '--header', value: String(header)}))];
	for (const {flag, value} of texts) {
		const control = controlIn(value);
		if (control) {
			const oneEach = control.lineBreak && flag === '--header' ? '; give each header its own --header' : '';
			throw new UsageError(`${flag} contains ${control.what}: "${escapeUnsafe(value, {keepTab: true})}"`, `remove it: ${controlReason(control.lineBreak)}${oneEach}`);
		}
	}
}

/** The addresses in `a@x.test b@x.test`, when there are several (and no display name, which may hold an @). */
function runTogether(item: string): string[] | undefined {
	if (/["<>()]/.test(item)) return undefined;
	const addresses = item.split(/\s+/).filter(word => /^[^@]+@[^@]+$/.test(word));
	return addresses.length > 1 ? addresses : undefined;
}

/**
 * `a@x.test b@x.test`: addresses missing a comma. Said here, quoting what was typed: the address parser reads it
 * as one mailbox named after the second address, and its error would quote that reordering. The hint is the whole
 * value, mended.
 */
export function refuseRunTogether(field: string, values: readonly unknown[]): void {
	for (const value of values) {
		const items = addressItems(value);
		const found = items.find(item => runTogether(item));
		if (found === undefined) continue;
		const count = runTogether(found)!.length > 2 ? 'several' : 'two';
		const mended = items.flatMap(item => runTogether(item) ?? [item]).join(',');
		throw new UsageError(`${field} address ${JSON.stringify(found)} looks like ${count} addresses; separate addresses with commas`, `e.g. --${field.toLowerCase()} ${shellWord(mended)}`);
	}
}

/**
 * `--attach 'a.txt, b.txt'`: the dashboard's Attach field takes a comma list, --attach one file (whose name may
 * hold a comma). Said when no such file exists; the composer would say only that.
 */
export function refuseAttachList(values: readonly unknown[]): void {
	for (const value of values) {
		// The file's part only: an option's value may hold a comma (;name=Receipt, March.pdf), which lists nothing.
		const {file: typed, options} = attachFileText(String(value));
		// A quoted name keeps its comma, as in the dashboard.
		const parts = splitList(typed);
		if (parts.length < 2) continue;
		// Trimmed only before options, as parseAttachFlag reads it: a name may end in a space.
		const file = unquotePath(options === '' ? typed : typed.trim());
		try {
			statSync(file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') continue;
			// The options were given to the last file of the list.
			const flags = parts.map((part, at) => `--attach ${shellWord(at === parts.length - 1 ? `${part}${options}` : part)}`);
			throw new UsageError(`--attach ${JSON.stringify(file)}: no such file`, `one file per --attach: ${flags.join(' ')}`);
		}
	}
}

/** A Bcc header would show the hidden recipients to every recipient: --bcc puts them in the envelope only. */
export function refuseBccHeader(headers: readonly string[]): void {
	if (headers.some(header => /^\s*bcc\s*:/i.test(header))) {
		throw new UsageError('a Bcc header would show the hidden recipients', 'give them with --bcc, which puts them only in the envelope');
	}
}
