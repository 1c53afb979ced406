// `smtp-tui --lmtp` (dist/cli.js) in a real pseudo-terminal: the built-in sandbox speaks LMTP, Ctrl+S sends the sample
// message, the step rail shows LHLO and queued, and the inbox holds the message.
import {describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();

describe('smtp-tui --lmtp in a pseudo-terminal', () => {
	test('Ctrl+S: the rail shows LHLO and queued, the log LMTP\'s reply for the recipient, the inbox the message', async () => {
		const session = open({args: ['--lmtp']});
		const first = await untilKeysWork(session);
		expect(first).toContain('LMTP (--lmtp)');
		session.press(KEY.ctrl('s'));
		const screen = await session.waitFor(text => text.includes('✔ queued') && text.includes('Inbox (1)'), 15_000, 'the message queued and in the inbox');
		const rail = screen.split('\n')[0]!;
		expect(rail).toMatch(/✔ LHLO .*✔ queued/);
		expect(rail).not.toContain('EHLO');
		expect(screen).toContain('LMTP, the reply for friend@example.test alone');
		expect(screen).toMatch(/Hello from smtp-tui/);
	});
});
