import {describe, expect, it} from 'vitest';
import {PROXY_REFUSED, ProxyRefusal} from '../../source/session/proxy-refusal.js';
import {ReplyParser} from '../../source/smtp/reply-parser.js';
import type {Reply} from '../../source/smtp/types.js';

const reply = (line: string): Reply => new ReplyParser().push(Buffer.from(`${line}\r\n`))[0]!;

describe('a server that reads the PROXY header as a command', () => {
	it("Postfix's 500 after its greeting: said once, on the first reply after the greeting", () => {
		const watch = new ProxyRefusal();
		watch.connected(true);
		expect(watch.reply(reply('220 mx.example.test ESMTP'), 'greeting')).toBeUndefined();
		expect(watch.reply(reply('500 5.5.2 Error: command not recognized'), undefined)).toBe(PROXY_REFUSED);
		expect(watch.refused).toBe(true);
		expect(watch.reply(reply('500 5.5.2 Error: bad syntax'), undefined)).toBeUndefined();
	});

	it("Exim's refusal of talk before its banner, in place of the greeting", () => {
		const watch = new ProxyRefusal();
		watch.connected(true);
		expect(watch.reply(reply('554 SMTP synchronization error'), 'greeting')).toBe(PROXY_REFUSED);
	});

	it('not for a server that answered the header well, nor without a header, nor a 554 greeting of another kind', () => {
		const watch = new ProxyRefusal();
		watch.connected(true);
		watch.reply(reply('220 ready'), 'greeting');
		expect(watch.reply(reply('250 mx.example.test'), 'ehlo')).toBeUndefined();
		// Past the first reply, a 500 is about the command it answers.
		expect(watch.reply(reply('500 5.5.2 Error: command not recognized'), 'mail')).toBeUndefined();
		watch.connected(false);
		expect(watch.reply(reply('500 5.5.2 Error: command not recognized'), undefined)).toBeUndefined();
		expect(watch.refused).toBe(false);
		watch.connected(true);
		expect(watch.reply(reply('554 5.7.1 your address is listed at zen.spamhaus.org'), 'greeting')).toBeUndefined();
	});
});
