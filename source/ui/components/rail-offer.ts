// What the step rail makes of the line waiting for Enter in step mode: a selector over the snapshot and the prompt's
// edit, kept out of the dashboard, which only draws.
import {typedVerb} from '../../smtp/command-line.js';
import {railStepOf, type Verb} from '../../smtp/transitions.js';
import type {Step} from '../../smtp/types.js';
import type {SessionSnapshot} from '../../session/types.js';
import {textValue, type TextEditorState} from './text-editor-state.js';

/**
 * The rail's view of the line waiting for Enter: its step, or the verb of a command outside the steps. The line as
 * edited at the prompt is what Enter sends (`help` typed over MAIL is no MAIL step).
 */
export function railOffer(proposed: SessionSnapshot['proposed'], stepEdit: TextEditorState | undefined): {upcoming?: Step; offered?: string; pipelined?: Step[]} {
	if (!proposed) return {};
	const edited = stepEdit ? textValue(stepEdit).trim() : '';
	if (edited !== '' && edited !== proposed.display) {
		const verb = typedVerb(edited);
		const step = verb === undefined ? undefined : railStepOf(verb as Verb);
		return step ? {upcoming: step} : {offered: edited.split(/\s/)[0]!.toUpperCase()};
	}
	// A pipelined group is the steps of its lines (RSET is none), all taken by one Enter.
	if (proposed.step && proposed.group) return {upcoming: proposed.step, pipelined: [...new Set(proposed.group.flatMap(line => railStepOf(typedVerb(line) as Verb) ?? []))]};
	// XCLIENT is inside EHLO's step: the caption names it, as the rail has no step of that name.
	if (proposed.step && proposed.command.verb === 'XCLIENT') return {upcoming: proposed.step, offered: 'XCLIENT'};
	if (proposed.step) return {upcoming: proposed.step};
	return railStepOf(proposed.command.verb) === undefined ? {offered: proposed.display.split(' ')[0]!} : {};
}
