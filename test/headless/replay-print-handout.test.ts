// `replay --print --transcript-format md`: the handout's title line says when the session started (as it played now)
// and when the file was saved, as a saved handout's does: saved after it started, never the recording's own date, which
// the first `===` line gives (`recorded 2 Dec 2026, 23:31`, in local time).
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

describe('replay --print --transcript-format md', () => {
	it('says the session started before the handout was saved, and keeps the recording date in its first note', async () => {
		const printed = await runCli(['replay', 'starttls-auth', '--print', '--transcript-format', 'md']);
		expect(printed.code, printed.stderr).toBe(0);
		const [, started, saved] = /session started (\S+), saved (\S+)\. /.exec(printed.stdout) ?? [];
		expect(Date.parse(saved!)).toBeGreaterThanOrEqual(Date.parse(started!));
		expect(printed.stdout).toMatch(/=== replaying starttls-auth, recorded \d+ Dec 2026, \d\d:\d\d against localhost:2525/);
	});
});
