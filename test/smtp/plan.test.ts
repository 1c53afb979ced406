import {Buffer} from 'node:buffer';
import {describe, expect, it} from 'vitest';
import {nextAction, type NextAction, type SessionPlan} from '../../source/smtp/plan.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {SPLITS, basePlan, feed, ofType, rail, runPlan, wire, type Turn} from './session-harness.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** RFC 7677 §3's SCRAM-SHA-256 exchange (user "user", password "pencil"). */
const SCRAM = {
	nonce: 'rOprNGfwEbeRWgbNEkqO',
	serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
	serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

const GREETING: Turn = {server: ['220 mx.test ESMTP ready']};
const EHLO_PLAIN: Turn = {client: 'EHLO client.test', server: ['250-mx.test hello', '250-SIZE 10000000', '250 8BITMIME']};
const MAIL_OK: Turn = {client: 'MAIL FROM:<alice@example.test>', server: ['250 2.1.0 ok']};
const RCPT_OK: Turn = {client: 'RCPT TO:<bob@example.test>', server: ['250 2.1.5 ok']};
const DATA_OK: Turn = {client: 'DATA', server: ['354 end with <CRLF>.<CRLF>']};
const QUEUED: Turn = {client: '.', server: ['250 2.0.0 queued as 1234']};
const QUIT_OK: Turn = {client: 'QUIT', server: ['221 2.0.0 bye']};
const DELIVERY_TAIL = [MAIL_OK, RCPT_OK, DATA_OK, QUEUED];

/** Greeting and EHLO as the transcript shows them, up to the first EHLO reply line. */
const GREETED = ['S: 220 mx.test ESMTP ready', 'C: EHLO client.test', 'S: 250-mx.test hello'];
const OPENING = [...GREETED, 'S: 250-SIZE 10000000', 'S: 250 8BITMIME'];

const TAIL_TRANSCRIPT = [
	'C: MAIL FROM:<alice@example.test>',
	'S: 250 2.1.0 ok',
	'C: RCPT TO:<bob@example.test>',
	'S: 250 2.1.5 ok',
	'C: DATA',
	'S: 354 end with <CRLF>.<CRLF>',
	'C: <message>.',
	'S: 250 2.0.0 queued as 1234',
];

type Case = {
	name: string;
	plan?: Partial<SessionPlan>;
	implicitTls?: boolean;
	script: Turn[];
	transcript: unknown[];
	action: NextAction | {type: 'fail'; stage: string; message: unknown};
	rail: string;
};

/** A SCRAM-SHA-256 login that fails after the client's proof: `turns` from the answer to the server-first message on. */
function scramRefused(name: string, turns: Turn[], transcript: unknown[], failure: {message: string; kind?: string}): Case {
	const last = turns.at(-1)!.server;
	return {
		name,
		implicitTls: true,
		plan: {tls: 'tls', auth: {user: 'user', password: 'pencil', mechanism: 'SCRAM-SHA-256', nonce: SCRAM.nonce}},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH SCRAM-SHA-256']}, {client: 'AUTH SCRAM-SHA-256 [redacted]', server: [`334 ${b64(SCRAM.serverFirst)}`]}, ...turns],
		transcript: [...GREETED, 'S: 250 AUTH SCRAM-SHA-256', 'C: AUTH SCRAM-SHA-256 [redacted]', `S: 334 ${b64(SCRAM.serverFirst)}`, ...transcript],
		action: {type: 'fail', stage: 'auth', ...failure},
		rail: `connect✔ greeting✔ ehlo✔ starttls- auth✖${String(last).slice(0, 3)} [mail·] rcpt· data· message· queued· quit·`,
	};
}

const cases: Case[] = [
	{
		name: 'plain delivery',
		script: [GREETING, EHLO_PLAIN, ...DELIVERY_TAIL],
		transcript: [
			...OPENING,
			...TAIL_TRANSCRIPT,
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		name: 'STARTTLS then AUTH PLAIN',
		plan: {tls: 'starttls', auth: {user: 'alice', password: 'hunter2'}},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250-AUTH PLAIN LOGIN', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['220 2.0.0 ready to start TLS']},
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN LOGIN']},
			{client: /^AUTH PLAIN /, server: ['235 2.7.0 authenticated']},
			...DELIVERY_TAIL,
		],
		transcript: [
			...GREETED,
			'S: 250-AUTH PLAIN LOGIN',
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 220 2.0.0 ready to start TLS',
			'~~ TLS',
			'C: EHLO client.test',
			'S: 250-mx.test hello',
			'S: 250 AUTH PLAIN LOGIN',
			expect.stringMatching(/^C: AUTH PLAIN /),
			'S: 235 2.7.0 authenticated',
			...TAIL_TRANSCRIPT,
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✔ auth✔ mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		name: 'AUTH LOGIN answers its two prompts by order (implicit TLS)',
		implicitTls: true,
		plan: {tls: 'tls', auth: {user: 'alice', password: 'hunter2', mechanism: 'login'}},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH LOGIN PLAIN']},
			// Both prompts say "Username:": the answers still go user first, password second.
			{client: 'AUTH LOGIN', server: [`334 ${b64('Username:')}`]},
			{client: /.*/, server: [`334 ${b64('Username:')}`]},
			{client: /.*/, server: ['235 2.7.0 ok']},
			...DELIVERY_TAIL,
		],
		transcript: [
			...GREETED,
			'S: 250 AUTH LOGIN PLAIN',
			'C: AUTH LOGIN',
			`S: 334 ${b64('Username:')}`,
			expect.not.stringContaining(b64('alice')),
			`S: 334 ${b64('Username:')}`,
			expect.not.stringContaining(b64('hunter2')),
			'S: 235 2.7.0 ok',
			...TAIL_TRANSCRIPT,
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth✔ mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		// A challenge that is not base64 is cancelled, not answered with a digest of garbage that reads as a wrong password.
		name: 'a CRAM-MD5 challenge that is not base64 is cancelled with "*", and said so',
		plan: {auth: {user: 'tim', password: 'tanstaaftanstaaf', mechanism: 'CRAM-MD5'}, allowPlaintextAuth: true},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH CRAM-MD5']},
			{client: 'AUTH CRAM-MD5', server: ['334 %%%%']},
			{client: '*', server: ['501 5.7.0 aborted']},
		],
		transcript: [...GREETED, 'S: 250 AUTH CRAM-MD5', 'C: AUTH CRAM-MD5', 'S: 334 %%%%', 'C: *', 'S: 501 5.7.0 aborted'],
		action: {
			type: 'fail',
			stage: 'auth',
			message: 'the login was cancelled ("*": a challenge that could not be answered, such as one that is not valid base64, or cancelled by hand): 501 5.7.0 aborted',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth✖501 [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'CRAM-MD5 (RFC 2195 example) without TLS where plaintext authentication is allowed (loopback, or the flag)',
		plan: {auth: {user: 'tim', password: 'tanstaaftanstaaf', mechanism: 'CRAM-MD5'}, allowPlaintextAuth: true},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH CRAM-MD5']},
			{client: 'AUTH CRAM-MD5', server: [`334 ${b64('<1896.697170952@postoffice.reston.mci.net>')}`]},
			{client: /.*/, server: ['235 2.7.0 ok']},
			...DELIVERY_TAIL,
		],
		transcript: [
			...GREETED,
			'S: 250 AUTH CRAM-MD5',
			'C: AUTH CRAM-MD5',
			`S: 334 ${b64('<1896.697170952@postoffice.reston.mci.net>')}`,
			expect.not.stringContaining('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw'),
			'S: 235 2.7.0 ok',
			...TAIL_TRANSCRIPT,
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth✔ mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		// STARTTLS deleted from the EHLO reply by a man in the middle, CRAM-MD5 alone offered: its answer would be
		// cracked offline, so it is not sent without TLS unless allowed.
		name: 'CRAM-MD5 without TLS to a host where plaintext authentication is not allowed: refused before AUTH',
		plan: {auth: {user: 'tim', password: 'tanstaaftanstaaf'}},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH CRAM-MD5']}],
		transcript: [...GREETED, 'S: 250 AUTH CRAM-MD5'],
		action: {
			type: 'fail',
			stage: 'auth',
			message: expect.stringMatching(/^refusing AUTH CRAM-MD5 over an unencrypted connection: its answer could be cracked offline to find the password\. Use TLS/),
			kind: 'login-in-clear',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'HELO fallback after 502 to EHLO',
		plan: {size: 1234},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['502 5.5.1 EHLO not implemented']},
			{client: 'HELO client.test', server: ['250 mx.test']},
			...DELIVERY_TAIL,
		],
		transcript: [
			'S: 220 mx.test ESMTP ready',
			'C: EHLO client.test',
			'S: 502 5.5.1 EHLO not implemented',
			'C: HELO client.test',
			'S: 250 mx.test',
			// No SIZE= without the extension.
			...TAIL_TRANSCRIPT,
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		// RFC 5321 §3.2 names 500 as well as 502 for a server that does not know EHLO.
		name: 'HELO fallback after 500 to EHLO',
		script: [GREETING, {client: 'EHLO client.test', server: ['500 5.5.2 command unrecognized']}, {client: 'HELO client.test', server: ['250 mx.test']}, ...DELIVERY_TAIL],
		transcript: [...GREETED.slice(0, 2), 'S: 500 5.5.2 command unrecognized', 'C: HELO client.test', 'S: 250 mx.test', ...TAIL_TRANSCRIPT],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	// Any other refusal of EHLO is the server's answer to the client, not to the command: HELO would not help.
	...['550 5.7.1 go away', '554 5.7.1 no service for you', '501 5.5.4 bad EHLO name'].map(
		(reply): Case => ({
			name: `EHLO refused with ${reply.slice(0, 3)}: no HELO`,
			script: [GREETING, {client: 'EHLO client.test', server: [reply]}],
			transcript: [...GREETED.slice(0, 2), `S: ${reply}`],
			action: {type: 'fail', stage: 'ehlo', message: expect.stringContaining(reply)},
			rail: `connect✔ greeting✔ [ehlo✖${reply.slice(0, 3)}] starttls· auth· mail· rcpt· data· message· queued· quit·`,
		}),
	),
	{
		name: '554 banner',
		script: [{server: ['554 5.7.1 no service for you']}],
		transcript: ['S: 554 5.7.1 no service for you'],
		action: {type: 'fail', stage: 'banner', message: expect.stringContaining('554 5.7.1 no service for you')},
		rail: 'connect✔ greeting✖554 ehlo· starttls· auth· mail· rcpt· data· message· queued· [quit·]',
	},
	{
		name: '421 mid-session',
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['421 4.3.2 shutting down']}],
		transcript: [
			...OPENING,
			'C: MAIL FROM:<alice@example.test>',
			'S: 421 4.3.2 shutting down',
		],
		action: {type: 'fail', stage: 'mail', message: 'the server is closing the session: 421 4.3.2 shutting down'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖421] rcpt· data· message· queued· quit·',
	},
	{
		name: 'injection after the 220 to STARTTLS',
		plan: {tls: 'auto'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: '220 go ahead\r\n250 injected\r\n'},
		],
		transcript: [
			...GREETED,
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 220 go ahead',
			'S: 250 injected',
		],
		action: {type: 'fail', stage: 'tls', message: expect.stringMatching(/injection/), kind: 'starttls-injection'},
		rail: 'connect✔ greeting✔ ehlo✔ [starttls✖] auth· mail· rcpt· data· message· queued· quit·',
	},
	{
		name: 'one of two recipients refused: the message goes to the other',
		plan: {recipients: ['nobody@example.test', 'bob@example.test']},
		script: [
			GREETING,
			EHLO_PLAIN,
			MAIL_OK,
			{client: 'RCPT TO:<nobody@example.test>', server: ['550 5.1.1 no such user']},
			RCPT_OK,
			DATA_OK,
			QUEUED,
		],
		transcript: [
			...OPENING,
			'C: MAIL FROM:<alice@example.test>',
			'S: 250 2.1.0 ok',
			'C: RCPT TO:<nobody@example.test>',
			'S: 550 5.1.1 no such user',
			...TAIL_TRANSCRIPT.slice(2),
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		name: 'every recipient refused: no DATA',
		plan: {recipients: ['nobody@example.test', 'ghost@example.test']},
		script: [
			GREETING,
			EHLO_PLAIN,
			MAIL_OK,
			{client: 'RCPT TO:<nobody@example.test>', server: ['550 5.1.1 no such user']},
			{client: 'RCPT TO:<ghost@example.test>', server: ['450 4.2.0 greylisted']},
		],
		transcript: [
			...OPENING,
			'C: MAIL FROM:<alice@example.test>',
			'S: 250 2.1.0 ok',
			'C: RCPT TO:<nobody@example.test>',
			'S: 550 5.1.1 no such user',
			'C: RCPT TO:<ghost@example.test>',
			'S: 450 4.2.0 greylisted',
		],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message:
				'no recipient was accepted: nobody@example.test (550 5.1.1 no such user), ghost@example.test (450 4.2.0 greylisted); DATA is not sent',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖450] data· message· queued· quit·',
	},
	{
		// Postfix checks the sender only at RCPT (smtpd_delay_reject), with 5.7.1 as often as 5.1.x.
		name: 'a sender refused at RCPT (Postfix "Sender address rejected") is said to be the sender, not the recipients',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, {client: 'RCPT TO:<bob@example.test>', server: ['553 5.7.1 <alice@example.test>: Sender address rejected: not owned by user me']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 250 2.1.0 ok', 'C: RCPT TO:<bob@example.test>', 'S: 553 5.7.1 <alice@example.test>: Sender address rejected: not owned by user me'],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message:
				'the sender alice@example.test was refused, at RCPT (many servers check the sender only then): bob@example.test (553 5.7.1 <alice@example.test>: Sender address rejected: not owned by user me); DATA is not sent',
			kind: 'sender-refused',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖553] data· message· queued· quit·',
	},
	{
		// Postfix's smtpd_helo_restrictions, held until RCPT by its default smtpd_delay_reject=yes.
		name: 'an EHLO name refused at RCPT (Postfix "Helo command rejected") is said to be the EHLO name, not the recipients',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, {client: 'RCPT TO:<bob@example.test>', server: ['554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 250 2.1.0 ok', 'C: RCPT TO:<bob@example.test>', 'S: 554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name'],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message: 'the EHLO name client.test was refused, at RCPT (Postfix checks it only then): bob@example.test (554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name); DATA is not sent',
			kind: 'helo-refused',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖554] data· message· queued· quit·',
	},
	{
		// One recipient refused for the EHLO name, the other for itself: not all of it is about the EHLO name.
		name: 'an EHLO name refused at RCPT for one recipient only is said as refused recipients',
		plan: {recipients: ['bob@example.test', 'carol@example.test']},
		script: [
			GREETING,
			EHLO_PLAIN,
			MAIL_OK,
			{client: 'RCPT TO:<bob@example.test>', server: ['554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name']},
			{client: 'RCPT TO:<carol@example.test>', server: ['550 5.1.1 <carol@example.test>: Recipient address rejected: User unknown']},
		],
		transcript: [
			...OPENING,
			'C: MAIL FROM:<alice@example.test>',
			'S: 250 2.1.0 ok',
			'C: RCPT TO:<bob@example.test>',
			'S: 554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name',
			'C: RCPT TO:<carol@example.test>',
			'S: 550 5.1.1 <carol@example.test>: Recipient address rejected: User unknown',
		],
		// No kind 'helo-refused' either.
		action: {type: 'fail', stage: 'rcpt', message: expect.not.stringContaining('EHLO name')},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖550] data· message· queued· quit·',
	},
	{
		// The same check at MAIL, where smtpd_sender_restrictions hold it with smtpd_delay_reject=no.
		name: 'an EHLO name refused at MAIL is said to be the EHLO name, not the sender',
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name'],
		action: {type: 'fail', stage: 'mail', message: 'the EHLO name client.test was refused, at MAIL: 554 5.7.1 <client.test>: Helo command rejected: Go away, bad HELO name', kind: 'helo-refused'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖554] rcpt· data· message· queued· quit·',
	},
	{
		// A submission port that wants a login answers RCPT with a policy refusal; AUTH was on offer and not used.
		name: 'a policy refusal at RCPT from a server offering AUTH, without a login: the login is suggested',
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN LOGIN']},
			MAIL_OK,
			{client: 'RCPT TO:<bob@example.test>', server: ['554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied']},
		],
		transcript: [...GREETED, 'S: 250 AUTH PLAIN LOGIN', 'C: MAIL FROM:<alice@example.test>', 'S: 250 2.1.0 ok', 'C: RCPT TO:<bob@example.test>', 'S: 554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied'],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message:
				'no recipient was accepted: bob@example.test (554 5.7.1 <bob@example.test>: Recipient address rejected: Access denied); DATA is not sent; the server offers AUTH and may accept this only after a login (give a user and password)',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖554] data· message· queued· quit·',
	},
	{
		name: '552 after the final dot',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, RCPT_OK, DATA_OK, {client: '.', server: ['552 5.3.4 message too big']}],
		transcript: [
			...OPENING,
			...TAIL_TRANSCRIPT.slice(0, -1),
			'S: 552 5.3.4 message too big',
		],
		action: {type: 'fail', stage: 'final-dot', message: 'the server did not accept the message: 552 5.3.4 message too big'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✖552] quit·',
	},
	{
		name: 'quitAfter rcpt',
		plan: {quitAfter: 'rcpt'},
		script: [GREETING, EHLO_PLAIN, MAIL_OK, RCPT_OK, QUIT_OK],
		transcript: [
			...OPENING,
			...TAIL_TRANSCRIPT.slice(0, 4),
			'C: QUIT',
			'S: 221 2.0.0 bye',
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data· message· queued· [quit✔]',
	},
	{
		name: 'quitAfter connect waits for the banner',
		plan: {quitAfter: 'connect'},
		script: [GREETING, QUIT_OK],
		transcript: ['S: 220 mx.test ESMTP ready', 'C: QUIT', 'S: 221 2.0.0 bye'],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo· starttls· auth· mail· rcpt· data· message· queued· [quit✔]',
	},
	{
		name: 'quitAfter tls: right after the handshake, before the new EHLO (as swaks)',
		plan: {quitAfter: 'tls', tls: 'auto'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['220 go ahead']},
			QUIT_OK,
		],
		transcript: [
			...GREETED,
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 220 go ahead',
			'~~ TLS',
			'C: QUIT',
			'S: 221 2.0.0 bye',
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo· starttls✔ auth· mail· rcpt· data· message· queued· [quit✔]',
	},
	{
		name: 'quitAfter ehlo (swaks: helo) with STARTTLS: after the last EHLO, the one inside TLS',
		plan: {quitAfter: 'ehlo', tls: 'auto'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['220 go ahead']},
			{client: 'EHLO client.test', server: ['250 mx.test hello']},
			QUIT_OK,
		],
		transcript: [
			...GREETED,
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 220 go ahead',
			'~~ TLS',
			'C: EHLO client.test',
			'S: 250 mx.test hello',
			'C: QUIT',
			'S: 221 2.0.0 bye',
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✔ auth· mail· rcpt· data· message· queued· [quit✔]',
	},
	{
		name: 'quitAfter first-ehlo (swaks: first-helo) with STARTTLS: after the first EHLO, before TLS',
		plan: {quitAfter: 'first-ehlo', tls: 'auto'},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']}, QUIT_OK],
		transcript: [...GREETED, 'S: 250 STARTTLS', 'C: QUIT', 'S: 221 2.0.0 bye'],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· mail· rcpt· data· message· queued· [quit✔]',
	},
	{
		name: 'quitAfter ehlo without STARTTLS: after the only EHLO',
		plan: {quitAfter: 'ehlo', tls: 'auto'},
		script: [GREETING, EHLO_PLAIN, QUIT_OK],
		transcript: [...OPENING, 'C: QUIT', 'S: 221 2.0.0 bye'],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· mail· rcpt· data· message· queued· [quit✔]',
	},
	{
		name: 'quitAfter ehlo with STARTTLS required and not offered: TLS fails first, as in swaks',
		plan: {quitAfter: 'ehlo', tls: 'starttls'},
		script: [GREETING, EHLO_PLAIN],
		transcript: [...OPENING],
		action: {type: 'fail', stage: 'tls', message: expect.stringMatching(/does not offer STARTTLS/), kind: 'starttls-not-offered'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'STARTTLS required but not offered: stops before AUTH and MAIL',
		plan: {tls: 'starttls', auth: {user: 'alice', password: 'hunter2'}, allowPlaintextAuth: true},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN']}],
		transcript: [...GREETED, 'S: 250 AUTH PLAIN'],
		action: {type: 'fail', stage: 'tls', message: expect.stringMatching(/does not offer STARTTLS.*before AUTH and MAIL/), kind: 'starttls-not-offered'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'STARTTLS required and refused with 454',
		plan: {tls: 'starttls'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['454 4.7.0 TLS not available']},
		],
		transcript: [
			...GREETED,
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 454 4.7.0 TLS not available',
		],
		action: {type: 'fail', stage: 'tls', message: expect.stringMatching(/^STARTTLS failed: 454 4\.7\.0 TLS not available; TLS is required/)},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✖454 auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'opportunistic STARTTLS refused: carries on in clear',
		plan: {tls: 'auto'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['454 4.7.0 TLS not available']},
			...DELIVERY_TAIL,
		],
		transcript: [
			...GREETED,
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 454 4.7.0 TLS not available',
			...TAIL_TRANSCRIPT,
		],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✖454 auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		name: 'opportunistic STARTTLS refused: no AUTH in clear afterwards, not even CRAM-MD5, without the opt-in',
		plan: {tls: 'auto', auth: {user: 'alice', password: 'hunter2'}},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250-STARTTLS', '250 AUTH CRAM-MD5']},
			{client: 'STARTTLS', server: ['454 4.7.0 TLS not available']},
		],
		transcript: [...GREETED, 'S: 250-STARTTLS', 'S: 250 AUTH CRAM-MD5', 'C: STARTTLS', 'S: 454 4.7.0 TLS not available'],
		action: {type: 'fail', stage: 'auth', message: expect.stringMatching(/^not logging in: the server offered STARTTLS but it failed \(454 4\.7\.0 TLS not available\).*--allow-plaintext-auth/), kind: 'login-after-failed-starttls'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✖454 auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'opportunistic STARTTLS refused: AUTH in clear with the opt-in',
		plan: {tls: 'auto', auth: {user: 'alice', password: 'hunter2'}, allowPlaintextAuth: true},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250-STARTTLS', '250 AUTH CRAM-MD5']},
			{client: 'STARTTLS', server: ['454 4.7.0 TLS not available']},
			{client: 'AUTH CRAM-MD5', server: ['535 5.7.8 no']},
		],
		transcript: [...GREETED, 'S: 250-STARTTLS', 'S: 250 AUTH CRAM-MD5', 'C: STARTTLS', 'S: 454 4.7.0 TLS not available', 'C: AUTH CRAM-MD5', 'S: 535 5.7.8 no'],
		action: {type: 'fail', stage: 'auth', message: 'authentication failed: 535 5.7.8 no', kind: 'login-refused'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✖454 auth✖535 [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'PLAIN over a connection in clear is refused without the opt-in',
		plan: {auth: {user: 'alice', password: 'hunter2', mechanism: 'PLAIN'}},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN LOGIN']}],
		transcript: [...GREETED, 'S: 250 AUTH PLAIN LOGIN'],
		action: {type: 'fail', stage: 'auth', message: expect.stringMatching(/refusing AUTH PLAIN over an unencrypted connection.*Use TLS/), kind: 'login-in-clear'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'credentials but no AUTH advertised',
		plan: {auth: {user: 'alice', password: 'hunter2'}, allowPlaintextAuth: true},
		script: [GREETING, EHLO_PLAIN],
		transcript: [
			...OPENING,
		],
		action: {
			type: 'fail',
			stage: 'auth',
			message:
				'credentials were given but the server does not offer AUTH, nor STARTTLS, after which many servers offer it: try TLS from the first byte (--tls, port 465; in the dashboard, security TLS), or ask which port takes logins',
			kind: 'login-impossible',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		// Offered, and refused: AUTH may still come after a STARTTLS that works.
		name: 'credentials, no AUTH advertised, and STARTTLS offered but refused',
		plan: {tls: 'auto', auth: {user: 'alice', password: 'hunter2'}, allowPlaintextAuth: true},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']}, {client: 'STARTTLS', server: ['454 4.7.0 TLS not available due to local problem']}],
		transcript: [...GREETED, 'S: 250 STARTTLS', 'C: STARTTLS', 'S: 454 4.7.0 TLS not available due to local problem'],
		action: {type: 'fail', stage: 'auth', message: 'credentials were given but the server does not offer AUTH (many servers offer it only after STARTTLS)', kind: 'login-impossible'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✖454 auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		// --no-starttls (security none) against a server that offers STARTTLS and AUTH only after it.
		name: 'credentials, no AUTH advertised, and its STARTTLS declined: the way to the login is said',
		plan: {tls: 'none', auth: {user: 'alice', password: 'hunter2'}, allowPlaintextAuth: true},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']}],
		transcript: [...GREETED, 'S: 250 STARTTLS'],
		action: {
			type: 'fail',
			stage: 'auth',
			message: 'credentials were given but the server does not offer AUTH: it offers STARTTLS, and many servers offer AUTH only after it (use STARTTLS: drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)',
			kind: 'login-needs-starttls',
			cause: 'starttls-declined',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'bad credentials',
		plan: {auth: {user: 'alice', password: 'wrong'}, allowPlaintextAuth: true},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN']},
			{client: /^AUTH PLAIN /, server: ['535 5.7.8 authentication credentials invalid']},
		],
		transcript: [
			...GREETED,
			'S: 250 AUTH PLAIN',
			expect.stringMatching(/^C: AUTH PLAIN /),
			'S: 535 5.7.8 authentication credentials invalid',
		],
		action: {type: 'fail', stage: 'auth', message: 'authentication failed: 535 5.7.8 authentication credentials invalid', kind: 'login-refused'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth✖535 [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'XOAUTH2 error challenge: an empty answer, then 535',
		implicitTls: true,
		plan: {tls: 'tls', auth: {user: 'alice', password: 'ya29.token', mechanism: 'XOAUTH2'}},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH XOAUTH2']},
			{client: /^AUTH XOAUTH2 /, server: [`334 ${b64('{"status":"401","schemes":"Bearer"}')}`]},
			{client: '', server: ['535 5.7.8 token expired']},
		],
		transcript: [
			...GREETED,
			'S: 250 AUTH XOAUTH2',
			expect.not.stringContaining('ya29'),
			`S: 334 ${b64('{"status":"401","schemes":"Bearer"}')}`,
			'C: (empty line)',
			'S: 535 5.7.8 token expired',
		],
		action: {type: 'fail', stage: 'auth', message: 'login refused: the OAuth token was refused (invalid, expired, or without the mail scope): 535 5.7.8 token expired; the token was refused (status 401: the token is expired, revoked, or not for this user: get a fresh one)', kind: 'login-refused'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth✖535 [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'OAUTHBEARER error challenge: a lone ^A, then 535, the JSON status in words',
		implicitTls: true,
		plan: {tls: 'tls', auth: {user: 'alice', password: 'ya29.token', mechanism: 'OAUTHBEARER', host: 'mx.test', port: 465}},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH OAUTHBEARER XOAUTH2']},
			{client: 'AUTH OAUTHBEARER [redacted]', server: [`334 ${b64('{"status":"insufficient_scope","scope":"mail"}')}`]},
			{client: '[redacted]', server: ['535 5.7.8 no']},
		],
		transcript: [...GREETED, 'S: 250 AUTH OAUTHBEARER XOAUTH2', expect.not.stringContaining('ya29'), expect.stringMatching(/^S: 334 /), 'C: [redacted]', 'S: 535 5.7.8 no'],
		action: {
			type: 'fail',
			stage: 'auth',
			message: 'login refused: the OAuth token was refused (invalid, expired, or without the mail scope): 535 5.7.8 no; the token was refused (status insufficient_scope: the token lacks the scope this server needs: ask for it when getting the token; the scope it needs: mail)',
			kind: 'login-refused',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth✖535 [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: "SCRAM-SHA-256 picked over PLAIN: RFC 7677's exchange, the server's signature checked, then the message",
		implicitTls: true,
		plan: {tls: 'tls', auth: {user: 'user', password: 'pencil', nonce: SCRAM.nonce}},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN SCRAM-SHA-256']},
			{client: 'AUTH SCRAM-SHA-256 [redacted]', server: [`334 ${b64(SCRAM.serverFirst)}`]},
			{client: '[redacted]', server: [`334 ${b64(SCRAM.serverFinal)}`]},
			{client: '', server: ['235 2.7.0 ok']},
			...DELIVERY_TAIL,
		],
		transcript: [...GREETED, 'S: 250 AUTH PLAIN SCRAM-SHA-256', 'C: AUTH SCRAM-SHA-256 [redacted]', `S: 334 ${b64(SCRAM.serverFirst)}`, 'C: [redacted]', `S: 334 ${b64(SCRAM.serverFinal)}`, 'C: (empty line)', 'S: 235 2.7.0 ok', ...TAIL_TRANSCRIPT],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth✔ mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	scramRefused(
		'SCRAM: a wrong server signature is an impostor: "*", and the login fails in those words',
		[{client: '[redacted]', server: [`334 ${b64('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')}`]}, {client: '*', server: ['501 5.7.0 cancelled']}],
		['C: [redacted]', expect.stringMatching(/^S: 334 /), 'C: *', 'S: 501 5.7.0 cancelled'],
		{message: 'the login was given up ("*"): the server\'s signature (v=) is wrong, so it does not know the password: an impostor, or a man in the middle. Nothing more was sent: 501 5.7.0 cancelled'},
	),
	scramRefused(
		'SCRAM: a 235 without the server signature is no login: the session fails, nothing is sent',
		[{client: '[redacted]', server: ['235 2.7.0 welcome']}],
		['C: [redacted]', 'S: 235 2.7.0 welcome'],
		{message: 'the server accepted the SCRAM-SHA-256 login without proving that it knows the password (its signature, v=, never came): an impostor, or a man in the middle; no message was sent: 235 2.7.0 welcome'},
	),
	scramRefused(
		'SCRAM: a 235 after its own e= (a refusal, no signature) is no login either: nothing is sent',
		[{client: '[redacted]', server: [`334 ${b64('e=other-error')}`]}, {client: '', server: ['235 2.7.0 welcome']}],
		['C: [redacted]', expect.stringMatching(/^S: 334 /), 'C: (empty line)', 'S: 235 2.7.0 welcome'],
		{message: 'the server accepted the SCRAM-SHA-256 login without proving that it knows the password (its signature, v=, never came): an impostor, or a man in the middle; no message was sent: 235 2.7.0 welcome'},
	),
	scramRefused(
		"SCRAM: the server's e=invalid-proof is answered empty, and its 535 says why",
		[{client: '[redacted]', server: [`334 ${b64('e=invalid-proof')}`]}, {client: '', server: ['535 5.7.8 authentication failed']}],
		['C: [redacted]', expect.stringMatching(/^S: 334 /), 'C: (empty line)', 'S: 535 5.7.8 authentication failed'],
		{
			message: 'authentication failed: 535 5.7.8 authentication failed; the server refused the login: e=invalid-proof: the password is wrong (the proof did not match what the server stores)',
			kind: 'login-refused',
		},
	),
	{
		name: 'an internationalised sender without SMTPUTF8 is refused before MAIL, naming it',
		plan: {from: 'jörg@example.test'},
		script: [GREETING, EHLO_PLAIN],
		transcript: [
			...OPENING,
		],
		action: {
			type: 'fail',
			stage: 'mail',
			message: 'the sender jörg@example.test has non-ASCII characters, but the server does not offer SMTPUTF8 (RFC 6531): only "jörg", before the @, needs it: use an address that is ASCII there; nothing was sent',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'an internationalised recipient without SMTPUTF8 is its own failure (RCPT), said before MAIL',
		plan: {recipients: ['bob@example.test', 'ünï@x.test']},
		script: [GREETING, EHLO_PLAIN],
		transcript: [...OPENING],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message: 'the recipient ünï@x.test has non-ASCII characters, but the server does not offer SMTPUTF8 (RFC 6531): only "ünï", before the @, needs it: use an address that is ASCII there; nothing was sent',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'an internationalised recipient does not stop a session that ends after MAIL',
		plan: {recipients: ['ünï@x.test'], quitAfter: 'mail'},
		script: [GREETING, EHLO_PLAIN, MAIL_OK, QUIT_OK],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 250 2.1.0 ok', 'C: QUIT', 'S: 221 2.0.0 bye'],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt· data· message· queued· [quit✔]',
	},
	{
		name: 'internationalised recipients to a server that only knows HELO',
		plan: {recipients: ['ünï@x.test', 'bob@example.test', 'jörg@example.test']},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['502 5.5.1 EHLO not implemented']},
			{client: 'HELO client.test', server: ['250 mx.test']},
		],
		transcript: [...GREETED.slice(0, 2), 'S: 502 5.5.1 EHLO not implemented', 'C: HELO client.test', 'S: 250 mx.test'],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message:
				'the recipients ünï@x.test, jörg@example.test have non-ASCII characters, but the server only knows HELO, so it offers no SMTPUTF8 (RFC 6531): ünï@x.test: only "ünï", before the @, needs it: use an address that is ASCII there; jörg@example.test: only "jörg", before the @, needs it: use an address that is ASCII there; nothing was sent',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'a message over the advertised SIZE is refused before MAIL',
		plan: {size: 4737},
		script: [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 SIZE 500']}],
		transcript: [...GREETED, 'S: 250 SIZE 500'],
		action: {
			type: 'fail',
			stage: 'mail',
			message: 'the message is about 4,737 bytes and the server accepts at most 500 (SIZE in its EHLO reply): it was not sent',
			kind: 'over-size-limit',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls· auth· [mail·] rcpt· data· message· queued· quit·',
	},
	{
		name: 'sender refused',
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['550 5.7.1 sender blocked']}],
		transcript: [
			...OPENING,
			'C: MAIL FROM:<alice@example.test>',
			'S: 550 5.7.1 sender blocked',
		],
		action: {type: 'fail', stage: 'mail', message: 'the sender was refused: 550 5.7.1 sender blocked'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖550] rcpt· data· message· queued· quit·',
	},
	{
		name: 'DATA refused',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, RCPT_OK, {client: 'DATA', server: ['554 5.5.1 no valid recipients']}],
		transcript: [
			...OPENING,
			...TAIL_TRANSCRIPT.slice(0, 5),
			'S: 554 5.5.1 no valid recipients',
		],
		action: {type: 'fail', stage: 'data', message: 'DATA was refused: 554 5.5.1 no valid recipients'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✔] data✖554 message· queued· quit·',
	},
	{
		name: 'MAIL answered 530: a login is wanted, not another sender',
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['530 5.7.0 Authentication required']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 530 5.7.0 Authentication required'],
		action: {type: 'fail', stage: 'mail', message: 'the server takes mail only after a login: 530 5.7.0 Authentication required; give a user and password', kind: 'mail-needs-login'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖530] rcpt· data· message· queued· quit·',
	},
	{
		name: 'MAIL answered 530 "Must issue a STARTTLS command first" under security none: TLS is wanted, not a login',
		plan: {tls: 'none'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['530 5.7.0 Must issue a STARTTLS command first']},
		],
		transcript: [...GREETED, 'S: 250 STARTTLS', 'C: MAIL FROM:<alice@example.test>', 'S: 530 5.7.0 Must issue a STARTTLS command first'],
		action: {type: 'fail', stage: 'mail', message: 'the server takes mail only over TLS: 530 5.7.0 Must issue a STARTTLS command first; connect with STARTTLS (drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)', kind: 'mail-needs-tls', cause: 'starttls-declined'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖530] rcpt· data· message· queued· quit·',
	},
	{
		name: 'MAIL refused "STARTTLS required" by a server that does not offer STARTTLS: stripped or set up wrong, no flag to drop',
		plan: {tls: 'auto'},
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['550 5.7.0 STARTTLS required on this server']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 550 5.7.0 STARTTLS required on this server'],
		action: {
			type: 'fail',
			stage: 'mail',
			message:
				"the server takes mail only over TLS but does not offer STARTTLS: 550 5.7.0 STARTTLS required on this server; something on the way strips STARTTLS, or the server is set up wrong: try TLS from the first byte (port 465), or ask the server's administrator",
			kind: 'tls-not-offered',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖550] rcpt· data· message· queued· quit·',
	},
	{
		name: 'MAIL refused until TLS after the STARTTLS offered was refused (security auto goes on in clear): try again later',
		plan: {tls: 'auto'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['454 4.7.0 TLS not available due to local problem']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['530 5.7.0 Must issue a STARTTLS command first']},
		],
		transcript: [...GREETED, 'S: 250 STARTTLS', 'C: STARTTLS', 'S: 454 4.7.0 TLS not available due to local problem', 'C: MAIL FROM:<alice@example.test>', 'S: 530 5.7.0 Must issue a STARTTLS command first'],
		action: {type: 'fail', stage: 'mail', message: 'the server takes mail only over TLS: 530 5.7.0 Must issue a STARTTLS command first; STARTTLS failed here (see above): try again later', kind: 'mail-needs-tls'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✖454 auth- [mail✖530] rcpt· data· message· queued· quit·',
	},
	{
		name: 'MAIL answered 354: the replies are out of step',
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['354 go ahead']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 354 go ahead'],
		action: {
			type: 'fail',
			stage: 'mail',
			message: 'MAIL was answered 354 go ahead, not 250: the replies are out of step with the commands (the server sent a reply nothing asked for earlier, or the wrong reply to this command); the session is stopped',
			kind: 'out-of-step',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖354] rcpt· data· message· queued· quit·',
	},
	{
		name: 'DATA answered 250: the replies are out of step (a stray reply came earlier)',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, RCPT_OK, {client: 'DATA', server: ['250 2.1.5 Ok']}],
		transcript: [
			...OPENING,
			...TAIL_TRANSCRIPT.slice(0, 5),
			'S: 250 2.1.5 Ok',
		],
		action: {
			type: 'fail',
			stage: 'data',
			message: 'DATA was answered 250 2.1.5 Ok, not 354: the replies are out of step with the commands (the server sent a reply nothing asked for earlier, or the wrong reply to this command); the session is stopped',
			kind: 'out-of-step',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✔] data✖250 message· queued· quit·',
	},
	{
		// RFC 3463 ties X.1.0 and X.1.5 to neither command: Qsmtpd answers MAIL 2.1.5 and RCPT 2.1.0, others 2.1.0 to both.
		name: 'MAIL answered 2.1.5 and RCPT 2.1.0 (the pair Qsmtpd sends): accepted, an enhanced code steers nothing',
		script: [
			GREETING,
			EHLO_PLAIN,
			{client: 'MAIL FROM:<alice@example.test>', server: ['250 2.1.5 ok']},
			{client: 'RCPT TO:<bob@example.test>', server: ['250 2.1.0 ok']},
			DATA_OK,
			QUEUED,
		],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 250 2.1.5 ok', 'C: RCPT TO:<bob@example.test>', 'S: 250 2.1.0 ok', ...TAIL_TRANSCRIPT.slice(4)],
		action: {type: 'done'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·',
	},
	{
		// A stray 250 taken as EHLO's answer: every reply is one behind, which shows where a command never gets the
		// code that came (DATA's 354), not at RCPT, where MAIL's "250 2.1.0" is as good an answer as any.
		name: 'replies one behind after a stray 250: caught at DATA, which is answered 250',
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250 stray']},
			{client: 'MAIL FROM:<alice@example.test>', server: ['250-mx.test hello', '250 8BITMIME']},
			{client: 'RCPT TO:<bob@example.test>', server: ['250 2.1.0 ok']},
			{client: 'DATA', server: ['250 2.1.5 ok']},
		],
		transcript: [
			'S: 220 mx.test ESMTP ready',
			'C: EHLO client.test',
			'S: 250 stray',
			'C: MAIL FROM:<alice@example.test>',
			'S: 250-mx.test hello',
			'S: 250 8BITMIME',
			'C: RCPT TO:<bob@example.test>',
			'S: 250 2.1.0 ok',
			'C: DATA',
			'S: 250 2.1.5 ok',
		],
		action: {
			type: 'fail',
			stage: 'data',
			message:
				'DATA was answered 250 2.1.5 ok, not 354: the replies are out of step with the commands (the server sent a reply nothing asked for earlier, or the wrong reply to this command); the session is stopped',
			kind: 'out-of-step',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✔] data✖250 message· queued· quit·',
	},
	{
		// A stray 220 taken as EHLO's answer would list no STARTTLS (the rest in clear), and shift every reply after.
		name: 'EHLO answered 220: the replies are out of step',
		script: [GREETING, {client: 'EHLO client.test', server: ['220 again']}],
		transcript: ['S: 220 mx.test ESMTP ready', 'C: EHLO client.test', 'S: 220 again'],
		action: {
			type: 'fail',
			stage: 'ehlo',
			message: 'EHLO was answered 220 again, not 250: the replies are out of step with the commands (the server sent a reply nothing asked for earlier, or the wrong reply to this command); the session is stopped',
			kind: 'out-of-step',
		},
		rail: 'connect✔ greeting✔ [ehlo✖220] starttls· auth· mail· rcpt· data· message· queued· quit·',
	},	{
		// After a STARTTLS handshake, a stray reply right after it is the likely cause, and the message says so.
		name: 'DATA answered 250 after STARTTLS: out of step, with the handshake named as the likely cause',
		plan: {tls: 'starttls'},
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 STARTTLS']},
			{client: 'STARTTLS', server: ['220 2.0.0 ready to start TLS']},
			EHLO_PLAIN,
			MAIL_OK,
			RCPT_OK,
			{client: 'DATA', server: ['250 2.0.0 OK']},
		],
		transcript: [
			...GREETED,
			'S: 250 STARTTLS',
			'C: STARTTLS',
			'S: 220 2.0.0 ready to start TLS',
			'~~ TLS',
			...OPENING.slice(1),
			...TAIL_TRANSCRIPT.slice(0, 5),
			'S: 250 2.0.0 OK',
		],
		action: {
			type: 'fail',
			stage: 'data',
			message: 'DATA was answered 250 2.0.0 OK, not 354: the replies are out of step with the commands (the server sent a reply nothing asked for, e.g. right after the TLS handshake); the session is stopped',
			kind: 'out-of-step',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls✔ auth- mail✔ [rcpt✔] data✖250 message· queued· quit·',
	},
	{
		// Postfix's reject_unknown_reverse_client_hostname, at RCPT by its smtpd_delay_reject: not the recipient's fault.
		name: 'RCPT refused for the client IP address (no reverse DNS): the summary says so, not "no recipient was accepted"',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, {client: 'RCPT TO:<bob@example.test>', server: ['450 4.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.5]']}],
		transcript: [...OPENING, ...TAIL_TRANSCRIPT.slice(0, 3), 'S: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.5]'],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message: 'your IP address was refused, not the recipient: bob@example.test (450 4.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.5]); DATA is not sent',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖450] data· message· queued· quit·',
	},
	{
		name: 'RCPT refused for a listed IP address on a server offering AUTH: the IP, and a login may get past it',
		script: [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH PLAIN LOGIN']},
			MAIL_OK,
			{client: 'RCPT TO:<bob@example.test>', server: ['554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.5']},
		],
		transcript: [
			...GREETED,
			'S: 250 AUTH PLAIN LOGIN',
			...TAIL_TRANSCRIPT.slice(0, 3),
			'S: 554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.5',
		],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message:
				'your IP address was refused, not the recipient: bob@example.test (554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.5); DATA is not sent; the server offers AUTH and may accept this only after a login (give a user and password)',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖554] data· message· queued· quit·',
	},
	{
		name: 'MAIL refused for the client IP address (Microsoft 365 5.7.708): not the sender',
		script: [GREETING, EHLO_PLAIN, {client: 'MAIL FROM:<alice@example.test>', server: ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.']}],
		transcript: [...OPENING, 'C: MAIL FROM:<alice@example.test>', 'S: 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'],
		action: {type: 'fail', stage: 'mail', message: 'your IP address was refused, not the sender: 550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- [mail✖550] rcpt· data· message· queued· quit·',
	},
	{
		// Exim's sender verification, with no enhanced code: the sender is refused, at RCPT.
		name: 'RCPT answered Exim\'s "Sender verify failed": the sender is refused, not the recipient',
		script: [GREETING, EHLO_PLAIN, MAIL_OK, {client: 'RCPT TO:<bob@example.test>', server: ['550-Verification failed for <alice@example.test>', '550-Unrouteable address', '550 Sender verify failed']}],
		transcript: [...OPENING, ...TAIL_TRANSCRIPT.slice(0, 3), 'S: 550-Verification failed for <alice@example.test>', 'S: 550-Unrouteable address', 'S: 550 Sender verify failed'],
		action: {
			type: 'fail',
			stage: 'rcpt',
			message:
				'the sender alice@example.test was refused, at RCPT (many servers check the sender only then): bob@example.test (550 Verification failed for <alice@example.test> Unrouteable address Sender verify failed); DATA is not sent',
			kind: 'sender-refused',
		},
		rail: 'connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ [rcpt✖550] data· message· queued· quit·',
	},
];

describe('plan + session transcripts', () => {
	for (const testCase of cases) {
		for (const [splitName, split] of SPLITS) {
			it(`${testCase.name} (${splitName})`, () => {
				const run = runPlan({...basePlan, ...testCase.plan}, testCase.script, {split, implicitTls: testCase.implicitTls ?? false});
				expect(run.transcript).toEqual(testCase.transcript);
				expect(run.action).toEqual(testCase.action);
				expect(rail(run.state)).toBe(testCase.rail);
			});
		}
	}
});

describe("SCRAM's server signature: read by the login, hidden from everything else", () => {
	const scram = (turns: Turn[], split = SPLITS[0]![1]) =>
		runPlan({...basePlan, tls: 'tls', auth: {user: 'user', password: 'pencil', mechanism: 'SCRAM-SHA-256', nonce: SCRAM.nonce}}, [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH SCRAM-SHA-256']}, {client: 'AUTH SCRAM-SHA-256 [redacted]', server: [`334 ${b64(SCRAM.serverFirst)}`]}, ...turns], {implicitTls: true, split});
	const shown = (run: ReturnType<typeof scram>) => JSON.stringify(run.events);

	it.each(SPLITS)('checked as it came, and the reply event carries it as [redacted] (%s)', (_name, split) => {
		const run = scram([{client: '[redacted]', server: [`334 ${b64(SCRAM.serverFinal)}`]}, {client: '', server: ['235 2.7.0 ok']}, ...DELIVERY_TAIL], split);
		expect(run.action).toEqual({type: 'done'});
		expect(ofType(run.events, 'reply').map(event => event.reply.raw.join('|'))).toContain('334 [redacted]');
		expect(ofType(run.events, 'reply').find(event => event.reply.raw[0] === '334 [redacted]')?.reply.lines).toEqual(['[redacted]']);
		// The server-first message (salt, count, nonces) stays readable: no secret on its own.
		expect(shown(run)).toContain(b64(SCRAM.serverFirst));
		expect(shown(run)).not.toContain(b64(SCRAM.serverFinal));
	});

	it('a password SASLprep refuses fails the login before AUTH goes, naming its code point', () => {
		const run = runPlan({...basePlan, tls: 'tls', auth: {user: 'user', password: 'pen\u202ecil', nonce: SCRAM.nonce}}, [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 AUTH SCRAM-SHA-256']}], {implicitTls: true});
		expect(run.action).toEqual({type: 'fail', stage: 'auth', message: expect.stringMatching(/^AUTH password contains U\+202E, a character that changes display properties/)});
		expect(run.transcript.filter(line => line.startsWith('C: '))).toEqual(['C: EHLO client.test']);
	});

	it('a 235 that carries the signature in its text (no 334 for it) is no proof, and the failure quotes it hidden', () => {
		const run = scram([{client: '[redacted]', server: [`235 2.7.0 ${b64(SCRAM.serverFinal)}`]}]);
		expect(run.action).toEqual({type: 'fail', stage: 'auth', message: expect.stringMatching(/without proving that it knows the password .*: 235 2\.7\.0 \[redacted\]$/)});
		expect(shown(run)).not.toContain(b64(SCRAM.serverFinal));
	});
});

describe('what goes on the wire', () => {
	/** The bytes the client wrote, per command, from the encoded commands the session recorded. */
	function wireLines(run: ReturnType<typeof runPlan>): string[] {
		return ofType(run.events, 'reply').flatMap(event => (event.command ? [event.command.bytes.toString('utf8')] : []));
	}

	it('AUTH LOGIN sends the user then the password, by order', () => {
		const testCase = cases.find(c => c.name.startsWith('AUTH LOGIN'))!;
		const run = runPlan({...basePlan, ...testCase.plan}, testCase.script, {implicitTls: true});
		expect(wireLines(run).slice(1, 4)).toEqual(['AUTH LOGIN\r\n', `${b64('alice')}\r\n`, `${b64('hunter2')}\r\n`]);
	});

	it('CRAM-MD5 answers the RFC 2195 challenge with the RFC answer', () => {
		const testCase = cases.find(c => c.name.startsWith('CRAM-MD5'))!;
		const run = runPlan({...basePlan, ...testCase.plan}, testCase.script);
		expect(wireLines(run)[2]).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n');
	});

	it('AUTH PLAIN carries the credentials as its initial response, never shown', () => {
		const testCase = cases.find(c => c.name.startsWith('STARTTLS then AUTH PLAIN'))!;
		const run = runPlan({...basePlan, ...testCase.plan}, testCase.script);
		expect(wireLines(run)).toContain(`AUTH PLAIN ${b64('\0alice\0hunter2')}\r\n`);
		expect(run.transcript.join('\n')).not.toContain(b64('\0alice\0hunter2'));
	});

	it('MAIL carries SIZE and BODY=8BITMIME when advertised and needed', () => {
		const run = runPlan({...basePlan, size: 4321, eightBit: true}, [
			GREETING,
			EHLO_PLAIN,
			{client: 'MAIL FROM:<alice@example.test> SIZE=4321 BODY=8BITMIME', server: ['250 ok']},
			RCPT_OK,
			DATA_OK,
			QUEUED,
		]);
		expect(run.action).toEqual({type: 'done'});
	});

	it('SIZE 0 is no limit (RFC 1870), a message of just the limit goes, and an unknown size is never refused', () => {
		const mailWith = (advertised: string, size: number | undefined, line: string) =>
			runPlan({...basePlan, ...(size !== undefined && {size})}, [
				GREETING,
				{client: 'EHLO client.test', server: ['250-mx.test hello', `250 ${advertised}`]},
				{client: line, server: ['250 ok']},
				RCPT_OK,
				DATA_OK,
				QUEUED,
			]).action;
		expect(mailWith('SIZE 0', 4737, 'MAIL FROM:<alice@example.test> SIZE=4737')).toEqual({type: 'done'});
		expect(mailWith('SIZE 500', 500, 'MAIL FROM:<alice@example.test> SIZE=500')).toEqual({type: 'done'});
		expect(mailWith('SIZE 500', undefined, 'MAIL FROM:<alice@example.test>')).toEqual({type: 'done'});
	});

	it('--quit-after before DATA: a message over SIZE does not stop the session, and MAIL leaves out the SIZE= the server would refuse', () => {
		const run = (size: number, quitAfter: 'mail' | 'rcpt', ...rest: Turn[]) =>
			runPlan({...basePlan, size, quitAfter}, [GREETING, {client: 'EHLO client.test', server: ['250-mx.test hello', '250 SIZE 500']}, {client: 'MAIL', server: ['250 ok']}, ...rest]);
		const oversize = run(4737, 'rcpt', RCPT_OK, QUIT_OK);
		expect(oversize.action).toEqual({type: 'done'});
		expect(oversize.transcript.filter(line => line.startsWith('C: '))).toEqual(['C: EHLO client.test', 'C: MAIL FROM:<alice@example.test>', 'C: RCPT TO:<bob@example.test>', 'C: QUIT']);
		expect(run(4737, 'mail', QUIT_OK).transcript).toContain('C: MAIL FROM:<alice@example.test>');
		// Within the limit, SIZE= goes as a real send would declare it.
		expect(run(400, 'rcpt', RCPT_OK, QUIT_OK).transcript).toContain('C: MAIL FROM:<alice@example.test> SIZE=400');
	});

	it('MAIL carries SMTPUTF8 for an internationalised address when advertised', () => {
		const run = runPlan({...basePlan, recipients: ['jörg@example.test']}, [
			GREETING,
			{client: 'EHLO client.test', server: ['250-mx.test', '250 SMTPUTF8']},
			{client: 'MAIL FROM:<alice@example.test> SMTPUTF8', server: ['250 ok']},
			{client: 'RCPT TO:<jörg@example.test>', server: ['250 ok']},
			DATA_OK,
			QUEUED,
		]);
		expect(run.action).toEqual({type: 'done'});
	});
});

describe('more than one transaction on a session', () => {
	it('the second message goes straight to MAIL', () => {
		const first = runPlan(basePlan, [GREETING, EHLO_PLAIN, ...DELIVERY_TAIL]);
		expect(first.action).toEqual({type: 'done'});
		first.session.beginTransaction();
		expect(rail(first.session.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- [mail·] rcpt· data· message· queued· quit·');
		const second = runPlan({...basePlan, recipients: ['carol@example.test']}, [
			MAIL_OK,
			{client: 'RCPT TO:<carol@example.test>', server: ['250 ok']},
			DATA_OK,
			QUEUED,
		], {session: first.session});
		expect(second.action).toEqual({type: 'done'});
		expect(second.transcript[0]).toBe('C: MAIL FROM:<alice@example.test>');
		expect(second.state.messagesQueued).toBe(2);
		expect(second.state.transaction.recipients.map(r => r.address)).toEqual(['carol@example.test']);
	});

	it('after a transaction that did not finish, RSET comes first', () => {
		const first = runPlan(basePlan, [GREETING, EHLO_PLAIN, MAIL_OK, {client: 'RCPT TO:<bob@example.test>', server: ['550 no']}]);
		expect(first.action).toMatchObject({type: 'fail', stage: 'rcpt'});
		first.session.beginTransaction();
		const second = runPlan(basePlan, [{client: 'RSET', server: ['250 flushed']}, ...DELIVERY_TAIL], {session: first.session});
		expect(second.transcript.slice(0, 3)).toEqual(['C: RSET', 'S: 250 flushed', 'C: MAIL FROM:<alice@example.test>']);
		expect(second.action).toEqual({type: 'done'});
	});

	it('after a refused message the failure is forgotten with the transaction', () => {
		const first = runPlan(basePlan, [GREETING, EHLO_PLAIN, MAIL_OK, RCPT_OK, DATA_OK, {client: '.', server: ['552 too big']}]);
		expect(first.action).toMatchObject({type: 'fail', stage: 'final-dot'});
		first.session.beginTransaction();
		expect(first.session.state.failure).toBeUndefined();
		const second = runPlan(basePlan, DELIVERY_TAIL, {session: first.session});
		expect(second.action).toEqual({type: 'done'});
	});
});

describe('a session closed by the user', () => {
	// The dashboard's quit and disconnect send QUIT in the middle of a run: that is not a delivery.
	const closedAfter = (turns: Turn[]) => {
		const run = runPlan({...basePlan, quitAfter: 'mail'}, [GREETING, EHLO_PLAIN, ...turns, QUIT_OK]);
		expect(run.state.ended).toBe(true);
		return nextAction(run.state, basePlan);
	};

	it('before the message was queued, is a failure', () => {
		expect(closedAfter([MAIL_OK])).toEqual({type: 'fail', stage: 'closed', message: 'the session was closed before the message was sent'});
	});

	it('after the message was queued, is done', () => {
		const run = runPlan(basePlan, [GREETING, EHLO_PLAIN, ...DELIVERY_TAIL]);
		run.session.command({verb: 'QUIT'});
		feed(run.session, wire('221 bye'));
		expect(run.session.state.ended).toBe(true);
		expect(nextAction(run.session.state, basePlan)).toEqual({type: 'done'});
	});
});

describe('nextAction', () => {
	it('waits while a reply is outstanding and asks for the body after 354', () => {
		const session = new SmtpSession();
		expect(nextAction(session.state, basePlan)).toEqual({type: 'wait'});
		session.connected();
		expect(nextAction(session.state, basePlan)).toEqual({type: 'wait'});
	});

	it('is a pure function of its inputs', () => {
		const plan = {...basePlan, recipients: ['x@example.test']};
		const frozen = JSON.stringify(plan);
		const session = new SmtpSession();
		session.connected();
		session.receive(Buffer.from('220 hi\r\n'));
		const state = session.state;
		expect(nextAction(state, plan)).toEqual(nextAction(state, plan));
		expect(JSON.stringify(plan)).toBe(frozen);
		expect(session.state).toBe(state);
	});
});
