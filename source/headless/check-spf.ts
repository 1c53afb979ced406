// `check DOMAIN`'s SPF (RFC 7208): the domain's record, its DNS lookups counted through includes and redirect, and
// what its "all" makes receivers do with mail from other servers, in a block after the table with the warnings; the
// problems that make receivers return permerror go into the verdict.
import type {SpfLint} from '../spf/lint.js';
import {LOOKUP_LIMIT, VOID_LIMIT} from '../spf/evaluate.js';
import {parseSpfRecord} from '../spf/record.js';
import {shown} from './check-verdict.js';

export type {SpfLint as SpfReport} from '../spf/lint.js';

/** The includes and redirect whose lookups the block lists. */
const MAX_SHARES = 10;

/** What the final "all" tells receivers to do with mail from any server the record does not name. */
function allWords(all: string | undefined): string {
	const qualifier = all === undefined ? '?' : /^[-~?+]/.test(all) ? all[0]! : '+';
	const named = all === undefined ? 'no "all"' : all;
	switch (qualifier) {
		case '-':
			return `${named}: mail from any other server fails SPF, and receivers may refuse it`;
		case '~':
			return `${named}: mail from any other server softfails: accepted but marked, and most receivers junk it (-all asks them to refuse it)`;
		case '+':
			return `${named}: any server anywhere passes, forgers included`;
		default:
			return `${named}: mail from any other server is neutral, as if there were no SPF record`;
	}
}

/** The block: the record, its lookups (each include's share), what its "all" means, then each warning. */
export function formatSpf(report: SpfLint): string {
	const {domain, record} = report;
	const warnings = report.problems.filter(problem => problem.severity === 'warning').map(problem => `  warning: ${shown(problem.text, 600)}`);
	if (record === undefined) {
		// A failed lookup is said in the first line, and its warning would only say it again.
		if (report.error !== undefined) return `SPF for ${domain}: not known (${shown(report.error, 200)})\n`;
		const why = {none: 'no record (no TXT record starting "v=spf1")', several: 'several records, a permerror'};
		return [`SPF for ${domain}: ${why[report.status as keyof typeof why]}`, ...warnings].map(line => `${line}\n`).join('');
	}
	// A record with mistakes is never evaluated: its lookups and its "all" would tell of a record receivers do not use.
	const mistakes = parseSpfRecord(record).errors.length;
	if (mistakes > 0) {
		const how = `  not valid (${mistakes === 1 ? 'a mistake' : `${mistakes} mistakes`}, named below): receivers return permerror, so mail from every server fails SPF`;
		return [`SPF for ${domain}: ${shown(record, 500)}`, how, ...warnings].map(line => `${line}\n`).join('');
	}
	const over = report.lookups > LOOKUP_LIMIT ? ', over the limit: permerror' : report.lookups === LOOKUP_LIMIT ? ', no room for another include' : '';
	// A record of hundreds of includes would make this line as long: the first few say enough (--json has them all).
	const listed = report.branches.slice(0, MAX_SHARES).map(branch => `${shown(branch.term, 100)} ${branch.lookups}`);
	const more = report.branches.length > MAX_SHARES ? `, and ${report.branches.length - MAX_SHARES} more` : '';
	const shares = listed.length > 0 ? ` (${listed.join(', ')}${more})` : '';
	const voids = report.voidLookups > 0 ? `; void lookups: ${report.voidLookups} of ${VOID_LIMIT}` : '';
	return [`SPF for ${domain}: ${shown(record, 500)}`, `  DNS lookups: ${report.lookups} of ${LOOKUP_LIMIT}${over}${shares}${voids}`, `  ${shown(allWords(report.all), 300)}`, ...warnings].map(line => `${line}\n`).join('');
}

/** The problems for the verdict: those that make receivers fail the domain's mail. */
export const spfVerdictSentences = (report: SpfLint): string[] => report.problems.filter(problem => problem.severity === 'error').map(problem => shown(problem.text, 600));

