// Format characters (Unicode's Cf) from the network never reach the screen raw: the dashboard's log drawing a server's
// reply, and the inbox drawing a message's subject (the list, the headers, text and raw views) and serve's log line.
// A raw server on loopback, and real mail sent over SMTP by nodemailer.
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {running, startInbox} from './inbox-screen.js';
import {afterTest, startApp} from './wired-app.js';
import {startRawServer} from '../helpers/raw-server.js';

/** One of each of the blocks that reached the screen raw before (deprecated format characters, hieroglyph and shorthand controls, musical symbols), and some that did not. */
const FORMAT = '\u206a\u206f\u{13430}\u{1bca0}\u{1d173}\u0600\u202e\u200b\u{e0041}';
/** A format character or a separator, other than the joiners (which hold emoji together). */
const raw = (frame: string) => [...frame].filter(character => /[\p{Cf}\u2028\u2029]/u.test(character) && !/[\u200c\u200d]/.test(character));

describe('format characters on screen', () => {
	it("the dashboard's log: a server's greeting and EHLO reply", async () => {
		const server = await startRawServer(async peer => {
			peer.write(`220 mx.test ready ${FORMAT}\r\n`);
			if (!(await peer.readLine())?.startsWith('EHLO')) return;
			peer.write(`250-mx.test hello ${FORMAT}\r\n250 8BITMIME\r\n`);
			await peer.readLine();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined);
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => f.includes('mx.test ready') && f.includes('mx.test hello'));
		expect(raw(frame)).toEqual([]);
		expect(frame).toContain('mx.test ready \uFFFD');
	});

	it("the inbox: a subject's, in the list, serve's log line and each view of the message", async () => {
		try {
			const inbox = await startInbox({anyLogin: true});
			await inbox.send(`Order ${FORMAT} 1001`, `text ${FORMAT} body`);
			const listed = await inbox.frame(f => f.includes('1001') && f.includes('accepted message 1'));
			expect(raw(listed)).toEqual([]);
			await inbox.press(KEYS.enter);
			const headers = await inbox.frame(f => f.includes('[headers]') && f.includes('↳ Order'));
			expect(raw(headers)).toEqual([]);
			await inbox.press(KEYS.right);
			const text = await inbox.frame(f => f.includes('[text]') && f.includes('body'));
			expect(raw(text)).toEqual([]);
			await inbox.press(KEYS.right);
			const source = await inbox.frame(f => f.includes('[raw]') && f.includes('Subject:'));
			expect(raw(source)).toEqual([]);
		} finally {
			for (const stop of running.splice(0).reverse()) await stop();
		}
	});
});
