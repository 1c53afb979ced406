// Recordings of other versions, played by the built CLI: one an earlier version made (test/fixtures/earlier-versions,
// recording version 2, as it wrote it) plays; one of a newer version than this one reads names the way out.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

const fixture = path.join(import.meta.dirname, '..', 'fixtures', 'earlier-versions', '2026-12-02', 'session.jsonl');

describe('replay --print of a recording made by another version', () => {
	it("plays an earlier version's recording to its end", async () => {
		const result = await runCli(['replay', '--print', fixture]);
		expect(result.stderr).toBe('');
		expect(result.stdout).toContain('<~  250 2.6.0 Ok: queued as 2');
		expect(result.stdout).toContain('=== end of the recording');
		expect(result.code).toBe(0);
	});

	it("says that a newer version's recording needs that version, and how to run it", async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-recording-versions-'));
		const file = path.join(dir, 'from the future.jsonl');
		writeFileSync(file, readFileSync(fixture, 'utf8').replace('"version":2', '"version":99'));
		const result = await runCli(['replay', '--print', file]);
		expect(result.stderr).toContain(`recording version 99 was made by a newer smtp-tui (this smtp-tui reads versions 1 to 5): play it with that one (npx smtp-tui@latest replay '${file}')`);
		expect(result.code).toBe(1);
	});
});
