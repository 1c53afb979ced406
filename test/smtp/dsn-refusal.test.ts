// Refusals of a delivery request read as what they refuse: which DSN parameter (RFC 3461), or REQUIRETLS (RFC 8689).
import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {explainExtension, explainReply} from '../../source/smtp/codes.js';
import {parseReplies} from '../../source/smtp/reply-parser.js';
import {mailRefusalKind} from '../../source/smtp/refusal-kind.js';
import type {Reply} from '../../source/smtp/types.js';

const real = (line: string): Reply => parseReplies(Buffer.from(`${line}\r\n`))[0]!;

describe('DSN and REQUIRETLS refusals', () => {
	it.each([
		{line: '555 5.5.4 Unsupported option: NOTIFY', verb: 'RCPT', start: 'the server does not take the DSN parameter NOTIFY= (RFC 3461): is DSN in its EHLO reply? without it, leave the --dsn flags out; 5.5.4 '},
		{line: '501 5.5.4 Error: NOTIFY parameter must be NEVER, SUCCESS, FAILURE, or DELAY', verb: 'RCPT', start: 'the server refused the value of the DSN parameter NOTIFY= (RFC 3461): it takes NEVER, or any of SUCCESS, FAILURE, DELAY; 5.5.4 '},
		{line: '501 5.5.4 Bad ORCPT parameter syntax', verb: 'RCPT', start: 'the server refused the value of the DSN parameter ORCPT= (RFC 3461): it takes an address type'},
		{line: '555 5.5.4 Unsupported option: RET', verb: 'MAIL', start: 'the server does not take the DSN parameter RET= (RFC 3461)'},
		{line: '550 5.7.30 REQUIRETLS support required', verb: 'RCPT', start: 'REQUIRETLS (RFC 8689) cannot be honoured here: the message asked for TLS on every hop'},
	])('$line', ({line, verb, start}) => {
		expect(explainReply(real(line), {verb})).toMatch(new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
	});

	it('a 501 naming ENVID or RET refuses MAIL\'s parameters, not the sender', () => {
		expect(mailRefusalKind(real('501 5.5.4 Invalid ENVID'), {secure: false, starttlsOffered: false})).toBe('mail-parameters');
	});

	it('the EHLO keywords say what they take', () => {
		expect(explainExtension('DSN')).toBe('delivery status notifications on request (RFC 3461: NOTIFY=, ORCPT= on RCPT; RET=, ENVID= on MAIL)');
		expect(explainExtension('REQUIRETLS')).toBe('takes REQUIRETLS on MAIL FROM: TLS on every hop of the message, or no delivery (RFC 8689)');
	});
});
