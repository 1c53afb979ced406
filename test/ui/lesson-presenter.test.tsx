// A lesson with --presenter: the lesson panel is the guide, so presenter mode's next-step line under the rail is quiet
// while it is open (it said "STARTTLS next" beside lesson 1's MAIL task), as the footer's is; closed, it speaks again.
// The rail's caption names the step the lesson's task does: STARTTLS and AUTH are left out but in the TLS lesson.
import {describe, expect, it} from 'vitest';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, typeCommands} from './wired-app.js';

describe('a lesson in presenter mode', () => {
	it('leaves the advice to the lesson panel while it is open', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}, lesson: 0});
		let frame = plain(await app.frame(f => f.includes('task 1 of 9')));
		expect(frame).toContain('READY: nothing sent yet');
		expect(frame).not.toMatch(/^(now|next): /m);
		await typeCommands(app, ['', 'EHLO client.example.test']);
		frame = plain(await app.frame(f => f.includes('task 3 of 9')));
		expect(frame).toContain('MAIL FROM names the sender');
		expect(frame).not.toMatch(/^(now|next): /m);
		// Ctrl+L shows the hint, again closes the panel: the next-step line is the guide once more.
		await app.press(KEYS.ctrl('l'));
		await app.frame(f => f.includes('hint: MAIL FROM'));
		await app.press(KEYS.ctrl('l'));
		frame = plain(await app.frame(f => !f.includes('task 3 of 9')));
		expect(frame).toMatch(/^now: /m);
	});

	it("names on the rail's caption the step the lesson's task does, against the sandbox as --lesson opens it", async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, size: {columns: 100, rows: 30}, lesson: 0});
		await typeCommands(app, ['', 'EHLO client.example.test']);
		const frame = plain(await app.frame(f => f.includes('task 3 of 9')));
		expect(frame.split('\n')[1]).toMatch(/^NEXT STEP 6\/11 MAIL: /);
		expect(frame).toContain('MAIL FROM names the sender');
	});

	it('keeps STARTTLS next in the TLS lesson', async () => {
		const app = await sandboxApp({init: {mode: 'manual', presenter: true}, size: {columns: 100, rows: 30}, lesson: 2});
		await typeCommands(app, ['EHLO client.example.test']);
		const frame = plain(await app.frame(f => /NEXT STEP 4\/11 STARTTLS/.test(f)));
		expect(frame).toContain('STARTTLS: after its 220');
	});
});
