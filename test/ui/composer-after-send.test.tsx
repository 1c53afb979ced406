// What the composer's footer and preview say stays true: after Ctrl+S with the preview open it says the preview
// now shows the next message; a hint about the composer's content goes once the content changes.
import {describe, expect, it} from 'vitest';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {KEYS} from './app-harness.js';
import {sandboxApp} from './wired-app.js';

/** The focused composer's rows (between its double borders), joined. */
const composerText = (frame: string) =>
	frame
		.split('\n')
		.map(row => /^║(.*?)║/.exec(row)?.[1]?.trim())
		.filter(Boolean)
		.join(' ');
const messageId = (frame: string) => /Message-ID: <([0-9a-f-]{8})/.exec(frame)?.[1];

describe('the preview after a send', () => {
	it('says that it now shows the next message (new Message-ID and Date), until it is closed', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns: 100, rows: 50}});
		await app.press(KEYS.ctrl('p'));
		const before = await app.frame(f => messageId(f) !== undefined && /DATA: \d+ lines/.test(f));
		expect(before).not.toContain('the next message');
		await app.press(KEYS.ctrl('s'));
		const after = await app.frame(f => /Inbox \(1\)/.test(f) && messageId(f) !== undefined && messageId(f) !== messageId(before));
		// Above the counts, whole (wrapped in the ~40 columns of the composer).
		expect(composerText(after)).toMatch(/▸ sent; shown now: the next message, with a new Message-ID and Date DATA: \d+ lines/);
		// The sent one is in the inbox with the Message-ID the preview showed before.
		expect(app.sandbox.mailbox.get(app.sandbox.mailbox.list()[0]!.id)!.raw.toString()).toContain(`Message-ID: <${messageId(before)}`);
		await app.press(KEYS.ctrl('p'), KEYS.ctrl('p'));
		const reopened = await app.frame(f => /DATA: \d+ lines/.test(f));
		expect(reopened).not.toContain('the next message');
	});
});

describe('a footer hint about the composer', () => {
	it('"holds the sample message again" goes when the composer is typed or pasted into', async () => {
		const app = await sandboxApp({sample: true, init: {draft: {...SAMPLE_DRAFT, subject: 'my own subject'}}});
		await app.press(KEYS.ctrl('f'), KEYS.ctrl('f'));
		await app.frame(f => f.includes('the composer holds the sample message again'));
		await app.press('x');
		await app.frame(f => !f.includes('holds the sample message') && f.includes('From    you@example.testx'));
		// A paste too, after the other hint.
		await app.press(KEYS.backspace, KEYS.ctrl('f'));
		await app.frame(f => f.includes('the composer already holds the sample message'));
		await app.press('pasted text');
		await app.frame(f => !f.includes('already holds the sample') && f.includes('you@example.testpasted text'));
	});

	it('a pending Ctrl+F question goes with an edit: the next Ctrl+F asks again instead of replacing', async () => {
		const app = await sandboxApp({sample: true, init: {draft: {...SAMPLE_DRAFT, subject: 'my own subject'}}});
		await app.press(KEYS.ctrl('f'));
		await app.frame(f => f.includes('Ctrl+F again within 3 s: the sample replaces this message'));
		await app.press('!');
		await app.frame(f => !f.includes('Ctrl+F again within 3 s'));
		await app.press(KEYS.ctrl('f'));
		await app.frame(f => f.includes('Ctrl+F again within 3 s'));
		expect(app.instance.lastFrame()).toContain('my own subject');
	});
});
