// A choice field's choices (the connection panel's Security and Verify, the composer's Body as): every one with the
// chosen one in brackets, or, too narrow for all, the chosen one between arrows that say Left/Right change it.
import React from 'react';
import {Text} from 'ink';
import {GLYPH, MARK, secondary, useTheme} from '../theme.js';
import type {FormField} from './form-state.js';

type ChoicesProps = {
	field: FormField;
	focused: boolean;
	/** Columns for the choices. */
	room: number;
	/** How a choice shows, where not as its value (`starttls` as STARTTLS). */
	labels?: Readonly<Record<string, string>>;
};

/** The columns the choices take, all of them shown. */
const allWidth = (field: FormField, labels: Readonly<Record<string, string>>) => (field.choices ?? []).map(choice => labels[choice] ?? choice).join(' ').length + 2;

/** The chosen one between arrows, with its place: "← [TLS] → 4/4". */
const arrows = (field: FormField, chosen: string) => [`${GLYPH.previous} `, `[${chosen}]`, ` ${GLYPH.next} ${(field.choice ?? 0) + 1}/${field.choices?.length ?? 0}`] as const;

/** The chosen one between arrows, where all the choices do not fit in `room` and that is narrower; else undefined. */
function arrowsFor(field: FormField, room: number, labels: Readonly<Record<string, string>>) {
	const choice = field.choices?.[field.choice ?? 0] ?? '';
	const shown = arrows(field, labels[choice] ?? choice);
	const all = allWidth(field, labels);
	return all > room && shown.join('').length < all ? shown : undefined;
}

/** The columns Choices takes in `room` (more when nothing fits: the row is then cut). */
export function choicesWidth(field: FormField, room: number, labels: Readonly<Record<string, string>> = {}): number {
	return arrowsFor(field, room, labels)?.join('').length ?? allWidth(field, labels);
}

export function Choices({field, focused, room, labels: shownAs = {}}: ChoicesProps) {
	const theme = useTheme();
	const labels = (field.choices ?? []).map(choice => shownAs[choice] ?? choice);
	const narrow = arrowsFor(field, room, shownAs);
	if (narrow) {
		const [before, shown, after] = narrow;
		return (
			<Text>
				{before}
				<Text inverse={focused} bold>
					{shown}
				</Text>
				{after}
			</Text>
		);
	}
	return (
		<Text>
			{labels.map((label, index) => {
				const isChosen = index === field.choice;
				return (
					<Text key={field.choices![index]}>
						{index > 0 ? ' ' : ''}
						<Text inverse={isChosen && focused} bold={isChosen} {...(!isChosen && secondary(theme))}>
							{isChosen ? `[${label}]` : label}
						</Text>
					</Text>
				);
			})}
		</Text>
	);
}

type ChoiceRowProps = Omit<ChoicesProps, 'room'> & {labelWidth: number; width: number};

/** The field as a form's row: its label, then its choices. */
export function ChoiceRow({field, focused, labelWidth, width, labels}: ChoiceRowProps) {
	const theme = useTheme();
	const head = `${focused ? MARK.active : ' '} ${field.label.padEnd(labelWidth)} `;
	return (
		<Text wrap="truncate-end">
			<Text color={focused ? theme.focusBorder : undefined} bold={focused}>
				{head}
			</Text>
			<Choices field={field} focused={focused} room={width - head.length} labels={labels} />
		</Text>
	);
}
