// PLAIN, LOGIN and CRAM-MD5 send the user name and password as SASLprep makes them (RFC 4013, RFC 4616 §2): a
// password typed or pasted with a no-break space, a soft hyphen, a zero-width joiner or a decomposed é logs in where
// the server keeps it in its usual form, from --password's environment and from a profile's saved password alike; a
// character SASLprep forbids is refused before AUTH goes (exit 28), or when the profile is saved. smtp-server here
// compares what it gets as it is, as a server that keeps passwords unprepared (Dovecot) does.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';

const cleanup = cleanupAfterEach();

const STORED = {user: 'demo', password: 'pen cil caf\u00e9'};
// A soft hyphen in the user name; a no-break space, a zero-width joiner and e + combining acute in the password.
const TYPED = {user: 'de\u00admo', password: 'pen\u00a0cil\u200d cafe\u0301'};

async function server() {
	const logins: Array<{method: string; username: string}> = [];
	const smtp = await startSmtpServer({
		authMethods: ['PLAIN', 'LOGIN', 'CRAM-MD5'],
		onAuth(auth, _session, callback) {
			logins.push({method: auth.method, username: auth.username ?? ''});
			const ok = auth.method === 'CRAM-MD5' ? auth.validatePassword?.(STORED.password) : auth.password === STORED.password;
			if (auth.username === STORED.user && ok) callback(null, {user: STORED.user});
			else callback(Object.assign(new Error('5.7.8 authentication failed'), {responseCode: 535}));
		},
	});
	cleanup(() => smtp.close());
	return {...smtp, logins};
}

const sendArgs = (port: number, extra: string[]) => ['send', '--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi', ...extra];

describe('send: the login prepared by SASLprep', () => {
	it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('%s: typed with a no-break space, a soft hyphen, a joiner and a decomposed é, it logs in as stored', async mechanism => {
		const smtp = await server();
		const result = await runCli(sendArgs(smtp.port, ['--auth', mechanism, '--user', TYPED.user]), {env: {SMTP_PASSWORD: TYPED.password}});
		expect(result.code, result.stdout + result.stderr).toBe(0);
		expect(smtp.logins).toEqual([{method: mechanism, username: STORED.user}]);
		expect(smtp.messages).toHaveLength(1);
	});

	it('a character SASLprep forbids: refused before AUTH goes, naming the field and the code point, never the password (exit 28)', async () => {
		const smtp = await server();
		const result = await runCli(sendArgs(smtp.port, ['--auth', 'PLAIN', '--user', 'demo']), {env: {SMTP_PASSWORD: 'hunter2\u202egnp.exe'}});
		expect(result.stdout).toMatch(/^\*\*\* failed \(auth\): AUTH password contains U\+202E, a character that changes display properties \(or is deprecated\) \(table C\.8\): SASLprep/m);
		expect(result.stdout + result.stderr).not.toContain('hunter2');
		expect(smtp.logins).toEqual([]);
		expect(result.code).toBe(28);
	});
});

describe("a profile's saved password", () => {
	function profiles() {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-saslprep-'));
		cleanup(() => rmSync(dir, {recursive: true, force: true}));
		return {SMTP_TUI_CONFIG_DIR: dir};
	}

	it('saved as typed, it logs in prepared', async () => {
		const smtp = await server();
		const env = profiles();
		const saved = await runCli(['profile', 'save', 'work', '--host', '127.0.0.1', '--port', String(smtp.port), '--no-starttls', '--user', TYPED.user, '--save-password'], {env: {...env, SMTP_PASSWORD: TYPED.password}});
		expect(saved.code, saved.stderr).toBe(0);
		const result = await runCli(['send', '--profile', 'work', '--auth', 'PLAIN', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi'], {env: {...env, SMTP_PASSWORD: ''}});
		expect(result.code, result.stdout + result.stderr).toBe(0);
		expect(smtp.logins).toEqual([{method: 'PLAIN', username: STORED.user}]);
	});

	it('one SASLprep forbids is refused when saved, not at every send, and is not shown', async () => {
		const env = profiles();
		const saved = await runCli(['profile', 'save', 'work', '--host', '127.0.0.1', '--port', '2', '--no-starttls', '--user', 'demo', '--save-password'], {env: {...env, SMTP_PASSWORD: 'hunter2\u0007'}});
		expect(saved.stderr).toMatch(/^smtp-tui: the password contains U\+0007, an ASCII control character \(table C\.2\.1\): SASLprep/m);
		expect(saved.stderr).not.toContain('hunter2');
		expect(saved.code).toBe(1);
		expect((await runCli(['profile', 'list'], {env})).stdout).not.toContain('work');
	});
});
