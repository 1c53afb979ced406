// A value that lost a byte to another encoding before smtp-tui saw it: refused, naming where it came from.
import {UsageError} from './command.js';

/**
 * Node decodes argv (and the environment) as UTF-8: U+FFFD in a value stands for a byte that was not UTF-8 (a
 * Latin-1 shell or script), already lost: sent, U+FFFD would go in its place. Refused, as --from is; a password
 * or a body is not quoted (`quote: false`).
 */
export function refuseNotUtf8(value: string | undefined, label: string, {quote = true, hint}: {quote?: boolean; hint?: string | undefined} = {}): void {
	if (!value?.includes('\uFFFD')) return;
	throw new UsageError(`${label}${quote ? ` "${value}"` : ''} contains a byte that is not UTF-8 (U+FFFD stands in for it)`, hint ?? NOT_UTF8_HINT);
}

const NOT_UTF8_HINT = 'the shell or script gave it in another encoding (Latin-1?): give it in UTF-8 (e.g. convert with iconv -f latin1 -t utf-8)';
