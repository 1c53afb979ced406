// `check` follows what send would do about STARTTLS: --no-starttls (or a profile saved with it) reports an offer
// without taking it up, and never predicts send's exit 29 for a certificate send would not meet; --starttls (or a
// profile saved with it) says that send stops where STARTTLS is missing or refused. Real servers on loopback:
// smtp-server with the test certificate (which no system CA trusts), without STARTTLS, and a raw one answering 454.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {runCheck} from '../../source/headless/check.js';
import {runProfile} from '../../source/headless/profile.js';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';

const cleanup = cleanupAfterEach();

/** A STARTTLS server whose certificate does not verify without --ca, or (`hideSTARTTLS`) one without STARTTLS. */
async function mailServer(options: {hideSTARTTLS?: boolean} = {}) {
	const server = await startSmtpServer({name: 'mx.test', ...options});
	cleanup(() => server.close());
	return server.port;
}

/** A server that offers STARTTLS and refuses it with 454. */
async function refusing() {
	const server = await scriptedServer(cleanup, async peer => {
		await greetAndEhlo(peer, ['STARTTLS']);
		if ((await peer.readLine()) !== 'STARTTLS') return;
		peer.write('454 4.7.0 TLS not available due to local problem\r\n');
		if ((await peer.readLine()) === 'QUIT') peer.write('221 bye\r\n');
	});
	return server.port;
}

/** A config folder of its own, and `check` and `profile` run in-process with it. */
function withProfiles() {
	const env = {SMTP_TUI_CONFIG_DIR: mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-check-profile-'))};
	const save = async (name: string, port: number, security: Record<string, unknown>) => {
		expect((await runInProcess(runProfile, {host: '127.0.0.1', port: String(port), ...security}, ['save', name], {env})).code).toBe(0);
	};
	const check = (flags: Record<string, unknown>, args: string[] = []) => runInProcess(runCheck, {helo: 'probe.test', timeout: '2', ...flags}, args, {env});
	return {save, check};
}

const verdictOf = (out: string) => out.trimEnd().split('\n').at(-1)!;
const row = (out: string, port: number) => out.split('\n').find(line => line.startsWith(`127.0.0.1  ${port}  `));

describe('check --profile follows the profile\'s STARTTLS choice', () => {
	test('saved with --no-starttls: the offer is shown, STARTTLS is not sent, and no exit 29 is predicted', async () => {
		const port = await mailServer();
		const {save, check} = withProfiles();
		await save('sandbox', port, {starttls: false});
		const {code, out} = await check({profile: 'sandbox'});
		expect(code).toBe(0);
		expect(row(out, port)).toMatch(/  open +\d+ ms +220 mx\.test ESMTP.*  STARTTLS offered$/);
		expect(verdictOf(out)).toBe(
			'Every probed port answers with a 220 banner: the server is reachable from here. ' +
				`127.0.0.1:${port} offers STARTTLS, left alone as profile "sandbox" (saved with --no-starttls) asks: ` +
				'smtp-tui send --profile sandbox goes on unencrypted there, passwords included; add --starttls to check its certificate.',
		);
		expect(out).not.toMatch(/exit 29|NOT verified/);

		// --json: no `tls`, as nothing of TLS happened.
		const json = await check({profile: 'sandbox', json: true});
		const probe = JSON.parse(json.out.split('\n')[0]!) as Record<string, unknown>;
		expect(probe).toMatchObject({status: 'open', starttls: true});
		expect(probe).not.toHaveProperty('tls');

		// A flag typed replaces the profile's choice, as for send: --starttls goes on with it.
		const typed = await check({profile: 'sandbox', starttls: true});
		expect(row(typed.out, port)).toMatch(/STARTTLS, TLSv1\.3, NOT verified/);
		expect(verdictOf(typed.out)).toContain('smtp-tui send stops there (exit 29)');
	});

	test('saved with --starttls (required): no offer and a refusal both stop send with exit 29, and the verdict says so', async () => {
		const plain = await mailServer({hideSTARTTLS: true});
		const refused = await refusing();
		const {save, check} = withProfiles();
		await save('work', plain, {starttls: true});
		const missing = await check({profile: 'work'});
		expect(missing.code).toBe(0);
		expect(verdictOf(missing.out)).toBe(
			'Every probed port answers with a 220 banner: the server is reachable from here. ' +
				`127.0.0.1:${plain} does not offer STARTTLS, and profile "work" (saved with --starttls) requires it: ` +
				'smtp-tui send --profile work stops there (exit 29), before any password or message.',
		);

		await save('work', refused, {starttls: true});
		expect(verdictOf((await check({profile: 'work'})).out)).toContain(
			`127.0.0.1:${refused} offers STARTTLS, but refused it with 454 "4.7.0 TLS not available due to local problem", and profile "work" (saved with --starttls) requires it: ` +
				'smtp-tui send --profile work stops there (exit 29), before any password or message. If the server is yours, check its TLS settings: a 454',
		);
	});
});

describe('check --starttls and --no-starttls', () => {
	test('say it in the flag\'s words; without either, a refusal is what send goes past with a warning', async () => {
		const offering = await mailServer();
		const refused = await refusing();
		const {check} = withProfiles();
		const off = await check({starttls: false}, [`127.0.0.1:${offering}`]);
		expect(verdictOf(off.out)).toContain(
			`127.0.0.1:${offering} offers STARTTLS, left alone as --no-starttls asks: smtp-tui send --no-starttls goes on unencrypted there, passwords included; drop --no-starttls to check its certificate.`,
		);
		const required = await check({starttls: true}, [`127.0.0.1:${refused}`]);
		expect(verdictOf(required.out)).toContain('and --starttls requires it: smtp-tui send --starttls stops there (exit 29)');
		const auto = await check({}, [`127.0.0.1:${refused}`]);
		expect(verdictOf(auto.out)).toContain('smtp-tui send goes on unencrypted there, with a warning (--starttls makes it stop, exit 29)');
	});

	test('--tls with either is refused, as send refuses it', async () => {
		const {check} = withProfiles();
		await expect(check({tls: true, starttls: false}, ['127.0.0.1:1'])).rejects.toThrow('--tls and --no-starttls cannot be used together');
		await expect(check({tls: true, starttls: true}, ['127.0.0.1:1'])).rejects.toThrow('--tls and --starttls cannot be used together');
	});
});
