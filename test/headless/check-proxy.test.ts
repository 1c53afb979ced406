// `smtp-tui check --proxy`: probes that send a PROXY header first, to smtp-server with useProxy (which takes it)
// and to a raw server that reads it as a command; and the hint for a port that waits in silence without one.
import {describe, expect, test} from 'vitest';
import {startProxiedServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';
import {checkInProcess} from '../helpers/run-check.js';

const cleanup = cleanupAfterEach();

const check = async (args: string[], flags: Record<string, unknown> = {}) => checkInProcess(args, flags, {timeout: '2'});

describe('check --proxy', () => {
	test('a server that expects the header answers; the plan and --json say what was sent', async () => {
		const server = await startProxiedServer();
		cleanup(() => server.close());
		const text = await check([`127.0.0.1:${server.port}`], {proxy: true, proxySource: '203.0.113.5'});
		expect(text.code).toBe(0);
		expect(text.out).toContain(`Probing port ${server.port} on 127.0.0.1, each with a PROXY v1 header first (timeout 2 s)...\n`);
		expect(server.seen.map(client => client.address)).toEqual(['203.0.113.5']);

		const json = await check([`127.0.0.1:${server.port}`], {proxy: true, proxySource: '203.0.113.5', json: true});
		const probe = JSON.parse(json.out.split('\n')[0]!) as Record<string, unknown>;
		expect(probe).toMatchObject({status: 'open', proxyHeader: expect.stringMatching(new RegExp(`^PROXY TCP4 203\\.0\\.113\\.5 127\\.0\\.0\\.1 \\d+ ${server.port}$`))});
	});

	test('a port that takes no header: the verdict says so, and to leave out --proxy', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			const header = await peer.readLine();
			peer.write(`220 plain.test ESMTP\r\n${header.startsWith('PROXY ') ? '500 5.5.2 Error: command not recognized\r\n' : ''}`);
			await peer.readLine();
			peer.write('250 plain.test\r\n');
			await peer.readLine();
			peer.end('221 2.0.0 Bye\r\n');
		});
		const {out} = await check([`127.0.0.1:${server.port}`], {proxy: true});
		expect(out).toContain(`127.0.0.1:${server.port} does not take a PROXY header on this port: it read the header as a command and refused it (EHLO refused: 500 5.5.2 Error: command not recognized); leave out --proxy there.`);
		expect(out).not.toContain('some servers refuse an EHLO name');
	});

	test('a port that hangs up at the header: the verdict says it may not take one', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await peer.readLine();
			peer.end();
		});
		const {out} = await check([`127.0.0.1:${server.port}`], {proxy: true});
		expect(out).toContain('closed the connection before its banner: the server may limit connections or silently refuse your address, or a firewall or antivirus in between resets it; or it does not take the PROXY header sent first, and hung up at it: try without --proxy.');
	});

	test('a silent port: the verdict suggests --proxy, and not once --proxy was sent', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.closed());
		const plain = await check([`127.0.0.1:${server.port}`], {timeout: '0.5'});
		expect(plain.out).toContain('Behind a load balancer, a server waits in silence for a PROXY protocol header: try --proxy.');
		const withProxy = await check([`127.0.0.1:${server.port}`], {timeout: '0.5', proxy: true});
		expect(withProxy.out).toContain('sent no banner');
		expect(withProxy.out).not.toContain('try --proxy');
	});
});
