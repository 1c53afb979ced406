// The built dashboard (its bundled mailparser, mailsplit and html-to-text) with an HTML-only message an application
// sent to its sandbox: the text view says its text was made from the HTML, the html view shows the source.
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'vitest';
import {cliPath, KEY, ptySessions, tempDir, untilKeysWork} from '../helpers/pty.js';

const open = ptySessions();

const HTML_ONLY = [
	'From: Acme <noreply@acme.test>',
	'To: ann@example.test',
	'Subject: Welcome',
	'MIME-Version: 1.0',
	'Content-Type: text/html; charset=utf-8',
	'',
	'<p>Please <a href="https://acme.test/c">confirm</a>.</p>',
	'',
].join('\r\n');

describe('HTML mail in the built dashboard', () => {
	test('an HTML-only message sent to the sandbox shows its made text, saying so, and its HTML source', async () => {
		const session = open({cols: 100, rows: 30});
		await untilKeysWork(session);
		// The sandbox's port, as its connection panel shows it once it listens.
		const listening = /127\.0\.0\.1:([1-9]\d*)/;
		const port = listening.exec(await session.waitForText(listening))![1]!;
		const file = path.join(tempDir(), 'welcome.eml');
		writeFileSync(file, HTML_ONLY);
		execFileSync(process.execPath, [cliPath, 'send', '--data', `@${file}`, '--server', '127.0.0.1', '--port', port, '--insecure', '--from', 'noreply@acme.test', '--to', 'ann@example.test']);
		await session.waitForText('Inbox (1)');
		session.press(KEY.tab, KEY.tab, KEY.enter);
		await session.waitForText(/\[headers\] +text +html +raw/);
		session.press(KEY.right);
		// The note wraps at the panel's width (52 columns at 100x30).
		await session.waitForText('no text in a text/plain part: this text is made');
		await session.waitForText('Please confirm [https://acme.test/c].');
		session.press(KEY.right);
		await session.waitForText('<p>Please <a href="https://acme.test/c">');
	});
});
