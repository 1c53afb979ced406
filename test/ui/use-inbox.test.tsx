// The inbox rows from a real sandbox mailbox: once it lets the oldest messages go, the count of all it took stays.
import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import {Mailbox, type CapturedSession} from '../../source/sandbox/mailbox.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {sharedThrottle} from '../../source/session/throttle.js';
import {waitForFrame} from '../helpers/wait-for.js';

const session: CapturedSession = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false};

function Probe({mailbox, settle, seen}: {mailbox: Mailbox; settle?: ReturnType<typeof sharedThrottle>; seen?: Set<number>}) {
	const inbox = useInbox(mailbox, undefined, false, true, undefined, false, settle);
	seen?.add(inbox!.received);
	return <Text>{`rows ${inbox?.items.map(item => item.id).join(',')} received ${inbox?.received}`}</Text>;
}

const message = (index: number) => ({
	envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]},
	session,
	raw: Buffer.from(`Subject: ${index}\r\n\r\nbody\r\n`),
	receivedAt: 0,
});

describe('useInbox', () => {
	it('throttled, takes a burst of mail in a few updates, the last one whole', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 1000, keepBytes: 1 << 20}});
		const seen = new Set<number>();
		const app = render(<Probe mailbox={mailbox} settle={sharedThrottle(1000)} seen={seen} />);
		await waitForFrame(app.lastFrame, frame => frame.includes('received 0'));
		// Each in its own turn of the event loop, as from separate SMTP sessions: without settling, each is drawn.
		for (let index = 1; index <= 40; index++) {
			await mailbox.accept(message(index));
			await new Promise(resolve => setImmediate(resolve));
		}
		await waitForFrame(app.lastFrame, frame => frame.includes('received 40'));
		// The frame wraps at 100 columns.
		expect(app.lastFrame()!.replaceAll('\n', '')).toBe(`rows ${Array.from({length: 40}, (_, index) => index + 1).join(',')} received 40`);
		// The first at once, then one per second at most: 40 arrivals in 4 s would still pass.
		expect(seen.size).toBeLessThanOrEqual(6);
		app.unmount();
	});


	it('counts every message received, also those the mailbox no longer keeps', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 2, keepBytes: 1 << 20}});
		const app = render(<Probe mailbox={mailbox} />);
		await waitForFrame(app.lastFrame, frame => frame.includes('rows  received 0'));
		for (let index = 0; index < 3; index++) {
			await mailbox.accept(message(index));
		}
		await waitForFrame(app.lastFrame, frame => frame.includes('received 3'));
		expect(app.lastFrame()).toBe('rows 2,3 received 3');
		app.unmount();
	});
});
