// `send --data -` from a generator stopped by Ctrl+C: the terminal's SIGINT ends the generator, so this process gets
// the end of its input and the signal at once. libuv hands a caught signal to the handle that was listening when it
// came; where that handle closed in between (the last listener removed), the signal was dropped, and the message,
// cut where the generator stopped, went as if whole (exit 0). So from the start of the command to the end of the
// session a listener must be there without a break: seen here through process's own newListener/removeListener
// events, during a real send to a real server.
import {afterEach, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let server: TestSmtpServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

/** SIGINT's listener count after each listener added or removed while `run` runs, less those there before. */
async function listenersWhile(run: () => Promise<unknown>): Promise<number[]> {
	const before = process.listenerCount('SIGINT');
	const counts: number[] = [];
	// newListener comes before the listener is added, removeListener after it is removed.
	const added = (event: string | symbol) => event === 'SIGINT' && counts.push(process.listenerCount('SIGINT') - before + 1);
	const removed = (event: string | symbol) => event === 'SIGINT' && counts.push(process.listenerCount('SIGINT') - before);
	process.on('newListener', added);
	process.on('removeListener', removed);
	try {
		await run();
	} finally {
		process.off('newListener', added);
		process.off('removeListener', removed);
	}
	return counts;
}

describe('send --data -: a Ctrl+C that also ends the input', () => {
	it('is listened for without a break from reading the message to the end of the session, so it is never dropped', async () => {
		server = await startSmtpServer({hideSTARTTLS: true});
		const port = String(server.port);
		let code: number | undefined;
		const counts = await listenersWhile(async () => {
			({code} = await runInProcess(runSend, {host: '127.0.0.1', port, from: 'me@example.test', to: ['you@example.test'], data: '-'}, [], {input: ['Subject: cut\r\n\r\nfirst line\r\n']}));
		});
		expect(code).toBe(0);
		expect(server.messages).toHaveLength(1);
		// Listened for at first, then by the session; none only once it is over.
		expect(counts.length).toBeGreaterThan(1);
		expect(counts.at(-1)).toBe(0);
		expect(counts.slice(0, -1)).not.toContain(0);
	});
});
