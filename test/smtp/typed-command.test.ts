// A command about to go, on its own (no session): what goes, what the session follows, and the warnings in order.
import {describe, expect, it} from 'vitest';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import type {Standing} from '../../source/smtp/command-problems.js';
import {emptyExtensions} from '../../source/smtp/extensions.js';
import {typedCommand} from '../../source/smtp/typed-command.js';
import type {Extensions} from '../../source/smtp/types.js';

function standing(extensions?: Extensions): Standing {
	return {secure: false, authenticated: false, usedHelo: false, extensions, transaction: {recipients: [], dataStarted: false, finished: false}, tlsStarted: false};
}

function typed(line: string, step: 'ehlo' | 'mail' | 'auth', extensions?: Extensions, inAuth = false, secret = false) {
	return typedCommand(parseCommandLine(line), {typed: line, secret}, {step, standing: standing(extensions), inAuth});
}

describe('typedCommand', () => {
	it('says the step problem before what the line itself lacks (SMTPUTF8, a parameter not offered)', () => {
		const result = typed('MAIL FROM:<jörg@example.test> SIZE=10', 'ehlo');
		expect(result.problem).toBe('MAIL before EHLO/HELO: the server will likely answer 503');
		expect(result.warnings).toHaveLength(3);
		expect(result.warnings[0]).toBe(result.problem);
		expect(result.warnings[1]).toMatch(/^MAIL FROM address "jörg@example.test" has non-ASCII characters, which need SMTPUTF8/);
		expect(result.warnings[2]).toMatch(/^only an EHLO reply can offer SIZE/);
		expect(result.encoded.display).toBe('MAIL FROM:<jörg@example.test> SIZE=10');
	});

	it('sends a line the encoder refuses as typed, and follows a MAIL sent so as a MAIL', () => {
		const ehlo = typed('EHLO my laptop', 'ehlo');
		expect(ehlo.encoded.command).toEqual({verb: 'RAW', line: 'EHLO my laptop'});
		expect(ehlo.followed).toEqual({verb: 'RAW', line: 'EHLO my laptop'});
		expect(ehlo.warnings).toEqual(['EHLO name must be one word without spaces: "my laptop": sent as typed, for the server to judge']);
		const mail = typed('MAIL FROM:<jörg@example.test>', 'mail', emptyExtensions());
		expect(mail.encoded.command.verb).toBe('RAW');
		expect(mail.followed).toEqual({verb: 'MAIL', from: 'jörg@example.test'});
		expect(mail.warnings[0]).toMatch(/: sent as typed, for the server to judge$/);
	});

	it('takes a line typed during an AUTH exchange as its answer: redacted, with no typing hint that would quote it', () => {
		const result = typed('RSET', 'auth', undefined, true, true);
		expect(result.followed).toEqual({verb: 'AUTH-RESPONSE', response: 'RSET'});
		expect(result.encoded.display).toBe('[redacted]');
		expect(result.warnings).toEqual([expect.stringMatching(/^this answer is not base64/)]);
	});

	it('warns about nothing typed when the planner built the command', () => {
		expect(typedCommand({verb: 'MAIL', from: 'jörg@example.test'}, {}, {step: 'mail', standing: standing(), inAuth: false}).warnings).toEqual([]);
	});
});
