// `send --proxy`: the built CLI against servers that read the PROXY header: smtp-server's useProxy (v1), a raw
// server that parses v2 and one that takes the header before TLS, as HAProxy puts it; and servers that do not
// expect one (silent without it, or answering it as a command).
import net from 'node:net';
import tls from 'node:tls';
import {Duplex} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startProxiedServer} from '../helpers/smtp-server.js';
import {greetAndEhlo, startRawServer, type RawPeer, type RawServer} from '../helpers/raw-server.js';
import {testCerts} from '../helpers/certs.js';

const servers: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

const send = (port: number, ...args: string[]) => runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test', '--body', 'hi', ...(args.includes('--timeout') ? [] : ['--timeout', '5']), ...args]);

const raw = async (script: (peer: RawPeer) => Promise<void>): Promise<RawServer> => {
	const server = await startRawServer(script);
	servers.push(server);
	return server;
};

/** The local port the transcript says the connection went out from. */
const localPort = (stdout: string) => Number(/=== connected to [^ ]+ from 127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);

describe('send --proxy (v1)', () => {
	it('smtp-server with useProxy takes the client address the header claims; the transcript shows the line', async () => {
		const server = await startProxiedServer();
		servers.push(server);
		const run = await send(server.port, '--proxy', '--proxy-source', '203.0.113.5', '--proxy-source-port', '40000');
		expect(run.code).toBe(0);
		expect(server.seen).toEqual([{address: '203.0.113.5', port: 40000}]);
		expect(server.messages).toHaveLength(1);
		expect(run.stdout).toContain(` -> PROXY TCP4 203.0.113.5 127.0.0.1 40000 ${server.port}\n`);
		// Right after the connect, before the greeting.
		expect(run.stdout).toMatch(/=== connected to [^\n]+\n -> PROXY TCP4 [^\n]+\n<-  220 /);
	});
});

describe('send --proxy: a family the connection cannot match', () => {
	it('a name that resolves to IPv4 with an IPv6 --proxy-source: no header is sent, exit 2, said with the flag and the --proxy-dest (or -6) that fixes it', async () => {
		const server = await raw(async peer => peer.closed());
		const run = await runCli(['send', '--host', 'localhost', '-4', '--port', String(server.port), '--proxy-source', '2001:db8::5', '--to', 'you@example.test', '--timeout', '5']);
		expect(run.code).toBe(2);
		expect(run.stdout).toMatch(new RegExp(`\\*\\*\\* failed \\(connect\\): cannot send the PROXY header to localhost:${server.port}: --proxy-source 2001:db8::5 is TCP6 and the connection's server address 127\\.0\\.0\\.1 is TCP4: a PROXY header holds one family; add a TCP6 --proxy-dest \\(e\\.g\\. --proxy-dest 2001:db8::1\\), or connect with -6\\n$`));
		await server.peers[0]?.closed();
		expect(Buffer.concat(server.peers[0]?.received ?? [])).toHaveLength(0);
	});
});

describe('send --proxy-version 2', () => {
	it("sends the spec's binary header with the real connection's addresses, shown with its size (text and --json)", async () => {
		const headers: Buffer[] = [];
		const server = await raw(async peer => {
			const header = await readV2(peer);
			headers.push(header);
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const run = await send(server.port, '--proxy-version', '2', '--quit-after', 'ehlo', '--no-starttls');
		expect(run.code).toBe(0);
		const port = localPort(run.stdout);
		const expected = Buffer.concat([
			Buffer.from('0d0a0d0a000d0a515549540a2111000c7f0000017f000001', 'hex'),
			Buffer.from([port >> 8, port & 0xff, server.port >> 8, server.port & 0xff]),
		]);
		expect(headers).toEqual([expected]);
		expect(run.stdout).toContain(` -> PROXY v2 (28 bytes): TCP4 127.0.0.1:${port} -> 127.0.0.1:${server.port}\n`);

		const json = await send(server.port, '--proxy-version', '2', '--quit-after', 'ehlo', '--no-starttls', '--json');
		const sent = json.stdout.split('\n').filter(Boolean).map(line => JSON.parse(line) as {type: string; kind?: string; text?: string}).find(event => event.text?.startsWith('PROXY'));
		expect(sent).toMatchObject({type: 'log', kind: 'sent', text: expect.stringMatching(/^PROXY v2 \(28 bytes\): TCP4 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+$/)});
	});
});

describe('send --proxy-family UNKNOWN', () => {
	/** As Postfix 3.7 does: LOCAL (0x20) is taken, and PROXY with no addresses (or v1's PROXY UNKNOWN) turned away. */
	const postfixLike = () =>
		raw(async peer => {
			// 13 bytes: v1's "PROXY UNKNOWN" without its line end, or v2's signature and command.
			const first = await peer.readBytes(13);
			if (first[12] === 0x20) await peer.readBytes(3);
			else {
				peer.end('421 4.3.0 lb.test Server local error\r\n');
				return;
			}
			await greetAndEhlo(peer);
			await peer.readLine();
			peer.end('221 bye\r\n');
		});

	it('v2 sends the LOCAL command, which a server that refuses PROXY without addresses takes', async () => {
		const server = await postfixLike();
		const run = await send(server.port, '--proxy-version', '2', '--proxy-family', 'UNKNOWN', '--quit-after', 'ehlo', '--no-starttls');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(" -> PROXY v2 (16 bytes): LOCAL, no addresses (the server takes the connection's own)\n");
	});

	it('a 421 in place of the greeting right after the header: said to be the header\'s refusal, not load; --json not temporary', async () => {
		const server = await postfixLike();
		const run = await send(server.port, '--proxy-family', 'UNKNOWN');
		expect(run.code).toBe(21);
		const turnedAway =
			"the server turned the session away right after the PROXY header, so most likely it did not accept the header (not a busy server): Postfix does not accept v1's PROXY UNKNOWN: try --proxy-version 2, which sends LOCAL (no addresses) for --proxy-family UNKNOWN";
		expect(run.stdout).toContain(`<** 421 4.3.0 lb.test Server local error\n`);
		expect(run.stdout).toContain(`*** ${turnedAway}\n`);
		expect(run.stdout).toMatch(new RegExp(`\\*\\*\\* failed \\(banner\\): [^\\n]*421 4\\.3\\.0 lb\\.test Server local error; ${turnedAway.replace(/[().]/g, '\\$&')}\\n$`));
		const json = await send(server.port, '--proxy-family', 'UNKNOWN', '--json');
		const result = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as {reply?: {code: number; temporary: boolean}};
		expect(result.reply).toMatchObject({code: 421, temporary: false});
	});
});

describe('send --proxy --tls', () => {
	it('puts the header before the ClientHello, as HAProxy does', async () => {
		const certs = await testCerts();
		const lines: string[] = [];
		const server = net.createServer(socket => {
			socket.on('error', () => {});
			let buffered = Buffer.alloc(0);
			const onData = (chunk: Buffer) => {
				buffered = Buffer.concat([buffered, chunk]);
				const end = buffered.indexOf('\r\n');
				if (end === -1) return;
				socket.off('data', onData);
				lines.push(buffered.subarray(0, end).toString('latin1'));
				// The rest (the ClientHello) goes to TLS through a stream of its own: bytes read ahead are not lost.
				const relay = new Duplex({read() {}, write: (bytes, _encoding, done) => socket.write(bytes, done), final: done => socket.end(done)});
				relay.push(buffered.subarray(end + 2));
				socket.on('data', more => relay.push(more));
				socket.on('end', () => relay.push(null));
				const secure = new tls.TLSSocket(relay, {isServer: true, key: certs.server.key, cert: certs.server.cert});
				secure.on('error', () => {});
				secure.on('secure', () => secure.write('220 tls.test ready\r\n'));
				secure.on('data', (bytes: Buffer) => {
					lines.push(bytes.toString('latin1').trim());
					secure.write(bytes.toString('latin1').startsWith('QUIT') ? '221 bye\r\n' : '250 tls.test\r\n');
				});
			};
			socket.on('data', onData);
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		servers.push({close: () => new Promise<void>(resolve => server.close(() => resolve()))});
		const {port} = server.address() as net.AddressInfo;
		const run = await send(port, '--tls', '--insecure', '--proxy', '--quit-after', 'ehlo');
		expect(run.code).toBe(0);
		expect(lines[0]).toBe(`PROXY TCP4 127.0.0.1 127.0.0.1 ${localPort(run.stdout)} ${port}`);
		expect(lines[1]).toBe('EHLO client.test');
		// The header went in clear before the handshake: the transcript says so in that order.
		expect(run.stdout).toMatch(/ -> PROXY TCP4 [^\n]+\n=== TLS started/);
	});
	it('a handshake that fails still shows the header that went before it, and where from (text and --json)', async () => {
		// As Postfix behind a load balancer on a STARTTLS port: it takes the header, then answers the ClientHello in plain text.
		const headers: string[] = [];
		const server = await raw(async peer => {
			headers.push(await peer.readLine());
			peer.write('421 4.3.0 error\r\n');
			await peer.closed();
		});
		const run = await send(server.port, '--tls', '--insecure', '--proxy');
		expect(run.code).toBe(29);
		expect(headers).toEqual([`PROXY TCP4 127.0.0.1 127.0.0.1 ${localPort(run.stdout)} ${server.port}`]);
		expect(run.stdout).toMatch(new RegExp(`=== connected to 127\\.0\\.0\\.1:${server.port} from 127\\.0\\.0\\.1:\\d+\\n -> PROXY TCP4 [^\\n]+\\n\\*\\*\\* TLS handshake with 127\\.0\\.0\\.1:${server.port} failed`));
		const json = await send(server.port, '--tls', '--insecure', '--proxy', '--json');
		const events = json.stdout.split('\n').filter(Boolean).map(line => JSON.parse(line) as {type: string; kind?: string; text?: string; local?: unknown});
		expect(events.find(event => event.kind === 'sent')).toMatchObject({type: 'log', text: expect.stringMatching(/^PROXY TCP4 /)});
		expect(events.at(-1)).toMatchObject({type: 'result', stage: 'tls', local: {address: '127.0.0.1'}});
	});
});

describe('what a failure says about the PROXY protocol', () => {
	it('a port that waits in silence (it expects a header): the hint says try --proxy', async () => {
		const server = await raw(async peer => peer.closed());
		const run = await send(server.port, '--timeout', '0.5');
		expect(run.code).toBe(21);
		expect(run.stdout).toMatch(/\*\*\* failed \(banner\): [^\n]*; or it waits for a PROXY protocol header, as a server behind a load balancer does \(Postfix with smtpd_upstream_proxy_protocol\): try --proxy\n$/);
	});

	it('--tls to a port that answers in plain text: a PROXY header first is one of the causes named, not once --proxy was sent', async () => {
		// As Postfix behind a load balancer does: the ClientHello is no PROXY header, and its answer is no TLS.
		const server = await raw(async peer => {
			peer.write('421 4.3.0 error\r\n');
			await peer.closed();
		});
		const plain = await send(server.port, '--tls');
		expect(plain.code).toBe(29);
		expect(plain.stdout).toMatch(/the server did not answer in TLS \(it may expect plain SMTP with STARTTLS on this port\); or it waits for a PROXY protocol header before TLS \(a server behind a load balancer\): try --proxy\n$/);
		const withProxy = await send(server.port, '--tls', '--proxy');
		expect(withProxy.stdout).not.toContain('try --proxy');
	});

	it('a port that hangs up at the header without a word: the summary says to try without --proxy', async () => {
		const server = await raw(async peer => {
			await peer.readLine();
			peer.end();
		});
		const run = await send(server.port, '--proxy');
		expect(run.code).not.toBe(0);
		expect(run.stdout).toMatch(/; the server closed the connection at the PROXY header without a word: a port that does not expect one may do that; try without --proxy\n$/);
	});

	it('a port that takes no header answers it as a command: said at once, and in the summary', async () => {
		const server = await raw(async peer => {
			const header = await peer.readLine();
			// As Postfix: its greeting, then its answer to the header read as a command (one write: no race with EHLO).
			peer.write(`220 plain.test ESMTP\r\n${header.startsWith('PROXY ') ? '500 5.5.2 Error: command not recognized\r\n' : ''}`);
			await peer.readLine();
			peer.end('221 2.0.0 Bye\r\n');
		});
		const run = await send(server.port, '--proxy');
		expect(run.code).toBe(22);
		expect(run.stdout).toContain('<** 500 5.5.2 Error: command not recognized\n');
		expect(run.stdout).toContain('*** the server does not take a PROXY header on this port: it read the header as a command and refused it; leave out --proxy (or use the port behind the load balancer that expects it)\n');
		// The 500 answered the header, as just said: it is not also "unsolicited", answering nothing.
		expect(run.stdout).not.toContain('unsolicited reply');
		expect(run.stdout).toMatch(/; the server does not take a PROXY header on this port: leave out --proxy\n$/);
	});

	it('a v2 header read as three commands, as Postfix does: its three 500s answer the header, none is "unsolicited"', async () => {
		const server = await raw(async peer => {
			await readV2(peer);
			peer.write(`220 plain.test ESMTP\r\n${'500 5.5.2 Error: bad syntax\r\n'.repeat(3)}`);
			await peer.readLine();
			peer.end('221 2.0.0 Bye\r\n');
		});
		const run = await send(server.port, '--proxy', '--proxy-version', '2');
		expect(run.stdout.match(/^<\*\* 500 5\.5\.2 Error: bad syntax$/gm)).toHaveLength(3);
		expect(run.stdout).toContain('*** the server does not take a PROXY header on this port');
		expect(run.stdout).not.toContain('unsolicited reply');
	});
});

/** A v2 header, whole: the 16 fixed bytes, then as many as their length says. */
async function readV2(peer: RawPeer): Promise<Buffer> {
	const fixed = await peer.readBytes(16);
	return Buffer.concat([fixed, await peer.readBytes(fixed.readUInt16BE(14))]);
}
