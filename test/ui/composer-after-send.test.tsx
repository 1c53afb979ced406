// What the composer's footer and preview say stays true: after Ctrl+S with the preview open it says the preview
// now shows the next message; a hint about the composer's content goes once the content changes.
import {describe, expect, it} from 'vitest';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {plain} from '../helpers/wait-for.js';
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
		// The next message's bytes and the note over them can land in different frames: wait for both.
		const after = await app.frame(f => /Inbox \(1\)/.test(f) && messageId(f) !== undefined && messageId(f) !== messageId(before) && composerText(f).includes('the next message'));
		// Above the counts, whole (wrapped in the ~40 columns of the composer).
		expect(composerText(after)).toMatch(/▸ sent; shown now: the next message, with a new Message-ID and Date DATA: \d+ lines/);
		// The sent one is in the inbox with the Message-ID the preview showed before.
		expect(app.sandbox.mailbox.get(app.sandbox.mailbox.list()[0]!.id)!.raw.toString()).toContain(`Message-ID: <${messageId(before)}`);
		await app.press(KEYS.ctrl('p'), KEYS.ctrl('p'));
		const reopened = await app.frame(f => /DATA: \d+ lines/.test(f));
		expect(reopened).not.toContain('the next message');
	});
});

describe('the preview never shows bytes that Ctrl+S would not send now', () => {
	/** The frames drawn since `from` (an index into the instance's frames), as a user reads them. */
	const framesSince = (app: {instance: {frames: string[]}}, from: number) => app.instance.frames.slice(from).map(plain);

	it('opened again after an edit: "building the preview…", never the message as it was', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns: 160, rows: 50}});
		await app.press(KEYS.ctrl('p'));
		const first = await app.frame(f => messageId(f) !== undefined && /Subject: Hello from smtp-tui/.test(f));
		await app.press(KEYS.escape, KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.end, ' NEWSUBJ');
		await app.frame(f => /Subject +Hello from smtp-tui NEWSUBJ/.test(f));
		const reopened = app.instance.frames.length;
		await app.press(KEYS.ctrl('p'));
		await app.frame(f => /Subject: Hello from smtp-tui NEWSUBJ/.test(f) && /DATA: \d+ lines/.test(f));
		const frames = framesSince(app, reopened);
		// Neither the old subject nor the old Message-ID (the preview opened again makes a new one, as Ctrl+S sends).
		expect(frames.filter(f => /Subject: Hello from smtp-tui(?! NEWSUBJ)/.test(f) || f.includes(`<${messageId(first)}`))).toEqual([]);
		expect(frames.some(f => f.includes('building the preview'))).toBe(true);
	});

	it('after a send while it is open: the next message once built, never the sent one under "the next message"', async () => {
		const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns: 160, rows: 50}});
		await app.press(KEYS.ctrl('p'));
		const before = await app.frame(f => messageId(f) !== undefined && /DATA: \d+ lines/.test(f));
		const sending = app.instance.frames.length;
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /Inbox \(1\)/.test(f) && messageId(f) !== undefined && messageId(f) !== messageId(before));
		expect(framesSince(app, sending).filter(f => f.includes('the next message') && messageId(f) === messageId(before))).toEqual([]);
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
