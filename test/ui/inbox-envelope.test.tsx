// The opened message's envelope above its headers: a spoofed sender and a Bcc recipient leave no trace in any
// header, so the headers view shows MAIL FROM and RCPT TO and says in words where they disagree.
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {parseAddressHeader} from 'mailparser';
import {describe, expect, it} from 'vitest';
import {Mailbox, type CapturedSession} from '../../source/sandbox/mailbox.js';
import {rowMiddle, type InboxMessage} from '../../source/ui/components/inbox.js';
import {messageLines} from '../helpers/message-lines.js';
import {envelopeLines, inboxEnvelope} from '../../source/ui/components/inbox-envelope.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';

const headerLines = [
	{key: 'from', line: 'From: "Your Bank" <security@bank.example>'},
	{key: 'to', line: 'To: Friend <friend@example.test>'},
	{key: 'subject', line: 'Subject: Verify'},
];
const spoofed = {mailFrom: 'spoof@bank.example', rcptTo: ['friend@example.test', 'hidden@example.test']};
const items = [{id: '1', from: spoofed.mailFrom, to: spoofed.rcptTo, subject: 'Verify', size: 300, receivedAt: 0}];

/** The block as drawn for the spoofing and Bcc demo. */
const SPOOF_AND_BCC = [
	'Envelope (the SMTP commands):',
	'MAIL FROM:<spoof@bank.example>',
	'    ! differs from the From: header',
	'RCPT TO:<friend@example.test>',
	'RCPT TO:<hidden@example.test>',
	'    ! not in To or Cc (a Bcc recipient)',
	'Headers (part of the message):',
];

const session: CapturedSession = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false};

function accept(mailbox: Mailbox, mailFrom: string, rcptTo: string[], headers: string) {
	return mailbox.accept({
		envelope: {mailFrom: {address: mailFrom, params: {}}, rcptTo: rcptTo.map(address => ({address, params: {}}))},
		session,
		raw: Buffer.from(`${headers.replaceAll('\n', '\r\n')}\r\n\r\nbody\r\n`),
		receivedAt: 0,
	});
}

/** The opened message's headers view, one line per row of the probe's frame. */
function Probe({mailbox, id = '1'}: {mailbox: Mailbox; id?: string}) {
	const message = useInbox(mailbox, id, true)?.message;
	return <Text>{message ? messageLines(message, 'headers').join('\n') : 'parsing'}</Text>;
}

describe('inbox envelope', () => {
	it('shows the envelope above the headers at 80 columns, marking the spoofed sender and the Bcc recipient', async () => {
		const message: InboxMessage = {headerLines, text: 'Click here', attachments: [], raw: '', envelope: inboxEnvelope(spoofed, headerLines, parseAddressHeader)};
		const app = startApp({screen: {size: {columns: 80, rows: 24}, inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab, KEYS.enter);
		app.update({inbox: {items, message}});
		const frame = await waitForFrame(app.lastFrame, frame => frame.includes('[headers]'));
		// The inbox panel's rows (the focused panel, double border), its tab line first.
		const rows = frame.split('\n').flatMap(line => /║ (.*?) *║$/.exec(line)?.[1] ?? []);
		expect(rows[1]).toMatch(/^\[headers\] +text +raw/);
		expect(rows.slice(2, 9)).toEqual(SPOOF_AND_BCC);
		expect(rows[9]).toMatch(/^From: "Your Bank" <security@bank\.example/);
		for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('reads the envelope and the headers of a message the sandbox took', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		await accept(mailbox, 'spoof@bank.example', ['friend@example.test', 'hidden@example.test'], 'From: "Your Bank" <security@bank.example>\nTo: Friend <friend@example.test>\nSubject: Verify');
		const app = render(<Probe mailbox={mailbox} />);
		const frame = await waitForFrame(app.lastFrame, frame => frame.includes('Subject: Verify'));
		expect(frame.split('\n')).toEqual([...SPOOF_AND_BCC, 'From: "Your Bank" <security@bank.example>', 'To: Friend <friend@example.test>', 'Subject: Verify']);
		app.unmount();
	});

	it('says a Bcc header left in the message, as serve\'s accepted line does; an empty one hides nobody and is not said', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		// As Python's sendmail() sends a message's bytes: the header a library would take out, folded over two lines.
		await accept(mailbox, 'app@example.test', ['friend@example.test', 'boss@example.test'], 'From: app@example.test\nTo: friend@example.test\nBcc: "The Boss"\n <boss@example.test>\nSubject: Leak');
		await accept(mailbox, 'app@example.test', ['friend@example.test'], 'From: app@example.test\nTo: friend@example.test\nBcc:\nSubject: Clean');
		const leaked = render(<Probe mailbox={mailbox} />);
		const frame = await waitForFrame(leaked.lastFrame, frame => frame.includes('Subject: Leak'));
		expect(frame.split('\n').slice(0, 4)).toEqual(['Envelope (the SMTP commands):', 'MAIL FROM:<app@example.test>', 'RCPT TO:<friend@example.test>', 'RCPT TO:<boss@example.test>']);
		// Under the recipients, the header as written (unfolded, its quotes escaped), wrapped by the probe's 100 columns.
		expect(frame.split('\n').slice(4).join(' ')).toMatch(
			/^ {4}! its Bcc header is still in it \("\\"The Boss\\" <boss@example\.test>"\): every recipient can read +who was copied \(a mail library takes it out before sending: Python's send_message\(\) does, sendmail\(\) +does not\) Headers \(part of the message\):/,
		);
		leaked.unmount();
		const clean = render(<Probe mailbox={mailbox} id="2" />);
		const cleanFrame = await waitForFrame(clean.lastFrame, frame => frame.includes('Subject: Clean'));
		expect(cleanFrame).not.toContain('Bcc header is still');
		clean.unmount();
	});

	it('calls no recipient a Bcc in a message with no To or Cc header (typed by hand), and says so once', () => {
		const bare = [{key: 'subject', line: 'Subject: hi'}];
		const lines = envelopeLines(inboxEnvelope({mailFrom: 'me@example.test', rcptTo: ['friend@example.test', 'other@example.test']}, bare, parseAddressHeader));
		expect(lines.slice(2)).toEqual(['RCPT TO:<friend@example.test>', 'RCPT TO:<other@example.test>', '    ! the message has no To or Cc header', 'Headers (part of the message):']);
	});

	it('says a To header that names no address (the tutorial\'s `To: Whoever <>`) names none, rather than that it is missing', () => {
		const empty = [{key: 'to', line: 'To: Whoever <>'}];
		const lines = envelopeLines(inboxEnvelope({mailFrom: 'me@example.test', rcptTo: ['friend@example.test']}, empty, parseAddressHeader));
		expect(lines.slice(2)).toEqual(['RCPT TO:<friend@example.test>', '    ! its To and Cc headers name no address', 'Headers (part of the message):']);
	});

	it('shows an internationalised domain as typed beside its punycode: the envelope, the To header and the list', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1 << 20}});
		await accept(mailbox, 'me@example.test', ['user@xn--r8jz45g.xn--zckzah'], 'From: me@example.test\nTo: User <user@xn--r8jz45g.xn--zckzah>\nSubject: Verify');
		const app = render(<Probe mailbox={mailbox} />);
		const frame = await waitForFrame(app.lastFrame, frame => frame.includes('Subject: Verify'));
		expect(frame.split('\n').slice(2, 5)).toEqual(['RCPT TO:<user@xn--r8jz45g.xn--zckzah>', '    ↳ user@例え.テスト', 'Headers (part of the message):']);
		expect(frame).toContain('To: User <user@xn--r8jz45g.xn--zckzah>\n    ↳ User <user@例え.テスト>');
		app.unmount();
		expect(rowMiddle({subject: 'Verify', from: 'me@example.test', to: ['user@xn--r8jz45g.xn--zckzah']}, 60)).toBe('Verify · me@example.test → user@例え.テスト');
	});

	it('marks nothing where envelope and headers agree, the domain compared in any case', () => {
		const headers = [
			{key: 'from', line: 'From: You <you@Example.TEST>'},
			{key: 'to', line: 'To: a@example.test,\r\n b@EXAMPLE.test'},
			{key: 'cc', line: 'Cc: team: c@example.test;'},
		];
		const lines = envelopeLines(inboxEnvelope({mailFrom: 'you@example.test', rcptTo: ['a@example.test', 'b@example.test', 'c@Example.test']}, headers, parseAddressHeader));
		expect(lines).toEqual([
			'Envelope (the SMTP commands):',
			'MAIL FROM:<you@example.test>',
			'RCPT TO:<a@example.test>',
			'RCPT TO:<b@example.test>',
			'RCPT TO:<c@Example.test>',
			'Headers (part of the message):',
		]);
		// The local part is compared exactly, as RFC 5321 leaves it to the receiving server.
		expect(envelopeLines(inboxEnvelope({mailFrom: 'You@example.test', rcptTo: ['a@example.test']}, headers, parseAddressHeader))).toContain('    ! differs from the From: header');
		// The null sender (a bounce) names no one to compare.
		expect(envelopeLines(inboxEnvelope({mailFrom: '', rcptTo: ['a@example.test']}, headers, parseAddressHeader)).slice(1, 3)).toEqual(['MAIL FROM:<>', 'RCPT TO:<a@example.test>']);
	});

	it('shows the null sender as <> and keeps the envelope when the body is gone', async () => {
		// Bodies over 1 byte are dropped at once: the message cannot be parsed, its envelope is still known.
		const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: 1}});
		await accept(mailbox, '', ['postmaster@example.test'], 'From: MAILER-DAEMON@example.test\nTo: you@example.test\nSubject: Undelivered');
		const app = render(<Probe mailbox={mailbox} />);
		const frame = await waitForFrame(app.lastFrame, frame => frame.includes('cannot show this message'));
		// Without the headers nothing is compared, so nothing is marked.
		expect(frame.split('\n').slice(0, 4)).toEqual(['Envelope (the SMTP commands):', 'MAIL FROM:<>', 'RCPT TO:<postmaster@example.test>', 'Headers (part of the message):']);
		app.unmount();
	});
});
