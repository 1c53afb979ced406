// How a pipelined group (RFC 2920) is named where it waits for the user: what it holds, what pipelining is, and why
// its lines are not edited one by one.

/** The verbs of a group's lines, a run of the same counted: "MAIL, 3×RCPT, DATA". */
export function groupVerbs(lines: readonly string[]): string {
	const runs: Array<{verb: string; count: number}> = [];
	for (const line of lines) {
		const verb = (line.split(/\s|:/, 1)[0] ?? '').toUpperCase();
		const last = runs.at(-1);
		if (last?.verb === verb) last.count++;
		else runs.push({verb, count: 1});
	}
	return runs.map(({verb, count}) => (count === 1 ? verb : `${count}×${verb}`)).join(', ');
}

/** What the group is, in one line: "5 commands in one write (pipelining): MAIL, 3×RCPT, DATA". */
export function groupSummary(lines: readonly string[]): string {
	return `${lines.length} commands in one write (pipelining): ${groupVerbs(lines)}`;
}

/** What pipelining means for the student about to press Enter (fits 80 columns, the prompt's border included). */
export const GROUP_MEANING = 'pipelining: all go at once; the server then answers each, in this order';

/** `e` at a pipelined group: why it edits nothing, and what to do to edit each line (a replay plays what went). */
export function groupNotEditable(count: number, replay: boolean): string {
	if (replay) return `e does not edit a replayed group: its ${count} lines play as recorded, in one write`;
	return `e cannot edit a pipelined group: its ${count} lines go in one write (leave out --pipeline to edit each line)`;
}
