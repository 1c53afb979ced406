// The inbox rows from a real sandbox mailbox: once it lets the oldest messages go, the count of all it took stays.
import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {Text} from 'ink';
import {Mailbox, type CapturedSession} from '../../source/sandbox/mailbox.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {waitForFrame} from '../helpers/wait-for.js';

const session: CapturedSession = {id: 1, remote: '127.0.0.1', helo: 'client.test', listener: 'smtp', tls: false, auth: false};

function Probe({mailbox}: {mailbox: Mailbox}) {
	const inbox = useInbox(mailbox, undefined, false);
	return <Text>{`rows ${inbox?.items.map(item => item.id).join(',')} received ${inbox?.received}`}</Text>;
}

describe('useInbox', () => {
	it('counts every message received, also those the mailbox no longer keeps', async () => {
		const mailbox = await Mailbox.open({limits: {keep: 2, keepBytes: 1 << 20}});
		const app = render(<Probe mailbox={mailbox} />);
		await waitForFrame(app.lastFrame, frame => frame.includes('rows  received 0'));
		for (let index = 0; index < 3; index++) {
			await mailbox.accept({
				envelope: {mailFrom: {address: 'a@example.test', params: {}}, rcptTo: [{address: 'b@example.test', params: {}}]},
				session,
				raw: Buffer.from(`Subject: ${index}\r\n\r\nbody\r\n`),
				receivedAt: 0,
			});
		}
		await waitForFrame(app.lastFrame, frame => frame.includes('received 3'));
		expect(app.lastFrame()).toBe('rows 2,3 received 3');
		app.unmount();
	});
});
