// A column pasted unmarked (GNU screen's Ctrl+A ], tmux's paste-buffer without -p) into a list field, where the
// terminal is known to mark its pastes (TERM=screen, tmux-256color): one list, not Enters that scatter it.
import {describe, expect, it} from 'vitest';
import {waitForFrame} from '../helpers/wait-for.js';
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
		expect(valueOf(app, 'to')).toBe('g@x.test, e@y.test, f@z.test');
		expect(valueOf(app, 'cc')).toBe('old@example.test');
		expect(valueOf(app, 'bcc')).toBe('');
		expect(app.state().composer.fields[app.state().composer.active]!.id).toBe('to');
	});

	it('keeps typed-ahead keys one by one: a value and Enter, then the next value, moves to the next field', async () => {
		const app = await inTo();
		await app.press('a@x.test\rc@y.test');
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Cc'));
		expect(valueOf(app, 'to')).toBe('a@x.test');
		expect(valueOf(app, 'cc')).toBe('c@y.test');
	});
});
