// BDAT (RFC 3030) in the engine: the chunker's octets (CRLF line ends, no dot-stuffing, no final dot, exact counts,
// the last chunk always marked), and the session and planner around it: each chunk answered on its own, the LAST
// one's reply the message's, a refused chunk ending the transaction (RSET before the next), DATA without CHUNKING.
import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {BdatChunker, bdatLine, chunkCount, type BdatChunk} from '../../source/smtp/bdat-chunker.js';
import {nextAction, type SessionPlan} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {explainExtension} from '../../source/smtp/codes.js';
import {clockFor} from '../../source/session/step-clock.js';
import {timeoutsFromSeconds} from '../../source/session/timeouts.js';
import {SPLITS, basePlan, feed, rail, wire} from './session-harness.js';

function chunked(body: string | Buffer, size: number, pieces: (bytes: Buffer) => Uint8Array[] = bytes => [bytes]): BdatChunk[] {
	const chunker = new BdatChunker(size);
	const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
	return [...pieces(bytes).flatMap(piece => chunker.push(piece)), ...chunker.end()];
}

const lines = (chunks: BdatChunk[]) => chunks.map(chunk => bdatLine(chunk));
const joined = (chunks: BdatChunk[]) => Buffer.concat(chunks.map(chunk => chunk.bytes)).toString('utf8');

describe('BdatChunker', () => {
	it('counts octets, not characters: multi-byte UTF-8 is counted byte by byte, and a character may straddle two chunks', () => {
		// "é" is 2 octets, "€" 3: 1 + 2 + 3 + CRLF = 8 octets.
		const chunks = chunked('aé€\n', 5);
		expect(lines(chunks)).toEqual(['BDAT 5', 'BDAT 3 LAST']);
		expect(Buffer.concat(chunks.map(chunk => chunk.bytes))).toEqual(Buffer.from('aé€\r\n'));
	});

	it.each(SPLITS)('line endings become CRLF (bare LF, bare CR, CRLF split across pieces), and no bare CR or LF is left (%s)', (_, split) => {
		const chunks = chunked('one\ntwo\rthree\r\nfour\n', 4, split);
		expect(joined(chunks)).toBe('one\r\ntwo\r\nthree\r\nfour\r\n');
		expect(chunks.slice(0, -1).every(chunk => chunk.bytes.length === 4 && !chunk.last)).toBe(true);
		expect(chunks.at(-1)!.last).toBe(true);
	});

	it('no dot-stuffing and no final dot: a line "." and a line ".." go as they are', () => {
		const chunks = chunked('Subject: x\n\n.\n..\n.end\n', 1000);
		expect(lines(chunks)).toEqual(['BDAT 27 LAST']);
		expect(joined(chunks)).toBe('Subject: x\r\n\r\n.\r\n..\r\n.end\r\n');
	});

	it('an empty message is BDAT 0 LAST; a last line without a line break gets its CRLF', () => {
		expect(lines(chunked('', 10))).toEqual(['BDAT 0 LAST']);
		const chunks = chunked('no break', 100);
		expect(lines(chunks)).toEqual(['BDAT 10 LAST']);
		expect(joined(chunks)).toBe('no break\r\n');
	});

	it('a message of exactly N chunks ends with a full LAST chunk, never an empty one after it', () => {
		expect(lines(chunked('abcdefgh\n', 5))).toEqual(['BDAT 5', 'BDAT 5 LAST']);
		expect(lines(chunked('abc\n', 5))).toEqual(['BDAT 5 LAST']);
		// The CRLF a last line lacks, past a full chunk: that chunk, then the CRLF as LAST.
		expect(lines(chunked('abcde', 5))).toEqual(['BDAT 5', 'BDAT 2 LAST']);
	});

	it('each chunk is memory of its own, of the chunk size: none is a view that keeps the message around it alive', () => {
		// A size every Node would carve from its shared pool (Node 20 up to 4 KiB, Node 24 and 26 up to 32 KiB): a chunk's
		// memory must still be its own. One piece of twelve chunks and a bit: were a chunk a view into what was read, the
		// message read so far would stay alive while it is written.
		const size = 2048;
		const chunks = chunked(`${'x'.repeat(99)}\n`.repeat(250), size);
		expect(lines(chunks)).toEqual([...Array.from({length: 12}, () => 'BDAT 2048'), 'BDAT 674 LAST']);
		for (const chunk of chunks) expect(chunk.bytes.buffer.byteLength).toBe(size);
		expect(new Set(chunks.map(chunk => chunk.bytes.buffer)).size).toBe(chunks.length);
	});

	it('a chunk released once written lends its memory to a later chunk, which still carries its own octets', () => {
		const size = 2048;
		/** A chunk's worth of 64-octet CRLF lines of one letter. */
		const full = (letter: string) => Buffer.from(`${letter.repeat(62)}\r\n`.repeat(size / 64));
		const chunker = new BdatChunker(size);
		const [first] = chunker.push(Buffer.concat([full('a'), Buffer.from('b')]));
		expect(first!.bytes.toString()).toBe(full('a').toString());
		chunker.release(first!);
		expect(chunker.push(full('b').subarray(1))).toEqual([]);
		const [second, third] = chunker.push(Buffer.concat([full('c'), Buffer.from('\r\n')]));
		const [last] = chunker.end();
		// The second was being filled when the first came back: the third is filled in the first's memory.
		expect(third!.bytes.buffer).toBe(first!.bytes.buffer);
		expect(second!.bytes.buffer).not.toBe(first!.bytes.buffer);
		expect([second, third, last].map(chunk => chunk!.bytes.toString())).toEqual([full('b'), full('c'), Buffer.from('\r\n')].map(String));
	});

	it.each(SPLITS)('however the source is read, the chunks are the same (%s)', (_, split) => {
		const body = `${'line of text é\n'.repeat(50)}.\nlast`;
		const whole = chunked(body, 64);
		expect(lines(chunked(body, 64, split))).toEqual(lines(whole));
		expect(joined(chunked(body, 64, split))).toBe(joined(whole));
	});

	it('a line over 998 octets is refused, naming it (BDAT without BINARYMIME carries text)', () => {
		expect(() => chunked(`ok\n${'x'.repeat(999)}\n`, 100)).toThrow(SmtpInputError);
	});

	it('refuses a chunk size out of range', () => {
		expect(() => new BdatChunker(0)).toThrow(RangeError);
		expect(() => new BdatChunker(64 * 1024 * 1024 + 1)).toThrow(RangeError);
		expect(() => new BdatChunker(1.5)).toThrow(RangeError);
		expect(new BdatChunker(1).push(Buffer.from('ab')).map(bdatLine)).toEqual(['BDAT 1']);
		expect(() => new BdatChunker(64 * 1024 * 1024)).not.toThrow();
	});

	it('counts the chunks of a message: one at least (BDAT 0 LAST), a part chunk as one', () => {
		expect([chunkCount(0, 10), chunkCount(10, 10), chunkCount(11, 10), chunkCount(25, 10)]).toEqual([1, 1, 2, 3]);
	});
});

const CHUNKING = ['250-mx.test hello', '250-PIPELINING', '250 CHUNKING'];
const bdatPlan: SessionPlan = {...basePlan, bdat: true};

/** A session greeted (with `extensions`), its MAIL and RCPT accepted (or RCPT answered `rcpt`): the message comes next. */
function atMessage(extensions: string[] = CHUNKING, plan: SessionPlan = bdatPlan, rcpt = '250 2.1.5 ok'): SmtpSession {
	const session = new SmtpSession();
	session.connected();
	feed(session, wire('220 mx.test ESMTP'));
	session.command({verb: 'EHLO', domain: 'client.test'});
	feed(session, wire(...extensions));
	for (const reply of ['250 2.1.0 ok', rcpt]) {
		const action = nextAction(session.state, plan);
		if (action.type !== 'command') throw new Error(`expected a command, got ${action.type}`);
		session.command(action.command);
		feed(session, wire(reply));
	}
	return session;
}

describe('the session and planner with BDAT', () => {
	it.each(SPLITS)('each chunk is answered on its own; the LAST one\'s reply is the message\'s, with its queue id (%s)', (_, split) => {
		const session = atMessage();
		expect(nextAction(session.state, bdatPlan)).toEqual({type: 'bdat'});
		expect(session.bdat(10, false).encoded.bytes.toString()).toBe('BDAT 10\r\n');
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ [message▶] queued· quit·');
		expect(nextAction(session.state, bdatPlan)).toEqual({type: 'wait'});
		feed(session, wire('250 2.0.0 Ok: 10 bytes'), split);
		expect(session.state.transaction.bdat).toEqual({sent: 10, accepted: 1, acceptedOctets: 10});
		// Between chunks nothing is awaited: the rail's message step is still under way; the session is in RCPT's row,
		// whose commands the server takes then (RFC 3030: RSET, NOOP, QUIT), not the message row's none.
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✔] data✔ message▶ queued· quit·');
		expect(session.allowedVerbs()).toContain('RSET');
		expect(session.bdat(4, true).encoded.display).toBe('BDAT 4 LAST');
		expect(session.state.awaiting).toBe('final-dot');
		feed(session, wire('250 2.0.0 Ok: 14 bytes queued as Q1'), split);
		expect(session.state.transaction.reply?.lines).toEqual(['Ok: 14 bytes queued as Q1']);
		expect(session.state.messagesQueued).toBe(1);
		expect(rail(session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·');
		expect(nextAction(session.state, bdatPlan)).toEqual({type: 'done'});
	});

	it('a chunk before the last refused: the transaction fails at DATA (exit 25), says how much was taken, and RSET comes before the next', () => {
		const session = atMessage();
		session.bdat(100, false);
		feed(session, wire('250 ok'));
		session.bdat(100, false);
		feed(session, wire('552 5.3.4 message too big'));
		const action = nextAction(session.state, bdatPlan);
		expect(action).toMatchObject({type: 'fail', stage: 'data'});
		expect(action.type === 'fail' && action.message).toBe(
			'BDAT was refused at chunk 2, after 1 chunk of 100 octets accepted: 552 5.3.4 message too big; the rest of the message was not sent, so nothing was delivered, and the server still holds the transaction (RSET ends it)',
		);
		expect(session.state.transaction.dataReply?.code).toBe(552);
		expect(rail(session.state)).toContain('message✖552');
		expect(session.state.openTransaction).toBe(true);
		session.beginTransaction();
		expect(nextAction(session.state, bdatPlan)).toEqual({type: 'command', command: {verb: 'RSET'}});
	});

	it('stopped between chunks (step mode\'s Esc): RSET goes with no warning, and ends the transaction', () => {
		const session = atMessage();
		session.bdat(10, false);
		feed(session, wire('250 ok'));
		expect(session.command({verb: 'RSET'}).events.filter(event => event.type === 'warning')).toEqual([]);
		feed(session, wire('250 2.0.0 Ok'));
		expect(session.state.openTransaction).toBe(false);
		expect(session.state.step).toBe('mail');
	});

	it('the LAST chunk refused: the message was refused after it went (exit 26), as after the final dot', () => {
		const session = atMessage();
		session.bdat(0, true);
		feed(session, wire('554 5.7.1 rejected by content filter'));
		expect(nextAction(session.state, bdatPlan)).toMatchObject({type: 'fail', stage: 'final-dot'});
	});

	it('no recipient accepted: the failure says the message (BDAT) is not sent, not DATA; without CHUNKING, DATA', () => {
		const refused = (extensions: string[]) => nextAction(atMessage(extensions, bdatPlan, '550 5.1.1 no such user').state, bdatPlan);
		expect(refused(CHUNKING)).toMatchObject({type: 'fail', stage: 'rcpt', message: 'no recipient was accepted: bob@example.test (550 5.1.1 no such user); the message (BDAT) is not sent'});
		expect(refused(['250-mx.test hello', '250 PIPELINING'])).toMatchObject({message: expect.stringMatching(/; DATA is not sent$/)});
	});

	it('CHUNKING in an EHLO reply is explained, with the flag that uses it', () => {
		expect(explainExtension('CHUNKING')).toBe('accepts the message in BDAT chunks instead of DATA (RFC 3030; --bdat sends it so)');
	});

	it('the server does not advertise CHUNKING: DATA goes, as without --bdat', () => {
		const session = atMessage(['250-mx.test hello', '250 PIPELINING']);
		expect(nextAction(session.state, bdatPlan)).toEqual({type: 'command', command: {verb: 'DATA'}});
	});

	it('with --pipeline the group is MAIL and the RCPTs: BDAT goes after their replies, in place of DATA', () => {
		const session = new SmtpSession();
		session.connected();
		feed(session, wire('220 mx.test ESMTP'));
		session.command({verb: 'EHLO', domain: 'client.test'});
		feed(session, wire(...CHUNKING));
		expect(nextAction(session.state, {...bdatPlan, pipeline: true})).toEqual({type: 'group', commands: [{verb: 'MAIL', from: 'alice@example.test'}, {verb: 'RCPT', to: 'bob@example.test'}]});
	});

	it('no reply to a chunk in time: the message step fails, at the DATA stage (exit 25); to BDAT LAST, after the message (26)', () => {
		const chunk = atMessage();
		chunk.bdat(5, false);
		chunk.timedOut('no answer within 1 s');
		expect(chunk.state.failure?.stage).toBe('data');
		expect(rail(chunk.state)).toContain('message✖');
		const last = atMessage();
		last.bdat(5, true);
		last.timedOut('no answer within 1 s');
		expect(last.state.failure?.stage).toBe('final-dot');
	});

	it('the clock for BDAT LAST\'s reply is the final dot\'s (a server may scan the message), and names the line', () => {
		const session = atMessage();
		session.bdat(8, true);
		expect(clockFor(session.state, timeoutsFromSeconds(1), false)).toEqual({ms: 60_000, what: 'the reply to "BDAT 8 LAST"'});
	});

	it('a 354 answering BDAT is out of step: it answers a DATA, not a chunk', () => {
		const session = atMessage();
		session.bdat(5, false);
		feed(session, wire('354 go ahead'));
		expect(session.state.failure?.kind).toBe('out-of-step');
	});
});
