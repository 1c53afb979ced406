// Likely typos: the known word closest to what was typed (a flag, a mechanism), for "did you mean".

/** Edits (insert, delete, replace) from `a` to `b`. */
export function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const current = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = current;
		}
	}
	return row[b.length]!;
}

/** The candidate closest to `name`, if it is close enough to be a likely typo; `fold` makes both comparable. */
export function closest(name: string, candidates: Iterable<string>, fold: (text: string) => string = text => text): string | undefined {
	let best: string | undefined;
	let bestDistance = Math.max(2, Math.floor(name.length / 3));
	for (const candidate of candidates) {
		const d = distance(fold(name), fold(candidate));
		if (d <= bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return best;
}
