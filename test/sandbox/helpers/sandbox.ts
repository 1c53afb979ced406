// Starts the sandbox for a test on 127.0.0.1:0, with a throw-away certificate folder and short delays,
// and records its events.
import {mkdtempSync} from 'node:fs';
import {afterEach} from 'vitest';
import os from 'node:os';
import path from 'node:path';
import type {SandboxEvent} from '../../../source/sandbox/events.js';
import {startSandbox, type Sandbox} from '../../../source/sandbox/server.js';
import type {SandboxSettings} from '../../../source/sandbox/settings.js';
import {RawClient} from './raw-client.js';
import {waitFor} from './wait.js';

// One certificate folder per test file: the certificate is made once and reused, as for a user.
export const certificateDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-sandbox-cert-'));

export type TestSandbox = Omit<Sandbox, 'certificate'> & {
	/** Typed as there: a test sandbox offers STARTTLS unless a test turns it off (then, with no tlsPort, it has none). */
	certificate: NonNullable<Sandbox['certificate']>;
	port: number;
	events: SandboxEvent[];
	/** A raw client that has read the greeting (and sent EHLO unless `ehlo` is false). */
	client(options?: {ehlo?: boolean}): Promise<RawClient>;
	/** Waits for an event of `type` matching `match`. */
	event<T extends SandboxEvent['type']>(type: T, match?: (event: Extract<SandboxEvent, {type: T}>) => boolean): Promise<Extract<SandboxEvent, {type: T}>>;
};

export async function startTestSandbox(overrides: Partial<SandboxSettings> = {}): Promise<TestSandbox> {
	const events: SandboxEvent[] = [];
	const sandbox = await startSandbox(
		{port: 0, certificateDir, greylistDelayMs: 50, slowDelayMs: 50, ...overrides},
		{onEvent: event => events.push(event)},
	);
	const port = sandbox.listeners[0]!.port;
	return {
		...sandbox,
		certificate: sandbox.certificate!,
		port,
		events,
		async client({ehlo = true} = {}) {
			const client = await RawClient.connect(port);
			const greeting = await client.reply();
			if (greeting.code !== 220) throw new Error(`greeting: ${greeting.code} ${greeting.text}`);
			if (ehlo) await client.command('EHLO test.example');
			return client;
		},
		event(type, match = () => true) {
			return waitFor(
				() => events.find(event => event.type === type && match(event as never)) as never,
				`a ${type} event`,
			);
		},
	};
}

/** `start` for a test file whose tests each start their own sandboxes: all are closed after each test. */
export function sandboxPerTest(): (overrides?: Partial<SandboxSettings>) => Promise<TestSandbox> {
	const started: TestSandbox[] = [];
	afterEach(async () => {
		await Promise.all(started.splice(0).map(sandbox => sandbox.close()));
	});
	return async (overrides = {}) => {
		const sandbox = await startTestSandbox(overrides);
		started.push(sandbox);
		return sandbox;
	};
}
