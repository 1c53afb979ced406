// The composer's Body as choice: text, or HTML (multipart/alternative, its text part made from the HTML), shown in
// the preview's bytes, sent so, kept in the draft, undone with Ctrl+Z; it lives in the body's rule, so at 80x24 the
// body keeps its rows.
import React from 'react';
import {render} from 'ink-testing-library';
import {simpleParser} from 'mailparser';
import {describe, expect, it, vi} from 'vitest';
import {Composer} from '../../source/ui/components/composer.js';
import {createComposer} from '../../source/ui/components/composer-form.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {sandboxApp} from './wired-app.js';

const HTML = '<p>Hello <a href="https://example.com/start">start here</a></p>';
const ruleOf = (frame: string) => frame.split('\n').find(row => /── .*(body|Body as)/.test(row));

describe('the composer: Body as', () => {
	it('is the rule above the body: at 80x24 the sample still shows whole; Right makes it HTML; the preview and the message sent follow', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}, init: {draft: {...SAMPLE_DRAFT, body: HTML}}});
		const start = await app.frame(f => f.includes('▸ From'));
		expect(ruleOf(start)).toMatch(/║ ── body: 1 line ─+ ║/);
		// From, then To, Cc, Bcc, Subject, Attach: the sixth Down is Body as, in the rule.
		await app.press(...Array.from({length: 6}, () => KEYS.down));
		const focused = await app.frame(f => /▸ Body as/.test(f));
		expect(ruleOf(focused)).toMatch(/║ ── ▸ Body as \[text\] HTML ─+ ║/);
		await app.press(KEYS.right);
		const html = await app.frame(f => /▸ Body as text \[HTML\]/.test(f));
		expect(ruleOf(html)).toMatch(/║ ── ▸ Body as text \[HTML\] ─+ ║/);
		await app.press(KEYS.down);
		expect(ruleOf(await app.frame(f => /▸ HTML body/.test(f)))).toMatch(/║ ── ▸ HTML body: 1 line ─+ ║/);

		await app.press(KEYS.ctrl('p'));
		const preview = await app.frame(f => /DATA: \d+ lines/.test(f) && f.includes('multipart/alternat'));
		expect(preview).toContain('Content-Type: multipart/alternat');
		await app.press(KEYS.escape, KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f));
		const raw = app.sandbox.mailbox.get(app.sandbox.mailbox.list()[0]!.id)!.raw;
		expect(raw.toString()).toMatch(/Content-Type: text\/plain; charset=utf-8[\s\S]*Content-Type: text\/html; charset=utf-8/);
		const parsed = await simpleParser(raw);
		expect(parsed.html).toBe(HTML);
		expect(parsed.text).toBe('Hello start here [https://example.com/start]');
	});

	it('is kept in the draft, and undone with Ctrl+Z', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, init: {draft: {...SAMPLE_DRAFT, body: HTML}}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(...Array.from({length: 6}, () => KEYS.down), KEYS.right);
		await app.frame(f => /▸ Body as text \[HTML\]/.test(f));
		// Saved once React has run the draft's effect, which may come ticks after the frame.
		const saved = async () => {
			await app.drafts.flush();
			return app.drafts.load();
		};
		await vi.waitFor(async () => expect(await saved()).toMatchObject({body: HTML, html: true}));
		await app.press(KEYS.ctrl('z'));
		await app.frame(f => /▸ Body as \[text\] HTML/.test(f));
		await vi.waitFor(async () => expect((await saved())?.html).toBeUndefined());
	});

	it('is said by the rule while another panel has the focus: "HTML body", and takes no row of its own', () => {
		const frame = (html: boolean) => plain(render(<Composer form={createComposer({...SAMPLE_DRAFT, html})} focused={false} width={40} height={14} />).lastFrame());
		expect(ruleOf(frame(false))).toMatch(/^── body: 6 lines ─+$/);
		expect(ruleOf(frame(true))).toMatch(/^── HTML body: 6 lines ─+$/);
		expect(frame(true)).not.toContain('Body as');
		expect(frame(true)).toContain('Ctrl+G lists every key.');
	});

	it('draws the focused rule exactly as wide as the composer (34 columns at 80x24), cut where it cannot fit', () => {
		const form = createComposer({...SAMPLE_DRAFT, html: true});
		const atBodyAs = {...form, active: form.fields.findIndex(field => field.id === 'bodyAs')};
		const ruleAt = (width: number) => ruleOf(plain(render(<Composer form={atBodyAs} focused width={width} height={14} />).lastFrame()))!;
		for (const width of [80, 34, 26]) {
			expect(ruleAt(width), `${width}`).toMatch(/^── ▸ Body as text \[HTML\] ─+$/);
			expect(ruleAt(width).length, `${width}`).toBe(width);
		}
		expect(ruleAt(20)).toBe('── ▸ Body as text […');
	});

	it('refuses an empty HTML body on Ctrl+S, marking the body', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, init: {draft: {...SAMPLE_DRAFT, body: '', html: true}}});
		await app.frame(f => f.includes('▸ From'));
		await app.press(KEYS.ctrl('s'));
		// The error under the fields, the focus on the body it names.
		const refused = await app.frame(f => f.includes('the HTML is empty'));
		expect(refused).toContain('✖ the HTML is empty; give the HTML, or send');
		expect(refused).toContain('── ▸ HTML body: 1 line');
		expect(app.sandbox.mailbox.list()).toEqual([]);
	});
});
