// The lines of a multi-line reply that has not ended are given out as they come ('reply-lines'), each once, whatever
// the chunking, while the reply itself (what the engine acts on) still comes only whole: postscreen's greeting,
// recorded live, "220-" at once and "220 " 6 s later.
import {describe, expect, it} from 'vitest';
import {ReplyParser} from '../../source/smtp/reply-parser.js';
import {SmtpSession} from '../../source/smtp/session.js';
import type {SessionEvent} from '../../source/smtp/session-types.js';
import {loadFixture} from '../helpers/interop-fixture.js';
import {SPLITS, feed, ofType, wire, EHLO} from './session-harness.js';

const postscreen = loadFixture('postfix.txt').get("postscreen's first contact, recorded live")!;
const serverLines = (count: number) => postscreen.flatMap(step => ('server' in step ? [step.server] : [])).slice(0, count);
const [FIRST, LAST] = serverLines(2) as [string, string];

const shown = (events: SessionEvent[]) => ofType(events, 'reply-lines').flatMap(event => event.lines);

describe('reply-lines: an unfinished reply, line by line', () => {
	for (const [name, split] of SPLITS) {
		it(`postscreen's "220-" line comes out before the "220 " line, once, the greeting whole after (${name})`, () => {
			const session = new SmtpSession();
			session.connected();
			const before = feed(session, wire(FIRST), split);
			expect(shown(before)).toEqual([FIRST]);
			expect(ofType(before, 'reply')).toEqual([]);
			expect(session.state).toMatchObject({awaiting: 'greeting', step: 'greeting'});
			const after = feed(session, wire(LAST), split);
			expect(shown(after)).toEqual([]);
			expect(ofType(after, 'reply').map(event => event.reply.raw)).toEqual([[FIRST, LAST]]);
			expect(session.state.greeting?.raw).toEqual([FIRST, LAST]);
		});

		it(`an EHLO reply's lines come out in order, none twice, and the reply is what it is without them (${name})`, () => {
			const ehlo = ['250-mx.test', '250-SIZE 10240000', '250-8BITMIME', '250 SMTPUTF8'];
			const bytes = wire('220 mx.test ESMTP', ...ehlo);
			const watched = new SmtpSession();
			watched.connected();
			watched.command(EHLO);
			const plain = new SmtpSession();
			plain.connected();
			plain.command(EHLO);
			const events = feed(watched, bytes, split);
			const lines = shown(events);
			// Some or all of the first three, in order (one chunk may hold the whole reply, and then none is news).
			expect(ehlo.slice(0, lines.length)).toEqual(lines);
			expect(lines.length).toBeLessThanOrEqual(3);
			const replies = (list: SessionEvent[]) => ofType(list, 'reply').map(event => event.reply);
			expect(replies(events)).toEqual(replies(feed(plain, bytes)));
			expect(watched.state.extensions).toEqual(plain.state.extensions);
		});
	}

	it('says nothing for a one-line reply, or for the start of a line with no end yet', () => {
		const session = new SmtpSession();
		session.connected();
		expect(shown(feed(session, Buffer.from('220-mx.te')))).toEqual([]);
		expect(shown(feed(session, Buffer.from('st wait\r\n220 mx.test\r\n')))).toEqual([]);
		expect(session.state.greeting?.raw).toEqual(['220-mx.test wait', '220 mx.test']);
	});

	it('the parser hands each pending line out once, and starts again with the next reply', () => {
		const parser = new ReplyParser();
		parser.push(wire('250-a', '250-b'));
		expect(parser.takeNewLines()).toEqual(['250-a', '250-b']);
		expect(parser.takeNewLines()).toEqual([]);
		parser.push(wire('250-c'));
		expect(parser.takeNewLines()).toEqual(['250-c']);
		expect(parser.push(wire('250 d', '354-e'))).toHaveLength(1);
		expect(parser.takeNewLines()).toEqual(['354-e']);
	});
});
