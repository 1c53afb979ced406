// A server that takes the message, then breaks the protocol in the same breath (its 250 and a junk line in one
// packet, or a hostile server's parting shot): the message went, and the run says so; a script that read a failure
// would send it a second time. As a 250 and a 421 read in one go already were.
import {describe, expect, it} from 'vitest';
import {greetUpToData} from '../helpers/raw-server.js';
import {driverHarness, shortMessage} from './driver-harness.js';

const {raw, driverFor} = driverHarness();

/** The run of a short message against a server that answers its final dot with `answer`, then says nothing. */
async function runAnswered(answer: string) {
	const server = await raw(async peer => {
		await greetUpToData(peer);
		await peer.readData();
		peer.write(answer);
		await peer.closed();
	});
	return driverFor(server.port).run(shortMessage);
}

describe('the message queued, then a line that is no reply', () => {
	it('the run is queued, its message naming the protocol error after it', async () => {
		const result = await runAnswered('250 2.0.0 OK id=1abc-2\r\n\u001B]0;PWNED\u0007junk\r\n');
		expect(result).toMatchObject({ok: true, reply: {code: 250}});
		expect(result.message).toBe(
			'queued: 250 OK id=1abc-2; then protocol error: the server sent a line that does not start with a reply code 200-599 and a space or "-": "\\x1b]0;PWNED\\x07junk"',
		);
	});

	it('a junk line that answers a command still fails the run: the message was not taken', async () => {
		expect(await runAnswered('junk\r\n')).toMatchObject({ok: false, stage: 'final-dot', kind: 'protocol-error'});
	});
});
