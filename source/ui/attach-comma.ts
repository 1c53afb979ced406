// "a,b.txt" typed unquoted in Attach is split at its comma into "a" and "b.txt", and "a: no such file" alone
// points away from the cause. When the parts joined again name a file, the error says so.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {splitListAsTyped, unquotePath} from '../message/lists.js';
import {SmtpInputError} from '../smtp/types.js';

/** The first missing item of the list that, joined to its neighbours by their commas, names a file; both as typed. */
function commaSplitName(text: string, home: string | undefined): {item: string; name: string} | undefined {
	const parts = splitListAsTyped(text);
	const exists = (typed: string) => typed !== '' && existsSync(path.resolve(unquotePath(typed, home)));
	for (const [index, part] of parts.entries()) {
		const item = part.trim();
		if (item === '' || exists(item)) continue;
		// The fewest parts first: "a,b.txt" before "a,b.txt,c".
		for (let size = 2; size <= parts.length; size++) {
			for (let start = Math.max(0, index - size + 1); start <= Math.min(index, parts.length - size); start++) {
				const name = parts.slice(start, start + size).join(',').trim();
				if (exists(name)) return {item, name};
			}
		}
	}
	return undefined;
}

/** The message builder's attachment error, or one naming the file a comma split (the builder may name either part). */
export function withCommaHint(error: unknown, attach: string, home: string | undefined): unknown {
	if (!(error instanceof SmtpInputError) || error.field !== 'attachment') return error;
	const split = commaSplitName(attach, home);
	if (!split) return error;
	const file = path.resolve(unquotePath(split.item, home));
	// Only the builder's word on a part of that name (it may name any): another attachment's own problem stays said.
	const parts = split.name.split(',').map(part => path.resolve(unquotePath(part.trim(), home)));
	if (!parts.some(part => error.message.startsWith(`attachment ${part}: no such file`))) return error;
	return new SmtpInputError(`attachment ${file}: no such file (did you mean ${JSON.stringify(split.name)}? quote a name with a comma)`, error.field);
}
