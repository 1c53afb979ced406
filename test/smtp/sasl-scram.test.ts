import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {CANCEL, createSaslClient, pickMechanism} from '../../source/smtp/sasl.js';
import {explainScramChallenge, saslName} from '../../source/smtp/sasl-scram.js';
import {hideScramSignatures, shownReply} from '../../source/smtp/scram-signature.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const pencil = {user: 'user', password: 'pencil'};

// RFC 7677 §3 and RFC 5802 §5: the same login, by SHA-256 and by SHA-1.
const VECTORS = [
	{
		mechanism: 'SCRAM-SHA-256',
		nonce: 'rOprNGfwEbeRWgbNEkqO',
		serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
		clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
		serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
	},
	{
		mechanism: 'SCRAM-SHA-1',
		nonce: 'fyko+d2lbbFgONRv9qkxdawL',
		serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
		clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
		serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
	},
];

describe.each(VECTORS)('$mechanism', ({mechanism, nonce, serverFirst, clientFinal, serverFinal}) => {
	const client = () => createSaslClient(mechanism.toLowerCase(), pencil, {nonce});

	it("gives exactly the RFC's client-first and client-final messages", () => {
		expect(client().mechanism).toBe(mechanism);
		expect(text(client().initialResponse()!)).toBe(`n,,n=user,r=${nonce}`);
		expect(text(client().respond([b64(serverFirst)]).response)).toBe(clientFinal);
	});

	it("accepts the RFC's server signature with an empty answer", () => {
		expect(client().respond([b64(serverFirst), b64(serverFinal)])).toEqual({response: ''});
	});

	it('cancels, saying why, a wrong server signature or none', () => {
		const wrong = client().respond([b64(serverFirst), b64(serverFinal.replace(/^v=./, 'v=A'))]);
		expect(wrong.response).toBe(CANCEL);
		expect(wrong.why).toMatch(/signature \(v=\) is wrong, so it does not know the password: an impostor, or a man in the middle/);
		const none = client().respond([b64(serverFirst), b64('x=1')]);
		expect(none.response).toBe(CANCEL);
		expect(none.why).toMatch(/has no signature \(v=\)/);
	});

	it('proves nothing with another password: the proof and the expected signature change', () => {
		const other = createSaslClient(mechanism, {user: 'user', password: 'pencil2'}, {nonce});
		expect(text(other.respond([b64(serverFirst)]).response)).not.toBe(clientFinal);
		expect(other.respond([b64(serverFirst), b64(serverFinal)]).response).toBe(CANCEL);
	});

	it("answers a server's e= with an empty line, so its refusal follows", () => {
		expect(client().respond([b64(serverFirst), b64('e=invalid-proof')])).toEqual({response: ''});
	});
});

describe('SCRAM server-first checks', () => {
	const nonce = 'abc';
	const respond = (serverFirst: string) => createSaslClient('SCRAM-SHA-256', pencil, {nonce}).respond([b64(serverFirst)]);

	it.each([
		['r=xyzdef,s=QSXCR+Q6sek8bf92,i=4096', /nonce \(r=\) does not start with ours/],
		['r=abc,s=QSXCR+Q6sek8bf92,i=4096', /nonce \(r=\) does not start with ours and add its own/],
		['r=abcdef,i=4096', /no salt \(s=\)/],
		['r=abcdef,s=not base64!,i=4096', /no salt \(s=\), or one that is not base64/],
		['r=abcdef,s=QSXCR+Q6sek8bf92', /no iteration count/],
		['r=abcdef,s=QSXCR+Q6sek8bf92,i=0', /no iteration count \(i=\), or one that is no positive number/],
		['r=abcdef,s=QSXCR+Q6sek8bf92,i=4e3', /no positive number/],
		['r=abcdef,s=QSXCR+Q6sek8bf92,i=1000001', /asks for 1000001 iterations, over the 1000000/],
		['m=ext,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096', /extension \(m=\)/],
		['e=unknown-user', /e=unknown-user: the server knows no such user/],
	])('cancels %s', (serverFirst, why) => {
		const answer = respond(serverFirst);
		expect(answer.response).toBe(CANCEL);
		expect(answer.why).toMatch(why);
	});

	it('cancels a first challenge that is not base64, and a third', () => {
		expect(respond('%%%').response).toBe(CANCEL);
		const client = createSaslClient('SCRAM-SHA-1', pencil, {nonce: 'fyko+d2lbbFgONRv9qkxdawL'});
		expect(client.respond([b64(VECTORS[1]!.serverFirst), b64(VECTORS[1]!.serverFinal), '']).response).toBe(CANCEL);
	});

	it('needs a nonce from the caller', () => {
		expect(() => createSaslClient('SCRAM-SHA-256', pencil)).toThrow(/nonce/);
	});
});

describe('SCRAM with a low iteration count', () => {
	it('still answers: the count is the server\'s to set, and the log warns of it', () => {
		const answer = createSaslClient('SCRAM-SHA-256', pencil, {nonce: 'abc'}).respond([b64('r=abcdef,s=QSXCR+Q6sek8bf92,i=1')]);
		expect(text(answer.response)).toMatch(/^c=biws,r=abcdef,p=[A-Za-z0-9+/]{43}=$/);
	});
});

describe('SCRAM names', () => {
	it('escapes "=" and "," in the user name, and prepares it', () => {
		expect(saslName('a=b,c')).toBe('a=3Db=2Cc');
		const client = createSaslClient('SCRAM-SHA-256', {user: 'j\u00f6rg,x', password: 'p'}, {nonce: 'n0nce'});
		expect(text(client.initialResponse()!)).toBe('n,,n=j\u00f6rg=2Cx,r=n0nce');
	});

	it('prepares the user name and the password (SASLprep): the same proof for a no-break space as for a space', () => {
		const proofOf = (user: string, password: string) => {
			const client = createSaslClient('SCRAM-SHA-256', {user, password}, {nonce: VECTORS[0]!.nonce});
			return [text(client.initialResponse()!), text(client.respond([b64(VECTORS[0]!.serverFirst)]).response)];
		};
		expect(proofOf('us\u00adeｒ', 'pen\u00a0cil')).toEqual(proofOf('user', 'pen cil'));
	});

	it('refuses, before AUTH goes, a character SASLprep forbids, naming the field and its code point only', () => {
		const refusal = (credentials: {user: string; password: string}) => {
			try {
				createSaslClient('SCRAM-SHA-256', credentials, {nonce: 'n'});
			} catch (error) {
				return (error as {field: string; message: string});
			}
			return undefined;
		};
		expect(refusal({user: 'user', password: 'pen\u0007cil-secret'})).toMatchObject({field: 'AUTH password', message: expect.stringMatching(/^AUTH password contains U\+0007, an ASCII control character \(table C\.2\.1\)/)});
		expect(refusal({user: 'us\u202eer', password: 'pencil'})).toMatchObject({field: 'AUTH user name', message: expect.stringMatching(/^AUTH user name contains U\+202E/)});
		expect(refusal({user: 'user', password: 'pen\u0007cil-secret'})?.message).not.toContain('pen');
		// PLAIN sends them as typed: its server prepares them (RFC 4616), by SASLprep or none.
		expect(text(createSaslClient('PLAIN', {user: 'user', password: 'pen\u0007\u00a0cil'}).initialResponse()!)).toBe('\0user\0pen\u0007\u00a0cil');
	});
});

describe('SCRAM in the log', () => {
	it('explains the server-first message, and warns of a low iteration count', () => {
		expect(explainScramChallenge('r=abcdef,s=QSXCR+Q6sek8bf92,i=4096')).toBe("the server's nonce (r=, ours and its own), the salt (s=) and the iteration count (i=4096) to hash the password with");
		expect(explainScramChallenge('r=abcdef,s=QSXCR+Q6sek8bf92,i=1000')).toMatch(/^1000 iterations is below the 4096 RFC 7677 asks for, which makes a stolen password database cheaper to crack; the server's nonce/);
		expect(explainScramChallenge('r=abcdef,s=QSXCR+Q6sek8bf92,i=4095')).toMatch(/^4095 iterations is below/);
		expect(explainScramChallenge('[redacted]')).toMatch(/^the server's signature \(v=\), hidden: .*smtp-tui checks before it answers; beside the salt and the nonces it would let a password be guessed offline$/);
		expect(explainScramChallenge('e=invalid-proof')).toBe('the server refused the login: e=invalid-proof: the password is wrong (the proof did not match what the server stores)');
		expect(explainScramChallenge('e=whatever')).toBe('the server refused the login: e=whatever');
		expect(explainScramChallenge('hello')).toBeUndefined();
	});
});

describe("the server's signature, hidden where it is shown", () => {
	const signatures = VECTORS.map(vector => b64(vector.serverFinal));

	it('a 334 that carries it, whole or cut short, either separator, and a word of a reply that is it', () => {
		for (const signature of signatures) {
			expect(hideScramSignatures(`334 ${signature}`)).toBe('334 [redacted]');
			expect(hideScramSignatures(`334-${signature}`)).toBe('334-[redacted]');
			expect(hideScramSignatures(`334 ${signature.slice(0, 9)}`)).toBe('334 [redacted]');
			expect(hideScramSignatures(`235 2.7.0 ${signature} ok`)).toBe('235 2.7.0 [redacted] ok');
			// Received bytes, read as latin1: every line of the chunk, its line end kept.
			expect(hideScramSignatures(`334 ${signature}\r\n235 2.7.0 ok\r\n`)).toBe('334 [redacted]\r\n235 2.7.0 ok\r\n');
			expect(hideScramSignatures(signature)).toBe('[redacted]');
		}
		// With an extension after it (RFC 5802 allows them).
		expect(hideScramSignatures(`334 ${b64('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=,x=1')}`)).toBe('334 [redacted]');
	});

	it("leaves the rest: the server-first message, an error, other mechanisms' prompts, words that only look alike", () => {
		for (const line of [`334 ${b64(VECTORS[0]!.serverFirst)}`, `334 ${b64('e=invalid-proof')}`, `334 ${b64('Username:')}`, '250 djinn.example.test', '220 dj1server ESMTP', '334 dj1=', `550 ${b64('v=')}`, `334 x${b64('v=abcd')}`]) {
			expect(hideScramSignatures(line)).toBe(line);
		}
	});

	it('a reply: its raw lines and texts; the same object when there is nothing to hide', () => {
		const reply = {code: 334, lines: [signatures[0]!], raw: [`334 ${signatures[0]}`]};
		expect(shownReply(reply)).toEqual({code: 334, lines: ['[redacted]'], raw: ['334 [redacted]']});
		const first = {code: 334, lines: [b64(VECTORS[0]!.serverFirst)], raw: [`334 ${b64(VECTORS[0]!.serverFirst)}`]};
		expect(shownReply(first)).toBe(first);
	});
});

describe('picking SCRAM', () => {
	it('prefers SCRAM-SHA-256, then SCRAM-SHA-1, over the others, in TLS or not; never a -PLUS variant', () => {
		const offered = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-256-PLUS'];
		expect(pickMechanism(offered, {secure: true})).toBe('SCRAM-SHA-256');
		expect(pickMechanism(offered, {secure: false})).toBe('SCRAM-SHA-256');
		expect(pickMechanism(['PLAIN', 'scram-sha-1'], {secure: true})).toBe('SCRAM-SHA-1');
		expect(pickMechanism(['SCRAM-SHA-256-PLUS', 'PLAIN'], {secure: true})).toBe('PLAIN');
		expect(pickMechanism(['SCRAM-SHA-256-PLUS'], {secure: true, preferred: 'SCRAM-SHA-256-PLUS'})).toBeUndefined();
	});
});
