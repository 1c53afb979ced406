// The dashboard's and replay's flag mistakes: exit 1 with a message naming the flag, before the terminal check.
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

describe('smtp-tui (dashboard) and replay flags', () => {
	it.each([
		[['--mx'], /--mx is for "smtp-tui send"[\s\S]*Ctrl\+L/],
		[['--mode', 'fast'], /--mode must be one of auto, step, manual, not "fast"/],
		[['--transcript-format', 'pdf'], /--transcript-format must be one of text, md, json, not "pdf"/],
		[['--port', '99999'], /--port must be a whole number from 1 to 65535/],
		[['--host', 'h', 'extra'], /unknown command "extra"/],
		[['--presnter'], /unknown flag --presnter[\s\S]*did you mean --presenter/],
		[['replay'], /missing FILE[\s\S]*plain-delivery/],
		[['replay', 'nowhere.jsonl'], /cannot read nowhere\.jsonl: ENOENT/],
		[['replay', 'plain-delivery', '--mode', 'slow'], /--mode must be one of/],
	])('%j', async (args, message) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(message);
	});

	it('without a terminal, points to smtp-tui send', async () => {
		const result = await runCli(['--host', '127.0.0.1']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/needs a terminal[\s\S]*smtp-tui send/);
	});
});
