import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {explainReply} from '../../source/smtp/codes.js';
import {parseReplies} from '../../source/smtp/reply-parser.js';
import {CANCEL, createSaslClient, decodeChallenge, pickMechanism, type SaslClient} from '../../source/smtp/sasl.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {thrown} from '../helpers/thrown.js';

const tim = {user: 'tim', password: 'tanstaaftanstaaf'};
const inputError = (run: () => unknown) => thrown(SmtpInputError, run);
/** The answer to challenge number `index` (0 for the first), the ones before it empty. */
const answer = (client: SaslClient, challenge: string, index: number) => client.respond([...Array<string>(index).fill(''), challenge]).response;

describe('PLAIN', () => {
	it('sends \\0user\\0password as the initial response', () => {
		const client = createSaslClient('plain', {user: 'user', password: 'pass'});
		expect(client.mechanism).toBe('PLAIN');
		expect(client.initialResponse()).toBe('AHVzZXIAcGFzcw==');
	});

	it('answers an empty first challenge with the credentials, then cancels', () => {
		const client = createSaslClient('PLAIN', {user: 'user', password: 'pass'});
		expect(answer(client, '', 0)).toBe('AHVzZXIAcGFzcw==');
		expect(answer(client, '', 1)).toBe(CANCEL);
	});

	it('encodes UTF-8 credentials as UTF-8', () => {
		const client = createSaslClient('PLAIN', {user: 'j\u00f6rg', password: 'p\u00e4ss'});
		expect(Buffer.from(client.initialResponse()!, 'base64').toString('utf8')).toBe('\0j\u00f6rg\0p\u00e4ss');
	});
});

describe('LOGIN', () => {
	it('has no initial response and answers by order, whatever the prompt says', () => {
		const client = createSaslClient('LOGIN', tim);
		expect(client.initialResponse()).toBeUndefined();
		// Prompts deliberately swapped: the first answer is still the user name.
		expect(answer(client, Buffer.from('Password:').toString('base64'), 0)).toBe('dGlt');
		expect(answer(client, Buffer.from('Username:').toString('base64'), 1)).toBe('dGFuc3RhYWZ0YW5zdGFhZg==');
		expect(answer(client, '', 2)).toBe(CANCEL);
	});
});

describe('CRAM-MD5', () => {
	it("matches RFC 2195's example", () => {
		const client = createSaslClient('CRAM-MD5', tim);
		expect(client.initialResponse()).toBeUndefined();
		const challenge = Buffer.from('<1896.697170952@postoffice.reston.mci.net>').toString('base64');
		expect(challenge).toBe('PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+');
		expect(answer(client, challenge, 0)).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
	});

	it('depends on the challenge and cancels a second one', () => {
		const client = createSaslClient('cram-md5', tim);
		const other = answer(client, Buffer.from('<1.2@x>').toString('base64'), 0);
		expect(other).not.toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
		expect(Buffer.from(other, 'base64').toString()).toMatch(/^tim [0-9a-f]{32}$/);
		expect(answer(client, '', 1)).toBe(CANCEL);
	});

	it('cancels a second challenge even when it is base64, and a first one that is not base64', () => {
		const challenge = Buffer.from('<1.2@x>').toString('base64');
		expect(answer(createSaslClient('CRAM-MD5', tim), challenge, 1)).toBe(CANCEL);
		expect(answer(createSaslClient('CRAM-MD5', tim), '<1.2@x>', 0)).toBe(CANCEL);
	});
});

describe('XOAUTH2', () => {
	it("matches Google's documented example", () => {
		const client = createSaslClient('XOAUTH2', {user: 'someuser@example.com', password: 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg'});
		expect(client.initialResponse()).toBe(
			'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
		);
	});

	it('answers the 334 JSON error with an empty line', () => {
		const client = createSaslClient('XOAUTH2', {user: 'a@b.c', password: 'token'});
		const error = Buffer.from('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}').toString('base64');
		expect(answer(client, error, 0)).toBe('');
	});
});

describe('OAUTHBEARER', () => {
	it("sends RFC 7628's GS2 header and ^A-separated pairs, host and port when known", () => {
		const client = createSaslClient('oauthbearer', {user: 'user@example.com', password: 'vF9dft4qmTc2Nvb3RlckBhbHR'}, {host: 'server.example.com', port: 587});
		expect(client.mechanism).toBe('OAUTHBEARER');
		// RFC 7628 §4.1's example, with SMTP's port.
		expect(Buffer.from(client.initialResponse()!, 'base64').toString()).toBe('n,a=user@example.com,\x01host=server.example.com\x01port=587\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHR\x01\x01');
		const bare = createSaslClient('OAUTHBEARER', {user: 'a,b=c', password: 't'});
		expect(Buffer.from(bare.initialResponse()!, 'base64').toString()).toBe('n,a=a=2Cb=3Dc,\x01auth=Bearer t\x01\x01');
	});

	it('answers the 334 JSON error with a lone ^A, and cancels a second challenge', () => {
		const client = createSaslClient('OAUTHBEARER', {user: 'a@b.c', password: 'token'});
		const error = Buffer.from('{"status":"invalid_token","scope":"example_scope"}').toString('base64');
		expect(answer(client, error, 0)).toBe('AQ==');
		expect(answer(client, error, 1)).toBe(CANCEL);
	});

	it('refuses the 0x01 separator in the token', () => {
		expect(inputError(() => createSaslClient('OAUTHBEARER', {user: 'a', password: 't\x01'})).message).toBe('AUTH token contains the byte 0x01; OAUTHBEARER uses it as a separator.');
	});
});

describe('EXTERNAL', () => {
	it('sends "=" (the certificate\'s own identity) without a user, and the user as the identity to act as with one', () => {
		expect(createSaslClient('external', {user: '', password: ''}).initialResponse()).toBe('=');
		const client = createSaslClient('EXTERNAL', {user: 'tim', password: ''});
		expect(client.initialResponse()).toBe('dGlt');
		expect(answer(client, '', 0)).toBe('dGlt');
		expect(answer(client, '', 1)).toBe(CANCEL);
	});
});

describe('334 challenges in the log', () => {
	const challenge = (text: string) => parseReplies(Buffer.from(`334 ${Buffer.from(text).toString('base64')}\r\n`))[0]!;

	it("reads a bearer token's JSON error: status and scope in words, and what answers it", () => {
		const json = '{"status":"invalid_token","scope":"https://mail.google.com/"}';
		expect(explainReply(challenge(json), {verb: 'AUTH', mechanism: 'OAUTHBEARER'})).toBe(
			`the token was refused (status invalid_token: the token is expired, revoked or not valid for this server: get a fresh one; the scope it needs: https://mail.google.com/): ${json}; a lone ^A (AQ==) answers this, then the server sends its final error`,
		);
		expect(explainReply(challenge('{"status":"418"}'), {verb: 'AUTH', mechanism: 'XOAUTH2'})).toBe('the token was refused (status 418): {"status":"418"}; an empty line answers this, then the server sends its final error');
	});

	it("reads SCRAM's messages only in a SCRAM exchange", () => {
		expect(explainReply(challenge('e=unknown-user'), {verb: 'AUTH-RESPONSE', mechanism: 'scram-sha-1'})).toBe('the server refused the login: e=unknown-user: the server knows no such user: "e=unknown-user"');
		expect(explainReply(challenge('e=unknown-user'), {verb: 'AUTH-RESPONSE', mechanism: 'PLAIN'})).toMatch(/: "e=unknown-user"$/);
	});
});

describe('createSaslClient', () => {
	it('names its mechanism in upper case, whatever case it was asked in', () => {
		expect(['plain', 'login', 'cram-md5', 'xoauth2'].map(mechanism => createSaslClient(mechanism, tim).mechanism)).toEqual(['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2']);
	});
});

describe('createSaslClient refuses', () => {
	it('an unsupported mechanism, listing the supported ones', () => {
		const error = inputError(() => createSaslClient('DIGEST-MD5', tim));
		expect(error.field).toBe('AUTH mechanism');
		expect(error.message).toMatch(/DIGEST-MD5.*PLAIN, LOGIN, CRAM-MD5, XOAUTH2/);
		expect(inputError(() => createSaslClient('TOSTRING', tim)).field).toBe('AUTH mechanism');
	});

	for (const mechanism of ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2']) {
		for (const [name, char, said] of [
			['CR', '\r', 'a carriage return (CR)'],
			['LF', '\n', 'a line feed (LF)'],
			['NUL', '\0', 'a NUL byte'],
		]) {
			it(`${mechanism}: ${name} in the user name or the password, named in words`, () => {
				const user = inputError(() => createSaslClient(mechanism, {user: `ti${char}m`, password: 'x'}));
				expect(user.field).toBe('AUTH user name');
				expect(user.message).toBe(`AUTH user name contains ${said}; a user name cannot contain it.`);
				const secret = mechanism === 'XOAUTH2' ? 'AUTH token' : 'AUTH password';
				const error = inputError(() => createSaslClient(mechanism, {user: 'tim', password: `secret${char}`}));
				expect(error.field).toBe(secret);
				expect(error.message).toBe(`${secret} contains ${said}; it cannot be typed at a login prompt (often a stray newline from a file).`);
			});
		}
	}

	it('XOAUTH2: its 0x01 separator in the user or the token', () => {
		expect(inputError(() => createSaslClient('XOAUTH2', {user: 'a\x01b', password: 't'})).field).toBe('AUTH user name');
		expect(inputError(() => createSaslClient('XOAUTH2', {user: 'a', password: 't\x01auth=x'})).message).toBe('AUTH token contains the byte 0x01; XOAUTH2 uses it as a separator.');
		expect(() => createSaslClient('PLAIN', {user: 'a', password: 't\x01'})).not.toThrow();
	});
});

describe('pickMechanism', () => {
	it.each<[string[], boolean, string | undefined]>([
		[['PLAIN', 'LOGIN', 'CRAM-MD5'], true, 'PLAIN'],
		[['LOGIN', 'CRAM-MD5'], true, 'LOGIN'],
		[['CRAM-MD5'], true, 'CRAM-MD5'],
		[['PLAIN', 'LOGIN', 'CRAM-MD5'], false, 'CRAM-MD5'],
		[['login', 'plain'], false, 'PLAIN'],
		[['LOGIN'], false, 'LOGIN'],
		[['XOAUTH2', 'GSSAPI'], true, undefined],
		[[], true, undefined],
	])('%j secure=%s → %s', (advertised, secure, expected) => {
		expect(pickMechanism(advertised, {secure})).toBe(expected);
	});

	it('uses the preferred mechanism only when advertised and supported', () => {
		expect(pickMechanism(['PLAIN', 'XOAUTH2'], {preferred: 'xoauth2', secure: true})).toBe('XOAUTH2');
		expect(pickMechanism(['PLAIN', 'CRAM-MD5'], {preferred: 'LOGIN', secure: true})).toBeUndefined();
		expect(pickMechanism(['PLAIN', 'NTLM'], {preferred: 'NTLM', secure: true})).toBeUndefined();
	});
});

describe('decodeChallenge', () => {
	it.each([
		['VXNlcm5hbWU6', 'Username:'],
		['UGFzc3dvcmQ6', 'Password:'],
		['PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+', '<1896.697170952@postoffice.reston.mci.net>'],
		[Buffer.from('{"status":"401"}\r\n').toString('base64'), '{"status":"401"}\\r\\n'],
		[Buffer.from('gr\u00fc\u00df\u00e9').toString('base64'), 'gr\u00fc\u00df\u00e9'],
		[Buffer.from([0x41, 0x00, 0x1b, 0xff]).toString('base64'), 'A\\x00\\x1b\\xff'],
		['', ''],
		['Username:', 'Username:'],
		['not base64 at all', 'not base64 at all'],
		['abc', 'abc'],
		// Base64 only as a part (Buffer would decode it and drop the rest): shown as it is.
		['!!!!VXNlcm5hbWU6', '!!!!VXNlcm5hbWU6'],
		['VXNlcm5hbWU6!!!!', 'VXNlcm5hbWU6!!!!'],
	])('%j → %j', (text, shown) => {
		expect(decodeChallenge(text)).toBe(shown);
	});
});
