// Makes the recordings in examples/ against the sandbox: `node scripts/record-examples.mjs`.
// Each is one real session over loopback, recorded exactly as `--record` would record it.
import {mkdtempSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startSandbox} from '../source/sandbox/server.js';
import {SmtpDriver} from '../source/session/driver.js';
import type {DriverOptions} from '../source/session/driver-options.js';
import type {OutgoingMessage} from '../source/session/types.js';
import {RecordingWriter} from '../source/session/recording.js';
import type {TlsPolicy} from '../source/smtp/types.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
mkdirSync(examples, {recursive: true});

const sandbox = await startSandbox({port: 2525, certificateDir: mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-rec-')), greylistDelayMs: 2000});
const port = sandbox.listeners[0]!.port;

function message(to: string[], subject: string): OutgoingMessage {
	const text = `From: you@example.test\r\nTo: ${to.join(', ')}\r\nSubject: ${subject}\r\nDate: Wed, 02 Dec 2026 09:00:00 +0000\r\nMessage-ID: <example@smtp-tui.test>\r\n\r\nHello from smtp-tui.\r\n.A line that starts with a dot.\r\n`;
	return {from: 'you@example.test', recipients: to, eightBit: false, size: text.length, allowPartial: true, body: async function* () {
		yield Buffer.from(text);
	}};
}

async function record(name: string, tls: TlsPolicy, options: Partial<DriverOptions>, run: (driver: SmtpDriver) => Promise<void>) {
	const writer = new RecordingWriter(path.join(examples, `${name}.jsonl`), {host: 'localhost', port, tls});
	const driver = new SmtpDriver({host: '127.0.0.1', port, tls, ehloName: 'workshop.example.test', ca: sandbox.certificate!.pem, servername: 'localhost', onWire: writer.record, ...options});
	await run(driver);
	await driver.quit();
	console.log(`${name}: ${driver.log.entries.filter(e => e.kind === 'sent').map(e => e.text).join(' | ')}`);
}

await record('plain-delivery', 'none', {}, async driver => {
	await driver.run(message(['friend@example.test'], 'A plain delivery'));
});
await record('starttls-auth', 'starttls', {auth: {user: 'demo', password: 'demo'}}, async driver => {
	await driver.run(message(['friend@example.test'], 'Submission with STARTTLS and AUTH'));
});
await record('greylist-retry', 'none', {}, async driver => {
	await driver.run(message(['grey@example.test'], 'Greylisted, then accepted'), {keepOpen: true});
	await new Promise(resolve => setTimeout(resolve, 2200));
	await driver.run(message(['grey@example.test'], 'Greylisted, then accepted'), {keepOpen: true});
});
await record('rejected-recipient', 'none', {}, async driver => {
	await driver.run(message(['nobody@example.test', 'friend@example.test'], 'One recipient refused'), {keepOpen: true});
});
await sandbox.close();
