// The Markdown handout gives XCLIENT and the new greeting that answers it a section of their own (the rail counts
// them in EHLO's step), and the EHLO after them opens EHLO's section again.
import {describe, expect, it} from 'vitest';
import {toMarkdown} from '../../source/headless/transcript.js';
import type {LogEntry} from '../../source/session/types.js';

let id = 0;
const at = (fields: Omit<LogEntry, 'id' | 'time'>): LogEntry => ({id: ++id, time: Date.UTC(2025, 0, 2), ...fields});
const ok = (code: number, text: string) => ({code, lines: [text], raw: [`${code} ${text}`]});

describe('the Markdown transcript of a session with XCLIENT', () => {
	it('has an XCLIENT section between the two EHLO sections', () => {
		const markdown = toMarkdown(
			[
				at({kind: 'received', text: '220 mx ESMTP', step: 'greeting', reply: ok(220, 'mx ESMTP')}),
				at({kind: 'sent', text: 'EHLO laptop', step: 'ehlo'}),
				at({kind: 'received', text: '250 XCLIENT ADDR', step: 'ehlo', reply: ok(250, 'XCLIENT ADDR')}),
				at({kind: 'sent', text: 'XCLIENT ADDR=203.0.113.5', step: 'ehlo'}),
				at({kind: 'received', text: '220 mx ESMTP', step: 'ehlo', reply: ok(220, 'mx ESMTP'), explanation: 'XCLIENT accepted'}),
				at({kind: 'sent', text: 'EHLO laptop', step: 'ehlo'}),
				at({kind: 'received', text: '250 mx', step: 'ehlo', reply: ok(250, 'mx')}),
			],
			{host: 'mx', port: 25, date: new Date(Date.UTC(2025, 0, 2))},
		);
		expect(markdown.match(/^## .*$/gm)).toEqual(['## 1. Greeting: the server speaks first', '## 2. EHLO: introduce ourselves', '## 3. XCLIENT: speak as another client (Postfix)', '## 4. EHLO: introduce ourselves']);
		expect(markdown).toContain('```text\n -> XCLIENT ADDR=203.0.113.5\n<-  220 mx ESMTP\n```\n\n220: XCLIENT accepted');
	});
});
