// `smtp-tui check` in a 60-column terminal (a large font, a split pane): nothing it writes is wider than the
// terminal, so the terminal never breaks a word; each probe is a line of its own, wrapped at spaces.
import {describe, expect, test} from 'vitest';
import {greetAndEhlo, startRawServer} from '../helpers/raw-server.js';
import {ptySessions} from '../helpers/pty.js';

const open = ptySessions();

describe('check at 60 columns', () => {
	test('every line it writes fits, the probes one per line with their words whole', async () => {
		const server = await startRawServer(async peer => greetAndEhlo(peer, ['8BITMIME']));
		try {
			const session = open({args: ['check', '127.0.0.1', '--ports', `${server.port},1`, '--timeout', '3'], cols: 60, rows: 20});
			await session.waitForExit();
			const lines = session.raw.split(/\r?\n/).filter(line => line !== '');
			for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(60);
			const text = lines.join('\n').replace(/\n {2}/g, ' ');
			expect(text).toMatch(new RegExp(`^127\\.0\\.0\\.1 port ${server.port} open in \\d+ ms: 220 raw\\.test ESMTP ready; no STARTTLS$`, 'm'));
			expect(text).toMatch(/^127\.0\.0\.1 port 1 refused: connection refused by 127\.0\.0\.1:1 \(nothing listens there, or a firewall rejects it\)$/m);
		} finally {
			await server.close();
		}
	});
});
