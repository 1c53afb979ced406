// The lines talk reads from a pipe, and the characters it refuses in one.
import {describe, expect, it} from 'vitest';
import {lineRefusal, ScriptLines} from '../../source/headless/talk-lines.js';

function read(chunks: Array<string | Buffer>): string[] {
	const lines = new ScriptLines();
	return [...chunks.flatMap(chunk => lines.add(chunk)), ...lines.end()];
}

describe('ScriptLines', () => {
	it('ends lines at LF, takes CRLF as one ending, keeps a bare CR in the line, and keeps a last line without LF', () => {
		expect(read(['EHLO a\r\nMAIL FROM:<a\rb>\n', '\nQUIT'])).toEqual(['EHLO a', 'MAIL FROM:<a\rb>', '', 'QUIT']);
	});

	it('gives the same lines however the input is cut, a UTF-8 character or a CRLF included', () => {
		const bytes = Buffer.from('Subject: café\r\nbody\n');
		const whole = read([bytes]);
		for (let cut = 1; cut < bytes.length; cut++) expect(read([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
		expect(whole).toEqual(['Subject: café', 'body']);
	});
});

describe('lineRefusal', () => {
	it('names each CR, LF or NUL with its column, and passes a tab or any other text', () => {
		expect(lineRefusal('MAIL FROM:<a\rb>\0')).toBe(
			'the line holds a carriage return (CR) at column 13, a NUL at column 16: SMTP ends every line with CRLF, and a CR, LF or NUL inside a line is not allowed (RFC 5321 §2.3.8)',
		);
		expect(lineRefusal('x\ny')).toContain('a line feed (LF) at column 2');
		expect(lineRefusal('Subject:\tcafé')).toBeUndefined();
	});
});
