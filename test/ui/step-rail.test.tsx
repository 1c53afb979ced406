import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {StepRail, failedCaption, railFormat, stepHistory, unusedSteps, type StepRailProps} from '../../source/ui/components/step-rail.js';
import {useStepHistory} from '../../source/ui/hooks/use-step-history.js';
import {createTheme, ThemeContext, type Background} from '../../source/ui/theme.js';
import {plain} from '../helpers/wait-for.js';
import {stepsAt} from './dashboard-fixtures.js';

/** The rail with its history kept across renders, as the dashboard keeps it. */
function KeptRail(props: StepRailProps) {
	return <StepRail {...props} history={useStepHistory(props.steps)} />;
}

function rail(steps: Parameters<typeof StepRail>[0]['steps'], width = 100, presenter = false): string {
	return plain(render(<StepRail steps={steps} width={width} presenter={presenter} />).lastFrame());
}

describe('StepRail', () => {
	it('--lmtp: the step after the message keeps its name, queued, but its captions say delivered, one reply per recipient', () => {
		const caption = (element: React.ReactElement) => plain(render(element).lastFrame()).split('\n')[1];
		expect(caption(<StepRail steps={stepsAt('queued')} width={120} presenter lmtp />)).toBe('STEP 10/11 queued: one reply per recipient: 250 means delivered to that one');
		const refused = stepsAt('queued', {queued: {status: 'failed', code: 452}});
		expect(caption(<StepRail steps={refused} width={120} presenter lmtp />)).toBe('FAILED at STEP 10/11 queued: no recipient got the message: each reply refused or deferred it (452)');
		const stopped = stepsAt('mail', {mail: {status: 'pending'}});
		expect(caption(<StepRail steps={stopped} width={100} presenter closed lmtp />)).toBe('CLOSED: the session is over, and no message was delivered');
	});

	it('--bdat against a server with CHUNKING: DATA reads BDAT, the captions say what it does, and the rail still fits 80 columns', () => {
		const steps = stepsAt('message', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}});
		const frame = plain(render(<StepRail steps={steps} width={80} presenter bdat />).lastFrame());
		const [row, caption] = frame.split('\n');
		expect(row).toContain('✔ BDAT ▸ msg');
		expect(stringWidth(row!)).toBeLessThanOrEqual(80);
		expect(caption).toBe('STEP 9/11 message: each chunk: BDAT n, then exactly n octets; LAST ends it');
		expect(plain(render(<StepRail steps={stepsAt('data')} width={120} presenter bdat />).lastFrame())).toContain('STEP 8/11 BDAT: no go-ahead: BDAT carries the message in counted chunks');
	});

	it('shows every step pending before anything happened', () => {
		const frame = rail(stepsAt('connect', {connect: {status: 'pending'}}));
		expect(frame).toBe('○ connect ○ greeting ○ EHLO ○ STARTTLS ○ AUTH ○ MAIL ○ RCPT ○ DATA ○ message ○ queued ○ QUIT');
	});

	it('marks done steps ✔, the active one ▸, skipped ones -', () => {
		const frame = rail(stepsAt('rcpt', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}}));
		expect(frame).toContain('✔ connect');
		expect(frame).toContain('✔ EHLO');
		expect(frame).toContain('- STARTTLS');
		expect(frame).toContain('▸ RCPT');
		expect(frame).toContain('○ DATA');
	});

	it('step mode: RCPT is current again while the next recipient waits for Enter, after one was accepted', () => {
		const steps = stepsAt('rcpt', {rcpt: {status: 'done'}});
		const frame = plain(render(<StepRail steps={steps} width={100} upcoming="rcpt" recipients={[{address: 'friend@example.test', accepted: true}]} />).lastFrame());
		expect(frame).toContain('✔ MAIL ▸ RCPT ○ DATA');
	});

	it('shows a failed step with its reply code', () => {
		const frame = rail(stepsAt('rcpt', {rcpt: {status: 'failed', code: 550}}));
		expect(frame).toContain('✖ RCPT 550');
	});

	it('captions a failure by what happened: a refusal, a 421, no reply at all', () => {
		expect(failedCaption({step: 'mail', status: 'failed', code: 550})).toBe('the server refused the sender (550)');
		expect(failedCaption({step: 'mail', status: 'failed', code: 421})).toBe('the server closed the session (421)');
		expect(failedCaption({step: 'greeting', status: 'failed'}, 'greeting-slow')).toBe('the reply began but did not finish in time');
		expect(failedCaption({step: 'mail', status: 'failed', code: 530, kind: 'mail-needs-tls'})).toBe('the server wants TLS before any sender (530)');
		expect(failedCaption({step: 'mail', status: 'failed', code: 530, kind: 'mail-needs-login'})).toBe('the server wants a login before any sender (530)');
		// One recipient or several: none was taken (when some were, RCPT is done, "1/2").
		expect(failedCaption({step: 'rcpt', status: 'failed', code: 450})).toBe('the server accepted no recipient (450)');
		// Postfix's sender check answers RCPT: the caption says whose refusal it is, as the log does.
		expect(failedCaption({step: 'rcpt', status: 'failed', code: 553, kind: 'sender-refused'})).toBe('the server refused the sender, at RCPT (553)');
		// Stopped by smtp-tui before any AUTH went: nothing was refused.
		expect(failedCaption({step: 'auth', status: 'failed'}, 'login-impossible')).toBe('no login was possible: nothing was sent (the log says why)');
		expect(failedCaption({step: 'starttls', status: 'failed'}, 'starttls-not-offered')).toBe('the server offers no STARTTLS (the log says why)');
		expect(failedCaption({step: 'rcpt', status: 'failed'}, 'connection-closed')).toBe('the connection closed before the reply');
		expect(failedCaption({step: 'mail', status: 'failed'}, 'protocol-error')).toBe('the reply broke the SMTP protocol (see the log)');
		expect(failedCaption({step: 'rcpt', status: 'failed'}, 'reply-silent')).toBe('no reply came in time');
		expect(failedCaption({step: 'rcpt', status: 'failed'}, 'reply-slow')).toBe('the reply began but did not finish in time');
		expect(failedCaption({step: 'queued', status: 'failed'}, 'reply-silent')).toBe('no reply came after the message: it may have been accepted');
		// A reply did come ("2500 queued", mixed codes): saying none came would send the reader to the network.
		expect(failedCaption({step: 'queued', status: 'failed'}, 'protocol-error')).toBe('a malformed reply came after the message: it may have been accepted');
		expect(failedCaption({step: 'connect', status: 'failed'})).toBe('no connection could be opened (the log says why)');
	});

	it('a step with no reply is never captioned a refusal: stopped, or a wait of no known kind, at EHLO, MAIL, RCPT, DATA', () => {
		for (const [step, label, position] of [['ehlo', 'EHLO', 3], ['mail', 'MAIL', 6], ['rcpt', 'RCPT', 7], ['data', 'DATA', 8]] as const) {
			for (const [kind, caption] of [[undefined, 'no reply came (the log says why)'], ['stopped', 'stopped before the reply came']] as const) {
				const steps = stepsAt(step, {[step]: {status: 'failed'}});
				const frame = plain(render(<StepRail steps={steps} width={120} presenter {...(kind && {failureKind: kind})} />).lastFrame());
				expect(frame.split('\n')[1]).toBe(`FAILED at STEP ${position}/11 ${label}: ${caption}`);
				expect(frame).not.toMatch(/refused|accepted no/);
			}
		}
		// With a code, the server did answer: a refusal, as the footer's next step says too.
		expect(failedCaption({step: 'ehlo', status: 'failed', code: 550})).toBe('the server refused our EHLO (550)');
		expect(failedCaption({step: 'greeting', status: 'failed'})).toBe('the server did not greet us with 220');
	});

	it('captions a refusal by its step: a 530 at AUTH is about the login, not the sender', () => {
		expect(failedCaption({step: 'auth', status: 'failed', code: 530, kind: 'login-needs-starttls'})).toBe('the server wants TLS before a login (530)');
		expect(failedCaption({step: 'auth', status: 'failed', code: 530, kind: 'tls-not-offered'})).toBe('the server wants TLS but offers no STARTTLS (530)');
		expect(failedCaption({step: 'auth', status: 'failed', code: 454, kind: 'login-temporary'})).toBe('the login failed for now: try again later (454)');
		expect(failedCaption({step: 'auth', status: 'failed', code: 535, kind: 'login-disabled'})).toBe('no password helps: logins are off here, or a policy refuses them (535)');
		// A kind of one step does not caption another: the sender's refusal at MAIL is no "at RCPT".
		expect(failedCaption({step: 'mail', status: 'failed', code: 553}, 'sender-refused')).toBe('the server refused the sender (553)');
		expect(failedCaption({step: 'auth', status: 'failed', code: 530})).toBe('the login was refused (530)');
	});

	it('captions a refusal of the EHLO name at RCPT or MAIL (Postfix Helo command rejected) as the EHLO name, not the recipients or the sender', () => {
		expect(failedCaption({step: 'rcpt', status: 'failed', code: 554}, 'helo-refused')).toBe('the server refused our EHLO name, at RCPT (554)');
		expect(failedCaption({step: 'rcpt', status: 'failed', code: 550, kind: 'helo-refused'})).toBe('the server refused our EHLO name, at RCPT (550)');
		expect(failedCaption({step: 'mail', status: 'failed', code: 554, kind: 'helo-refused'})).toBe('the server refused our EHLO name, at MAIL (554)');
		const steps = stepsAt('rcpt', {rcpt: {status: 'failed', code: 554}});
		const frame = plain(render(<StepRail steps={steps} width={120} presenter failureKind="helo-refused" />).lastFrame());
		expect(frame).toContain('FAILED at STEP 7/11 RCPT: the server refused our EHLO name, at RCPT (554)');
		expect(frame).not.toContain('accepted no recipient');
	});

	it('captions the EHLO after STARTTLS as EHLO again inside TLS (the rail steps back from 4 to 3)', () => {
		const steps = stepsAt('ehlo', {starttls: {status: 'done'}});
		const frame = plain(render(<StepRail steps={steps} width={120} presenter />).lastFrame());
		expect(frame).toContain('STEP 3/11 EHLO again: TLS made the server forget all');
		expect(plain(render(<StepRail steps={stepsAt('ehlo')} width={120} presenter />).lastFrame())).toContain('STEP 3/11 EHLO: we say who we are');
	});

	it('labels the EHLO after STARTTLS "again" on the rail, where it stands left of a STARTTLS done, and fits 80 columns', () => {
		const afterTls = stepsAt('ehlo', {starttls: {status: 'done'}});
		expect(rail(afterTls)).toContain('✔ greeting ▸ EHLO again ✔ STARTTLS ○ AUTH');
		// Step mode, the line waiting for Enter: the same.
		const offered = plain(render(<StepRail steps={stepsAt('ehlo', {ehlo: {status: 'pending'}, starttls: {status: 'done'}})} width={100} upcoming="ehlo" />).lastFrame());
		expect(offered).toContain('▸ EHLO again ✔ STARTTLS');
		const short = rail(afterTls, 80);
		expect(short).toContain('▸ EHLO 2nd ✔ TLS');
		expect(short).toMatch(/QUIT$/);
		expect(stringWidth(short)).toBeLessThanOrEqual(80);
		// Refused inside TLS: still "again", the code left to the log at 80 columns.
		const refused = rail(stepsAt('quit', {ehlo: {status: 'failed', code: 554}, starttls: {status: 'done'}, auth: {status: 'skipped'}, mail: {status: 'skipped'}, rcpt: {status: 'skipped'}, data: {status: 'skipped'}, message: {status: 'skipped'}, queued: {status: 'skipped'}}), 80);
		expect(refused).toContain('✖ EHLO 2nd ✔ TLS');
		expect(refused).toMatch(/QUIT$/);
		expect(stringWidth(refused)).toBeLessThanOrEqual(80);
		// Manual mode at 100 columns, a MAIL refused before the EHLO again (503): "EHLO 2nd" makes room, the other
		// labels stay whole (not "conn  greet").
		const early = rail(stepsAt('mail', {ehlo: {status: 'pending'}, starttls: {status: 'done'}, auth: {status: 'skipped'}, mail: {status: 'failed', code: 503}}), 100);
		expect(early).toBe('✔ connect ✔ greeting ○ EHLO 2nd ✔ STARTTLS - AUTH ✖ MAIL 503 ○ RCPT ○ DATA ○ message ○ queued ○ QUIT');
		// Once done, the rail reads in order again.
		expect(rail(stepsAt('auth', {starttls: {status: 'done'}}))).toContain('✔ EHLO ✔ STARTTLS ▸ AUTH');
		// Without STARTTLS, the first EHLO is just EHLO.
		expect(rail(stepsAt('ehlo'))).toContain('▸ EHLO ○ STARTTLS');
	});

	it('names no current step once the connection is closed (a 421 that answered nothing after 354)', () => {
		const steps = stepsAt('message');
		const open = plain(render(<StepRail steps={steps} width={100} presenter />).lastFrame());
		expect(open).toContain('STEP 9/11 message');
		const closed = plain(render(<StepRail steps={steps} width={100} presenter closed />).lastFrame());
		expect(closed).not.toContain('STEP 9/11');
		expect(closed).toContain('CLOSED: the session is over, and no message was queued');
	});

	it('shows a finished session all done', () => {
		const steps = stepsAt('quit', {quit: {status: 'done'}});
		expect(rail(steps)).not.toMatch(/[▸✖·]/);
	});

	it('abbreviates labels to fit 80 columns, failure code included', () => {
		const steps = stepsAt('queued', {queued: {status: 'failed', code: 554}});
		expect(railFormat(steps, 100).labels.message).toBe('message');
		const frame = rail(steps, 80);
		expect(frame).toContain('✖ queue 554');
		expect(frame).toContain('✔ msg');
		expect(frame).not.toContain('…');
		expect(stringWidth(frame)).toBeLessThanOrEqual(80);
	});

	it('keeps QUIT on an 80-column rail with two failures, leaving their codes to the log', () => {
		const steps = stepsAt('quit', {rcpt: {status: 'failed', code: 550}, data: {status: 'failed', code: 554}, message: {status: 'skipped'}, queued: {status: 'skipped'}, quit: {status: 'pending'}});
		const frame = rail(steps, 80);
		expect(frame).toMatch(/QUIT$/);
		expect(frame).toContain('✖ RCPT ✖ DATA');
		expect(stringWidth(frame)).toBeLessThanOrEqual(80);
		// With room, the codes stay.
		expect(rail(steps, 100)).toContain('✖ RCPT 550');
	});

	it('adds a caption of the current step in presenter mode', () => {
		const frame = rail(stepsAt('rcpt'), 100, true);
		expect(frame.split('\n')[1]).toMatch(/^STEP 7\/11 RCPT: name each recipient/);
	});

	it('every step caption fits 80 columns (a projector) whole, the EHLO again too', () => {
		const steps = ['connect', 'greeting', 'ehlo', 'starttls', 'auth', 'mail', 'rcpt', 'data', 'message', 'queued', 'quit'] as const;
		const captionAt = (state: Parameters<typeof StepRail>[0]['steps'], upcoming: (typeof steps)[number]) =>
			plain(render(<StepRail steps={state} width={80} presenter upcoming={upcoming} />).lastFrame()).split('\n')[1]!;
		for (const step of steps) {
			const caption = captionAt(stepsAt(step, {[step]: {status: 'pending'}}), step);
			expect(caption, step).toMatch(/^NEXT STEP/);
			expect(caption, step).not.toContain('…');
		}
		expect(captionAt(stepsAt('ehlo', {ehlo: {status: 'pending'}, starttls: {status: 'done'}}), 'ehlo')).toBe('NEXT STEP 3/11 EHLO again: TLS made the server forget all; AUTH often comes now');		// In a student's words, not the protocol's (SASL).
		expect(captionAt(stepsAt('auth', {auth: {status: 'pending'}}), 'auth')).toBe('NEXT STEP 5/11 AUTH: log in with your user name and password');
	});

	it('the EHLO after XCLIENT (TLS before it or not) says XCLIENT made the server start over, not TLS', () => {
		const afterXclient = (starttls: 'done' | 'pending') =>
			plain(render(<StepRail steps={stepsAt('ehlo', {ehlo: {status: 'pending'}, starttls: {status: starttls}})} width={80} presenter upcoming="ehlo" startedOverBy="xclient" />).lastFrame()).split('\n')[1];
		expect(afterXclient('done')).toBe('NEXT STEP 3/11 EHLO again: XCLIENT made the server start over as that client');
		expect(afterXclient('pending')).toBe('NEXT STEP 3/11 EHLO again: XCLIENT made the server start over as that client');
	});

	it('captions a failed step as failed, with its code, never with what success would mean', () => {
		const refused = rail(stepsAt('queued', {queued: {status: 'failed', code: 552}}), 100, true).split('\n')[1];
		expect(refused).toBe('FAILED at STEP 10/11 queued: the server refused the message (552)');
		expect(rail(stepsAt('connect', {connect: {status: 'failed'}}), 100, true).split('\n')[1]).toBe('FAILED at STEP 1/11 connect: no connection could be opened (the log says why)');
	});

	it('captions the step of the line on offer, not a pending step it passes over', () => {
		// After EHLO without STARTTLS or AUTH to do, MAIL is on offer while STARTTLS is still pending on the rail.
		const steps = stepsAt('starttls', {starttls: {status: 'pending'}});
		const caption = (upcoming?: 'mail') => plain(render(<StepRail steps={steps} width={100} presenter {...(upcoming && {upcoming})} />).lastFrame()).split('\n')[1];
		expect(caption()).toMatch(/^NEXT STEP 4\/11 STARTTLS/);
		expect(caption('mail')).toMatch(/^NEXT STEP 6\/11 MAIL/);
		// The rail marks it as the current step too (step mode waits there for Enter).
		const railRow = plain(render(<StepRail steps={steps} width={100} upcoming="mail" />).lastFrame());
		expect(railRow).toContain('▸ MAIL');
		expect(railRow).not.toContain('▸ STARTTLS');
	});

	it('a line of no step waiting for Enter (HELP in a replay) is the caption, not the first pending step', () => {
		const steps = stepsAt('starttls', {starttls: {status: 'pending'}});
		const caption = plain(render(<StepRail steps={steps} width={80} presenter offered="HELP" />).lastFrame()).split('\n')[1];
		expect(caption).toBe('NEXT: HELP, a command outside the steps (the rail stays where it is)');
		// Closed, nothing is next.
		expect(plain(render(<StepRail steps={steps} width={80} presenter offered="HELP" closed />).lastFrame()).split('\n')[1]).not.toContain('HELP');
		// RSET before the next message: the rail already shows that message's steps to come, and says what RSET is for.
		const rset = plain(render(<StepRail steps={steps} width={140} presenter offered="RSET" />).lastFrame()).split('\n')[1];
		expect(rset).toBe('NEXT: RSET, outside the steps: clears the last transaction before the next MAIL');
		expect(rset!.length).toBeLessThanOrEqual(80);
	});

	it('RCPT on offer after a refused recipient is current, not failed (the next recipient after a 450)', () => {
		const steps = stepsAt('rcpt', {rcpt: {status: 'failed', code: 450}});
		const recipients = [{address: 'grey@example.test', accepted: false}, {address: 'friend@example.test'}];
		const [railRow, caption] = plain(render(<StepRail steps={steps} width={100} presenter upcoming="rcpt" recipients={recipients} />).lastFrame()).split('\n');
		expect(railRow).toContain('▸ RCPT');
		expect(railRow).not.toContain('450');
		// Waiting for Enter, it is the next step, as every step on offer is.
		expect(caption).toMatch(/^NEXT STEP 7\/11 RCPT/);
	});

	it('RCPT on offer after an edited recipient was refused: the rail keeps the failure mark, the caption names the planned one next', () => {
		const steps = stepsAt('rcpt', {rcpt: {status: 'failed', code: 550}});
		const recipients = [{address: 'nobody@example.test', accepted: false, offPlan: true as const}];
		const [railRow, caption] = plain(render(<StepRail steps={steps} width={100} presenter upcoming="rcpt" recipients={recipients} />).lastFrame()).split('\n');
		expect(railRow).toContain('✖ RCPT 550');
		expect(railRow).not.toContain('▸ RCPT');
		expect(caption).toMatch(/^NEXT STEP 7\/11 RCPT/);
		// At 80 columns the rail still fits, QUIT included.
		expect(plain(render(<StepRail steps={steps} width={80} upcoming="rcpt" recipients={recipients} />).lastFrame())).toMatch(/✖ RCPT.*QUIT/);
	});

	it('a failed step on offer again is a retry: the failure shows until it goes (the planned MAIL after an edited one got 501)', () => {
		const steps = stepsAt('mail', {mail: {status: 'failed', code: 501}});
		const [railRow, caption] = plain(render(<StepRail steps={steps} width={100} presenter upcoming="mail" />).lastFrame()).split('\n');
		expect(railRow).toContain('✖ MAIL 501');
		expect(caption).toBe('FAILED at STEP 6/11 MAIL: the server refused the sender (501)');
	});

	it('shows the steps the settings leave out skipped while they are pending, not as the next step', () => {
		const target = {host: '127.0.0.1', port: 2525, sandbox: true};
		expect(unusedSteps({...target, security: 'none'})).toEqual(['starttls', 'auth']);
		expect(unusedSteps({...target, security: 'auto', login: true})).toEqual([]);
		// A replay goes by the recording, not by its settings.
		expect(unusedSteps({...target, security: 'none', replay: true})).toEqual([]);
		expect(unusedSteps({...target, security: 'auto', replay: true}, ['auth'])).toEqual(['auth']);
		const afterEhlo = stepsAt('starttls', {starttls: {status: 'pending'}});
		const [railRow, caption] = plain(render(<StepRail steps={afterEhlo} width={100} presenter unused={['starttls', 'auth']} />).lastFrame()).split('\n');
		expect(railRow).toContain('✔ EHLO - STARTTLS - AUTH ○ MAIL');
		expect(caption).toMatch(/^NEXT STEP 6\/11 MAIL/);
		// Typed by hand anyway (manual mode), the step shows as it went.
		const typed = stepsAt('mail', {starttls: {status: 'pending'}, auth: {status: 'done'}});
		expect(plain(render(<StepRail steps={typed} width={100} unused={['starttls', 'auth']} />).lastFrame())).toContain('- STARTTLS ✔ AUTH');
	});

	it('the line on offer is current after another step refusal (a DATA typed too early, RCPT on offer again)', () => {
		const steps = stepsAt('rcpt', {rcpt: {status: 'pending'}, data: {status: 'failed', code: 503}});
		const [railRow, caption] = plain(render(<StepRail steps={steps} width={100} presenter upcoming="rcpt" />).lastFrame()).split('\n');
		expect(railRow).toContain('▸ RCPT');
		expect(railRow).toContain('✖ DATA 503');
		expect(caption).toMatch(/^NEXT STEP 7\/11 RCPT/);
	});

	it('a QUIT on offer after a refused login leaves the failure as the caption (the presenter explains it first)', () => {
		const steps = stepsAt('auth', {starttls: {status: 'skipped'}, auth: {status: 'failed', code: 535}, quit: {status: 'pending'}});
		const [railRow, caption] = plain(render(<StepRail steps={steps} width={100} presenter upcoming="quit" failureKind="login-refused" />).lastFrame()).split('\n');
		expect(caption).toMatch(/^FAILED at STEP 5\/11 AUTH/);
		expect(railRow).toContain('✖ AUTH 535');
		expect(railRow).not.toContain('▸ QUIT');
	});

	it('a step on offer in step mode is NEXT, the message too (the engine marks it active after 354)', () => {
		const caption = (steps: Parameters<typeof StepRail>[0]['steps'], upcoming: 'message' | 'ehlo') =>
			plain(render(<StepRail steps={steps} width={100} presenter upcoming={upcoming} />).lastFrame()).split('\n')[1];
		expect(caption(stepsAt('message'), 'message')).toMatch(/^NEXT STEP 9\/11 message: headers, a blank line/);
		// After STARTTLS: EHLO again, and why (the rail steps back from 4 to 3).
		const afterTls = stepsAt('ehlo', {ehlo: {status: 'pending'}, starttls: {status: 'done'}});
		expect(caption(afterTls, 'ehlo')).toBe('NEXT STEP 3/11 EHLO again: TLS made the server forget all; AUTH often comes now');
		// Not on offer (auto mode, or the reply awaited): the message is the current step.
		expect(plain(render(<StepRail steps={stepsAt('message')} width={100} presenter />).lastFrame()).split('\n')[1]).toMatch(/^STEP 9\/11 message/);
	});

	it('a failure is the caption only while nothing later succeeded (manual mode goes on after a 535)', () => {
		const failedAuth = stepsAt('auth', {starttls: {status: 'skipped'}, auth: {status: 'failed', code: 535}});
		const app = render(<KeptRail steps={failedAuth} width={100} presenter />);
		const caption = () => plain(app.lastFrame()).split('\n')[1];
		expect(caption()).toBe('FAILED at STEP 5/11 AUTH: the login was refused (535)');
		app.rerender(<KeptRail steps={stepsAt('rcpt', {starttls: {status: 'skipped'}, auth: {status: 'failed', code: 535}})} width={100} presenter />);
		expect(caption()).toMatch(/^STEP 7\/11 RCPT/);
		const queued = stepsAt('quit', {starttls: {status: 'skipped'}, auth: {status: 'failed', code: 535}, queued: {status: 'done'}, quit: {status: 'pending'}});
		app.rerender(<KeptRail steps={queued} width={100} presenter />);
		expect(plain(app.lastFrame())).toContain('✖ AUTH 535');
		expect(caption()).toMatch(/^NEXT STEP 11\/11 QUIT/);
		// Drawn afresh (no history): the rail's order tells what came later.
		expect(rail(queued, 100, true).split('\n')[1]).toMatch(/^NEXT STEP 11\/11 QUIT/);
		// A QUIT answered after a failure undoes nothing: the failure stays the caption.
		const quitAfter = stepsAt('quit', {auth: {status: 'failed', code: 535}, mail: {status: 'pending'}, rcpt: {status: 'pending'}, data: {status: 'pending'}, message: {status: 'pending'}, queued: {status: 'pending'}, quit: {status: 'done'}});
		expect(plain(render(<StepRail steps={quitAfter} width={100} presenter closed />).lastFrame()).split('\n')[1]).toBe('FAILED at STEP 5/11 AUTH: the login was refused (535)');
	});

	it('a failure passed by an earlier step (a login after MAIL was refused) leaves that step to do again', () => {
		const refused = stepsAt('mail', {starttls: {status: 'pending'}, auth: {status: 'pending'}, mail: {status: 'failed', code: 530}});
		const app = render(<KeptRail steps={refused} width={100} presenter failureKind="mail-needs-login" />);
		const caption = () => plain(app.lastFrame()).split('\n')[1];
		expect(caption()).toMatch(/^FAILED at STEP 6\/11 MAIL: the server wants a login/);
		app.rerender(<KeptRail steps={stepsAt('mail', {starttls: {status: 'skipped'}, auth: {status: 'done'}, mail: {status: 'failed', code: 530}})} width={100} presenter />);
		expect(caption()).toMatch(/^NEXT STEP 6\/11 MAIL: name the sender/);
	});

	it('of two failures, the latest is the caption (MAIL refused, then a DATA typed by hand refused too)', () => {
		const mailRefused = stepsAt('mail', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}, mail: {status: 'failed', code: 501}});
		const app = render(<KeptRail steps={mailRefused} width={100} presenter />);
		const caption = () => plain(app.lastFrame()).split('\n')[1];
		expect(caption()).toBe('FAILED at STEP 6/11 MAIL: the server refused the sender (501)');
		app.rerender(<KeptRail steps={stepsAt('mail', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}, mail: {status: 'failed', code: 501}, data: {status: 'failed', code: 503}})} width={100} presenter />);
		expect(caption()).toBe('FAILED at STEP 8/11 DATA: out of order: another command must come first (503)');
	});

	it('captions a 503 as a command out of order, not as a refusal of what it named', () => {
		expect(failedCaption({step: 'rcpt', status: 'failed', code: 503})).toBe('out of order: another command must come first (503)');
		// Not to AUTH: there it may mean logged in already, or no AUTH here (Postfix's "authentication not enabled").
		expect(failedCaption({step: 'auth', status: 'failed', code: 503})).toBe('AUTH refused at this point: the log says why (503)');
	});

	it('stepHistory stamps each change of status, in the rail order when it starts', () => {
		const first = stepHistory(undefined, stepsAt('ehlo', {starttls: {status: 'done'}}));
		// The EHLO again came after STARTTLS.
		expect(first.at.ehlo!.at).toBeGreaterThan(first.at.starttls!.at);
		const same = stepHistory(first, stepsAt('ehlo', {starttls: {status: 'done'}}));
		expect(same).toBe(first);
		const next = stepHistory(first, stepsAt('auth', {starttls: {status: 'done'}}));
		expect(next.at.auth!.at).toBeGreaterThan(first.count);
		expect(next.at.connect).toBe(first.at.connect);
	});

	it('says when only some recipients were accepted: RCPT counts them as a warning, the caption too', () => {
		const steps = stepsAt('quit', {quit: {status: 'done'}});
		const recipients = [
			{address: 'grey@example.test', accepted: false},
			{address: 'friend@example.test', accepted: true},
		];
		const [railRow, caption] = plain(render(<StepRail steps={steps} width={100} presenter recipients={recipients} />).lastFrame()).split('\n');
		// Not done (a recipient was refused), not failed (the message went): the warning's mark and colour.
		expect(railRow).toContain('✔ MAIL ! RCPT 1/2 ✔ DATA');
		const level = chalk.level;
		chalk.level = 1;
		try {
			const coloured = (background: Background) =>
				render(
					<ThemeContext.Provider value={createTheme({}, {background})}>
						<StepRail steps={steps} width={100} recipients={recipients} />
					</ThemeContext.Provider>,
				).lastFrame() ?? '';
			expect(coloured('dark')).toContain(chalk.yellow('! RCPT 1/2'));
			expect(coloured('dark')).toContain(chalk.green('✔ DATA'));
			expect(coloured('light')).toContain(chalk.magenta('! RCPT 1/2'));
		} finally {
			chalk.level = level;
		}
		expect(caption).toBe('DONE: the message was queued for 1 of 2 recipients and the session is over');
		// All accepted: nothing to count.
		expect(plain(render(<StepRail steps={steps} width={100} recipients={[recipients[1]!]} />).lastFrame())).toContain('✔ RCPT ✔');
	});

	it('captions a session that is over as done, and one not started as ready', () => {
		expect(rail(stepsAt('quit', {quit: {status: 'done'}}), 100, true).split('\n')[1]).toBe('DONE: the message was queued and the session is over');
		expect(rail(stepsAt('connect', {connect: {status: 'pending'}}), 100, true).split('\n')[1]).toBe('READY: nothing sent yet');
		// Stopped at the message and closed: nothing comes next, whatever is still pending.
		const stopped = stepsAt('message', {message: {status: 'skipped'}});
		expect(plain(render(<StepRail steps={stopped} width={100} presenter closed />).lastFrame()).split('\n')[1]).toBe('CLOSED: the session is over, and no message was queued');
		// Earlier messages on that connection went: the caption does not deny them.
		const after = (queued: number) => plain(render(<StepRail steps={stopped} width={100} presenter closed messagesQueued={queued} />).lastFrame()).split('\n')[1];
		expect(after(1)).toBe('CLOSED: the session is over; 1 message was queued on it, not this last one');
		expect(after(2)).toBe('CLOSED: the session is over; 2 messages were queued on it, not this last one');
	});
});
