// `send` against replies real servers gave a tester (Postfix 3.7, Exim 4.96, OpenSMTPD 6.8), from loopback servers
// that answer with their words: the explanation and the summary say what was refused, and SIZE= is the message's.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetAndEhlo, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {unstuffData} from '../../source/smtp/data-encoder.js';

const tempDir = useTempDirs('send-real-replies');

/** Runs `send` against a server that plays `script` after EHLO; the flags are send's. */
async function sendTo(script: (peer: RawPeer) => Promise<void>, flags: Record<string, unknown> = {}) {
	const server = await startRawServer(async peer => {
		await greetAndEhlo(peer, ['PIPELINING', 'SIZE 10240000']);
		await script(peer);
	});
	try {
		return await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});
	} finally {
		await server.close();
	}
}

/** Answers MAIL, RCPT and DATA with these replies in turn, then the message with `final`; QUIT with 221. */
const answers = (replies: string[], final?: string) => async (peer: RawPeer) => {
	for (const reply of replies) {
		await peer.readLine();
		peer.write(`${reply}\r\n`);
	}
	if (final !== undefined) {
		await peer.readData();
		peer.write(`${final}\r\n`);
	}
	await peer.readLine();
	peer.write('221 bye\r\n');
};

describe('send: replies of real servers, explained', () => {
	it('a 550 at MAIL about STARTTLS is TLS wanted, not the sender refused, in the explanation and the summary', async () => {
		const {out} = await sendTo(answers(['550 STARTTLS required on the submission port']));
		// It offers no STARTTLS, and security is auto: no flag to drop, and none is named; nor is STARTTLS the way.
		expect(out).toContain('# 550: the server wants TLS first but offers no STARTTLS (stripped on the way, or set up wrong): connect with TLS from the first byte (port 465), or ask its administrator');
		expect(out).toMatch(/failed \(mail\): the server takes mail only over TLS but does not offer STARTTLS: 550 STARTTLS required on the submission port; .*try TLS from the first byte \(port 465\)/);
		expect(out).not.toContain('--no-starttls');
		expect(out).not.toContain('the sender was refused');
	});

	it("OpenSMTPD's 524 to an unknown user refuses the recipient, with no \"(connection)\"", async () => {
		const {out} = await sendTo(answers(['250 2.0.0 Ok', '524 5.2.4 Mailing list expansion problem: <nobody@example.test>']), {to: ['nobody@example.test']});
		expect(out).toContain('# 524: refused: the recipient (permanent: retrying unchanged will fail again); 5.2.4');
		expect(out).not.toContain('(connection)');
	});

	it("OpenSMTPD's 554 5.3.4 after the message refuses the message for its size, its recipients having been accepted", async () => {
		const {out} = await sendTo(answers(['250 2.0.0 Ok', '250 2.1.5 Destination address valid', '354 Enter mail'], '554 5.3.4 Message too big for system'));
		expect(out).toContain('# 554: refused: the message is too big for this server (send it smaller); 5.3.4');
		expect(out).not.toContain('no valid recipients');
	});
});

describe('send --data: SIZE= is the size the server stores', () => {
	it.each([
		['a file ending in CRLF', 'Subject: ab\r\n\r\nbody\r\n'],
		['a file without a final line break', 'Subject: ab\r\n\r\nbody'],
		['bare LF line ends and lines dot-stuffed on the wire', 'Subject: ab\n\n.one\n..two\nend\n'],
	])('%s', async (_name, content) => {
		const file = path.join(await tempDir(), 'message.eml');
		writeFileSync(file, content);
		let mail = '';
		let stored = 0;
		const {code, out} = await sendTo(
			async peer => {
				mail = await peer.readLine();
				peer.write('250 ok\r\n');
				for (const reply of ['250 ok', '354 go ahead']) {
					await peer.readLine();
					peer.write(`${reply}\r\n`);
				}
				stored = unstuffData(await peer.readData()).length;
				peer.write('250 queued\r\n');
				await peer.readLine();
				peer.write('221 bye\r\n');
			},
			{data: `@${file}`},
		);
		expect(code).toBe(0);
		expect(mail).toBe(`MAIL FROM:<me@example.test> SIZE=${stored}`);
		// The transcript's count says the same.
		expect(out).toMatch(new RegExp(`lines, ${stored} bytes, then "\\."`));
	});
});
