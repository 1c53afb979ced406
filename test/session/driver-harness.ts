// Servers and drivers for a driver test, closed after each test: drivers first (newest first), so they let go
// of their connections before the servers wait for them to close.
import {afterEach} from 'vitest';
import {SmtpDriver} from '../../source/session/driver.js';
import type {DriverOptions} from '../../source/session/driver-options.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {startRawServer, type RawServer} from '../helpers/raw-server.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

export function driverHarness() {
	const cleanups: Array<() => Promise<void>> = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});
	return {
		async smtp(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestSmtpServer> {
			const server = await startSmtpServer(options);
			cleanups.push(server.close);
			return server;
		},
		async raw(script: Parameters<typeof startRawServer>[0]): Promise<RawServer> {
			const server = await startRawServer(script);
			cleanups.push(server.close);
			return server;
		},
		driverFor(port: number, options: Partial<DriverOptions> = {}): SmtpDriver {
			const driver = new SmtpDriver({host: '127.0.0.1', port, tls: 'none', ehloName: 'client.test', ...options});
			cleanups.push(async () => driver.destroy());
			return driver;
		},
	};
}

/** A short message to one recipient, for a run that is about the session rather than the message. */
export const shortMessage: OutgoingMessage = {
	from: 'you@example.test',
	recipients: ['friend@example.test'],
	eightBit: false,
	body: async function* () {
		yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
	},
};
