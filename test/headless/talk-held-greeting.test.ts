// `talk` against a greeting held back after its first line (postscreen, recorded live): the "220-" line is printed
// as it comes, the rest when it does, the whole greeting once; typed lines still wait for its end.
import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {loadFixture} from '../helpers/interop-fixture.js';
import {startRawServer} from '../helpers/raw-server.js';
import {cliNode, cliPath} from '../helpers/run-cli.js';

const postscreen = loadFixture('postfix.txt').get("postscreen's first contact, recorded live")!;
const [FIRST, LAST] = postscreen.flatMap(step => ('server' in step ? [step.server] : [])).slice(0, 2) as [string, string];

describe('smtp-tui talk: a greeting held back', () => {
	it('prints the "220-" line at once, and the whole greeting once when it ends', async () => {
		let release!: () => void;
		const released = new Promise<void>(resolve => (release = resolve));
		let early = '';
		const raw = await startRawServer(async peer => {
			peer.write(`${FIRST}\r\n`);
			await released;
			// Nothing typed went before the greeting ended.
			early = Buffer.concat(peer.received).toString('latin1');
			peer.write(`${LAST}\r\n`);
			await peer.readLine();
			peer.end('221 bye\r\n');
		});
		const child = spawn(cliNode, [cliPath, 'talk', '--host', '127.0.0.1', '--port', String(raw.port), '--timeout', '5'], {stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
			if (stdout.includes(FIRST)) release();
		});
		child.stdin.end('QUIT\n');
		const code = await new Promise<number | null>(resolve => child.on('close', resolve));
		await raw.close();
		expect(code).toBe(0);
		expect(early).toBe('');
		const lines = stdout.split('\n');
		const first = lines.findIndex(line => line.endsWith(FIRST));
		expect(lines.filter(line => line.includes(FIRST))).toHaveLength(1);
		expect(lines.filter(line => line.includes(LAST))).toHaveLength(1);
		expect(lines[first + 1]).toMatch(new RegExp(`${LAST}$`));
	});
});
