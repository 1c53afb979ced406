// An empty `smtp-tui inbox` offers a command to try it with, and that command, run as shown, is delivered: it names
// this server's address and port and trusts its certificate (--ca), so the first try is not refused at the handshake.
import {describe, expect, it} from 'vitest';
import type {Sandbox} from '../../source/sandbox/server.js';
import {resolveSandboxSettings} from '../../source/sandbox/settings.js';
import {trySendCommand} from '../../source/ui/inbox-try-command.js';
import {runCli} from '../helpers/run-cli.js';
import {startInbox} from './inbox-screen.js';

/** The words of a command as a shell splits them (single quotes only: what shellWord writes). */
const shellWords = (command: string) => [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map(([, quoted, bare]) => quoted?.replaceAll("'\\''", "'") ?? bare!);

describe('the empty inbox', () => {
	it('shows a command that sends it a message, trusting its certificate, and that command is delivered', async () => {
		const inbox = await startInbox({}, {columns: 100, rows: 30});
		const command = trySendCommand(inbox.catcher.sandbox);
		expect(command).toMatch(new RegExp(`^smtp-tui send --server 127\\.0\\.0\\.1 --port ${inbox.port} --ca \\S+certificate\\.pem --to you@example\\.test$`));
		const empty = await inbox.frame(frame => frame.includes('0 messages'));
		expect(empty).toContain('No messages yet. Try, from another terminal:');
		// Whole on the screen, its rows read in order (at 100 columns it may take two).
		const text = empty.replace(/[│║]/g, ' ').replace(/\s+/g, ' ');
		for (const word of command.split(' ')) expect(text).toContain(word);
		// Run as shown (dist/cli.js for smtp-tui): STARTTLS, the certificate verified, the message delivered.
		const [, ...args] = shellWords(command).slice(1);
		const sent = await runCli(['send', ...args]);
		expect(sent.stderr).toBe('');
		expect(sent.code).toBe(0);
		await inbox.frame(frame => frame.includes('1 message') && frame.includes('you@example.test'));
	});

	it('says no pid to kill on a screen whose footer says how to quit, and the login in one form, demo/demo', async () => {
		const inbox = await startInbox({});
		const frame = await inbox.frame(f => f.includes('0 messages') && f.includes('messages are not saved'));
		expect(frame).not.toContain('ready: pid');
		expect(frame).toContain('AUTH demo/demo');
	});
});

describe('the command to try', () => {
	const sandbox = (settings: Partial<Sandbox['settings']> = {}, certificate: Partial<NonNullable<Sandbox['certificate']>> | undefined = {}, listener: Partial<Sandbox['listeners'][0]> = {}): Pick<Sandbox, 'listeners' | 'certificate' | 'settings'> => ({
		listeners: [{host: '127.0.0.1', port: 2525, kind: 'smtp', ...listener}],
		certificate: certificate && {pem: '', fingerprint256: 'AB', path: '/home/you/.local/share/smtp-tui/sandbox/certificate.pem', ...certificate},
		settings: resolveSandboxSettings(settings),
	});

	it('reaches a server listening on every address by loopback, quotes a path a shell would split, and names a login only where one is required', () => {
		expect(trySendCommand(sandbox({}, {}, {host: '0.0.0.0'}))).toBe('smtp-tui send --server 127.0.0.1 --port 2525 --ca /home/you/.local/share/smtp-tui/sandbox/certificate.pem --to you@example.test');
		expect(trySendCommand(sandbox({}, {path: '/home/a b/certificate.pem'}))).toContain("--ca '/home/a b/certificate.pem' ");
		expect(trySendCommand(sandbox({requireAuth: true}))).toContain(' --user demo --password demo --to ');
		// A password of the user's own is not shown: send asks for it.
		expect(trySendCommand(sandbox({requireAuth: true, user: 'alice', password: 's3cret'}))).toMatch(/ --user alice --to /);
		expect(trySendCommand(sandbox({requireAuth: true, anyLogin: true}))).toContain(' --user you --password any ');
	});

	it('without a certificate file to trust: plain SMTP, or unverified where the server requires TLS; no TLS offered, no TLS flag', () => {
		expect(trySendCommand(sandbox({}, {notKept: 'no home folder'}))).toContain(' --no-starttls ');
		expect(trySendCommand(sandbox({requireTls: true}, {notKept: 'no home folder'}))).toContain(' --insecure ');
		// send logs in only inside TLS: with a login asked for, never --no-starttls.
		expect(trySendCommand(sandbox({requireAuth: true}, {notKept: 'no home folder'}))).toContain(' --insecure ');
		expect(trySendCommand(sandbox({starttls: false}, undefined))).toBe('smtp-tui send --server 127.0.0.1 --port 2525 --to you@example.test');
		expect(trySendCommand(sandbox({lmtp: true}, undefined, {socket: '/tmp/lmtp.sock', kind: 'smtp'}))).toBe('smtp-tui send --socket /tmp/lmtp.sock --lmtp --to you@example.test');
	});
});
