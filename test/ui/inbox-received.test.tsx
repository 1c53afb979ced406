// A room's messages look alike (the same From, the same subject): the opened message's headers view says which
// client sent it, whether over TLS, and the login, from the session's record (as N.json keeps it); the list names the
// client's address beside a sender several students share.
import nodemailer from 'nodemailer';
import {describe, expect, it} from 'vitest';
import {receivedWords} from '../../source/ui/components/inbox-envelope.js';
import {withClientAddresses} from '../../source/ui/components/inbox-clients.js';
import {session} from '../sandbox/helpers/serve-in-process.js';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';

describe('smtp-tui inbox, who sent a message', () => {
	it("the headers view starts with the client's address, EHLO name, TLS and login", async () => {
		const inbox = await startInbox({anyLogin: true}, {columns: 120, rows: 30});
		const tls = nodemailer.createTransport({host: '127.0.0.1', port: inbox.port, secure: false, requireTLS: true, name: 'laptop-7', tls: {ca: inbox.catcher.sandbox.certificate!.pem, servername: 'localhost'}, auth: {user: 'student7', pass: 'x'}});
		await tls.sendMail({from: 'you@example.test', to: 'friend@example.test', subject: 'Exercise 1', text: 'over TLS'});
		await inbox.send('Exercise 1');
		await inbox.frame(frame => frame.includes('Inbox (2)'));
		await inbox.press(KEYS.up, KEYS.enter);
		const first = await inbox.frame(frame => frame.includes('[headers]') && frame.includes('message 1'));
		expect(first).toMatch(/Received from 127\.0\.0\.1 \(EHLO laptop-7\) over TLS \(TLSv1\.[23]\), logged in as student7/);
		await inbox.press(KEYS.escape, KEYS.down, KEYS.enter);
		const second = await inbox.frame(frame => frame.includes('[headers]') && frame.includes('message 2'));
		expect(second).toMatch(/Received from 127\.0\.0\.1 \(EHLO [^)]+\) in clear \(no TLS\), logged in as app@example\.test/);
	});

	it('says an address without its port, and a session with no EHLO or login', () => {
		expect(receivedWords({remote: '[fd00::7]:50123', helo: '', tls: false, auth: false})).toBe('Received from fd00::7 in clear (no TLS), no login');
		expect(receivedWords({remote: '10.77.34.22:50123', helo: 'laptop', tls: {protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256'}, auth: {user: 'demo', method: 'PLAIN'}})).toBe(
			'Received from 10.77.34.22 (EHLO laptop) over TLS (TLSv1.3), logged in as demo',
		);
	});
});

/** A PROXY protocol v1 header claiming `address` as the client (--proxy takes it as the session's own). */
const from = (address: string) => `PROXY TCP4 ${address} 10.77.34.1 40000 2525`;

/** One message from `client`, with this From header and Subject, as a student's script sends it. */
const student = (port: number, client: string, sender: string, subject: string) =>
	session(port, ['EHLO laptop', `MAIL FROM:<${sender}>`, 'RCPT TO:<friend@example.test>', 'DATA', `From: ${sender}\r\nSubject: ${subject}\r\n\r\nhi\r\n.`, 'QUIT'], from(client));

describe('smtp-tui inbox, whose row is whose', () => {
	it('names the client address beside a sender that students off loopback share, and only there', async () => {
		const inbox = await startInbox({proxy: true, starttls: false, anyLogin: true}, {columns: 120, rows: 30});
		await student(inbox.port, '10.77.34.22', 'you@example.test', 'Exercise 1');
		await student(inbox.port, '10.77.34.23', 'you@example.test', 'Exercise 1');
		await student(inbox.port, '10.77.34.24', 'ada@example.test', 'Exercise 1');
		const frame = await inbox.frame(frame => frame.includes('Inbox (3)'));
		expect(frame).toContain('Exercise 1 · you@example.test (10.77.34.22) → friend@example.test');
		expect(frame).toContain('Exercise 1 · you@example.test (10.77.34.23) → friend@example.test');
		expect(frame).toContain('Exercise 1 · ada@example.test → friend@example.test');
	});

	it('names none for an app on loopback, nor for one client sending many', () => {
		const item = (id: string, sender: string) => ({id, from: sender, to: ['b@example.test'], subject: 's', size: 1, receivedAt: 0});
		const items = [item('1', 'app@example.test'), item('2', 'app@example.test'), item('3', 'other@example.test')];
		expect(withClientAddresses(items, ({id}) => (id === '1' ? '127.0.0.1' : '::1')).some(row => row.via)).toBe(false);
		expect(withClientAddresses(items, () => '10.77.34.22').some(row => row.via)).toBe(false);
		expect(withClientAddresses(items, ({id}) => `10.77.34.${id}`).map(row => row.via)).toEqual(['10.77.34.1', '10.77.34.2', undefined]);
	});
});
