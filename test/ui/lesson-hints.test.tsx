// Each lesson done by typing only its hints, as the panel shows them (Ctrl+L), in order: every hint's lines work
// typed as shown, from a fresh start, and each task is ticked by what the sandbox answered to them.
import {describe, expect, it} from 'vitest';
import {LESSONS} from '../../source/lesson/lessons.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, typeCommands, type TestApp} from './wired-app.js';

const ENTER = '(Enter on the empty command line)';

/** The keys a hint names in brackets, "(Tab: to the Inbox)": pressed as named. */
const NAMED_KEYS: Record<string, string> = {Tab: KEYS.tab, Esc: KEYS.escape, Up: KEYS.up, Enter: KEYS.enter};

/**
 * Types a hint's lines: "(Enter …)" as an empty line, a key named in brackets as that key, other words in brackets
 * (how the base64 is made) not at all.
 */
async function typeHint(app: TestApp, hint: string): Promise<void> {
	const lines = hint.replace(/^hint: /, '').split(' → ');
	for (const line of lines) {
		const key = /^\((\w+): /.exec(line)?.[1];
		if (key !== undefined && NAMED_KEYS[key] !== undefined) {
			await app.press(NAMED_KEYS[key]);
			continue;
		}
		if (line.startsWith('(') && line !== ENTER) continue;
		const typed = line === ENTER ? '' : line;
		const snapshot = app.controller.getSnapshot();
		if (snapshot.dataMode && typed !== '.') {
			// A message line gets no reply: it is typed once the controller holds it.
			const before = snapshot.bodyLines;
			await app.press(typed, '\r');
			await app.frame(() => app.controller.getSnapshot().bodyLines > before);
		} else await typeCommands(app, [typed]);
	}
}

describe.each(LESSONS.map((lesson, index) => ({index, title: lesson.title, count: lesson.tasks.length})))('lesson $index ($title), typed from its hints', ({index, title, count}) => {
	it('ticks every task, one hint at a time', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {user: ''}, sandbox: {greylistDelayMs: 0}, size: {columns: 100, rows: 30}, lesson: index});
		for (let task = 1; task <= count; task++) {
			await app.frame(f => plain(f).includes(`${title} · task ${task} of ${count}`));
			// On the command line, or in the inbox where lesson 4's last hint leaves the student.
			await app.press(KEYS.ctrl('l'));
			// The hint may wrap: its rows up to the panel's end (the inbox's border, framed twice when focused), joined.
			const frame = plain(await app.frame(f => plain(f).includes('· Ctrl+L: close')));
			const rows = frame.split('\n');
			const start = rows.findIndex(row => row.startsWith('hint: '));
			const hint = rows.slice(start, rows.findIndex((row, index) => index > start && /^[┌╔]/.test(row))).map(row => row.trimEnd()).join(' ');
			await typeHint(app, hint);
			await app.frame(f => plain(f).includes(task === count ? `${title} · done ✔` : `${title} · task ${task + 1} of ${count}`));
		}
		expect(plain(await app.frame(f => plain(f).includes('done ✔')))).toContain(`Lesson ${index + 1} of ${LESSONS.length}: ${title} · done ✔`);
	});
});
