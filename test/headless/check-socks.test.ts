// `smtp-tui check --socks`: is port 25 blocked from the jump host? Probes through a real SOCKS5 proxy to a real
// smtp-server; the verdict speaks of the proxy's network, never of this machine's, and of a proxy that failed as such.
import {describe, expect, test} from 'vitest';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {startSocksServer, type SocksScript} from '../helpers/socks-server.js';
import {checkInProcess} from '../helpers/run-check.js';
import {cleanupAfterEach, closedPort} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';

const cleanup = cleanupAfterEach();

const proxy = async (script: SocksScript = {}) => {
	const server = await startSocksServer(script);
	cleanup(() => server.close());
	return server;
};

const check = (args: string[], flags: Record<string, unknown>) => checkInProcess(args, flags, {timeout: '2'});

/** The verdict: the paragraph after the table. */
const verdictOf = (out: string) => out.trimEnd().split('\n\n').at(-1)!;

describe('check --socks', () => {
	test('a server that answers through the proxy: probed by name, the plan and the verdict say through which proxy', async () => {
		const server = await startSmtpServer();
		cleanup(() => server.close());
		const socks = await proxy({names: {'mx.behind.test': '127.0.0.1'}});
		const {out, code} = await check([`mx.behind.test:${server.port}`], {socks: `127.0.0.1:${socks.port}`});
		expect(code).toBe(0);
		expect(out).toContain(`Probing port ${server.port} on mx.behind.test through the SOCKS proxy 127.0.0.1:${socks.port} (timeout 2 s)...\n`);
		expect(verdictOf(out)).toMatch(new RegExp(`^Every probed port answers with a 220 banner: the server is reachable through the SOCKS proxy 127\\.0\\.0\\.1:${socks.port}\\.`));
		expect(socks.requests).toEqual([{type: 'name', host: 'mx.behind.test', port: server.port}]);
	});

	test('port 25 refused beyond the proxy while another port answers: blocked from the proxy, not "your network"', async () => {
		const server = await startSmtpServer();
		cleanup(() => server.close());
		// Port 25, as the proxy reaches it, is a port nothing listens on (no root needed, whatever listens on 25 here).
		const socks = await proxy({names: {'mx.behind.test': '127.0.0.1'}, ports: {25: await closedPort()}});
		const {out, code} = await check(['mx.behind.test'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: `25,${server.port}`});
		expect(code).toBe(0);
		const verdict = verdictOf(out);
		expect(verdict).toMatch(new RegExp(`^Port 25 is refused through the SOCKS proxy 127\\.0\\.0\\.1:${socks.port} while ${server.port} answers: outbound port 25 is most likely blocked from the proxy \\(or nothing listens on port 25 there\\)\\. This is the proxy's network`));
		expect(verdict).not.toContain('your network');
	});

	test('port 25 that ssh -D cannot reach while another port answers: blocked from the proxy, or nothing listening (ssh -D does not tell them apart)', async () => {
		const server = await startSmtpServer();
		cleanup(() => server.close());
		const socks = await proxy({replyless: true, names: {'mx.behind.test': '127.0.0.1'}, ports: {25: await closedPort()}});
		const {out} = await check(['mx.behind.test'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: `25,${server.port}`});
		expect(verdictOf(out)).toMatch(new RegExp(`^Port 25 is not reachable through the SOCKS proxy 127\\.0\\.0\\.1:${socks.port} while ${server.port} answers: outbound port 25 is most likely blocked from the proxy \\(or nothing listens on port 25 there: ssh -D closes the same way for both\\)\\. `));
	});

	test('nothing reachable beyond the proxy (reply 4 for every port): said of the proxy, exit 2', async () => {
		const socks = await proxy({reply: 4});
		const {out, code} = await check(['mx.example.com'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: '25,587'});
		expect(code).toBe(2);
		expect(out).toContain('unreachable');
		expect(verdictOf(out)).toMatch(/^Nothing answered through the SOCKS proxy 127\.0\.0\.1:\d+: the proxy could not reach the host on any port \(each row says how\)\. This is the proxy's network/);
		expect(verdictOf(out)).not.toMatch(/this machine has no working network|your network/);
	});

	test('a proxy that answers before it tries and closes on every port: the close is read as the host unreachable from the proxy', async () => {
		const socks = await proxy({optimistic: true, ports: {25: await closedPort(), 587: await closedPort()}});
		const {out, code} = await check(['127.0.0.1'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: '25,587'});
		expect(code).toBe(2);
		expect(verdictOf(out)).toMatch(/^Every connection through the SOCKS proxy 127\.0\.0\.1:\d+ closed before a byte of a banner: most likely the proxy could not reach the host: some SOCKS proxies report a CONNECT as made before they try it, .*This is the proxy's network/);
		expect(verdictOf(out)).not.toContain('antivirus');
	});

	test('--dns where no MX is looked up (a host TARGET) is refused as send refuses it: the proxy resolves the name', async () => {
		for (const [target, flags] of [['mail.example.com:25', {}], ['mail.example.com', {mx: false}]] as const) {
			await expect(check([target], {socks: '127.0.0.1:1080', dns: '192.0.2.53', ...flags})).rejects.toThrow('--dns with --socks and no MX lookup: the proxy resolves the host name itself');
		}
	});

	test('ssh -D, which closes with no reply when the jump host cannot connect: the host unreachable from the proxy, not the proxy unusable', async () => {
		const socks = await proxy({replyless: true});
		const {out, code} = await check(['nosuch.invalid'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: '25'});
		expect(code).toBe(2);
		expect(out).toMatch(/nosuch\.invalid +25 +unreachable +cannot reach nosuch\.invalid:25 through the SOCKS proxy 127\.0\.0\.1:\d+: the proxy closed the connection without answering the CONNECT, as ssh -D does/);
		expect(verdictOf(out)).toMatch(/^Nothing answered through the SOCKS proxy 127\.0\.0\.1:\d+: the proxy could not reach the host on any port/);
		expect(verdictOf(out)).not.toContain('could not be used');
	});

	test('a port the proxy cannot reach while another answers: the proxy\'s report, not read as a firewall\'s ICMP reject here', async () => {
		const server = await startSmtpServer();
		cleanup(() => server.close());
		const closed = await closedPort();
		const socks = await proxy({replyless: true});
		const {out, code} = await check(['127.0.0.1'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: `${server.port},${closed}`});
		expect(code).toBe(0);
		expect(out).toMatch(new RegExp(`127\\.0\\.0\\.1 +${closed} +unreachable +cannot reach 127\\.0\\.0\\.1:${closed} through the SOCKS proxy`));
		expect(out).not.toMatch(/ICMP|firewall/);
		const json = await check(['127.0.0.1'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: `${server.port},${closed}`, json: true});
		expect(json.out).not.toMatch(/"detail"|socksReport/);
	});

	test('servers that turn the connection away speak of the proxy\'s address, not this machine\'s', async () => {
		const banner = (line: string) => scriptedServer(cleanup, async peer => peer.end(`${line}\r\n`));
		const listed = await banner('554 5.7.1 client [192.0.2.9] listed at zen.example');
		const busy = await banner('421 Too many concurrent SMTP connections from this IP address');
		const noMail = await banner('521 no mail here');
		const picky = await scriptedServer(cleanup, async peer => {
			peer.write('220 picky.test ESMTP\r\n');
			await peer.readLine();
			peer.write('550 5.7.1 EHLO name not accepted\r\n');
		});
		const socks = await proxy();
		const {out} = await check(['127.0.0.1'], {socks: `127.0.0.1:${socks.port}`, mx: false, ports: [listed, busy, noMail, picky].map(server => server.port).join(',')});
		const verdict = verdictOf(out);
		expect(verdict).toContain(`refuses service with 554 "5.7.1 client [192.0.2.9] listed at zen.example": the server will not talk to the SOCKS proxy 127.0.0.1:${socks.port}, which these connections came from. If the text names a block list (Spamhaus, PBL, ...), the proxy's IP address is listed`);
		expect(verdict).toContain('not a refusal of the proxy;');
		expect(verdict).toContain('look for other connections from the proxy that are still open');
		expect(verdict).toContain("try --ehlo with the proxy's real name");
		expect(verdict).not.toMatch(/this machine|your IP/);
	});

	test('the proxy itself down: no host probed, the proxy named, not a blocked port', async () => {
		const port = await closedPort();
		const {out, code} = await check(['mx.example.com'], {socks: `127.0.0.1:${port}`, mx: false, ports: '25,587'});
		expect(code).toBe(2);
		expect(verdictOf(out)).toBe(`The SOCKS proxy 127.0.0.1:${port} could not be used, so no host was probed: no SOCKS proxy at 127.0.0.1:${port}: connection refused — is it running (\`ssh -D ${port} JUMPHOST\` for a jump host)?`);
		const json = await check(['mx.example.com'], {socks: `127.0.0.1:${port}`, mx: false, ports: '25', json: true});
		expect(JSON.parse(json.out.split('\n')[0]!)).toMatchObject({status: 'error', error: expect.stringMatching(/^no SOCKS proxy at /)});
		expect(json.out).not.toContain('socksFailed');
	});
});
