// The inbox rows from a real sandbox mailbox: once it lets the oldest messages go, the count of all it took stays.
import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import {Mailbox, type CapturedSession} from '../../source/sandbox/mailbox.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {sharedThrottle} from '../../source/session/throttle.js';
import {Inbox} from '../../source/ui/components/inbox.js';
import {waitForFrame} from '../helpers/wait-for.js';

const session: CapturedSession = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false};

function Probe({mailbox, settle, seen}: {mailbox: Mailbox; settle?: ReturnType<typeof sharedThrottle>; seen?: Set<number>}) {
	const inbox = useInbox(mailbox, undefined, false, true, undefined, false, settle);
	seen?.add(inbox!.received);
	return <Text>{`rows ${inbox?.items.map(item => item.id).join(',')} received ${inbox?.received}`}</Text>;
}

/** The rows as the inbox draws them, the newest selected. */
function Rows({mailbox}: {mailbox: Mailbox}) {
	const inbox = useInbox(mailbox, undefined, false, true, undefined, true)!;
	return <Inbox items={inbox.items} selected={inbox.items.length - 1} focused width={100} height={10} times={false} />;
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


	it('keeps each row as its message is: a mark that changes, one let go, new ones added after the rows already made', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 3, keepBytes: 1 << 20}});
		const app = render(<Rows mailbox={mailbox} />);
		for (let index = 1; index <= 3; index++) await mailbox.accept(message(index));
		await waitForFrame(app.lastFrame, frame => frame.includes('3 '));
		// Its DKIM check ends after it is listed: the row made before says so.
		await mailbox.setSignatures(2, [{status: 'fail', domain: 'example.test', selector: 's', algorithm: 'rsa-sha256', reason: 'body hash did not verify'}]);
		await waitForFrame(app.lastFrame, frame => / 2 · a@example\.test → b@example\.test +dkim! /.test(frame));
		await mailbox.accept(message(4));
		const rows = await waitForFrame(app.lastFrame, frame => frame.includes(' 4 '));
		expect(rows.trimEnd().split('\n').map(line => line.replace(/\s+\S+ B$/, '').replace(/(\S) {2,}/, '$1 '))).toEqual([
			'  2 · a@example.test → b@example.test dkim!',
			'  3 · a@example.test → b@example.test',
			'▸ 4 · a@example.test → b@example.test',
		]);
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
