// The dashboard started with --cert/--key: the connection panel names the certificate (an expired one in red, before
// connecting), and Ctrl+S offers it to a real smtp-server on loopback that demands one; a server that wants one
// and gets none says how to give it. The flags' mistakes stop the start, before the terminal check.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readClientCertificate} from '../../source/headless/client-certificate-file.js';
import {targetFor} from '../../source/ui/panel-target.js';
import {clientCerts, testCerts} from '../helpers/certs.js';
import {runCli} from '../helpers/run-cli.js';
import {startCertificateServer} from '../helpers/smtp-server.js';
import {KEYS} from './app-harness.js';
import {afterTest, defaults, startApp} from './wired-app.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dash-cert-'));
const file = (name: string, text: string) => {
	const target = path.join(dir, name);
	writeFileSync(target, text);
	return target;
};

/** A certificate's date (OpenSSL's "Dec  6 04:23:03 2027 GMT") as shown, year first: "2027-12-06", and its time. */
const isoDay = (date: string) => new Date(date).toISOString().slice(0, 10);
const isoTime = (date: string) => new Date(date).toISOString().slice(11, 19);

/** A STARTTLS server that demands a certificate from the client CA; `seen`: the subjects it got. */
async function demandingServer() {
	const server = await startCertificateServer((await clientCerts()).ca);
	afterTest(() => server.close());
	return {server, seen: server.seen};
}

/** Aimed at `port` with STARTTLS required, trusting the test CA (the CA file field, as --ca fills it). */
const settings = async (port: number) => ({host: 'localhost', port, security: 'starttls' as const, user: '', password: '', ehlo: 'client.test', caFile: file('ca.pem', (await testCerts()).ca)});

describe('the dashboard with --cert/--key', () => {
	it('names the certificate in the connection panel, offers it on Ctrl+S, and the server takes it', async () => {
		const certs = await clientCerts();
		const {server, seen} = await demandingServer();
		const clientCertificate = readClientCertificate(file('client.pem', certs.client.cert), file('client-key.pem', certs.client.key), {});
		const app = startApp(await settings(server.port), undefined, {defaults: {...defaults, clientCertificate}, init: {mode: 'auto'}, size: {columns: 160, rows: 30}});
		// Its date year first, as a server certificate's (the panel's: the date alone), not OpenSSL's "Dec  6 … GMT".
		await app.frame(frame => frame.includes(`client cert: CN=relay-client (expires ${isoDay(clientCertificate.validTo)})`));
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('✔ queued'), 10_000);
		expect(seen).toContain('relay-client');
		// Said in the log (and so in a saved transcript) before connecting.
		const texts = app.controller.driver.log.entries.map(entry => entry.text);
		const offered = texts.findIndex(text => text === `client certificate offered if the server asks for one: CN=relay-client (expires ${isoDay(clientCertificate.validTo)} ${isoTime(clientCertificate.validTo)} UTC)`);
		expect(offered, texts.join('\n')).toBeGreaterThan(-1);
		expect(offered).toBeLessThan(texts.findIndex(text => text.startsWith('connected to')));
	});

	it('an expired certificate is shown in the panel as EXPIRED before connecting', async () => {
		const certs = await clientCerts();
		const clientCertificate = readClientCertificate(file('old.pem', certs.expired.cert), file('old-key.pem', certs.expired.key), {});
		const app = startApp(await settings(1), undefined, {defaults: {...defaults, clientCertificate}});
		await app.frame(frame => frame.includes('client cert EXPIRED: CN=old-client') && frame.includes(`on ${isoDay(clientCertificate.validTo)}`));
	});

	it('at 80x24, the collapsed panel shows an expired certificate before the versions, and the versions uncut', async () => {
		const certs = await clientCerts();
		const clientCertificate = readClientCertificate(file('old.pem', certs.expired.cert), file('old-key.pem', certs.expired.key), {});
		const size = {columns: 80, rows: 24};
		const narrowed = startApp(await settings(1), undefined, {defaults: {...defaults, clientCertificate, tlsVersions: {min: '1.3'}}, size});
		const frame = await narrowed.frame(text => text.includes('client cert EXPIRED: CN=old'));
		expect(frame).toMatch(/TLS 1\.3 only( \(--tls-min 1\.3\))?\s/);
		expect(frame).not.toContain('(--tls-min/--tls-m…');
		// TLS 1.0 allowed too: both errors, the certificate first.
		const old = startApp(await settings(1), undefined, {defaults: {...defaults, clientCertificate, tlsVersions: {min: '1.0'}}, size});
		const both = await old.frame(text => text.includes('client cert EXPIRED: CN=old'));
		expect(both).toContain('INSECURE: TLS 1.0 to 1.3');
		expect(both.indexOf('client cert EXPIRED')).toBeLessThan(both.indexOf('INSECURE: TLS 1.0'));
	});

	it.each([
		[80, 24],
		[100, 30],
	])('at %ix%i, the expiry date shows on a row of its own under the certificate, and no row is left empty', async (columns, rows) => {
		const certs = await clientCerts();
		const clientCertificate = readClientCertificate(file('old.pem', certs.expired.cert), file('old-key.pem', certs.expired.key), {});
		const app = startApp(await settings(1), undefined, {defaults: {...defaults, clientCertificate, tlsVersions: {min: '1.0'}}, size: {columns, rows}});
		const frame = await app.frame(text => text.includes('client cert EXPIRED: CN=old'));
		const lines = frame.split('\n');
		const at = lines.findIndex(line => line.includes('client cert EXPIRED'));
		expect(lines[at + 1], frame).toContain(`│   on ${isoDay(clientCertificate.validTo)} `);
		expect(lines[at + 2]).toContain('! INSECURE: TLS 1.0 to 1.3');
		expect(lines[at + 3]?.startsWith('└'), frame).toBe(true);
	});

	it('without one, a server that demands it: the next step says to start with --cert', async () => {
		const {server} = await demandingServer();
		const app = startApp(await settings(server.port), undefined, {init: {mode: 'auto', presenter: true}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(frame => frame.includes('next: the server wants a client certificate: start smtp-tui with --cert FILE'));
	});

	it('is not offered to the built-in sandbox, which asks for none', async () => {
		const certs = await clientCerts();
		const clientCertificate = readClientCertificate(file('client.pem', certs.client.cert), file('client-key.pem', certs.client.key), {});
		const sandbox = {listeners: [{kind: 'smtp', host: '127.0.0.1', port: 2525}], certificate: {pem: 'x'}} as unknown as Parameters<typeof targetFor>[2];
		expect(targetFor((await settings(2525)) as never, {clientCertificate}, sandbox)).not.toHaveProperty('clientCertificate');
		expect(targetFor((await settings(2600)) as never, {clientCertificate}, sandbox)).toHaveProperty('clientCertificate.subject', 'CN=relay-client');
	});
});

describe('smtp-tui --cert/--key mistakes: exit 1 before the terminal check', () => {
	it('a key that is not the certificate\'s, and a --record over the key file', async () => {
		const certs = await clientCerts();
		const cert = file('c.pem', certs.client.cert);
		const key = file('k.pem', certs.otherCa.key);
		const mismatch = await runCli(['--host', '127.0.0.1', '--cert', cert, '--key', key]);
		expect(mismatch.code).toBe(1);
		expect(mismatch.stderr).toContain(`the private key in ${key} does not belong to the certificate in ${cert} (CN=relay-client)`);
		const ownKey = file('own-key.pem', certs.client.key);
		const over = await runCli(['--host', '127.0.0.1', '--cert', cert, '--key', ownKey, '--record', ownKey]);
		expect(over.code).toBe(1);
		expect(over.stderr).toContain(`--record ${ownKey} is also the --key file: it would be overwritten`);
		expect(readFileSync(ownKey, 'utf8')).toBe(certs.client.key);
	});
});
