// `check --tls` verdicts for ports that do speak TLS but fail: an obsolete TLS version, a certificate at fault
// itself (expired, SHA-1), a wrong name beside an untrusted CA.
import {generate} from 'selfsigned';
import {describe, expect, test} from 'vitest';
import {formatTable} from '../../source/headless/check-output.js';
import {checkVerdict} from '../../source/headless/check-verdict.js';
import {noCommonVersion} from '../../source/transport/tls-versions.js';
import type {TlsFailure} from '../../source/transport/connect-error.js';
import type {ProbeResult, ProbeStatus} from '../../source/headless/check-probe.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {scriptedServer, tlsGreeter} from '../transport/probe-servers.js';
import {checkInProcess} from '../helpers/run-check.js';
import {clientCerts, testCerts} from '../helpers/certs.js';
import {startSmtpServer} from '../helpers/smtp-server.js';

const cleanup = cleanupAfterEach();

const check = async (args: string[], flags: Record<string, unknown> = {}) => checkInProcess(args, flags, {timeout: '5'});

/** A port that reads the start of the ClientHello and closes: no alert, so no sign it speaks TLS at all. */
const closesOnHello = async () =>
	(
		await scriptedServer(cleanup, async peer => {
			await peer.readBytes(5);
			peer.destroy();
		})
	).port;

const result = (host: string, port: number, status: ProbeStatus, extra: Partial<ProbeResult> = {}): ProbeResult => ({host, port, status, ...extra});

describe('check --tls on a port that speaks only TLS 1.0', () => {
	test('says it speaks an obsolete TLS, not that it may not speak TLS (a real server)', async () => {
		const {private: key, cert} = await generate([{name: 'commonName', value: 'localhost'}], {keyType: 'ec', algorithm: 'sha256'});
		const port = await tlsGreeter(cleanup, {key, cert, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0'});
		const {code, out} = await check([`127.0.0.1:${port}`], {tls: true});
		expect(code).toBe(2);
		const verdict = out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toBe(
			`No port answered with a usable 220 banner. Port ${port} is failing TLS. ` +
				`The TLS handshake with 127.0.0.1:${port} failed: no TLS version in common: smtp-tui allowed TLS 1.2 to 1.3, and the server speaks none of them; if it speaks only TLS 1.0 or 1.1, --tls-min 1.0 allows them (insecure). ` +
				'The port does speak TLS, but not in the versions allowed: an old server must be updated to TLS 1.2 or newer.',
		);
		expect(verdict).not.toContain('without --tls');
	});

	test('--tls-min 1.0 reaches it: the probe shows TLS 1.0, after the warning as a JSON line of its own', async () => {
		const port = await tlsGreeter(cleanup, {...(await testCerts()).server, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0'});
		const {out} = await check([`127.0.0.1:${port}`], {tls: true, tlsMin: '1.0', json: true});
		const [warning, first] = out.split('\n');
		expect(JSON.parse(warning!)).toEqual({type: 'warning', message: '--tls-min 1.0 lets the probes use TLS 1.0 or 1.1, which are insecure: a port reached only that way is no place for real passwords or mail'});
		const probe = JSON.parse(first!) as {status: string; tls: {protocol: string}};
		expect(probe.tls.protocol, out).toBe('TLSv1');
	});

	test('--tls-max 1.0 alone reaches it too, and the warning names --tls-max, the flag typed', async () => {
		const port = await tlsGreeter(cleanup, {...(await testCerts()).server, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0'});
		const {out} = await check([`127.0.0.1:${port}`], {tls: true, tlsMax: '1.0', json: true});
		const [warning, first] = out.split('\n');
		expect(JSON.parse(warning!)).toEqual({type: 'warning', message: '--tls-max 1.0 lets the probes use TLS 1.0 or 1.1, which are insecure: a port reached only that way is no place for real passwords or mail'});
		expect((JSON.parse(first!) as {tls: {protocol: string}}).tls.protocol, out).toBe('TLSv1');
	});

	test('on port 465 too: no "try 587", and none after an alert or a cipher failure either', () => {
		// The advice follows what the transport says broke TLS (tlsFailure), as the probe passes it on, not the words.
		const failing = (error: string, failure: TlsFailure) => checkVerdict([result('a.test', 465, 'tls-failed', {tls: {authorized: false, error}, tlsFailure: {failure}})], [465], 1, 8000);
		expect(failing('TLS handshake with a.test:465 failed: no TLS version in common: smtp-tui allowed TLS 1.2 to 1.3, and the server speaks none of them', 'no-common-version')).not.toContain('587');
		expect(failing('TLS handshake with a.test:465 failed: the server refused the handshake (no cipher suite in common?)', 'no-cipher')).not.toContain('may not speak TLS');
		expect(failing('TLS handshake with a.test:465 failed: the server sent an alert (TLS alert 80: internal error)', 'alert')).not.toContain('may not speak TLS');
		// Plain text where TLS was expected still gets it.
		expect(failing('TLS handshake with a.test:465 failed: the server did not answer in TLS', 'not-tls')).toContain('The port may not speak TLS from the first byte: try 587 with STARTTLS.');
	});
});

describe('check of a STARTTLS port whose server speaks only TLS 1.0', () => {
	test('the server is told to update (no flag of the user narrowed the versions); --json leaves out how smtp-tui read it', async () => {
		const server = await startSmtpServer({name: 'mx.test', minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0'});
		cleanup(() => server.close());
		const {out} = await check(['127.0.0.1'], {ports: String(server.port)});
		expect(out.trimEnd().split('\n').at(-1)).toMatch(/offers STARTTLS, but the TLS handshake after it failed: no TLS version in common: .*smtp-tui send stops there \(exit 29\)\. The server must be updated to TLS 1\.2 or newer\.$/);
		const json = (await check(['127.0.0.1'], {ports: String(server.port), json: true})).out;
		expect(json).toContain('no TLS version in common');
		expect(json).not.toContain('tlsFailure');
	});
});

describe('check --tls on a port that demands a client certificate (alert 116 after the handshake, TLS 1.3)', () => {
	test('the demand is said once, with no "may not speak TLS" and no certificate advice: the port speaks TLS', async () => {
		const server = await testCerts();
		const port = await tlsGreeter(cleanup, {...server.server, requestCert: true, rejectUnauthorized: true, ca: [(await clientCerts()).ca]});
		const verdict = (await check([`127.0.0.1:${port}`], {tls: true})).out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toContain(`The TLS handshake with 127.0.0.1:${port} failed: the server demands a client certificate (TLS alert 116: certificate required); check offers none (smtp-tui send does, with --cert FILE and --key FILE).`);
		expect(verdict).not.toContain('may not speak TLS');
		expect(verdict).not.toContain('Do not send a password');
	});
});

describe('check --tls-min/--tls-max that leave out what the server speaks', () => {
	test('STARTTLS with --tls-min 1.3 to a TLS 1.2 server: the flag is named, the server not told to update', async () => {
		const server = await startSmtpServer({name: 'mx.test', maxVersion: 'TLSv1.2'});
		cleanup(() => server.close());
		const {out} = await check(['127.0.0.1'], {ports: String(server.port), tlsMin: '1.3'});
		const verdict = out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toContain(
			`127.0.0.1:${server.port} offers STARTTLS, but the TLS handshake after it failed: no TLS version in common: the server offers none of TLS 1.3; you allowed only TLS 1.3 (--tls-min 1.3): lower --tls-min (or leave it out). smtp-tui send stops there (exit 29).`,
		);
		expect(verdict).not.toContain('must be updated');
	});

	test('--tls --tls-max 1.1 to a modern port: the port speaks TLS, not in the versions the user allowed', async () => {
		const port = await tlsGreeter(cleanup, (await testCerts()).server);
		const {out} = await check([`127.0.0.1:${port}`], {tls: true, tlsMax: '1.1'});
		const verdict = out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toContain('you allowed only TLS 1.1 (--tls-max 1.1): raise --tls-max (or leave it out). The port does speak TLS, but not in the versions you allowed.');
		expect(verdict).not.toContain('must be updated');
	});

	// A server that still allows TLS 1.0 (OpenSSL's default security level) refuses the SHA-1/MD5 signatures instead: alert 80.
	test('--tls-max 1.1 to a server that answers alert 80: the flag is named, the server not told to check its setup', async () => {
		const port = await tlsGreeter(cleanup, {...(await testCerts()).server, minVersion: 'TLSv1'});
		const implicit = (await check([`127.0.0.1:${port}`], {tls: true, tlsMax: '1.1'})).out.trimEnd().split('\n').at(-1)!;
		expect(implicit).toContain(
			`The TLS handshake with 127.0.0.1:${port} failed: you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server refused the handshake (TLS alert 80: internal error): most servers now refuse TLS 1.0 and 1.1, or the weak signatures (SHA-1, MD5) they need; raise --tls-max (or leave it out). The port does speak TLS, but not in the versions you allowed.`,
		);
		const server = await startSmtpServer({name: 'mx.test', minVersion: 'TLSv1'});
		cleanup(() => server.close());
		const starttls = (await check(['127.0.0.1'], {ports: String(server.port), tlsMax: '1.1'})).out.trimEnd().split('\n').at(-1)!;
		expect(starttls).toContain('which is most likely why the server refused the handshake (TLS alert 80: internal error)');
		expect(starttls).toMatch(/raise --tls-max \(or leave it out\)\. smtp-tui send stops there \(exit 29\)\.$/);
		expect(starttls).not.toContain('If the server is yours');
	});

	test('--tls --tls-max 1.1 to a port that closes on the hello: the flag is named, no claim that the port speaks TLS', async () => {
		const port = await closesOnHello();
		const verdict = (await check([`127.0.0.1:${port}`], {tls: true, tlsMax: '1.1'})).out.trimEnd().split('\n').at(-1)!;
		expect(verdict).toContain(`The TLS handshake with 127.0.0.1:${port} failed: you allowed only TLS 1.1 (--tls-max 1.1), which is most likely why the server closed the connection during the handshake:`);
		expect(verdict).toMatch(/raise --tls-max \(or leave it out\)\.$/);
	});
});

describe('check: a long reason in the verdict', () => {
	test('is whole up to 400 characters, in text and --json alike, and cut after a clause beyond, never mid-word', () => {
		const reason = `failed: ${noCommonVersion({max: '1.2'})}`;
		const verdictOf = (error: string) => checkVerdict([result('a.test', 465, 'tls-failed', {tls: {authorized: false, error: `TLS handshake with a.test:465 ${error}`}})], [465], 1, 8000);
		expect(reason.length).toBeGreaterThan(200);
		expect(verdictOf(reason)).toContain(`The TLS handshake with a.test:465 ${reason}.`);
		const long = `failed: ${Array.from({length: 30}, (_, index) => `clause number ${index} of a long reason`).join('; ')}`;
		const cut = verdictOf(long);
		// After a whole clause: "…; clause number 9 of a long reason…", not "…; clause num…".
		expect(cut).toMatch(/; clause number \d+ of a long reason…\. /);
	});
});

describe('check: a certificate at fault itself', () => {
	const verdict = (error: string, problem: 'certificate' | 'untrusted' = 'certificate') =>
		checkVerdict([result('a.test', 465, 'tls-failed', {tls: {protocol: 'TLSv1.3', issuer: 'CN=Hosting CA', authorized: false, error, problem}})], [465], 1, 8000);

	test('expired: renew it on the server; a SHA-1 signature: re-issue it with SHA-256', () => {
		expect(verdict('certificate has expired')).toContain("Do not send a password there; the server's certificate expired: it must be renewed on the server.");
		expect(verdict('CA signature digest algorithm too weak')).toContain('the certificate must be re-issued with a modern signature, e.g. SHA-256.');
		expect(verdict('certificate is not yet valid (not valid before Jan 1 00:00:00 2031 GMT)')).toContain('the clock of this machine or of the server may be wrong; check both.');
	});

	test('a wrong name beside an untrusted issuer: both are said, and the table keeps its short words', () => {
		const error = 'unable to verify the first certificate; also, the certificate is not valid for a.test (it names DNS:localhost)';
		const text = verdict(error, 'untrusted');
		expect(text).toContain('no CA smtp-tui trusts issued it (its issuer is CN=Hosting CA)');
		expect(text).toMatch(/\(meanwhile --ca FILE with "CN=Hosting CA" and the root above it verifies\)\. Also connect by a name the certificate lists\.$/);
		const table = formatTable([result('a.test', 465, 'tls-failed', {tls: {protocol: 'TLSv1.3', issuer: 'CN=Hosting CA', authorized: false, error, problem: 'untrusted'}})], {whole: true});
		expect(table).toContain('TLSv1.3, NOT verified: untrusted issuer CN=Hosting CA; also, the certificate is not valid for a.test');
	});
});
