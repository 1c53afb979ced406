// The session's news reaches React at most once a frame: a 200-recipient message publishes for each RCPT sent and each
// reply, and each render redraws the whole dashboard. The last state is always drawn.
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {SESSION_FRAME_MS, useSmtpSession} from '../../source/ui/hooks/use-smtp-session.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {settled} from '../helpers/wait-for.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('renders once per frame at most while a 200-recipient message goes, and draws the state it ends in', async () => {
	const sandbox = await startTestSandbox({maxRecipients: 200});
	cleanups.push(() => sandbox.close());
	const controller = new SessionController({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'client.test', sandbox: true, timeouts: {greeting: 5000, command: 5000, quit: 200}});
	cleanups.push(() => controller.close());
	let published = 0;
	controller.subscribe(() => published++);
	let renders = 0;
	function Probe() {
		renders++;
		const {session} = useSmtpSession(controller);
		return <Text>{`${session.recipients.filter(recipient => recipient.accepted).length} accepted; ${session.result?.ok ? 'sent' : 'not yet'}`}</Text>;
	}
	const app = render(<Probe />);
	cleanups.push(() => app.unmount());
	const recipients = Array.from({length: 200}, (_, index) => `user${index}@example.test`);
	const started = performance.now();
	const before = renders;
	await controller.send({from: 'you@example.test', recipients, eightBit: false, body: async function* () {
		yield Buffer.from('Subject: many\r\n\r\nhello\r\n');
	}}, {step: false});
	await settled(() => expect(app.lastFrame()).toBe('200 accepted; sent'));
	const frames = Math.ceil((performance.now() - started) / SESSION_FRAME_MS);
	// Each RCPT sent and each reply published (over 400 notices); drawn one frame's worth at a time, plus the last.
	expect(published).toBeGreaterThan(400);
	expect(renders - before).toBeLessThanOrEqual(frames + 2);
});
