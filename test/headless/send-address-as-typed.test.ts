// `send` refuses a malformed address in the words the dashboard uses, the address shown as typed, before it
// connects: a quoted < gets no > added, and a word beside a comment (a@x.test(Ann)x) is named.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {greetUpToData, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';

let server: RawServer;
beforeAll(async () => {
	server = await startRawServer(greetUpToData);
});
afterAll(() => server.close());

const sendTo = (to: string) => runCli(['send', '--server', `127.0.0.1:${server.port}`, '--from', 'b@x.test', '--to', to]);

describe('send refuses a malformed address as typed', () => {
	it.each([
		['"a<b"@x.test', `To address '"a<b"@x.test' has a < in the address, which would go as a space`],
		['a@x.test(Ann)x', 'To address "a@x.test(Ann)x" has "x" outside its comment, beside the address; a display name goes before the address in <>, e.g. Ann <ann@example.com>'],
	])('%s', async (to, words) => {
		const result = await sendTo(to);
		expect(result.stderr).toBe(`smtp-tui: ${words}\n`);
		expect(result.code).toBe(1);
		expect(server.peers).toEqual([]);
	});
});
