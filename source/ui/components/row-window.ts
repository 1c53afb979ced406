// A window of rows over lines that wrap into several, found by the row each line starts at: what the preview and an
// opened message draw, without laying out the lines above or below it.

/**
 * The rows from `first`, at most `count` of them: from the last line that starts at or before `first` (`starts[i]`:
 * the row line i begins at, ascending), each line's rows as `rowsOf` makes them.
 */
export function rowWindow<Row>(starts: readonly number[], first: number, count: number, rowsOf: (index: number) => Row[]): Row[] {
	const shown: Row[] = [];
	if (count <= 0 || starts.length === 0) return shown;
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (starts[middle]! <= first) low = middle;
		else high = middle - 1;
	}
	for (let index = low; index < starts.length && shown.length < count; index++) {
		const skip = Math.max(0, first - starts[index]!);
		shown.push(...rowsOf(index).slice(skip, skip + count - shown.length));
	}
	return shown;
}
