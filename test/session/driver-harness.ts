// Servers and drivers for a driver test, closed after each test: drivers first (newest first), so they let go
// of their connections before the servers wait for them to close.
import {afterEach} from 'vitest';
import {SmtpDriver, type DriverOptions} from '../../source/session/driver.js';
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
