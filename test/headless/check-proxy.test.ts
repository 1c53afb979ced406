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

	test('a port that takes no header: exit 2, the verdict leads with it and to leave out --proxy; the 500 is the header\'s, not EHLO\'s', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			const header = await peer.readLine();
			peer.write(`220 plain.test ESMTP\r\n${header.startsWith('PROXY ') ? '500 5.5.2 Error: command not recognized\r\n' : ''}`);
			await peer.readLine();
			peer.write('250 plain.test\r\n');
			await peer.readLine();
			peer.end('221 2.0.0 Bye\r\n');
		});
		const {out, code} = await check([`127.0.0.1:${server.port}`], {proxy: true});
		expect(code).toBe(2);
		const verdict = out.split('\n\n')[1]!;
		expect(verdict).toMatch(/^No port took the PROXY header that --proxy sent first\. Port \d+ is refusing the PROXY header\. /);
		expect(verdict).toContain(`127.0.0.1:${server.port} does not take a PROXY header on this port: it read the header as a command and refused it (it answered 500 5.5.2 Error: command not recognized); leave out --proxy there.`);
		expect(out).toContain('PROXY header refused: 500 5.5.2 Error: command not recognized');
		expect(out).not.toContain('EHLO refused');
		expect(out).not.toContain('reachable');
		expect(out).not.toContain('some servers refuse an EHLO name');
		const json = await check([`127.0.0.1:${server.port}`], {proxy: true, json: true});
		expect(JSON.parse(json.out.split('\n')[0]!)).toMatchObject({status: 'open', proxyRefused: true, ehloProblem: 'PROXY header refused: 500 5.5.2 Error: command not recognized'});
	});

	test('a 421 in place of the greeting right after the header (Postfix and v1 PROXY UNKNOWN): the header, not a busy server', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await peer.readLine();
			peer.end('421 4.3.0 lb.test Server local error\r\n');
		});
		const {out, code} = await check([`127.0.0.1:${server.port}`], {proxy: true, proxyFamily: 'UNKNOWN'});
		expect(code).toBe(2);
		expect(out).toContain(
			`No port took the PROXY header that --proxy sent first. Port ${server.port} is refusing the PROXY header. 127.0.0.1:${server.port} answered 421 "4.3.0 lb.test Server local error" in place of a greeting: the server turned the session away right after the PROXY header, so most likely it did not accept the header (not a busy server): Postfix does not accept v1's PROXY UNKNOWN: try --proxy-version 2, which sends LOCAL (no addresses) for --proxy-family UNKNOWN.`,
		);
		expect(out).not.toContain('busy or limits connections');
	});

	test('a TLS port whose handshake fails: the --json probe still carries the header that went before it', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await peer.readLine();
			peer.end('421 4.3.0 error\r\n');
		});
		const {out} = await check(['127.0.0.1'], {proxy: true, ports: `${server.port}/tls`, json: true});
		expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({status: 'tls-failed', proxyHeader: expect.stringMatching(/^PROXY TCP4 127\.0\.0\.1 127\.0\.0\.1 \d+ \d+$/)});
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
