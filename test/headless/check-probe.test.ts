import {beforeAll, describe, expect, test} from 'vitest';
import {probePort, type ProbeOptions, type ProbeResult} from '../../source/headless/check-probe.js';
import {checkVerdict} from '../../source/headless/check-verdict.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {greetAndEhlo, type RawPeer} from '../helpers/raw-server.js';
import {cleanupAfterEach, closedPort, stalledListener} from '../transport/harness.js';
import {linesOf, scriptedServer, tlsGreeter} from '../transport/probe-servers.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});

const cleanup = cleanupAfterEach();
const options: ProbeOptions = {timeoutMs: 2000, ehloName: 'probe.test'};

/** The verdict's advice for a server whose replies broke SMTP: no EHLO name to change. */
function expectBrokenAdvice(result: ProbeResult, port: number): void {
	const verdict = checkVerdict([result], [port], 1, 8000);
	expect(verdict).toContain("the server's replies break SMTP's rules, which no EHLO name mends");
	expect(verdict).not.toContain('EHLO name they dislike');
}

describe('probePort on plain ports', () => {
	test('220 banner: open, with the banner, its time, STARTTLS from EHLO, then QUIT', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['PIPELINING', 'STARTTLS']);
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		});
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toEqual({
			host: '127.0.0.1',
			address: '127.0.0.1',
			port: server.port,
			status: 'open',
			banner: {code: 220, text: 'raw.test ESMTP ready'},
			timeToBannerMs: expect.any(Number),
			starttls: true,
			// This end of the connection: the sender block judges it.
			outgoingAddress: '127.0.0.1',
		});
		await server.peers[0]!.closed();
		expect(linesOf(server.peers[0])).toEqual(['EHLO probe.test', 'QUIT']);
	});

	test('with the starttls option (the check command), an offer is taken: open, the handshake and certificate in tls, then EHLO and QUIT inside TLS', async () => {
		const insideTls: string[] = [];
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			if ((await peer.readLine()) !== 'STARTTLS') return;
			peer.write('220 2.0.0 go ahead\r\n');
			await peer.startTls(certs.server);
			insideTls.push(await peer.readLine());
			peer.write('250 raw.test hello\r\n');
			insideTls.push(await peer.readLine());
			peer.end('221 bye\r\n');
		});
		const result = await probePort('localhost', server.port, {...options, starttls: true, ca: certs.ca, address: '127.0.0.1'});
		// Reachable, as without the option; STARTTLS adds what came of it.
		expect(result).toMatchObject({status: 'open', banner: {code: 220}, starttls: true});
		expect(result.tls).toEqual({protocol: 'TLSv1.3', subject: 'CN=localhost', issuer: 'CN=smtp-tui test CA', authorized: true, validTo: expect.stringMatching(/^\d{4}-.*Z$/), daysLeft: expect.any(Number)});
		await server.peers[0]!.closed();
		// EHLO as send goes on (a server may refuse the client certificate only there), then QUIT.
		expect(insideTls).toEqual(['EHLO probe.test', 'QUIT']);
	});

	test('an EHLO without STARTTLS is reported as such', async () => {
		const server = await scriptedServer(cleanup, async peer => greetAndEhlo(peer, ['8BITMIME']));
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result.status).toBe('open');
		expect(result.starttls).toBe(false);
	});

	test('a banner, then EHLO refused or unanswered: still open (reachable), with what went wrong', async () => {
		const refusing = await scriptedServer(cleanup, async peer => {
			peer.write('220 old.test ready\r\n');
			await peer.readLine();
			peer.write('502 5.5.1 EHLO not implemented\r\n');
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		});
		const refused = await probePort('127.0.0.1', refusing.port, options);
		expect(refused).toMatchObject({status: 'open', ehloProblem: 'EHLO refused: 502 5.5.1 EHLO not implemented'});
		expect(refused.starttls).toBeUndefined();

		const mute = await scriptedServer(cleanup, async peer => {
			peer.write('220 mute.test ready\r\n');
			await peer.readLine();
		});
		const unanswered = await probePort('127.0.0.1', mute.port, {...options, timeoutMs: 300});
		expect(unanswered).toMatchObject({status: 'open', ehloProblem: 'no reply to EHLO within 0.3 s'});
	});

	// Only a refusal in words can be about the EHLO name: the advice blames it there alone.
	test('EHLO unanswered (a reset, a close, silence) or unknown (502): advice for what came, none about the EHLO name', async () => {
		const advice = async (script: (peer: RawPeer) => Promise<void>, timeoutMs = 2000) => {
			const server = await scriptedServer(cleanup, script);
			const result = await probePort('127.0.0.1', server.port, {...options, timeoutMs});
			expect(result.status).toBe('open');
			return {result, verdict: checkVerdict([result], [server.port], 1, timeoutMs)};
		};
		const ended = 'no reply came before the session ended, so nothing says why; a server may drop a client it turns away';
		// Reset as EHLO is read, as a server that resets every client there does.
		const reset = await advice(async peer => {
			peer.write('220 reset.test ready\r\n');
			await peer.readLine();
			peer.socket.resetAndDestroy();
		});
		expect(reset.result).toMatchObject({ehloUnanswered: 'ended', ehloProblem: expect.stringContaining('ECONNRESET')});
		expect(reset.verdict).toContain(ended);
		// Closed right behind the banner, EHLO never read: the name cannot be why.
		const closed = await advice(async peer => {
			peer.end('220 closing.test ready\r\n');
		});
		expect(closed.result).toMatchObject({ehloUnanswered: 'ended'});
		expect(closed.verdict).toContain(ended);
		const silent = await advice(async peer => {
			peer.write('220 mute.test ready\r\n');
			await peer.readLine();
		}, 300);
		expect(silent.result).toMatchObject({ehloUnanswered: 'silent'});
		expect(silent.verdict).toContain('(no reply to EHLO within 0.3 s): a tarpit holds some clients that long, or the server is stuck; try a longer --timeout');
		// EHLO answered with `reply`, then QUIT.
		const answering = (reply: string) => async (peer: RawPeer) => {
			peer.write('220 picky.test ready\r\n');
			await peer.readLine();
			peer.write(`${reply}\r\n`);
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		};
		const old = await advice(answering('502 5.5.1 EHLO not implemented'));
		expect(old.result).toMatchObject({ehloCode: 502});
		expect(old.verdict).toContain('a very old server knows only HELO, and offers no STARTTLS or AUTH with it; no EHLO name mends that.');
		for (const {verdict} of [reset, closed, silent, old]) expect(verdict).not.toContain('EHLO name they dislike');
		// A refusal in words: the name may be why, or this client.
		const refused = await advice(answering('550 5.7.1 bad HELO name'));
		expect(refused.result).toMatchObject({ehloCode: 550});
		expect(refused.verdict).toContain("some servers refuse an EHLO name they dislike (try --ehlo with this machine's real name), or this client's address; the reply's words may say which.");
	});

	test("a 421 to EHLO (Gmail's, on two lines): its enhanced code said once, and marked a session turned away, not a refusal of the name", async () => {
		const closing = await scriptedServer(cleanup, async peer => {
			peer.write('220 mx.google.com ESMTP a1si - gsmtp\r\n');
			await peer.readLine();
			peer.end('421-4.7.0 Try again later, closing connection. (EHLO)\r\n421 4.7.0  For more information, go to https://support.google.com/a/answer/3221692 a1si - gsmtp\r\n');
		});
		const result = await probePort('127.0.0.1', closing.port, options);
		expect(result).toMatchObject({
			status: 'open',
			ehloProblem: 'EHLO refused: 421 4.7.0 Try again later, closing connection. (EHLO)  For more information, go to https://support.google.com/a/answer/3221692 a1si - gsmtp',
			ehloClosed: true,
		});
		expect(checkVerdict([result], [closing.port], 1, 8000)).toContain('the server closed the session at EHLO, turning it away for now (busy, or limiting connections from this address, as its words may say); try again later.');
	});

	test('a reply behind the banner, before EHLO was sent, is a server talking out of turn: not read as EHLO\'s answer, not "no STARTTLS"', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 junk.test ready\r\n250 junk\r\n');
			await peer.readLine();
			peer.write('250-junk.test\r\n250 STARTTLS\r\n');
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		});
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toMatchObject({status: 'open', ehloBroken: true, ehloProblem: 'the server sent "250 junk" before EHLO was sent: it talks out of turn, so its replies cannot be matched to commands'});
		expect(result.starttls).toBeUndefined();
		expectBrokenAdvice(result, server.port);

		// A 421 may come at any time (RFC 5321 §3.8): the session turned away, not a server talking out of turn.
		const closing = await scriptedServer(cleanup, async peer => {
			peer.end('220 busy.test ready\r\n421 4.3.2 shutting down\r\n');
		});
		expect(await probePort('127.0.0.1', closing.port, options)).toMatchObject({status: 'open', ehloClosed: true, ehloProblem: 'EHLO refused: 421 4.3.2 shutting down'});
	});

	test("a reply to EHLO that breaks SMTP (mixed codes): a broken reply, with advice for one, not for an EHLO name", async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 mixed.test ready\r\n');
			await peer.readLine();
			peer.write('250-mixed.test\r\n550 STARTTLS\r\n');
		});
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toMatchObject({status: 'open', ehloBroken: true, ehloProblem: expect.stringContaining('EHLO: not an SMTP reply: the server mixed reply codes')});
		expectBrokenAdvice(result, server.port);
	});

	test('a 250 to EHLO and a broken line in one chunk: the 250 counts, as the engine reads it', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 chunk.test ready\r\n');
			await peer.readLine();
			peer.write('250-chunk.test\r\n250 STARTTLS\r\njunk\r\n');
		});
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toMatchObject({status: 'open', starttls: true});
		expect(result.ehloProblem).toBeUndefined();
	});

	test("STARTTLS's 220 and a broken line in one chunk: the injection it is, not a handshake", async () => {
		const server = await scriptedServer(cleanup, async peer => {
			await greetAndEhlo(peer, ['STARTTLS']);
			if ((await peer.readLine()) !== 'STARTTLS') return;
			peer.write('220 go ahead\r\njunk\r\n');
		});
		const result = await probePort('127.0.0.1', server.port, {...options, starttls: true});
		expect(result).toMatchObject({status: 'open', starttls: true, tls: {authorized: false, error: expect.stringContaining('a STARTTLS injection attempt')}});
	});

	test("a 220 behind EHLO's reply, before STARTTLS was sent, is not taken for STARTTLS's go-ahead", async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 early.test ready\r\n');
			await peer.readLine();
			peer.write('250-early.test\r\n250 STARTTLS\r\n220 go ahead\r\n');
			await peer.readLine();
		});
		const result = await probePort('127.0.0.1', server.port, {...options, starttls: true});
		expect(result).toMatchObject({status: 'open', starttls: true, tls: {authorized: false, error: 'the server sent "220 go ahead" before STARTTLS was sent: it talks out of turn, so its replies cannot be matched to commands'}});
		expect(linesOf(server.peers[0])).not.toContain('STARTTLS');
	});

	test('half a multi-line reply, then silence: the timeout still holds (banner, then EHLO)', async () => {
		const halfBanner = await scriptedServer(cleanup, async peer => {
			peer.write('220-first line of a banner\r\n');
		});
		expect(await probePort('127.0.0.1', halfBanner.port, {...options, timeoutMs: 300})).toMatchObject({status: 'greeting-unfinished'});
		const halfEhlo = await scriptedServer(cleanup, async peer => {
			peer.write('220 half.test ready\r\n');
			await peer.readLine();
			peer.write('250-half.test\r\n250-STARTTLS\r\n');
		});
		expect(await probePort('127.0.0.1', halfEhlo.port, {...options, timeoutMs: 300})).toMatchObject({
			status: 'open',
			ehloProblem: 'the reply to EHLO started ("250-half.test") but did not finish within 0.3 s',
			ehloCutOff: true,
		});
	});

	test('an EHLO reply dripped a byte at a time, too slowly for the timeout: said as a reply that started, not as none', async () => {
		const reply = Buffer.from('250-drip.test\r\n250 8BITMIME\r\n');
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('220 drip.test ready\r\n');
			await peer.readLine();
			// A tarpit's drip: a byte every 100 ms, the whole reply far longer than the timeout.
			for (const byte of reply) {
				if (peer.socket.destroyed) return;
				peer.write(Buffer.of(byte));
				await new Promise(resolve => setTimeout(resolve, 100));
			}
		});
		const result = await probePort('127.0.0.1', server.port, {...options, timeoutMs: 500});
		expect(result).toMatchObject({status: 'open', ehloCutOff: true});
		// How many bytes came by then is the clock's business: at least the first, never the line's end.
		expect(result.ehloProblem).toMatch(/^the reply to EHLO started \("2[^"]*", with no line end yet\) but did not finish within 0\.5 s$/);
	});

	test('nothing listening: refused', async () => {
		const port = await closedPort();
		const result = await probePort('127.0.0.1', port, options);
		expect(result.status).toBe('refused');
		expect(result.error).toContain('connection refused');
	});

	test('refused at a name: the address the refusal came from is kept, so this machine\'s port 25 reads as no blocked network', async () => {
		const port = await closedPort();
		// A name the system resolves (to 127.0.0.1, ::1 or both: Node then tries each, and reports every refusal).
		const refused = await probePort('localhost', port, options);
		expect(refused.status).toBe('refused');
		expect(['127.0.0.1', '::1']).toContain(refused.address);
		// As `check vm` saw it on a host named vm, whose name resolves to 127.0.0.1: refused on 25, Postfix on 10025.
		const results = [{...refused, host: 'vm', port: 25}, {host: 'vm', port: 10025, status: 'open', address: refused.address} as const];
		expect(checkVerdict(results, [25, 10025], 1, 2000)).not.toContain('REJECT rule');
	});

	test('no answer to the connection attempt (a full accept queue drops the SYN): filtered', async () => {
		const stalled = await stalledListener();
		cleanup(() => stalled.stop());
		const result = await probePort('127.0.0.1', stalled.port, {...options, timeoutMs: 300});
		expect(result.status).toBe('filtered');
		expect(result.error).toContain('no answer from 127.0.0.1');
	});

	test('accepts but never speaks: silent', async () => {
		const server = await scriptedServer(cleanup, async () => {});
		const result = await probePort('127.0.0.1', server.port, {...options, timeoutMs: 300});
		expect(result).toMatchObject({status: 'silent', error: 'connected, but no banner within 0.3 s'});
		expect(result.banner).toBeUndefined();
	});

	test('closes before the banner: closed-before-banner, also after half a line', async () => {
		const closing = await scriptedServer(cleanup, async peer => peer.end());
		expect(await probePort('127.0.0.1', closing.port, options)).toMatchObject({status: 'closed-before-banner'});
		const half = await scriptedServer(cleanup, async peer => peer.end('220 half a ban'));
		const result = await probePort('127.0.0.1', half.port, options);
		expect(result.status).toBe('closed-before-banner');
		expect(result.error).toContain('after 14 bytes of an unfinished line');
	});

	test('reset right after the accept (a server or a middlebox sending RST): closed-before-banner, as a close is, naming the reset', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.socket.resetAndDestroy();
		});
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toMatchObject({status: 'closed-before-banner', error: `the connection to 127.0.0.1:${server.port} was reset by the other side (ECONNRESET) before a complete banner`});
		// The time until the reset, as an open port's is until its banner.
		expect(result.timeToCloseMs).toEqual(expect.any(Number));
	});

	test('554 banner: refused-service, and only QUIT is sent (RFC 5321 §3.1)', async () => {
		const server = await scriptedServer(cleanup, async peer => {
			peer.write('554 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.example\r\n');
			if ((await peer.readLine()) === 'QUIT') peer.end('221 bye\r\n');
		});
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toMatchObject({status: 'refused-service', banner: {code: 554, text: '5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.example'}});
		await server.peers[0]!.closed();
		expect(linesOf(server.peers[0])).toEqual(['QUIT']);
	});

	test('421 banner: refused-service, nothing sent', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.end('421 4.3.2 too many connections, try later\r\n'));
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result).toMatchObject({status: 'refused-service', banner: {code: 421}});
		await server.peers[0]!.closed();
		expect(linesOf(server.peers[0])).toEqual([]);
	});

	test('something that is not SMTP: error naming the problem', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.write('HTTP/1.1 400 Bad Request\r\n'));
		const result = await probePort('127.0.0.1', server.port, options);
		expect(result.status).toBe('error');
		expect(result.error).toMatch(/^not an SMTP reply: the server sent a line that does not start with a reply code/);
	});

	test('a bad EHLO name throws before any connection is made', async () => {
		let connections = 0;
		const server = await scriptedServer(cleanup, async () => {
			connections++;
		});
		await expect(probePort('127.0.0.1', server.port, {...options, ehloName: 'evil\r\nMAIL FROM:<x>'})).rejects.toBeInstanceOf(SmtpInputError);
		expect(connections).toBe(0);
	});
});

describe('probePort with implicit TLS', () => {
	test('trusted certificate: tls-ok with protocol, subject and the banner read inside TLS', async () => {
		const port = await tlsGreeter(cleanup, certs.server);
		const result = await probePort('localhost', port, {...options, implicitTls: true, ca: certs.ca, address: '127.0.0.1'});
		expect(result).toMatchObject({
			host: 'localhost',
			address: '127.0.0.1',
			status: 'tls-ok',
			banner: {code: 220, text: 'tls.test ESMTP ready'},
			tls: {protocol: 'TLSv1.3', subject: 'CN=localhost', issuer: 'CN=smtp-tui test CA', authorized: true},
		});
		expect(result.tls?.error).toBeUndefined();
		expect(result.starttls).toBeUndefined();
	});

	test('untrusted (self-signed) certificate: tls-failed naming the reason, subject still shown', async () => {
		const port = await tlsGreeter(cleanup, certs.selfSigned);
		const result = await probePort('127.0.0.1', port, {...options, implicitTls: true});
		expect(result).toMatchObject({
			status: 'tls-failed',
			tls: {subject: 'CN=localhost', authorized: false, error: 'self-signed certificate'},
			banner: {code: 220},
		});
	});

	test('a certificate for another name: tls-failed saying which names it has', async () => {
		const port = await tlsGreeter(cleanup, certs.server);
		const result = await probePort('mail.example.test', port, {...options, implicitTls: true, ca: certs.ca, address: '127.0.0.1'});
		expect(result.status).toBe('tls-failed');
		expect(result.tls?.error).toBe('the certificate is not valid for mail.example.test (it names DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1)');
	});

	test('a plain SMTP server on a TLS port: tls-failed, handshake not completed', async () => {
		const server = await scriptedServer(cleanup, async peer => peer.write('220 plain.test ESMTP\r\n'));
		const result = await probePort('127.0.0.1', server.port, {...options, implicitTls: true});
		expect(result.status).toBe('tls-failed');
		expect(result.tls).toMatchObject({authorized: false});
		expect(result.tls?.protocol).toBeUndefined();
		expect(result.tls?.error).toContain('TLS handshake with 127.0.0.1');
	});

	test('a server that demands a client certificate (its TLS 1.3 alert comes after the handshake): tls-failed, saying so, not "error"', async () => {
		const port = await tlsGreeter(cleanup, {...certs.server, requestCert: true, rejectUnauthorized: true, ca: [certs.ca]});
		const result = await probePort('localhost', port, {...options, implicitTls: true, ca: certs.ca, address: '127.0.0.1'});
		expect(result).toMatchObject({status: 'tls-failed', tls: {protocol: 'TLSv1.3', authorized: true}, error: expect.stringContaining('the server demands a client certificate')});
		expect(result.banner).toBeUndefined();
	});

	test('a 554 banner inside verified TLS is refused-service', async () => {
		const port = await tlsGreeter(cleanup, certs.server, '554 no service');
		const result = await probePort('127.0.0.1', port, {...options, implicitTls: true, ca: certs.ca});
		expect(result).toMatchObject({status: 'refused-service', tls: {authorized: true}});
	});
});
