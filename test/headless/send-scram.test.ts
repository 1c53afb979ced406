// send --auth SCRAM-SHA-256 / SCRAM-SHA-1 against a scripted server that really runs SCRAM (test/helpers/scram-server.ts):
// the login, a wrong password, an impostor's signature, and a server that never proves itself.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {greetAndEhlo, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {scramServer, type ScramAccount, type ScramLogin} from '../helpers/scram-server.js';

const SECRET = 'pencil-Secret-42';
let server: RawServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function send(account: ScramAccount, password: string, extra: string[] = []) {
	const seen: ScramLogin[] = [];
	server = await startRawServer(scramServer(account, seen));
	const result = await runCli(
		['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--helo', 'client.test', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi', '--user', account.user, ...extra],
		{env: {SMTP_PASSWORD: password}},
	);
	expect(server.scriptErrors).toEqual([]);
	// The password never shows, nor does the proof's base64 (the client-final line is redacted).
	expect(result.stdout + result.stderr).not.toContain(SECRET);
	for (const line of seen[0]?.lines.slice(1, 2) ?? []) expect(result.stdout + result.stderr).not.toContain(line);
	// Nor does the server's signature, in base64 or decoded: with the salt and nonces it lets a password be guessed offline.
	const signature = seen[0]?.signature;
	if (signature) for (const form of [signature, Buffer.from(`v=${signature}`).toString('base64')]) expect(result.stdout + result.stderr).not.toContain(form);
	// Everything the client sent, the envelope included.
	const wire = Buffer.concat(server.peers[0]?.received ?? []).toString('utf8');
	return {...result, login: seen[0], wire};
}

describe('send --auth SCRAM', () => {
	it.each(['SCRAM-SHA-256', 'SCRAM-SHA-1'] as const)('%s: logs in, the server proves itself, and the message goes (exit 0)', async mechanism => {
		const result = await send({mechanism, user: 'alice', password: SECRET}, SECRET, ['--auth', mechanism.toLowerCase()]);
		expect(result.code, result.stderr).toBe(0);
		expect(result.login?.proofValid).toBe(true);
		expect(result.wire).toContain('MAIL FROM:<me@example.test>');
		expect(result.stdout).toMatch(/235 2\.7\.0 Authentication successful/);
		// The server's messages are shown decoded, the iteration count explained.
		expect(result.stdout).toMatch(/# 334: the server's nonce \(r=, ours and its own\), the salt \(s=\) and the iteration count \(i=4096\) to hash the password with: "r=[^"]+,s=[^"]+,i=4096"/);
		expect(result.login?.signature).toBeDefined();
		expect(result.stdout).toMatch(/^<- {2}334 \[redacted\]$/m);
		expect(result.stdout).toMatch(/# 334: the server's signature \(v=\), hidden: proof that it knows the password too, which smtp-tui checks before it answers; beside the salt and the nonces it would let a password be guessed offline$/m);
	});

	// The server-first message repeats our nonce, which lines up in base64 with the client-first's for a user name of
	// 3, 6, 9 … characters: it was masked as a quote of a secret, and the login failed.
	it.each(['bob', 'bobbie'])('logs in as %s (a name whose length is a multiple of 3)', async user => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user, password: SECRET}, SECRET, ['--auth', 'SCRAM-SHA-256']);
		expect(result.code, result.stdout).toBe(0);
		expect(result.login?.proofValid).toBe(true);
		// The server-first message is read (only the signature after it is hidden).
		expect(result.stdout).toMatch(/# 334: the server's nonce \(r=/);
		expect(result.stdout.match(/334 \[redacted\]/g)).toHaveLength(1);
	});

	it('the signature is hidden from --json and from a --record file, which replays, logging in as the live run did', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-scram-record-'));
		try {
			const file = path.join(dir, 'scram.jsonl');
			const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: SECRET}, SECRET, ['--json', '--record', file]);
			expect(result.code, result.stderr).toBe(0);
			const challenges = result.stdout.split('\n').filter(line => line.includes('"code":334')).map(line => JSON.parse(line) as {reply: {lines: string[]}; explanation: string});
			expect(challenges.map(line => line.reply.lines)).toEqual([[expect.stringMatching(/^[A-Za-z0-9+/]+=*$/)], ['[redacted]']]);
			expect(challenges[1]?.explanation).toMatch(/the server's signature \(v=\), hidden/);
			const recorded = readFileSync(file, 'utf8');
			const signature = result.login!.signature!;
			for (const form of [signature, Buffer.from(`v=${signature}`).toString('base64'), SECRET]) expect(recorded).not.toContain(form);
			const replayed = await runCli(['replay', '--print', file]);
			expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
			expect(replayed.stdout).toMatch(/^<- {2}334 \[redacted\]$/m);
			expect(replayed.stdout).toMatch(/235 2\.7\.0 Authentication successful/);
			expect(replayed.stdout).not.toMatch(/^\*\*\* failed/m);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('a password typed with a no-break space logs in where it was stored with a space (SASLprep)', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'pencil Secret 42'}, 'pencil\u00a0Secret\u200b 42');
		expect(result.code, result.stdout).toBe(0);
		expect(result.login?.proofValid).toBe(true);
	});

	it('a password with a character SASLprep forbids: refused before AUTH goes, by its code point, exit 28', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: SECRET}, `${SECRET}\u0007`);
		expect(result.login?.lines).toEqual(['QUIT']);
		expect(result.stdout).toMatch(/^\*\*\* failed \(auth\): AUTH password contains U\+0007, an ASCII control character \(table C\.2\.1\): SASLprep \(RFC 4013\) forbids that in a SCRAM login/m);
		expect(result.code, result.stdout).toBe(28);
	});

	it('picks SCRAM-SHA-256 over PLAIN without --auth', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: SECRET}, SECRET);
		expect(result.code, result.stderr).toBe(0);
		expect(result.login?.lines[0]).toMatch(/^AUTH SCRAM-SHA-256 /);
	});

	it('a wrong password: e=invalid-proof explained, exit 28', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: SECRET}, 'wrong', ['--auth', 'SCRAM-SHA-256']);
		expect(result.code, result.stderr).toBe(28);
		expect(result.login?.proofValid).toBe(false);
		expect(result.stdout).toMatch(/^\*\*\* failed \(auth\): authentication failed: 535 .*; the server refused the login: e=invalid-proof: the password is wrong/m);
	});

	it('an impostor (it takes any proof, and its signature is wrong): "*", no message, exit 28', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: SECRET, behaviour: 'impostor'}, SECRET, ['--auth', 'SCRAM-SHA-256']);
		expect(result.code, result.stderr).toBe(28);
		expect(result.login?.lines).toContain('*');
		expect(result.wire).not.toContain('MAIL FROM');
		expect(result.stdout).toMatch(/^\*\*\* failed \(auth\): the login was given up \("\*"\): the server's signature \(v=\) is wrong, so it does not know the password: an impostor, or a man in the middle/m);
		expect(result.stdout).not.toMatch(/logged in|queued/);
	});

	it('a server that says 235 without its signature: no login, no message, exit 28', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-1', user: 'alice', password: SECRET, behaviour: 'silent'}, SECRET, ['--auth', 'SCRAM-SHA-1']);
		expect(result.code, result.stderr).toBe(28);
		expect(result.wire).not.toContain('MAIL FROM');
		expect(result.stdout).toMatch(/^\*\*\* failed \(auth\): the server accepted the SCRAM-SHA-1 login without proving that it knows the password/m);
	});
});

// Dovecot and others offer SCRAM and CRAM-MD5 for every account, yet cannot check them for one whose password is
// stored as a crypt hash: the right password is refused, where PLAIN (which hands over the password) logs in.
describe('a hashed password store refuses the mechanism smtp-tui chose', () => {
	const hint = /; (\S+) was chosen as the strongest the server offers \(no --auth\), and a server that keeps the password as a hash \(crypt\) cannot check it, so it refuses even the right password: if yours is right, try --auth (\S+)$/m;
	const args = (port: number, extra: string[] = []) => ['send', '--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi', '--user', 'alice', ...extra];

	it('SCRAM refused at AUTH (no salt for the account): the failure says so, and names --auth PLAIN', async () => {
		server = await startRawServer(async peer => {
			await greetAndEhlo(peer, ['AUTH SCRAM-SHA-256 LOGIN']);
			await peer.readLine();
			peer.write('535 5.7.8 Error: authentication failed: authentication failure\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const result = await runCli(args(server.port), {env: {SMTP_PASSWORD: SECRET}});
		expect(result.code, result.stderr).toBe(28);
		expect(result.stdout).toMatch(/^\*\*\* failed \(auth\): authentication failed: 535 5\.7\.8 /m);
		// Only LOGIN is offered beside SCRAM here: that is the one named.
		expect(result.stdout.match(hint)?.slice(1)).toEqual(['SCRAM-SHA-256', 'LOGIN']);
	});

	it('SCRAM refused after the server sent its salt: it holds the keys, so the password is wrong, and no hint', async () => {
		const result = await send({mechanism: 'SCRAM-SHA-256', user: 'alice', password: SECRET}, 'wrong');
		expect(result.code, result.stderr).toBe(28);
		expect(result.stdout).toMatch(/e=invalid-proof: the password is wrong/);
		expect(result.stdout).not.toMatch(/--auth/);
	});

	it('CRAM-MD5 chosen in clear and refused by a server that cannot check it: --auth PLAIN named; with it, the login goes', async () => {
		const smtp = await startSmtpServer({
			authMethods: ['CRAM-MD5', 'PLAIN'],
			// A crypt store: PLAIN's password can be checked, CRAM-MD5's digest cannot.
			onAuth: (auth, _session, callback) => (auth.method === 'PLAIN' && auth.password === SECRET ? callback(null, {user: auth.username}) : callback(new Error('Authentication failed'))),
		});
		try {
			const chosen = await runCli(args(smtp.port), {env: {SMTP_PASSWORD: SECRET}});
			expect(chosen.code, chosen.stderr).toBe(28);
			expect(chosen.stdout.match(hint)?.slice(1)).toEqual(['CRAM-MD5', 'PLAIN']);
			const asked = await runCli(args(smtp.port, ['--auth', 'PLAIN']), {env: {SMTP_PASSWORD: SECRET}});
			expect(asked.code, asked.stdout).toBe(0);
			expect(smtp.messages).toHaveLength(1);
			// Asked for by name, CRAM-MD5's refusal is the password's: no hint.
			const named = await runCli(args(smtp.port, ['--auth', 'CRAM-MD5']), {env: {SMTP_PASSWORD: SECRET}});
			expect(named.code).toBe(28);
			expect(named.stdout).not.toMatch(hint);
		} finally {
			await smtp.close();
		}
	});
});
