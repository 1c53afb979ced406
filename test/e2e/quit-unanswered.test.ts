// Leaving the dashboard while the reply to the message is awaited (a server that takes the final dot and never
// answers it): however it is left, the message may have been accepted, and once the terminal is back one line on
// stderr says so, the footer that said it being gone with the screen.
// Runs the built dist/cli.js: run `node scripts/build.mjs` after changing source/.
import {afterEach, describe, expect, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork, type PtySession} from '../helpers/pty.js';
import {greetUpToData, startRawServer, type RawServer} from '../helpers/raw-server.js';

const open = ptySessions();
const servers: RawServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(server => server.close()));
});

const LEFT = 'smtp-tui: the whole message was sent, but no reply to it came: it may have been accepted; check before sending it again';

/** A server that takes the whole message and never answers it; `dot` resolves once the final dot is in. */
async function mute(): Promise<{port: number; dot: Promise<void>}> {
	let dotIn!: () => void;
	const dot = new Promise<void>(resolve => {
		dotIn = resolve;
	});
	const server = await startRawServer(async peer => {
		await greetUpToData(peer);
		await peer.readData();
		dotIn();
		await peer.closed();
	});
	servers.push(server);
	return {port: server.port, dot};
}

/** The dashboard against that server, its message sent and the reply to it awaited. */
async function awaitingTheReply(): Promise<PtySession> {
	const server = await mute();
	// --timeout 1: the wait for the reply to QUIT (at most 5 s) is 1 s, so leaving with one Ctrl+C is quick.
	const session = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--timeout', '1']});
	await untilKeysWork(session);
	session.press(KEY.ctrl('s'));
	await server.dot;
	return session;
}

describe('leaving while the reply to the message is awaited', () => {
	const ways: Array<{how: string; leave: (session: PtySession) => Promise<void>; code: number}> = [
		{how: 'Ctrl+C', leave: async session => session.press(KEY.ctrl('c')), code: 0},
		{
			how: 'Ctrl+C twice',
			leave: async session => {
				session.press(KEY.ctrl('c'));
				await session.waitForText('closing:');
				session.press(KEY.ctrl('c'));
			},
			code: 0,
		},
		{how: 'SIGTERM', leave: async session => session.kill('SIGTERM'), code: 143},
		{how: 'SIGHUP', leave: async session => session.kill('SIGHUP'), code: 129},
	];
	for (const {how, leave, code} of ways) {
		test(`${how}: exit ${code}, and the restored terminal is told the message may have been accepted`, async () => {
			const session = await awaitingTheReply();
			await leave(session);
			expect((await session.waitForExit()).code).toBe(code);
			expect(session.bufferType()).toBe('normal');
			expect(session.screenText().replace(/\s*\n/g, '')).toContain(LEFT);
		});
	}
});
