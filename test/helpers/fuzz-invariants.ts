// What must hold of the dashboard's state after any keys: header fields on one line with no CR, LF or NUL, every
// cursor inside its text, a known mode. Shared by the fuzz tests of the dashboard (harness and wired).
import {stripVTControlCharacters} from 'node:util';
import {MODES} from '../../source/ui/keys/bindings.js';
import {MIN_COLUMNS, MIN_ROWS} from '../../source/ui/components/too-small.js';
import type {DashboardState} from '../../source/ui/components/dashboard-state.js';
import type {FormState} from '../../source/ui/components/form-state.js';
import type {TextEditorState} from '../../source/ui/components/text-editor-state.js';

const BREAKS_OR_NUL = /[\r\n\0]/;

/** What is wrong with an edited text (its cursor, its lines), or undefined. */
function textProblem(text: TextEditorState, where: string, multiline: boolean): string | undefined {
	if (text.lines.length === 0) return `${where}: no lines`;
	if (!multiline && text.lines.length !== 1) return `${where}: a single-line field holds ${text.lines.length} lines`;
	const bad = text.lines.findIndex(line => BREAKS_OR_NUL.test(line));
	if (bad !== -1) return `${where}: line ${bad} holds CR, LF or NUL: ${JSON.stringify(text.lines[bad])}`;
	if (!Number.isInteger(text.row) || text.row < 0 || text.row >= text.lines.length) return `${where}: cursor row ${text.row} outside its ${text.lines.length} lines`;
	const line = text.lines[text.row]!;
	if (!Number.isInteger(text.col) || text.col < 0 || text.col > line.length) return `${where}: cursor column ${text.col} outside its line of ${line.length}`;
	const before = line.charCodeAt(text.col - 1);
	const after = line.charCodeAt(text.col);
	if (before >= 0xd8_00 && before <= 0xdb_ff && after >= 0xdc_00 && after <= 0xdf_ff) return `${where}: cursor inside a surrogate pair`;
	if (text.top < 0 || text.top > text.row) return `${where}: first visible row ${text.top} below the cursor's ${text.row}`;
	return undefined;
}

function formProblem(form: FormState, name: string): string | undefined {
	if (form.active < 0 || form.active >= form.fields.length) return `${name}: active field ${form.active} of ${form.fields.length}`;
	for (const field of form.fields) {
		const problem = textProblem(field.text, `${name} ${field.id}`, field.kind === 'text');
		if (problem) return problem;
	}
	return undefined;
}

/** The first invariant the state breaks, in words; undefined when all hold. */
export function stateProblem(state: DashboardState): string | undefined {
	if (!MODES.includes(state.mode)) return `mode ${String(state.mode)}`;
	return (
		formProblem(state.composer, 'composer') ??
		formProblem(state.connectionForm, 'connection') ??
		textProblem(state.commandLine.text, 'command line', false) ??
		(state.stepEdit && textProblem(state.stepEdit, 'step edit line', false))
	);
}

/** At the minimum size or more, the footer's last row starts with the mode in capitals; undefined when it does. */
export function modeMissing(frame: string | undefined, size: {columns: number; rows: number}): string | undefined {
	if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) return undefined;
	const last = stripVTControlCharacters(frame ?? '').trimEnd().split('\n').at(-1) ?? '';
	return /^\s?(AUTO|STEP|MANUAL) /.test(last) ? undefined : `no mode in the footer: ${JSON.stringify(last)}`;
}
