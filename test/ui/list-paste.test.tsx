// A column pasted unmarked (GNU screen's Ctrl+A ], tmux's paste-buffer without -p) into a list field, where the
// terminal is known to mark its pastes (TERM=screen, tmux-256color): one list, not Enters that scatter it.
import {describe, expect, it} from 'vitest';
import {settled, waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';

const valueOf = (app: ReturnType<typeof startApp>, id: string) => app.state().composer.fields.find(field => field.id === id)!.text.lines.join('\n');

/** The dashboard on a terminal that marks its pastes, with the cursor in an empty To field. */
async function inTo(cc = '') {
	const app = startApp({pastesMarked: true, init: {draft: {from: 'you@example.test', to: '', cc, subject: '', body: ''}}});
	await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
	await app.press(KEYS.down);
	await waitForFrame(app.lastFrame, frame => frame.includes('▸ To'));
	return app;
}

describe('a column pasted unmarked into a list field', () => {
	it('becomes a comma-separated list in To, and says so; Cc and Bcc stay as they were', async () => {
		const app = await inTo('old@example.test');
		await app.press('g@x.test\re@y.test\rf@z.test\r');
		await waitForFrame(app.lastFrame, frame => frame.includes('To: one per line became a list'));
		await settled(() => expect(valueOf(app, 'to')).toBe('g@x.test, e@y.test, f@z.test'));
		await settled(() => expect(valueOf(app, 'cc')).toBe('old@example.test'));
		await settled(() => expect(valueOf(app, 'bcc')).toBe(''));
		await settled(() => expect(app.state().composer.fields[app.state().composer.active]!.id).toBe('to'));
	});

	it('keeps typed-ahead keys one by one: a value and Enter, then the next value, moves to the next field', async () => {
		const app = await inTo();
		await app.press('a@x.test\rc@y.test');
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Cc'));
		await settled(() => expect(valueOf(app, 'to')).toBe('a@x.test'));
		await settled(() => expect(valueOf(app, 'cc')).toBe('c@y.test'));
	});
});

describe('lines pasted unmarked into a single-line field', () => {
	it('join with spaces in Subject, and say so: nothing lands in Attach or the body', async () => {
		const app = startApp({pastesMarked: true, init: {draft: {from: 'you@example.test', to: 'a@x.test', subject: '', attach: '', body: 'body'}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down);
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Subject'));
		await app.press('line A\rline B\rline C');
		await waitForFrame(app.lastFrame, frame => frame.includes('! Subject: no line breaks in this field;'));
		await settled(() => expect(app.state().composer.error).toEqual({field: 'subject', message: 'Subject: no line breaks in this field; replaced by a space', notice: true}));
		await settled(() => expect(valueOf(app, 'subject')).toBe('line A line B line C'));
		await settled(() => expect(valueOf(app, 'attach')).toBe(''));
		await settled(() => expect(valueOf(app, 'body')).toBe('body'));
		await settled(() => expect(app.state().composer.fields[app.state().composer.active]!.id).toBe('subject'));
	});

	it('join with spaces in the connection panel too', async () => {
		const app = startApp({pastesMarked: true, init: {connection: {host: '', port: 25, security: 'none', ehlo: ''}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.shiftTab);
		await app.press('mx.example\rline B\rline C\r');
		await waitForFrame(app.lastFrame, frame => frame.includes('! Host: no line breaks in this field;'));
		const form = app.state().connectionForm;
		expect(form.fields[0]!.text.lines).toEqual(['mx.example line B line C ']);
		expect(form.fields[1]!.text.lines).toEqual(['25']);
		expect(form.active).toBe(0);
		expect(form.error).toEqual({field: 'host', message: 'Host: no line breaks in this field; replaced by a space', notice: true});
	});
});
