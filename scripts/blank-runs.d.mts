/** `row` with its blank runs as cursor moves right, where they show as nothing on an erased row: see blank-runs.mjs. */
export function skipBlankRuns(row: string): string;
