/**
 * 1234567 → "1,234,567" for counts of lines and bytes. Not toLocaleString: its first call loads ICU's number
 * data, ~10 ms of a headless send's start-up.
 */
export function groupDigits(count: number): string {
	return String(Math.trunc(count)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** "1 line", "1,024 lines". */
export function countOf(count: number, noun: string): string {
	return `${groupDigits(count)} ${noun}${count === 1 ? '' : 's'}`;
}
