import {describe, expect, it} from 'vitest';
import {PROXY_REFUSED, ProxyRefusal, proxyTurnedAway} from '../../source/session/proxy-refusal.js';
import {ReplyParser} from '../../source/smtp/reply-parser.js';
import type {Reply} from '../../source/smtp/types.js';

const V1 = 'PROXY TCP4 203.0.113.5 127.0.0.1 40000 25';

const reply = (line: string): Reply => new ReplyParser().push(Buffer.from(`${line}\r\n`))[0]!;

describe('a server that reads the PROXY header as a command', () => {
	it("Postfix's 500 after its greeting: said once, on the first reply after the greeting", () => {
		const watch = new ProxyRefusal();
		watch.connected(V1);
		expect(watch.reply(reply('220 mx.example.test ESMTP'), 'greeting')).toBeUndefined();
		expect(watch.reply(reply('500 5.5.2 Error: command not recognized'), undefined)).toBe(PROXY_REFUSED);
		expect(watch.refusal).toEqual({kind: 'command', note: PROXY_REFUSED});
		expect(watch.reply(reply('500 5.5.2 Error: bad syntax'), undefined)).toBeUndefined();
	});

	it("Exim's refusal of talk before its banner, in place of the greeting", () => {
		const watch = new ProxyRefusal();
		watch.connected(V1);
		expect(watch.reply(reply('554 SMTP synchronization error'), 'greeting')).toBe(PROXY_REFUSED);
	});

	it('not for a server that answered the header well, nor without a header, nor a 554 greeting of another kind', () => {
		const watch = new ProxyRefusal();
		watch.connected(V1);
		watch.reply(reply('220 ready'), 'greeting');
		expect(watch.reply(reply('250 mx.example.test'), 'ehlo')).toBeUndefined();
		// Past the first reply, a 500 is about the command it answers.
		expect(watch.reply(reply('500 5.5.2 Error: command not recognized'), 'mail')).toBeUndefined();
		watch.connected(undefined);
		expect(watch.reply(reply('500 5.5.2 Error: command not recognized'), undefined)).toBeUndefined();
		expect(watch.refusal).toBeUndefined();
		watch.connected(V1);
		expect(watch.reply(reply('554 5.7.1 your address is listed at zen.spamhaus.org'), 'greeting')).toBeUndefined();
	});

	it("a 421 in place of the greeting, right after the header (Postfix's answer to v1 PROXY UNKNOWN): the header was turned away", () => {
		const watch = new ProxyRefusal();
		watch.connected('PROXY UNKNOWN');
		const note = watch.reply(reply('421 4.3.0 mx.example.test Server local error'), 'greeting');
		expect(note).toBe(proxyTurnedAway('PROXY UNKNOWN'));
		expect(note).toContain("Postfix does not accept v1's PROXY UNKNOWN: try --proxy-version 2, which sends LOCAL");
		expect(watch.refusal).toEqual({kind: 'turned-away', note});
		// Without a header, a 421 greeting is the server's own (busy).
		watch.connected(undefined);
		expect(watch.reply(reply('421 4.3.2 busy'), 'greeting')).toBeUndefined();
		expect(watch.refusal).toBeUndefined();
	});
});
