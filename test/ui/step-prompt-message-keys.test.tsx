// At the step prompt the message is on its way: the keys that change it (Ctrl+N, Ctrl+R, Ctrl+F) do nothing there
// and say why, the footer does not offer them, and no composer field looks as if it took typing.
import {describe, expect, it} from 'vitest';
import {settled, waitForFrame} from '../helpers/wait-for.js';
import {snapshot} from './dashboard-fixtures.js';
import {KEYS, startApp} from './app-harness.js';
import {sandboxApp, sentLines} from './wired-app.js';

const footer = (frame: string) => frame.split('\n').at(-1)!;
const proposed = {command: {verb: 'EHLO', domain: 'vm'} as const, display: 'EHLO vm'};
const preview = {bytes: 'From: you@example.test\r\n\r\nfirst line\r\n.\r\n', counts: {lines: 3, stored: 37, sent: 40, stuffed: 0}};

describe('the step prompt and the keys that change the message', () => {
	it('Ctrl+N, Ctrl+R and Ctrl+F change nothing while the prompt holds the keys; the app is told, to say why', async () => {
		const app = startApp({init: {mode: 'step', draft: {from: 'you@example.test', to: 'friend@example.test', subject: '', body: 'b', headers: ['X-Old: 1']}}, screen: {snapshot: snapshot({proposed}), size: {columns: 140, rows: 30}}});
		const frame = await waitForFrame(app.lastFrame, f => f.includes('about to send: EHLO vm'));
		expect(footer(frame)).not.toMatch(/add header/);
		const before = app.state().composer;
		await app.press(KEYS.ctrl('n'), KEYS.ctrl('r'), KEYS.ctrl('f'));
		expect(app.state().composer).toBe(before);
		expect(app.calls).toEqual(['heldAtStep("composer.addHeader")', 'heldAtStep("composer.removeHeader")', 'heldAtStep("composer.reset")']);
		// While a step waits for its reply too.
		app.update({snapshot: snapshot({busy: true})});
		await waitForFrame(app.lastFrame, f => f.includes('waiting for the server'));
		await app.press(KEYS.ctrl('n'));
		expect(app.state().composer).toBe(before);
		expect(app.calls.at(-1)).toBe('heldAtStep("composer.addHeader")');
	});

	it('Ctrl+P (read-only) still opens the preview there, and no field behind it shows the focus mark', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({proposed}), preview}});
		await waitForFrame(app.lastFrame, f => f.includes('about to send: EHLO vm'));
		await app.press(KEYS.ctrl('p'));
		const frame = await waitForFrame(app.lastFrame, f => f.includes('DATA: 3 lines'));
		// The preview has the fields' rows: the From it shows is the header as sent, with no field (nor its mark) behind it.
		expect(frame).toContain('From: you@example.test');
		expect(frame).not.toContain('From    you@example.test');
		expect(frame).not.toContain('▸ From');
		await app.press(KEYS.ctrl('n'));
		expect(app.state().preview).toBeDefined();
		expect(app.calls).toEqual(['heldAtStep("composer.addHeader")']);
	});

	it('with the help open over a step prompt, the footer offers no Ctrl+S start: the step waits for Enter', async () => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.includes('about to send: EHLO'));
		await app.press(KEYS.ctrl('g'));
		const frame = await app.frame(f => f.includes('[Keys]') && footer(f).includes('Esc close'));
		expect(footer(frame)).not.toContain('Ctrl+S');
		expect(footer(frame)).toContain('Ctrl+C quit');
	});

	it('with the preview open, the reminder of the prompt’s keys says Esc closes the preview first', async () => {
		const app = await sandboxApp({init: {mode: 'step'}});
		// w: a letter no panel takes (z and x say where they work instead of the prompt's keys).
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.includes('about to send: EHLO'));
		await app.press('w');
		await app.frame(f => f.replace(/\s+/g, ' ').includes('step mode: Enter sends the line, e edits it, Esc stops'));
		await app.press(KEYS.ctrl('p'));
		await app.frame(f => f.includes('DATA:'));
		await app.press('w');
		await app.frame(f => f.replace(/\s+/g, ' ').includes('Esc closes the preview, then stops'));
	});

	it('without the prompt, Ctrl+N adds a header as before', async () => {
		const app = startApp();
		await waitForFrame(app.lastFrame, f => f.includes('[Message]'));
		const fields = app.state().composer.fields.length;
		await app.press(KEYS.ctrl('n'));
		await settled(() => expect(app.state().composer.fields.length).toBe(fields + 1));
		expect(app.calls).toEqual([]);
	});
});

describe('the step prompt in the wired dashboard', () => {
	it('says why Ctrl+N waits, and the line sent stays the proposed one', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}, size: {columns: 100, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		const fields = app.instance.lastFrame()!;
		await app.press(KEYS.ctrl('n'));
		await app.frame(f => f.includes('Ctrl+N waits: the message is on its way; change it after this session'));
		expect(app.instance.lastFrame()).not.toMatch(/Header +Name: value/);
		expect(fields).not.toMatch(/Header/);
		await app.press(KEYS.enter);
		await app.frame(() => sentLines(app.controller).includes('EHLO client.test'));
		// The reminder was about the line then on offer: it goes with it.
		await app.frame(f => /about to send: MAIL FROM/.test(f) && !f.includes('Ctrl+N waits'));
	});
});
