// `send --xclient-*` (Postfix's XCLIENT) as users run it (dist/cli.js): against smtp-server with useXClient (the
// server takes the session as the pretended client's), without it (not offered: exit 33 before MAIL), against a raw
// server answering Postfix's 550 5.7.0, and the flags' own errors.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {greetAndEhlo, startRawServer, type RawServer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let xclient: TestSmtpServer;
let plain: TestSmtpServer;
let refusing: RawServer;
/** Answers XCLIENT as a server whose values are shorter than Postfix's 255 would. */
let tooLong: RawServer;
/** What the smtp-server with XCLIENT saw: the address each session came from once MAIL came, and its xClient map. */
const seen: Array<{remoteAddress: string; xClient: Record<string, unknown>}> = [];

beforeAll(async () => {
	xclient = await startSmtpServer({
		hideSTARTTLS: true,
		useXClient: ['127.0.0.1'],
		onMailFrom(_address, session, callback) {
			seen.push({remoteAddress: session.remoteAddress, xClient: Object.fromEntries((session as unknown as {xClient: Map<string, unknown>}).xClient)});
			callback();
		},
	});
	plain = await startSmtpServer({hideSTARTTLS: true});
	refusing = await refusingXclient('550 5.7.0 Error: insufficient authorization');
	tooLong = await refusingXclient('501 5.5.4 Error: attribute value too long');
});
afterAll(async () => {
	await Promise.all([xclient.close(), plain.close(), refusing.close(), tooLong.close()]);
});

/** A raw server offering XCLIENT that answers it with `reply`, then QUIT. */
function refusingXclient(reply: string): Promise<RawServer> {
	return startRawServer(async peer => {
		await greetAndEhlo(peer, ['PIPELINING', 'XCLIENT NAME ADDR PROTO HELO LOGIN']);
		await peer.readLine();
		peer.write(`${reply}\r\n`);
		await peer.readLine();
		peer.end('221 2.0.0 Bye\r\n');
	});
}

const send = (port: number, ...flags: string[]) => runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--helo', 'client.test', '--from', 'me@example.test', '--to', 'you@example.test', ...flags]);

/** The lines the client sent, as the transcript shows them. */
const sentLines = (out: string) => out.split('\n').filter(text => text.startsWith(' -> ')).map(text => text.slice(4));

describe('send --xclient-* against smtp-server with useXClient', () => {
	it('sends XCLIENT after EHLO, EHLO again after its 220, and the server takes the session as the pretended client', async () => {
		// The server is the file's: another test may have sent it a message before.
		const before = xclient.messages.length;
		const {code, stdout, stderr} = await send(xclient.port, '--xclient-addr', '203.0.113.5', '--xclient-name', 'mail.example.com', '--xclient-helo', 'helo with spaces', '--xclient-proto', 'esmtp');
		expect(code, stdout + stderr).toBe(0);
		expect(sentLines(stdout).slice(0, 4)).toEqual(['EHLO client.test', 'XCLIENT NAME=mail.example.com ADDR=203.0.113.5 PROTO=ESMTP HELO=helo+20with+20spaces', 'EHLO client.test', 'MAIL FROM:<me@example.test>']);
		expect(stdout).toContain('# 220: XCLIENT accepted: the session now belongs to the client it named');
		expect(seen.at(-1)).toMatchObject({remoteAddress: '203.0.113.5', xClient: {ADDR: '203.0.113.5', NAME: 'mail.example.com', PROTO: 'ESMTP', HELO: 'helo with spaces'}});
		expect(xclient.messages).toHaveLength(before + 1);
	});

	it('attributes over one 512-octet line go in two XCLIENT commands, EHLO after each, ADDR and NAME in the last', async () => {
		const helo = 'h'.repeat(250);
		const name = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example`;
		const {code, stdout} = await send(xclient.port, '--xclient-addr', '203.0.113.9', '--xclient-name', name, '--xclient-helo', helo);
		expect(code, stdout).toBe(0);
		expect(sentLines(stdout).slice(0, 5)).toEqual(['EHLO client.test', `XCLIENT HELO=${helo}`, 'EHLO client.test', `XCLIENT NAME=${name} ADDR=203.0.113.9`, 'EHLO client.test']);
		expect(seen.at(-1)).toMatchObject({remoteAddress: '203.0.113.9', xClient: {HELO: helo, NAME: name, ADDR: '203.0.113.9'}});
	});

	it('refuses before sending an attribute the server does not list (DESTPORT here), exit 33, naming what it takes', async () => {
		const {code, stdout} = await send(xclient.port, '--xclient-addr', '203.0.113.5', '--xclient-destport', '25');
		expect(code, stdout).toBe(33);
		expect(stdout).toMatch(/\*\*\* failed \(xclient\): the server's XCLIENT does not take DESTPORT \(--xclient-destport\): it accepts NAME, ADDR, PORT, PROTO, HELO, LOGIN;/);
		expect(sentLines(stdout).some(line => line.startsWith('XCLIENT'))).toBe(false);
		expect(sentLines(stdout)).not.toContain('MAIL FROM:<me@example.test>');
	});

	it('--quit-after xclient: QUIT after the EHLO that follows XCLIENT, exit 0', async () => {
		const {code, stdout} = await send(xclient.port, '--xclient', 'ADDR=IPV6:2001:db8::5 PORT=4242', '--quit-after', 'xclient');
		expect(code, stdout).toBe(0);
		expect(sentLines(stdout)).toEqual(['EHLO client.test', 'XCLIENT ADDR=IPV6:2001:db8::5 PORT=4242', 'EHLO client.test', 'QUIT']);
	});
});

describe('send --xclient-* where XCLIENT is not offered or refused', () => {
	it('not offered: stops before MAIL with exit 33 and names smtpd_authorized_xclient_hosts', async () => {
		const {code, stdout} = await send(plain.port, '--xclient-addr', '203.0.113.5');
		expect(code, stdout).toBe(33);
		expect(stdout).toMatch(/\*\*\* failed \(xclient\): the server does not offer XCLIENT .*smtpd_authorized_xclient_hosts/);
		expect(sentLines(stdout)).toEqual(['EHLO client.test', 'QUIT']);
	});

	it("Postfix's 550 5.7.0: explained with the setting to change, exit 33", async () => {
		const {code, stdout} = await send(refusing.port, '--xclient-addr', '203.0.113.5');
		expect(code, stdout).toBe(33);
		expect(stdout).toContain('# 550: XCLIENT refused: this client is not allowed to use it (Postfix: smtpd_authorized_xclient_hosts)');
		expect(stdout).toMatch(/\*\*\* failed \(xclient\): XCLIENT was refused \(550 5\.7\.0 Error: insufficient authorization\): this client is not allowed to speak for another\. .*smtpd_authorized_xclient_hosts/);
		expect(sentLines(stdout)).toEqual(['EHLO client.test', 'XCLIENT ADDR=203.0.113.5', 'QUIT']);
	});

	it('a value the server finds too long: the failure names the attribute, and --json carries the reply', async () => {
		const {code, stdout} = await send(tooLong.port, '--xclient-addr', '203.0.113.5', '--xclient-login', 'u'.repeat(200), '--json');
		expect(code, stdout).toBe(33);
		const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
		expect(result).toMatchObject({exitCode: 33, stage: 'xclient', reply: {code: 501, enhanced: '5.5.4', text: 'Error: attribute value too long', temporary: false}});
		expect(result.message).toContain("its longest value, LOGIN's, is 200 characters as sent (xtext)");
	});
});

describe('send --xclient-* usage errors (exit 1, nothing sent)', () => {
	it.each([
		[['--xclient-addr', '203.0.113'], '--xclient-addr "203.0.113" is no IP address'],
		[['--xclient-port', '70000'], '--xclient-port "70000" is no port: give a number from 0 to 65535'],
		[['--xclient-name', 'bad name\r\nMAIL FROM:<x>'], 'is no host name'],
		// Too long is said as too long, as for --xclient-helo, not as "no host name".
		[['--xclient-name', Array(5).fill('a'.repeat(60)).join('.')], '--xclient-name is too long: 304 characters as sent (xtext: a space, + or = counts 3), and Postfix takes at most 255'],
		[['--xclient-reverse-name', `${Array(5).fill('b'.repeat(60)).join('.')}.`], '--xclient-reverse-name is too long: 305 characters as sent'],
		[['--xclient-name', `${'c'.repeat(64)}.example`], `--xclient-name has a label of 64 characters ("${'c'.repeat(20)}…"): a host name's labels are 1 to 63 characters`],
		[['--xclient-proto', 'LMTP'], '--xclient-proto "LMTP" is no protocol: SMTP (the client said HELO) or ESMTP (EHLO)'],
		[['--xclient-helo', 'x\ny'], '--xclient-helo has a control character'],
		[['--xclient', 'ADDR=1.2.3.4 FOO=1'], 'Postfix knows no attribute FOO'],
		[['--xclient', 'ADDR'], '"ADDR" is no ATTRIBUTE=VALUE pair'],
		[['--xclient', ' '], '--xclient is empty: give ATTRIBUTE=VALUE pairs'],
		[['--xclient-addr', '1.2.3.4', '--xclient', 'addr=5.6.7.8'], '--xclient ADDR and --xclient-addr both give XCLIENT\'s ADDR: give it once'],
		[['--quit-after', 'xclient'], '--quit-after xclient without an --xclient flag'],
		[['--xclient-login', 'h'.repeat(256)], '--xclient-login is too long: 256 characters as sent'],
		[['--xclient', `HELO=${'+'.repeat(100)}`], '--xclient HELO is too long: 300 characters as sent (xtext: a space, + or = counts 3), and Postfix takes at most 255'],
	])('%j', async (flags, message) => {
		const {code, stdout, stderr} = await send(plain.port, ...flags);
		expect(code, stderr).toBe(1);
		expect(stderr).toContain(message);
		expect(stdout).toBe('');
	});

	it("takes a value of Postfix's 255 characters as sent", async () => {
		const {code, stdout} = await send(xclient.port, '--xclient-helo', 'h'.repeat(255), '--quit-after', 'xclient');
		expect(code, stdout).toBe(0);
		expect(sentLines(stdout)).toContain(`XCLIENT HELO=${'h'.repeat(255)}`);
	});

	it('takes [UNAVAILABLE] and [TEMPUNAVAIL] as they are, in any case', async () => {
		const {code, stdout} = await send(xclient.port, '--xclient-name', '[unavailable]', '--xclient-addr', '[TEMPUNAVAIL]', '--quit-after', 'xclient');
		expect(code, stdout).toBe(0);
		expect(sentLines(stdout)).toContain('XCLIENT NAME=[UNAVAILABLE] ADDR=[TEMPUNAVAIL]');
	});
});
