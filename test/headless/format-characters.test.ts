// A server's format characters (Unicode's Cf: number signs, bidi controls, zero-width and deprecated format
// characters, interlinear annotations, tags) never reach the terminal raw from send, send --json, talk or check: each
// is escaped the one way escape.ts does it. A raw server on loopback puts them in its greeting and EHLO reply.
import {describe, expect, it} from 'vitest';
import {greetAndEhlo} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';

const cleanup = cleanupAfterEach();

/** One of each of the blocks that reached the terminal raw before: number signs, deprecated format characters, tags... */
const FORMAT = '\u0600\u0605\u06dd\u070f\u0890\u08e2\u206a\u206f\u{110bd}\u{13430}\u{1bca0}\u{1d173}\u200b\u202e\u2066\ufeff\ufff9\u{e0001}\u{e0041}';
const ESCAPED = '\\u0600\\u0605\\u06dd\\u070f\\u0890\\u08e2\\u206a\\u206f\\u{110bd}\\u{13430}\\u{1bca0}\\u{1d173}\\u200b\\u202e\\u2066\\ufeff\\ufff9\\u{e0001}\\u{e0041}';
/** A format character, a control or a separator, other than the joiners (which hold emoji together). */
const RAW = /[\p{Cf}\p{Cc}\u2028\u2029]/u;
const raw = (text: string) => [...text].filter(character => RAW.test(character) && !/[\n\u200c\u200d]/.test(character));

async function server() {
	const smtp = await scriptedServer(cleanup, async peer => {
		peer.write(`220 mx.test ready ${FORMAT}\r\n`);
		if (!(await peer.readLine())?.startsWith('EHLO')) return;
		peer.write(`250-mx.test hello ${FORMAT}\r\n250 8BITMIME\r\n`);
		for (let line = await peer.readLine(); line !== undefined; line = await peer.readLine()) {
			if (line === 'QUIT') return peer.write(`221 bye ${FORMAT}\r\n`);
			peer.write(`550 5.7.1 no ${FORMAT}\r\n`);
		}
	});
	return String(smtp.port);
}

describe('a server reply full of format characters', () => {
	it('send: the transcript shows each escaped', async () => {
		const port = await server();
		const {stdout, stderr} = await runCli(['send', '--host', '127.0.0.1', '--port', port, '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi']);
		expect(raw(stdout + stderr)).toEqual([]);
		expect(stdout).toContain(`<-  220 mx.test ready ${ESCAPED}`);
		expect(stdout).toContain(`no ${ESCAPED}`);
	});

	it('send --json: JSON escapes each, and reads back as sent', async () => {
		const port = await server();
		const {stdout} = await runCli(['send', '--json', '--host', '127.0.0.1', '--port', port, '--no-starttls', '--from', 'me@example.test', '--to', 'you@example.test', '--body', 'hi']);
		expect(raw(stdout)).toEqual([]);
		const greeting = stdout.split('\n').map(line => JSON.parse(line || '{}') as {reply?: {raw?: string[]}}).find(entry => entry.reply?.raw?.[0]?.startsWith('220'));
		expect(greeting?.reply?.raw?.[0]).toBe(`220 mx.test ready ${FORMAT}`);
	});

	it('talk: the lines printed show each escaped', async () => {
		const port = await server();
		const {stdout, stderr} = await runCli(['talk', '--host', '127.0.0.1', '--port', port, '--no-starttls'], {input: 'EHLO client.test\nQUIT\n'});
		expect(raw(stdout + stderr)).toEqual([]);
		expect(stdout).toContain(ESCAPED);
	});

	it('check: the table and the verdict show each escaped', async () => {
		const port = await server();
		const {stdout, stderr} = await runCli(['check', `127.0.0.1:${port}`, '--timeout', '5']);
		expect(raw(stdout + stderr)).toEqual([]);
		expect(stdout).toContain(ESCAPED);
	});
});
