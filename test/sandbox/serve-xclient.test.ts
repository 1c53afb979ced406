// `serve --xclient`: the sandbox offers Postfix's XCLIENT to loopback clients, so `send --xclient-*` can be tried
// without a Postfix; its log says who the session then speaks as. Without the flag it is neither offered nor allowed.
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {describeEvent} from '../../source/headless/serve-output.js';
import {runCli} from '../helpers/run-cli.js';
import {killLeftovers, spawnServe} from './helpers/serve-process.js';
import {waitFor} from './helpers/wait.js';

afterEach(killLeftovers);

const send = (port: number, ...flags: string[]) =>
	runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--helo', 'client.test', '--from', 'me@example.test', '--to', 'you@example.test', ...flags]);

describe('serve --xclient', () => {
	it('offers XCLIENT to a loopback client and logs the pretended client; the message is accepted', async () => {
		const serve = await spawnServe({xclient: true});
		const {code, stdout} = await send(serve.port, '--xclient-addr', '203.0.113.5', '--xclient-name', 'mail.example.com');
		expect(code, stdout).toBe(0);
		expect(stdout).toMatch(/^<- {2}250[- ]XCLIENT NAME ADDR PORT PROTO HELO LOGIN$/m);
		expect(stdout).toContain(' -> XCLIENT NAME=mail.example.com ADDR=203.0.113.5');
		await waitFor(() => /accepted message/.test(serve.stdout()), 'the accepted line');
		expect(serve.stdout()).toMatch(/XCLIENT: now speaking as NAME="mail\.example\.com" ADDR="203\.0\.113\.5"/);
		serve.child.kill('SIGTERM');
		await serve.exited;
	});

	it('logs a value as the client sent it, decoded, quoted and escaped', () => {
		expect(describeEvent({type: 'xclient', session: 1, time: 0, remote: '127.0.0.1:1', attributes: {HELO: 'say "hi"', ADDR: 'IPV6:2001:db8::5'}})).toBe('XCLIENT: now speaking as HELO="say \\"hi\\"" ADDR="IPV6:2001:db8::5"');
	});

	/** One message sent with `flags` to `serve --xclient --save-dir`: the server's log and the saved message's session. */
	async function sentAndSaved(...flags: string[]): Promise<{log: string; session: Record<string, unknown>}> {
		const saveDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-xclient-'));
		const serve = await spawnServe({xclient: true, saveDir});
		const {code, stdout} = await send(serve.port, ...flags);
		expect(code, stdout).toBe(0);
		await waitFor(() => existsSync(path.join(saveDir, '1.json')), 'the saved message');
		serve.child.kill('SIGTERM');
		await serve.exited;
		return {log: serve.stdout(), session: (JSON.parse(readFileSync(path.join(saveDir, '1.json'), 'utf8')) as {session: Record<string, unknown>}).session};
	}

	it('takes XCLIENT LOGIN (no password is due) and records it as the session\'s login', async () => {
		const {log, session} = await sentAndSaved('--xclient-addr', '203.0.113.5', '--xclient-login', 'bob smith');
		expect(log).toContain('XCLIENT: now speaking as ADDR="203.0.113.5" LOGIN="bob smith"');
		expect(session.auth).toEqual({user: 'bob smith', method: 'XCLIENT'});
	});

	it('records [UNAVAILABLE] and [TEMPUNAVAIL] as sent, in the log and the saved message', async () => {
		const {log, session} = await sentAndSaved('--xclient-addr', '[UNAVAILABLE]', '--xclient-name', '[TEMPUNAVAIL]');
		expect(log).toContain('XCLIENT: now speaking as NAME="[TEMPUNAVAIL]" ADDR="[UNAVAILABLE]"');
		expect(session.xclient).toEqual({NAME: '[TEMPUNAVAIL]', ADDR: '[UNAVAILABLE]'});
	});

	/** `send --user demo` with `flags` to `serve --xclient`: its transcript, once it exited with 28 (AUTH). */
	async function loginFails(...flags: string[]): Promise<string> {
		const serve = await spawnServe({xclient: true});
		const {code, stdout} = await send(serve.port, ...flags, '--user', 'demo', '--password', 'demo');
		serve.child.kill('SIGTERM');
		await serve.exited;
		expect(code, stdout).toBe(28);
		return stdout;
	}

	it('a login in clear after XCLIENT off loopback: exit 28, saying AUTH is not offered to the client XCLIENT named', async () => {
		expect(await loginFails('--xclient-addr', '203.0.113.5')).toContain('*** failed (auth): credentials were given but the server does not offer AUTH to the client XCLIENT named (many servers offer AUTH in clear only to local clients): use STARTTLS (drop --no-starttls;');
	});

	it('--user after XCLIENT LOGIN: exit 28, saying the session is logged in already', async () => {
		expect(await loginFails('--xclient-login', 'bob')).toContain('does not offer AUTH: XCLIENT LOGIN (--xclient-login) logged the session in already; leave --user out');
	});

	it('without --xclient the sandbox does not offer it: send stops before MAIL, exit 33', async () => {
		const serve = await spawnServe({});
		const {code, stdout} = await send(serve.port, '--xclient-addr', '203.0.113.5');
		expect(code, stdout).toBe(33);
		expect(stdout).toContain('the server does not offer XCLIENT');
		serve.child.kill('SIGTERM');
		await serve.exited;
	});
});
