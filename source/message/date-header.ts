// A Date header typed by hand (`--header 'Date: …'`, for a message a test compares) goes as typed; one that is no
// RFC 5322 date (an ISO 8601 timestamp, say) is shown wrong or not at all by mail programs, and spam filters score
// it (SpamAssassin's INVALID_DATE): said before sending, with the date written as it should be.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH = MONTHS.join('|');
const DAY = DAYS.join('|');
/** RFC 5322 §3.3 date-time, the obsolete zone names (§4.3) and a trailing comment too. */
const DATE_TIME = new RegExp(`^(?:(${DAY})\\s*,\\s*)?(\\d{1,2})\\s+(${MONTH})\\s+(\\d{2,4})\\s+\\d{2}\\s*:\\s*\\d{2}(?:\\s*:\\s*\\d{2})?\\s+(?:[+-]\\d{4}|ut|gmt|[ecmp][sd]t|[a-ik-z])(?:\\s*\\(.*\\))?$`, 'i');

/** A warning when the Date header `value` is not an RFC 5322 date, else undefined. */
export function dateProblem(value: string): string | undefined {
	const date = DATE_TIME.exec(value.trim());
	if (date) return dayProblem(value, date);
	const time = Date.parse(value);
	const fix = Number.isNaN(time) ? ', e.g. Tue, 01 Dec 2026 10:00:00 +0000' : `: ${new Date(time).toUTCString().replace(/GMT$/, '+0000')}`;
	return `warning: Date: ${value} is not an RFC 5322 date: mail programs may show it wrong and spam filters score it; write it as RFC 5322 does${fix}`;
}

/** RFC 5322 §3.3: a day of the week must be the date's, and the date one the month has (a template's fixed "Mon"). */
function dayProblem(value: string, [, day, date, month, year]: RegExpExecArray): string | undefined {
	// Two- and three-digit years as RFC 5322 §4.3 reads them.
	const fullYear = year!.length === 2 ? Number(year) + (Number(year) < 50 ? 2000 : 1900) : year!.length === 3 ? Number(year) + 1900 : Number(year);
	const at = new Date(Date.UTC(fullYear, MONTHS.indexOf(month!.toLowerCase()), Number(date)));
	if (at.getUTCDate() !== Number(date)) return `warning: Date: ${value} is no date: ${month} ${fullYear} has no day ${Number(date)}; mail programs may show it wrong`;
	const actual = DAYS[at.getUTCDay()]!;
	if (day === undefined || day.toLowerCase() === actual.toLowerCase()) return undefined;
	return `warning: Date: ${value} says ${day}, but ${date} ${month} ${year} is a ${actual}: mail programs may show either (RFC 5322 has the day be the date's); write ${actual}, or leave the day out`;
}
