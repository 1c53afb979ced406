// A Date header typed by hand (`--header 'Date: …'`, for a message a test compares) goes as typed; one that is no
// RFC 5322 date (an ISO 8601 timestamp, say) is shown wrong or not at all by mail programs, and spam filters score
// it (SpamAssassin's INVALID_DATE): said before sending, with the date written as it should be.

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
/** RFC 5322 §3.3 date-time, the obsolete zone names (§4.3) and a trailing comment too. */
const DATE_TIME = new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)\\s*,\\s*)?\\d{1,2}\\s+${MONTH}\\s+\\d{2,4}\\s+\\d{2}\\s*:\\s*\\d{2}(?:\\s*:\\s*\\d{2})?\\s+(?:[+-]\\d{4}|ut|gmt|[ecmp][sd]t|[a-ik-z])(?:\\s*\\(.*\\))?$`, 'i');

/** A warning when the Date header `value` is not an RFC 5322 date, else undefined. */
export function dateProblem(value: string): string | undefined {
	if (DATE_TIME.test(value.trim())) return undefined;
	const time = Date.parse(value);
	const fix = Number.isNaN(time) ? ', e.g. Tue, 01 Dec 2026 10:00:00 +0000' : `: ${new Date(time).toUTCString().replace(/GMT$/, '+0000')}`;
	return `warning: Date: ${value} is not an RFC 5322 date: mail programs may show it wrong and spam filters score it; write it as RFC 5322 does${fix}`;
}
