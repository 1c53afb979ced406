import {describe, expect, it} from 'vitest';
import {encodeCommand} from '../../source/smtp/commands.js';
import {parseCommandLine} from '../../source/smtp/command-line.js';
import {SmtpSession} from '../../source/smtp/session.js';
import {stageOf} from '../../source/session/failure-stage.js';
import {xclientCommands, type XclientAttribute} from '../../source/smtp/xclient.js';
import {unXtext, xtext} from '../../source/smtp/xtext.js';
import {basePlan, feed, rail, runPlan, wire, type Turn} from './session-harness.js';

const GREETING: Turn = {server: ['220 mx.test ESMTP ready']};
const ADDR: XclientAttribute = {name: 'ADDR', value: '203.0.113.5', flag: '--xclient-addr'};
const NAME: XclientAttribute = {name: 'NAME', value: 'mail.example.com', flag: '--xclient-name'};
const EHLO_XCLIENT: Turn = {client: 'EHLO client.test', server: ['250-mx.test hello', '250-XCLIENT NAME ADDR PROTO HELO', '250 PIPELINING']};
const TAIL: Turn[] = [
	{client: 'MAIL FROM:<alice@example.test>', server: ['250 2.1.0 ok']},
	{client: 'RCPT TO:<bob@example.test>', server: ['250 2.1.5 ok']},
	{client: 'DATA', server: ['354 go']},
	{client: '.', server: ['250 2.0.0 queued']},
];

describe('xtext (RFC 3461)', () => {
	it('encodes "+", "=", spaces, controls and non-ASCII bytes; keeps Postfix\'s special values', () => {
		expect(xtext('a+b=c d')).toBe('a+2Bb+3Dc+20d');
		expect(xtext('x\r\n\0y')).toBe('x+0D+0A+00y');
		expect(xtext('jürgen')).toBe('j+C3+BCrgen');
		expect(xtext('[UNAVAILABLE]')).toBe('[UNAVAILABLE]');
		expect(xtext('[TEMPUNAVAIL]')).toBe('[TEMPUNAVAIL]');
	});

	it('builds the command line with every value encoded: no space or line break of a value reaches the wire', () => {
		const encoded = encodeCommand({verb: 'XCLIENT', attributes: [ADDR, {name: 'LOGIN', value: 'bob smith\r\nMAIL FROM:<x>'}]});
		expect(encoded.bytes.toString()).toBe('XCLIENT ADDR=203.0.113.5 LOGIN=bob+20smith+0D+0AMAIL+20FROM:<x>\r\n');
	});

	it('splits attributes over several commands of at most 512 octets', () => {
		const long = (name: XclientAttribute['name']): XclientAttribute => ({name, value: 'x'.repeat(200), flag: `--xclient-${name.toLowerCase()}`});
		const {lines} = xclientCommands([long('NAME'), long('HELO'), long('LOGIN')]);
		expect(lines?.map(line => line.map(attribute => attribute.name))).toEqual([['HELO', 'LOGIN'], ['NAME']]);
		for (const line of lines!) expect(encodeCommand({verb: 'XCLIENT', attributes: line}).bytes.length).toBeLessThanOrEqual(512);
		expect(xclientCommands([{...long('LOGIN'), value: 'y'.repeat(600)}]).tooLong?.flag).toBe('--xclient-login');
		// ADDR and NAME go last: after them Postfix judges the next XCLIENT by the new client, and refuses it.
		const split = xclientCommands([ADDR, NAME, long('HELO'), long('LOGIN'), long('PORT')]).lines!;
		expect(split.map(line => line.map(attribute => attribute.name))).toEqual([['HELO', 'LOGIN'], ['PORT', 'NAME', 'ADDR']]);
		expect(xclientCommands([ADDR, NAME]).lines).toEqual([[ADDR, NAME]]);
	});
});

describe('XCLIENT in the planned session', () => {
	it('goes after EHLO, and the 220 that answers it is a new greeting: EHLO again, its extensions learned anew', () => {
		const run = runPlan({...basePlan, xclient: [[ADDR, NAME]]}, [
			GREETING,
			EHLO_XCLIENT,
			{client: 'XCLIENT ADDR=203.0.113.5 NAME=mail.example.com', server: ['220 mx.test ESMTP']},
			// The pretended client is offered less: no XCLIENT (it is not authorized), no PIPELINING.
			{client: 'EHLO client.test', server: ['250-mx.test hello', '250 SIZE 1000']},
			...TAIL,
		]);
		expect(run.action).toEqual({type: 'done'});
		expect(run.transcript.slice(0, 9)).toEqual([
			'S: 220 mx.test ESMTP ready',
			'C: EHLO client.test',
			'S: 250-mx.test hello',
			'S: 250-XCLIENT NAME ADDR PROTO HELO',
			'S: 250 PIPELINING',
			'C: XCLIENT ADDR=203.0.113.5 NAME=mail.example.com',
			'S: 220 mx.test ESMTP',
			'C: EHLO client.test',
			'S: 250-mx.test hello',
		]);
		expect(run.state.extensions?.pipelining).toBe(false);
		expect(run.state.xclientAccepted).toBe(1);
		expect(rail(run.state)).toBe('connect✔ greeting✔ ehlo✔ starttls- auth- mail✔ rcpt✔ data✔ message✔ [queued✔] quit·');
	});

	it('sends each line of a split plan after the EHLO that follows the last one', () => {
		const run = runPlan({...basePlan, xclient: [[ADDR], [NAME]]}, [
			GREETING,
			EHLO_XCLIENT,
			{client: 'XCLIENT ADDR=203.0.113.5', server: ['220 again']},
			EHLO_XCLIENT,
			{client: 'XCLIENT NAME=mail.example.com', server: ['220 again']},
			{client: 'EHLO client.test', server: ['250 mx.test']},
			...TAIL,
		]);
		expect(run.action).toEqual({type: 'done'});
	});

	it('refuses, before sending, an attribute the server does not list, naming its flag and what the server takes', () => {
		const run = runPlan({...basePlan, xclient: [[ADDR, {name: 'LOGIN', value: 'bob', flag: '--xclient-login'}]]}, [GREETING, EHLO_XCLIENT]);
		expect(run.action).toEqual({
			type: 'fail',
			stage: 'xclient',
			message: expect.stringMatching(/does not take LOGIN \(--xclient-login\): it accepts NAME, ADDR, PROTO, HELO; .*XCLIENT was not sent/),
		});
		expect(run.transcript.some(line => line.startsWith('C: XCLIENT'))).toBe(false);
	});

	it('stops before MAIL when the server does not offer XCLIENT, naming the Postfix setting', () => {
		const run = runPlan({...basePlan, xclient: [[ADDR]]}, [GREETING, {client: 'EHLO client.test', server: ['250-mx.test', '250 PIPELINING']}]);
		expect(run.action).toEqual({type: 'fail', stage: 'xclient', message: expect.stringMatching(/does not offer XCLIENT .*smtpd_authorized_xclient_hosts/)});
	});

	it("explains Postfix's 550 5.7.0 (not authorized) with the setting to change", () => {
		const run = runPlan({...basePlan, xclient: [[ADDR]]}, [
			GREETING,
			EHLO_XCLIENT,
			{client: 'XCLIENT ADDR=203.0.113.5', server: ['550 5.7.0 Error: insufficient authorization']},
		]);
		expect(run.action).toEqual({
			type: 'fail',
			stage: 'xclient',
			message: expect.stringMatching(/^XCLIENT was refused \(550 5\.7\.0 Error: insufficient authorization\): this client is not allowed .*smtpd_authorized_xclient_hosts/),
			reply: expect.objectContaining({code: 550, enhanced: '5.7.0'}),
		});
		expect(rail(run.state)).toContain('ehlo✖550');
	});

	it('--quit-after xclient: QUIT after the EHLO that follows XCLIENT', () => {
		const run = runPlan({...basePlan, xclient: [[ADDR]], quitAfter: 'xclient'}, [
			GREETING,
			EHLO_XCLIENT,
			{client: 'XCLIENT ADDR=203.0.113.5', server: ['220 again']},
			{client: 'EHLO client.test', server: ['250 mx.test']},
			{client: 'QUIT', server: ['221 bye']},
		]);
		expect(run.action).toEqual({type: 'done'});
	});
});

describe('XCLIENT typed by hand (manual mode) or replayed', () => {
	it('is read as XCLIENT when every word is a known attribute, values xtext-decoded; else as a raw line', () => {
		expect(parseCommandLine('xclient addr=203.0.113.5 HELO=a+20b+C3+BC')).toEqual({verb: 'XCLIENT', attributes: [{name: 'ADDR', value: '203.0.113.5'}, {name: 'HELO', value: 'a bü'}]});
		expect(unXtext(xtext('jürgen + = x'))).toBe('jürgen + = x');
		expect(parseCommandLine('XCLIENT FOO=1').verb).toBe('RAW');
		expect(parseCommandLine('XCLIENT').verb).toBe('RAW');
	});

	it('its 220 starts the greeting over as the planned one does: the extensions are forgotten, EHLO is due again', () => {
		const session = new SmtpSession();
		session.connected();
		feed(session, wire('220 mx.test ESMTP'));
		session.command({verb: 'EHLO', domain: 'client.test'});
		feed(session, wire('250-mx.test', '250 XCLIENT ADDR NAME'));
		const line = 'XCLIENT ADDR=203.0.113.5';
		session.command(parseCommandLine(line), {typed: line});
		feed(session, wire('220 mx.test ESMTP'));
		expect(session.state.extensions).toBeUndefined();
		expect(session.state.step).toBe('ehlo');
		expect(rail(session.state)).toMatch(/\[ehlo·\]/);
	});
});

describe("XCLIENT's failures belong to the xclient stage (exit 33)", () => {
	it('no reply in time to XCLIENT, and a command of ours refused while XCLIENT waits', () => {
		const session = new SmtpSession();
		session.connected();
		feed(session, wire('220 mx.test ESMTP'));
		session.command({verb: 'EHLO', domain: 'client.test'});
		feed(session, wire('250 XCLIENT ADDR'));
		session.command({verb: 'XCLIENT', attributes: [ADDR]});
		expect(stageOf(session.state)).toBe('xclient');
		session.timedOut('no reply to XCLIENT within 30 s');
		expect(session.state.failure?.stage).toBe('xclient');
	});
});
