// Step and manual mode as a beginner meets them: a refused typo, the mode changed while connected, DATA typed twice.
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {sandboxApp, sentLines} from './wired-app.js';

describe('step mode: an edited line the server refuses', () => {
	it.each(['MAIL FROM:<you@@example.test>', 'mail from: <you@@example.test>'])('%s: refused, the planned MAIL is offered again', async typed => {
		const app = await sandboxApp({init: {mode: 'step', presenter: true}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press('e', KEYS.ctrl('u'), typed);
		await app.frame(f => f.includes(`edit: ${typed}`));
		await app.press(KEYS.enter);
		const failed = await app.frame(f => /← 501/.test(f) && /about to send: MAIL FROM:<you@example\.test>/.test(f));
		expect(failed).toContain('✖ MAIL 501');
		expect(failed).not.toMatch(/not sent/);
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: RCPT TO/.test(f) && /✔ MAIL/.test(f));
		expect(sentLines(app.controller).slice(1, 3)).toEqual([typed, expect.stringMatching(/^MAIL FROM:<you@example\.test>/)]);
	});

	it('an edited RCPT refused: the planned recipient is offered again', async () => {
		const app = await sandboxApp({init: {mode: 'step'}, settings: {security: 'none', user: ''}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: MAIL FROM/.test(f));
		await app.press(KEYS.enter);
		const offered = await app.frame(f => /about to send: RCPT TO:<\S+>/.test(f));
		const planned = /about to send: (RCPT TO:<\S+>)/.exec(offered)![1]!;
		await app.press('e', KEYS.ctrl('u'), 'RCPT TO:<friend@@example.test>');
		await app.frame(f => /edit: RCPT TO:<friend@@/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /← 501/.test(f) && f.includes(`about to send: ${planned}`));
	});
});
