// Step mode's hold on a double Enter (STEP_LINE_SETTLE_MS), as a presenter met it at 80x24 against the sandbox:
// the press the footer asks for sends, lines asked for with another key are not held, and no stale word stays.
import {describe, expect, it} from 'vitest';
import {STEP_ENTER_GRACE_MS, STEP_HELD_AGAIN_MS} from '../../source/ui/hooks/use-dashboard-keys.js';
import {settled} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, sentLines} from './wired-app.js';

/** Longer than any test takes to press: only the rules under test let an Enter through early. */
const SETTLE_MS = 5000;
const pause = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Step mode at 80x24, presenter on, against the sandbox without TLS or a login; EHLO sent, MAIL on offer. */
async function atMail() {
	const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 24}, stepLineSettleMs: SETTLE_MS});
	await app.press(KEYS.ctrl('s'));
	await app.frame(f => /about to send: EHLO client\.test/.test(f));
	// Asked for with Ctrl+S, EHLO is no reply to an Enter: sent at once.
	await app.press(KEYS.enter);
	await app.frame(f => /about to send: MAIL FROM/.test(f));
	return app;
}

/** The same inside STARTTLS and logged in (the sandbox's defaults): the footer's state is wider, " connected TLS ". */
async function atMailInTls(presenter: boolean) {
	const app = await sandboxApp({init: {mode: 'step', presenter}, size: {columns: 80, rows: 24}, stepLineSettleMs: SETTLE_MS});
	await app.press(KEYS.ctrl('s'));
	await app.frame(f => /about to send: EHLO client\.test/.test(f));
	await app.press(KEYS.enter);
	// Each line after comes with the reply to an Enter: the first press is held, the one the footer asks for sends.
	for (const next of [/about to send: EHLO/, /about to send: AUTH/, /about to send: MAIL FROM/]) {
		await app.frame(f => /about to send: STARTTLS|about to send: EHLO|about to send: AUTH/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /Enter held/.test(f));
		await pause(STEP_HELD_AGAIN_MS + 50);
		await app.press(KEYS.enter);
		await app.frame(f => next.test(f) && !/Enter held/.test(f));
	}
	return app;
}

/** The screen row a text is on. */
const rowOf = (frame: string, pattern: RegExp) => frame.split('\n').findIndex(row => pattern.test(row));

describe('step mode: an Enter held right after a line appeared', () => {
	it('sends at the press the footer asked for; the presses of one burst stay held; the panels do not move', async () => {
		const app = await atMail();
		const before = app.instance.lastFrame()!;
		// The second and third presses of a burst, landing on the line the sandbox's quick reply just brought.
		await app.press(KEYS.enter, KEYS.enter);
		const held = await app.frame(f => /Enter held: Enter again sends it/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test']);
		// Said where it takes no row of its own (the prompt's row of keys): the panels and the prompt stay where they were.
		expect(rowOf(held, /about to send: MAIL FROM/)).toBe(rowOf(before, /about to send: MAIL FROM/));
		expect(rowOf(held, /Protocol Log/)).toBe(rowOf(before, /Protocol Log/));
		await pause(STEP_HELD_AGAIN_MS + 50);
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f) && !/Enter held/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test', expect.stringMatching(/^MAIL FROM:<you@example\.test>/)]);
	});

	for (const presenter of [true, false]) {
		it(`inside TLS too, the held Enter's words sit beside the mode at 80x24 (presenter ${presenter ? 'on' : 'off'})`, async () => {
			const app = await atMailInTls(presenter);
			const before = app.instance.lastFrame()!;
			await app.press(KEYS.enter);
			const held = await app.frame(f => /Enter held/.test(f));
			// In the prompt's own row, below the line it is about; the footer keeps its one row.
			expect(rowOf(held, /Enter held: Enter again sends it/)).toBe(rowOf(held, /about to send: MAIL FROM/) + 1);
			expect(held.split('\n').at(-1)).toMatch(/^ STEP {2}✔ connected TLS /);
			expect(rowOf(held, /about to send: MAIL FROM/)).toBe(rowOf(before, /about to send: MAIL FROM/));
			expect(rowOf(held, /Message/)).toBe(rowOf(before, /Message/));
		});
	}

	it('does not hold a line asked for with a key: MAIL after Esc then Ctrl+S, QUIT after Ctrl+X', async () => {
		const app = await atMail();
		await app.press(KEYS.escape);
		await app.frame(f => /stopped here/.test(f) && !/about to send/.test(f));
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f));
		await app.press(KEYS.escape);
		await app.frame(f => /stopped here/.test(f) && !/about to send/.test(f));
		await app.press(KEYS.ctrl('x'));
		await app.frame(f => /about to send: QUIT/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /disconnected/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test', expect.stringMatching(/^MAIL FROM/), 'QUIT']);
	});
});

/** Step mode stopped with Esc at the EHLO prompt, then an Enter: held back, as the prompt it was meant for is gone. */
async function enterAfterStop() {
	const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
	await app.press(KEYS.ctrl('s'));
	await app.frame(f => /about to send: EHLO client\.test/.test(f));
	await app.press(KEYS.escape);
	await app.frame(f => /stopped by the user/.test(f) && !/about to send/.test(f));
	await app.press(KEYS.enter);
	return app;
}

describe('step mode: an Enter held back after the prompt went', () => {
	it('"Enter held back" goes once a later Enter acted', async () => {
		const app = await enterAfterStop();
		await app.frame(f => /Enter held back: the step prompt is gone/.test(f) && /▸ From/.test(f));
		await pause(STEP_ENTER_GRACE_MS + 100);
		await app.press(KEYS.enter);
		await app.frame(f => /▸ To/.test(f) && !/Enter held back/.test(f));
	});

	it('"Enter held back" goes by itself once the hold is over, with no key pressed', async () => {
		const app = await enterAfterStop();
		await app.frame(f => /Enter held back: the step prompt is gone/.test(f));
		await pause(STEP_ENTER_GRACE_MS / 2);
		// Held back again: the hold, and the word about it, last a whole rest from this press.
		await app.press(KEYS.enter);
		await pause(STEP_ENTER_GRACE_MS - 200);
		expect(app.instance.lastFrame()).toMatch(/Enter held back/);
		await pause(400);
		await settled(() => expect(app.instance.lastFrame()).not.toMatch(/Enter held back/));
		expect(app.instance.lastFrame()).toMatch(/▸ From/);
	});
});
