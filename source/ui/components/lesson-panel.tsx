// The lesson panel (smtp-tui --lesson, or its key in manual mode): a rule naming the lesson, the task and the key, a
// row of the tasks (✔ done, ▸ current, ○ to come), what to type and why, then the nudge or the hint.
// At the end: what was learnt, and how to start the next lesson. Rows are worked out here so the layout can count them.
import React from 'react';
import {Box, Text} from 'ink';
import {LESSONS} from '../../lesson/lessons.js';
import {currentTask, hintOf, lessonOf, nextLessonIndex, type LessonProgress} from '../../lesson/progress.js';
import {keyFor} from '../keys/bindings.js';
import {GLYPH, MARK, secondary, useTheme, withGlyphs} from '../theme.js';
import {collapsedExplanation} from './collapsed-explanation.js';
import {textWidth, truncateText, wrapText} from './display-text.js';

type RowKind = 'title' | 'tasks' | 'text' | 'nudge' | 'hint' | 'key';
type LessonRow = {kind: RowKind; text: string};

/** At most this many rows of instructions, hint and nudge together: the log keeps the rest at 80x24. */
const BODY_ROWS = 3;

/** Holds a line to type together while its hint is wrapped (a space no row breaks at), then a space again. */
const UNBROKEN_SPACE = '\u00A0';

/**
 * The hint's lines to type, each kept whole on a row: "MAIL" at a row's end and "FROM:<…>" on the next read as two
 * commands to a student who types what the panel says. A line in parentheses says what to do, and wraps as prose.
 */
function hintText(said: string | undefined, lines: readonly string[]): string {
	const kept = lines.map(line => (line.startsWith('(') ? line : line.replaceAll(' ', UNBROKEN_SPACE)));
	return `hint: ${said ? `${said}: ` : ''}${kept.join(` ${GLYPH.to} `)}`;
}

/** The row of tasks: each with its mark; where they do not all fit, those around the current one. */
function taskRow(progress: LessonProgress, width: number): string {
	const current = currentTask(progress)?.index;
	const parts = lessonOf(progress).tasks.map((task, index) => `${progress.done[index] ? MARK.done : index === current ? MARK.active : MARK.pending} ${task.label}`);
	const whole = parts.join(' ');
	if (textWidth(whole) <= width) return whole;
	// From the current task (or the last) backwards as far as it fits: what is next matters more than what is done.
	let start = Math.max(0, (current ?? parts.length - 1) - 1);
	while (start > 0 && textWidth(`${GLYPH.ellipsis} ${parts.slice(start - 1).join(' ')}`) <= width) start--;
	return truncateText(`${start > 0 ? `${GLYPH.ellipsis} ` : ''}${parts.slice(start).join(' ')}`, width);
}

/** The instructions' rows that fit in `room`: whole lines, the last giving way first (the first stays, cut if it must). */
function wholeLines(lines: readonly LessonRow[][], room: number): LessonRow[] {
	const kept: LessonRow[] = [];
	for (const line of lines) {
		if (kept.length + line.length > room) break;
		kept.push(...line);
	}
	return kept.length > 0 ? kept : (lines[0] ?? []).slice(0, room);
}

/** The least of a lesson's name worth showing cut ("The c…"); with less room the title goes without it. */
const NAME_MIN = 5;

/**
 * The title row's text in `width`: narrow (44 columns beside a focused panel), the lesson's name gives way, cut and
 * then left out, so the place in the lesson (task 2 of 9, done ✔) stays, and the number of the lesson before it.
 */
function fitted(whole: string, width: number, withName: (name: string) => string, name: string): string {
	if (textWidth(whole) <= width) return whole;
	const room = width - textWidth(withName(''));
	// The name's ": " comes with it.
	return room - 2 >= NAME_MIN ? withName(truncateText(name, room - 2)) : withName('');
}

/** The panel's rows at this width (each fits it): what the layout counts and the panel draws. */
export function lessonRows(progress: LessonProgress, width: number): LessonRow[] {
	const lesson = lessonOf(progress);
	const key = keyFor('lesson.toggle');
	const current = currentTask(progress);
	const place = current ? `task ${current.index + 1} of ${lesson.tasks.length}` : `done ${MARK.done}`;
	const head = (more: string, name = lesson.title) => `${GLYPH.rule}${GLYPH.rule} Lesson ${progress.lesson + 1} of ${LESSONS.length}${name && `: ${name}`} ${GLYPH.separator} ${place}${more} `;
	// During a task the key goes on the title's row where it fits: a row of its own cost the log one of its few at 80x24.
	const shortKey = current && ` ${GLYPH.separator} ${key}: ${progress.hint ? 'close' : 'hint'}`;
	const keyInTitle = shortKey !== undefined && textWidth(head(shortKey)) + 2 <= width;
	const title = fitted(head(keyInTitle ? shortKey : ''), width, name => head('', name), lesson.title);
	const rows: LessonRow[] = [
		{kind: 'title', text: truncateText(title, width) + GLYPH.rule.repeat(Math.max(0, width - textWidth(title)))},
		{kind: 'tasks', text: taskRow(progress, width)},
	];
	const wrap = (kind: RowKind, text: string) => wrapText(withGlyphs(text), width).map(row => ({kind, text: row}));
	const following = nextLessonIndex(progress.lesson);
	const next = LESSONS[following]!;
	// At the end: what was learnt, and the way on. Else: what to type and why, then the hint asked for, or the nudge;
	// and the key's own row where the title had no room for it.
	const body = (current ? current.task.lines : lesson.learned).map(line => wrap('text', line));
	let tail: LessonRow[];
	if (!current) {
		// After the last, the first again: a class's next round, or a student's second go, without a restart.
		const again = following === 0;
		const way = again ? `every lesson done ${GLYPH.separator} ${key}: lesson 1 again, ${next.title}` : `${key}: lesson ${following + 1}, ${next.title} (or smtp-tui --lesson ${next.name})`;
		// Narrow (44 columns beside a focused panel), the way on in a row, so what was learnt keeps its rows.
		const short = again ? `all done ${GLYPH.separator} ${key}: lesson 1 again` : `${key}: lesson ${following + 1} (--lesson ${next.name})`;
		tail = wrap('key', textWidth(way) <= width ? way : short);
		// What was learnt is said whole: where it needs more than the usual rows, the row of ticks (all done, as the
		// title says) and the key's spare row go to it, and the panel is no taller than during a task.
		const learned = body.flat().length;
		if (learned > BODY_ROWS) return [rows[0]!, ...wholeLines(body, Math.max(BODY_ROWS, BODY_ROWS + 3 - tail.length)), ...tail];
	} else {
		const own = keyInTitle ? [] : wrap('key', progress.hint ? `${key} again: close this panel` : `${key}: hint`);
		// A nudge with a long explanation (AUTH's 501) is cut after a word on its second row: the key to the hint stays.
		const hint = hintOf(progress);
		const said = progress.hint && hint ? wrap('hint', hintText(hint.said, hint.lines)).map(row => ({...row, text: row.text.replaceAll(UNBROKEN_SPACE, ' ')})) : progress.nudge ? collapsedExplanation(withGlyphs(progress.nudge), width, 2).map(text => ({kind: 'nudge' as const, text})) : [];
		tail = [...said.slice(0, BODY_ROWS - own.length), ...own];
	}
	// Short of rows, the instructions give way from their end, a line at a time (one stays): the last rows say what to
	// do now. At the end, what was learnt keeps its rows beside the way on: nothing else is said then.
	const shown = tail.slice(0, BODY_ROWS);
	return [...rows, ...wholeLines(body, current ? Math.max(1, BODY_ROWS - shown.length) : BODY_ROWS), ...shown];
}

export function LessonPanel({rows, width}: {rows: readonly LessonRow[]; width: number}) {
	const theme = useTheme();
	const style = (kind: RowKind) => {
		if (kind === 'title') return {bold: true, color: theme.accent};
		if (kind === 'nudge') return {color: theme.warning};
		if (kind === 'hint') return {bold: true, color: theme.sent};
		if (kind === 'key') return secondary(theme);
		return {};
	};
	return (
		<Box flexDirection="column" width={width} height={rows.length} overflow="hidden">
			{rows.map((row, index) => (
				<Text key={index} wrap="truncate-end" {...style(row.kind)}>
					{row.text}
				</Text>
			))}
		</Box>
	);
}
