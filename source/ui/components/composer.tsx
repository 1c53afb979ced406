// The composer: header fields, then the body editor (or the exact DATA bytes when the preview is on).
import React from 'react';
import {Box, Text} from 'ink';
import {keyFor} from '../keys/bindings.js';
import {countOf} from '../../smtp/digits.js';
import {GLYPH, MARK, secondary, useTheme} from '../theme.js';
import {BODY_AS_FIELD, BODY_AS_LABELS, BODY_FIELD, isHtmlBody} from './composer-form.js';
import {Choices, choicesWidth} from './choice-row.js';
import {BodyEditor} from './body-editor.js';
import {DataPreview, type PreviewView} from './data-preview.js';
import {textWidth, truncateText, wrapText} from './display-text.js';
import {activeField, type FormField, type FormState} from './form-state.js';
import {TextField} from './text-field.js';

type ComposerProps = {
	form: FormState;
	focused: boolean;
	width: number;
	height: number;
	/** When set, the exact DATA bytes are shown instead of the body editor, from line `top`. */
	preview?: PreviewView;
};

const ALWAYS_SHOWN = new Set(['from', 'to', 'subject']);
const MIN_BODY_ROWS = 2;

/** The fields in the body's rule, not rows of their own: the body and what it is (Body as). */
const IN_RULE = new Set([BODY_FIELD, BODY_AS_FIELD]);

/** Header fields to draw: all while focused, only the filled ones otherwise; a window around the active one if too many. */
function visibleHeaders(form: FormState, focused: boolean, room: number): FormField[] {
	const headers = form.fields.filter(field => !IN_RULE.has(field.id));
	const wanted = focused
		? headers
		: headers.filter(field => ALWAYS_SHOWN.has(field.id) || field.text.lines[0] !== '');
	if (wanted.length <= room) return wanted;
	const activeIndex = Math.max(0, wanted.indexOf(activeField(form)));
	const start = Math.max(0, Math.min(activeIndex - Math.floor(room / 2), wanted.length - room));
	return wanted.slice(start, start + Math.max(0, room));
}

/**
 * The error message wrapped to the width, in at most `room` rows: whole where the composer has the rows (it says what
 * went wrong); in a collapsed panel its start, which names the field, with the rest cut with "…".
 */
function errorRows(form: FormState, width: number, room: number): string[] {
	// A notice (the input was taken, cleaned) is no error: marked as a warning.
	if (!form.error) return [];
	const rows = wrapText(`${form.error.notice ? MARK.warning : MARK.error} ${form.error.message}`, width);
	if (rows.length <= room) return rows;
	if (room <= 0) return [];
	return [...rows.slice(0, room - 1), truncateText(rows.slice(room - 1).join(''), width)];
}

type ComposerLayout = {headers: FormField[]; errors: string[]; rule: boolean; bodyRows: number};

/**
 * What fits in the composer's inner size. Every row is counted: Ink squeezes children taller than their box onto the
 * same rows, where they would be drawn over each other.
 */
function composerLayout(form: FormState, focused: boolean, width: number, height: number, preview: boolean): ComposerLayout {
	// The error before the rule: the rule only says how long the body is.
	const errors = errorRows(form, width, Math.min(height, Math.max(1, height - 1)));
	const rule = height - errors.length >= 1;
	const fixed = errors.length + (rule ? 1 : 0);
	// The preview shows the headers as sent (and takes no typing): it gets the fields' rows, which at 80x24 would
	// leave it one line of the message.
	const headers = preview ? [] : visibleHeaders(form, focused, Math.max(0, height - fixed - MIN_BODY_ROWS));
	return {headers, errors, rule, bodyRows: Math.max(0, height - fixed - headers.length)};
}

/** Rows the body editor (or the preview) gets inside a composer of this inner size (the page size for PageUp/PageDown). */
export function composerBodyRows(form: FormState, focused: boolean, width: number, height: number, preview: boolean): number {
	return composerLayout(form, focused, width, height, preview).bodyRows;
}

/** "── title ─────" exactly `width` columns wide. */
function rule(title: string, width: number): string {
	const head = truncateText(`${GLYPH.rule.repeat(2)}${title}`, width);
	return head + GLYPH.rule.repeat(Math.max(0, width - textWidth(head)));
}

/** The body's rule with the focus on Body as: "── ▸ Body as [text] HTML ────", Left/Right changing it. */
function BodyAsRule({field, width}: {field: FormField; width: number}) {
	const theme = useTheme();
	const head = `${GLYPH.rule.repeat(2)} ${MARK.active} ${field.label} `;
	const room = Math.max(0, width - textWidth(head) - 1);
	const used = textWidth(head) + choicesWidth(field, room, BODY_AS_LABELS);
	return (
		<Text color={theme.focusBorder} wrap="truncate-end">
			<Text bold>{head}</Text>
			<Choices field={field} focused room={room} labels={BODY_AS_LABELS} />
			{` ${GLYPH.rule.repeat(Math.max(0, width - used - 1))}`}
		</Text>
	);
}

export function Composer({form, focused, width, height, preview}: ComposerProps) {
	const theme = useTheme();
	const {headers, errors, rule: ruleShown, bodyRows} = composerLayout(form, focused, width, height, preview !== undefined);
	const body = form.fields.find(field => field.id === BODY_FIELD)!;
	const active = activeField(form);
	const bodyFocused = focused && active.id === BODY_FIELD && !preview;
	// From all the fields, not the ones in view: the values' column stays put as the list scrolls.
	const labelWidth = Math.max(...form.fields.filter(field => !IN_RULE.has(field.id)).map(field => field.label.length), 4);
	const divider = preview
		? ` preview (${keyFor('composer.closePreview')}: back to editing) `
		: ` ${bodyFocused ? `${MARK.active} ` : ''}${isHtmlBody(form) ? 'HTML body' : 'body'}: ${countOf(body.text.lines.length, 'line')} `;
	// Body as is the rule's own field (no row of its own: at 80x24 the body keeps its rows); focused, the rule shows its choices.
	const bodyAs = focused && !preview && active.id === BODY_AS_FIELD ? active : undefined;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{headers.map(field => (
				<TextField
					key={field.id}
					label={field.label}
					text={field.text}
					// The preview takes no typing: no field shows a cursor behind it.
					focused={focused && !preview && field === active}
					width={width}
					labelWidth={labelWidth}
					invalid={form.error?.field === field.id}
					placeholder={field.removable ? 'Name: value' : undefined}
				/>
			))}
			{errors.map((row, index) => (
				<Text key={`error-${index}`} color={form.error?.notice ? theme.warning : theme.error} bold wrap="truncate-end">
					{row}
				</Text>
			))}
			{ruleShown && bodyAs ? <BodyAsRule field={bodyAs} width={width} /> : null}
			{ruleShown && !bodyAs ? (
				<Text {...(bodyFocused ? {color: theme.focusBorder} : secondary(theme))} wrap="truncate-end">
					{rule(divider, width)}
				</Text>
			) : null}
			{preview ? (
				<DataPreview width={width} height={bodyRows} {...preview} />
			) : (
				<BodyEditor text={body.text} focused={bodyFocused} width={width} height={bodyRows} />
			)}
		</Box>
	);
}
