// Cases found by mutation testing of driver-notes.ts: what the driver says before connecting and before a command,
// for each target and protection (the driver tests meet the default target and a few flags only).
import {describe, expect, test} from 'vitest';
import {commandNotes, connectedNote, connectingNotes} from '../../source/session/driver-notes.js';
import type {SessionState} from '../../source/smtp/session-types.js';
import type {Command} from '../../source/smtp/types.js';

const target = {host: 'mail.example.test', port: 25, tls: 'auto' as const};
const first = (notes: ReturnType<typeof connectingNotes>) => notes[0]!.text;
const certificate = (validTo: string) => ({cert: '', key: '', subject: 'CN=relay-client', validTo});

describe('connectingNotes: where and how', () => {
	test('each TLS policy in words, and typed (manual mode) where nothing but the user starts TLS', () => {
		expect(first(connectingNotes(target, false))).toBe('connecting to mail.example.test:25 (STARTTLS if offered)');
		expect(first(connectingNotes({...target, tls: 'starttls'}, false))).toBe('connecting to mail.example.test:25 (STARTTLS required)');
		expect(first(connectingNotes({...target, tls: 'none'}, false))).toBe('connecting to mail.example.test:25 (no TLS)');
		expect(first(connectingNotes({...target, port: 465, tls: 'tls'}, false))).toBe('connecting to mail.example.test:465 (implicit TLS)');
		expect(first(connectingNotes({...target, tls: 'tls'}, true))).toBe('connecting to mail.example.test:25 (implicit TLS)');
		for (const tls of ['none', 'auto', 'starttls'] as const) {
			expect(first(connectingNotes({...target, tls}, true)), tls).toBe('connecting to mail.example.test:25 (no TLS unless you type STARTTLS: manual mode sends only what you type)');
		}
	});

	test('LMTP, a Unix socket, the route, the sandbox and a replay', () => {
		expect(first(connectingNotes({...target, lmtp: true}, false))).toBe('connecting to mail.example.test:25 (LMTP, STARTTLS if offered)');
		expect(first(connectingNotes({...target, host: '/run/lmtp.sock', lmtp: true}, false))).toBe('connecting to /run/lmtp.sock (LMTP, Unix socket, no TLS)');
		expect(first(connectingNotes({...target, host: '/run/smtp.sock'}, false))).toBe('connecting to /run/smtp.sock (Unix socket, no TLS)');
		expect(first(connectingNotes({...target, host: '::1', family: 6, localAddress: '::1'}, false))).toBe('connecting to [::1]:25 over IPv6 from ::1 (STARTTLS if offered)');
		expect(first(connectingNotes({...target, sandbox: true}, false))).toBe('connecting to mail.example.test:25 (STARTTLS if offered) [sandbox]');
		expect(first(connectingNotes({...target, replay: true}, false))).toBe('connecting to mail.example.test:25 (STARTTLS if offered) [replay: a recording, no network]');
	});

	test('nothing more to say for a plain target, and that as information', () => {
		expect(connectingNotes(target, false)).toEqual([{kind: 'info', text: 'connecting to mail.example.test:25 (STARTTLS if offered)'}]);
	});

	test('--insecure loudly', () => {
		expect(connectingNotes({...target, insecure: true}, false)[1]).toEqual({kind: 'error', text: 'certificate verification is OFF (--insecure): anyone in the path can read and change this session'});
	});

	test('the TLS versions asked for: old ones loudly, none said without TLS or in a replay', () => {
		expect(connectingNotes({...target, tlsVersions: {min: '1.3'}}, false)[1]).toEqual({kind: 'info', text: 'TLS versions allowed: TLS 1.3 only (--tls-min 1.3)'});
		const old = connectingNotes({...target, tlsVersions: {min: '1.0'}}, false)[1]!;
		expect(old.kind).toBe('error');
		expect(old.text).toMatch(/^INSECURE: TLS 1\.0 to 1\.3 allowed \(--tls-min 1\.0\): TLS 1\.0 and 1\.1 have known attacks/);
		expect(connectingNotes({...target, tls: 'none', tlsVersions: {min: '1.3'}}, false)).toHaveLength(1);
		expect(connectingNotes({...target, replay: true, tlsVersions: {min: '1.3'}}, false)).toHaveLength(1);
		// Typed, --no-starttls changes nothing: the versions still apply to a STARTTLS the user types.
		expect(connectingNotes({...target, tls: 'none', tlsVersions: {min: '1.3'}}, true)).toHaveLength(2);
	});

	test('a client certificate: offered, expired, or not offered without TLS; nothing said in a replay', () => {
		expect(connectingNotes({...target, clientCertificate: certificate('Mar  6 04:23:03 2099 GMT')}, false)[1]).toEqual({kind: 'info', text: 'client certificate offered if the server asks for one: CN=relay-client (expires 2099-03-06 04:23:03 UTC)'});
		expect(connectingNotes({...target, clientCertificate: certificate('Mar  6 04:23:03 2001 GMT')}, false)[1]).toEqual({
			kind: 'error',
			text: 'the client certificate has EXPIRED: CN=relay-client (EXPIRED 2001-03-06 04:23:03 UTC); a server that checks it will refuse it: renew it',
		});
		expect(connectingNotes({...target, tls: 'none', clientCertificate: certificate('Mar  6 04:23:03 2099 GMT')}, false)[1]).toEqual({
			kind: 'info',
			text: 'client certificate CN=relay-client (expires 2099-03-06 04:23:03 UTC) is not offered: no TLS (--no-starttls)',
		});
		expect(connectingNotes({...target, replay: true, clientCertificate: certificate('Mar  6 04:23:03 2099 GMT')}, false)).toHaveLength(1);
	});
});

describe('connectedNote', () => {
	test('both ends when the local one is known; the host when the remote address is not', () => {
		expect(connectedNote({remoteAddress: '::1', localAddress: '::1', localPort: 40000}, 'localhost', 25)).toBe('connected to [::1]:25 from [::1]:40000');
		expect(connectedNote({remoteAddress: '127.0.0.1', localAddress: '127.0.0.1', localPort: undefined}, 'localhost', 25)).toBe('connected to 127.0.0.1:25');
		expect(connectedNote({remoteAddress: undefined, localAddress: undefined, localPort: 40000}, 'localhost', 25)).toBe('connected to localhost:25');
	});
});

describe('commandNotes', () => {
	const mail = {verb: 'MAIL', from: 'a@example.test'} as Command;
	const auth = {verb: 'AUTH', mechanism: 'PLAIN'} as Command;
	const extensions = (offered: {pipelining?: boolean; chunking?: boolean; dsn?: boolean; eightBitMime?: boolean}) => ({keywords: new Set(offered.dsn ? ['DSN'] : []), pipelining: false, chunking: false, eightBitMime: true, smtpUtf8: true, dsn: false, ...offered});
	const state = (offered: Parameters<typeof extensions>[0], more: Partial<SessionState> = {}) => ({extensions: extensions(offered), secure: false, usedHelo: false, ...more}) as unknown as SessionState;
	const message = {eightBit: false};

	test('before MAIL: pipelining and BDAT asked for and not offered, each said; nothing when offered or not asked', () => {
		const texts = (notes: ReturnType<typeof commandNotes>) => notes.map(note => `${note.kind}: ${note.text.slice(0, 60)}`);
		expect(texts(commandNotes(mail, {state: state({}), message, pipeline: true, bdat: true}))).toEqual([
			'info: warning: pipelining was asked for, but the server does not a',
			'info: warning: BDAT was asked for (--bdat), but the server does no',
		]);
		expect(commandNotes(mail, {state: state({pipelining: true, chunking: true}), message, pipeline: true, bdat: true})).toEqual([]);
		expect(commandNotes(mail, {state: state({}), message})).toEqual([]);
	});

	test('before MAIL after HELO (no extensions known): pipelining and BDAT asked for are said not offered', () => {
		const notes = commandNotes(mail, {state: {secure: false, usedHelo: true} as unknown as SessionState, message, pipeline: true, bdat: true});
		expect(notes.map(note => note.text.slice(0, 30))).toEqual(['warning: pipelining was asked ', 'warning: BDAT was asked for (-']);
	});

	test('before MAIL: 8-bit data and a DSN the server does not offer', () => {
		const notes = commandNotes(mail, {state: state({eightBitMime: false}), message: {eightBit: true}, dsn: {ret: 'HDRS'}});
		expect(notes.map(note => note.text.slice(0, 50))).toEqual(['warning: the message has 8-bit bytes, but the serv', 'warning: the server does not offer DSN (RFC 3461):']);
	});

	test('before AUTH: a login in the clear loudly, and the account it is for', () => {
		expect(commandNotes(auth, {state: state({}), message, allowPlaintextAuth: true, user: 'alice'})).toEqual([
			{kind: 'error', text: 'the login goes over an unencrypted connection (--allow-plaintext-auth): anyone in the path can read it'},
			{kind: 'info', text: 'logging in as alice (PLAIN)', step: 'auth'},
		]);
		expect(commandNotes(auth, {state: state({}, {secure: true}), message, allowPlaintextAuth: true})).toEqual([]);
		expect(commandNotes(auth, {state: state({}), message, allowPlaintextAuth: false})).toEqual([]);
	});

	test("before AUTH SCRAM: its client-first message decoded, which holds no secret; not for another mechanism's", () => {
		const scram = {verb: 'AUTH', mechanism: 'SCRAM-SHA-256', initialResponse: Buffer.from('n,,n=alice,r=rOprNGfwEbeRWgbNEkqO').toString('base64')} as Command;
		expect(commandNotes(scram, {state: state({}, {secure: true}), message, user: 'alice'})).toEqual([
			{kind: 'info', text: 'logging in as alice (SCRAM-SHA-256; its first message, no secret in it: "n,,n=alice,r=rOprNGfwEbeRWgbNEkqO")', step: 'auth'},
		]);
		const plain = {verb: 'AUTH', mechanism: 'PLAIN', initialResponse: Buffer.from('\0alice\0pw').toString('base64')} as Command;
		expect(commandNotes(plain, {state: state({}, {secure: true}), message, user: 'alice'})).toEqual([{kind: 'info', text: 'logging in as alice (PLAIN)', step: 'auth'}]);
	});

	test('nothing before another command', () => {
		expect(commandNotes({verb: 'RSET'} as Command, {state: state({}), message, pipeline: true, user: 'alice', allowPlaintextAuth: true})).toEqual([]);
	});
});
