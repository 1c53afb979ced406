// `check` takes the EHLO name as --ehlo or --helo: its errors name the flag as it was typed, as send's do.
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

describe('check: the EHLO name flag named as typed', () => {
	it.each(['--helo', '--ehlo'])('%s "": the error and its hint name the flag as typed', async flag => {
		const result = await runCli(['check', '127.0.0.1', flag, '']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: ${flag} is empty\nhint: give this machine's name, e.g. client.example.test, or leave ${flag} out for its host name\n`);
	});

	it.each(['--helo', '--ehlo'])('%s "a b" (--json): the result line names it', async flag => {
		const result = await runCli(['check', '127.0.0.1', flag, 'a b', '--json']);
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout).message).toBe(`${flag}: EHLO name must be one word without spaces: "a b"`);
	});
});
