// The DATA preview (Ctrl+P) is left with Esc, as the help and an inbox message are, and the footer offers its keys.
import {describe, expect, it} from 'vitest';
import {waitForFrame} from '../helpers/wait-for.js';
import {snapshot} from './dashboard-fixtures.js';
import {KEYS, startApp} from './app-harness.js';

const footer = (frame: string) => frame.split('\n').at(-1)!;
const preview = {bytes: 'From: you@example.test\r\n\r\nfirst line\r\n.\r\n', counts: {lines: 3, stored: 37, sent: 40, stuffed: 0}};

describe('the DATA preview', () => {
	it('closes with Esc, back to the body editor; the footer offers one way to close it, Esc close, and PgDn scroll', async () => {
		const app = startApp({screen: {preview, size: {columns: 160, rows: 30}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.ctrl('p'));
		const frame = await waitForFrame(app.lastFrame, f => f.includes('DATA: 3 lines'));
		expect(footer(frame)).toContain('Esc close');
		expect(footer(frame).match(/close/g)).toHaveLength(1);
		expect(footer(frame)).toContain('PgDn scroll');
		expect(footer(frame)).not.toContain('Ctrl+P');
		// Its divider names the same key.
		expect(frame).toContain('preview (Esc: back to editing)');
		await app.press(KEYS.escape);
		const closed = await waitForFrame(app.lastFrame, f => !f.includes('DATA: 3 lines'));
		expect(app.state().preview).toBeUndefined();
		expect(closed).toContain('▸ From');
		expect(footer(closed)).toContain('Ctrl+P preview');
		expect(footer(closed)).not.toContain('Esc close');
		// Ctrl+P, not offered while it is open, still closes it.
		await app.press(KEYS.ctrl('p'));
		await waitForFrame(app.lastFrame, f => f.includes('DATA: 3 lines'));
		await app.press(KEYS.ctrl('p'));
		await waitForFrame(app.lastFrame, f => !f.includes('DATA: 3 lines') && app.state().preview === undefined);
	});

	it('at the step prompt, Esc closes the open preview first (footer and prompt say so); the next Esc stops', async () => {
		const proposed = {command: {verb: 'MAIL', from: 'you@example.test'} as const, display: 'MAIL FROM:<you@example.test>'};
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({proposed}), preview, size: {columns: 80, rows: 24}}});
		const prompt = await waitForFrame(app.lastFrame, f => f.includes('about to send: MAIL'));
		expect(prompt).toContain('Esc stop');
		await app.press(KEYS.ctrl('p'));
		const open = await waitForFrame(app.lastFrame, f => f.includes('DATA: 3 lines'));
		expect(footer(open)).toMatch(/^ STEP .*Esc close/);
		expect(open).toContain('Esc close the preview');
		expect(open).not.toContain('Esc stop');
		await app.press(KEYS.escape);
		const closed = await waitForFrame(app.lastFrame, f => !f.includes('DATA: 3 lines'));
		expect(app.calls).toEqual([]);
		expect(closed).toContain('Esc stop');
		await app.press(KEYS.escape);
		expect(app.calls).toEqual(['stopStep']);
	});

	it('at 80x24 takes the header fields\' rows (they are in its bytes), with the "more below" mark; PgDn moves a page', async () => {
		const lines = Array.from({length: 20}, (_, index) => `line ${index + 1}`);
		const bytes = `From: you@example.test\r\nTo: friend@example.test\r\nSubject: Hello\r\n\r\n${lines.join('\r\n')}\r\n.\r\n`;
		const long = {bytes, counts: {lines: 24, stored: bytes.length - 3, sent: bytes.length, stuffed: 0}};
		const app = startApp({screen: {preview: long, size: {columns: 80, rows: 24}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.ctrl('p'));
		const open = await waitForFrame(app.lastFrame, f => f.includes('DATA: 24 lines'));
		// The composer's own fields are gone: the preview's first rows are the headers as sent.
		expect(open).not.toMatch(/║\s+(Cc|Bcc|Attach)\s/);
		expect(open).toContain('Subject: Hello');
		expect(open).toContain('line 1 ');
		const more = /↓ (\d+) more \(Down, PgDn\)/.exec(open);
		expect(more).not.toBeNull();
		await app.press(KEYS.pageDown);
		// A page on: the rows shown before are gone, none was skipped (the first hidden one is now on top).
		const paged = await waitForFrame(app.lastFrame, f => !f.includes('Subject: Hello'));
		const shownBefore = open.split('\n').filter(row => /║ line \d+ /.test(row)).length;
		expect(paged).toContain(`║ line ${shownBefore + 1} `);
		expect(paged).not.toContain(`║ line ${shownBefore} `);
	});

	it('is not offered Esc where no preview is open: the step prompt waiting for a reply', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {snapshot: snapshot({busy: true})}});
		const frame = await waitForFrame(app.lastFrame, f => f.includes('waiting for the server'));
		expect(footer(frame)).not.toContain('Esc close');
	});
});
