// Manual mode after AUTH: the command line's hint says what is true, and masks only what may be a credential.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {commandLineReducer, commandLineValue, createCommandLine} from '../../source/ui/components/command-line-state.js';
import {ManualCommandLine} from '../../source/ui/components/manual-command-line.js';
import {plain} from '../helpers/wait-for.js';
import {sandboxApp, sentLines, typeCommands} from './wired-app.js';

const typed = (text: string) => commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text}});
const draw = (element: React.ReactElement) => plain(render(element).lastFrame());
/** The command line's hint: the row under the typed line. */
const hintRow = (frame: string) => {
	const rows = frame.split('\n');
	return rows[rows.findIndex(row => row.includes(' C: ')) + 1] ?? '';
};

describe('an initial response masked, then the line edited', () => {
	const edit = (state: ReturnType<typeof typed>, ...actions: Parameters<typeof commandLineReducer>[1][]) => actions.reduce(commandLineReducer, state);
	const shown = (state: ReturnType<typeof typed>) => /C: (.*)/.exec(draw(<ManualCommandLine state={state} focused width={100} />))![1]!.trimEnd();

	it('stays masked when AUTH is deleted in front of it (Home, Delete ×5), as in talk, until the line is cleared', () => {
		const masked = typed('AUTH PLAIN AGRlbW8AZGVtbw==');
		expect(shown(masked)).toContain('AUTH PLAIN ****************');
		const deleteRight = {type: 'edit', action: {type: 'deleteRight'}} as const;
		const edited = edit(masked, {type: 'edit', action: {type: 'home'}}, deleteRight, deleteRight, deleteRight, deleteRight, deleteRight);
		expect(commandLineValue(edited)).toBe('PLAIN AGRlbW8AZGVtbw==');
		expect(shown(edited)).toContain('PLAIN ****************');
		expect(shown(edited)).not.toContain('AGRlbW8');
		// Text typed in front moves the masked part along; Ctrl+Z's way back keeps it masked too.
		const retyped = edit(edited, {type: 'edit', action: {type: 'insert', text: 'X'}});
		expect(shown(retyped)).toContain('XPLAIN ****************');
		expect(shown(edit(retyped, {type: 'undo'}))).toContain('PLAIN ****************');
		// Cleared (End, then Ctrl+U), a new line is shown as typed.
		const cleared = edit(edited, {type: 'edit', action: {type: 'end'}}, {type: 'edit', action: {type: 'deleteToStart'}}, {type: 'edit', action: {type: 'insert', text: 'NOOP'}});
		expect(shown(cleared)).toContain('NOOP');
		// Typing a mechanism is not a secret: "AUTH PLAI" taken back from "AUTH PLAIN " shows in clear.
		expect(shown(edit(typed('AUTH PLAIN '), {type: 'edit', action: {type: 'deleteLeft'}}, {type: 'edit', action: {type: 'deleteLeft'}}))).toContain('AUTH PLAI');
	});
});

describe('the command line behind an AUTH that did not log in', () => {
	it('says so, masks a line that is no command, and shows one that starts with a verb and a space', () => {
		const secret = draw(<ManualCommandLine state={typed('czNjcjN0')} focused width={100} authRefused />);
		expect(secret).toContain('▸ C: ********');
		expect(secret).toContain('AUTH did not log in: a line that is not a command is taken as a credential (shown as *)');
		expect(secret).not.toContain('334');
		for (const line of ['MAIL FROM:<you@example.test>', 'rcpt TO:<a@example.test>', 'EHLO me', ' QUIT now']) {
			expect(draw(<ManualCommandLine state={typed(line)} focused width={100} authRefused />)).toContain(`C: ${line}`);
		}
		// The word alone may still become a password ("mailbox1"): masked until the space.
		expect(draw(<ManualCommandLine state={typed('MAIL')} focused width={100} authRefused />)).toContain('C: ****');
		// AUTH with an initial response keeps its own rule.
		expect(draw(<ManualCommandLine state={typed('AUTH PLAIN AGRlbW8AZGVtbw==')} focused width={100} authRefused />)).toContain('C: AUTH PLAIN ****************');
		// While a 334 challenge is open, every line answers it: all masked.
		expect(draw(<ManualCommandLine state={typed('MAIL FROM:<x@example.test>')} focused width={100} authAnswer />)).toContain('C: **************************');
	});

	it('after 535 (334s answered), the next command is shown as typed and the hint is the usual one', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO student', 'AUTH LOGIN', 'ZGVtbw==', 'bm9wZQ==']);
		expect(app.controller.getSnapshot().session.log.filter(entry => entry.reply).at(-1)?.reply?.code).toBe(535);
		await app.press('MAIL FROM:<you@example.test>');
		const frame = await app.frame(f => f.includes('C: MAIL FROM:<you@example.test>'));
		// The usual hint: what to type next, no word of credentials.
		expect(hintRow(frame)).toContain('Ctrl+Y: show all');
		expect(hintRow(frame)).not.toContain('credential');
		await app.press('\r');
		await app.frame(() => sentLines(app.controller).at(-1) === 'MAIL FROM:<you@example.test>');
	});

	it('after "*" (501), the same', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO student', 'AUTH LOGIN', '*']);
		await app.press('NOOP please');
		const frame = await app.frame(f => f.includes('C: NOOP please'));
		// The usual hint: what to type next, no word of credentials.
		expect(hintRow(frame)).toContain('Ctrl+Y: show all');
		expect(hintRow(frame)).not.toContain('credential');
	});

	it('after 503 (no challenge came), a typed command shows in clear while a credential stays masked', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {security: 'none', user: ''}});
		await typeCommands(app, ['EHLO student', 'AUTH PLAIN AGRlbW8AZGVtbw==', 'AUTH LOGIN']);
		await app.press('czNjcjN0');
		await app.frame(f => f.includes('C: ********'));
		expect(app.controller.getSnapshot()).toMatchObject({authAnswer: false, authRefused: true});
		await app.press('\u0015', 'MAIL FROM:<you@example.test>');
		await app.frame(f => f.includes('C: MAIL FROM:<you@example.test>'));
	});
});
