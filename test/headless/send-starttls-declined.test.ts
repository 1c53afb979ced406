// send --no-starttls against a server that offers STARTTLS and wants it before a login or MAIL: the summary says
// that the flag turned it down (drop it), once. Said by the failure's cause, where the engine's own words name the
// flag already (no AUTH offered in clear; MAIL refused until STARTTLS), and added where the server's refusal alone
// says TLS first (an AUTH refused with 530). Raw servers on loopback.
import {afterEach, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetAndEhlo, startRawServer, type RawPeer, type RawServer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';

const servers: RawServer[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

/** Greets, offers `extensions`, then answers the next command with `reply`. */
async function refusing(extensions: string[], reply: string): Promise<number> {
	const server = await startRawServer(async (peer: RawPeer) => {
		await greetAndEhlo(peer, extensions);
		await peer.readLine();
		peer.write(`${reply}\r\n`);
		await peer.readLine();
		peer.write('221 bye\r\n');
		peer.end();
	});
	servers.push(server);
	return server.port;
}

const send = (port: number, flags: Record<string, unknown> = {}) =>
	runInProcess(runSend, {host: '127.0.0.1', port: String(port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});

const summary = (out: string) => out.trimEnd().split('\n').at(-1)!;
const DROP_IT = '; it offers STARTTLS: drop --no-starttls to use it';

describe('send --no-starttls to a server that wants STARTTLS first', () => {
	it('an AUTH refused with 530 (STARTTLS first): the summary adds that the flag turned it down', async () => {
		const port = await refusing(['STARTTLS', 'AUTH PLAIN LOGIN'], '530 5.7.0 Must issue a STARTTLS command first');
		const {out} = await send(port, {user: 'me', password: 'secret', allowPlaintextAuth: true});
		expect(summary(out)).toMatch(new RegExp(`^\\*\\*\\* failed \\(auth\\): .*${DROP_IT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
	});

	it('MAIL refused until STARTTLS: the failure names the flag itself, and the summary does not say it again', async () => {
		const port = await refusing(['STARTTLS'], '530 5.7.0 Must issue a STARTTLS command first');
		const {out} = await send(port);
		expect(summary(out)).toContain('connect with STARTTLS (drop --no-starttls;');
		expect(summary(out)).not.toContain(DROP_IT);
	});
});
