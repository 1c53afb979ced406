// `smtp-tui profile ACTION`: a mistyped action gets "did you mean", as a mistyped command or flag does. In-process.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {runProfile} from '../../source/headless/profile.js';
import {runInProcess} from '../helpers/run-in-process.js';

const env = {SMTP_TUI_CONFIG_DIR: mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-action-'))};

async function usageError(args: string[]): Promise<UsageError> {
	const error = await runInProcess(runProfile, {}, args, {env}).then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(UsageError);
	return error as UsageError;
}

describe('profile: an unknown action', () => {
	it.each([
		['lst', 'list'],
		['shwo', 'show'],
		['sav', 'save'],
		['delet', 'delete'],
		['LIST', 'list'],
	])('"%s" suggests "%s"', async (typed, meant) => {
		const error = await usageError([typed, 'work']);
		expect(error.message).toBe(`unknown action "${typed}"`);
		expect(error.hint).toBe(`did you mean "${meant}"? actions are list, show NAME, save NAME and delete NAME`);
	});

	it('a word close to none of them gets the list of actions only', async () => {
		const error = await usageError(['rename', 'x']);
		expect(error.message).toBe('unknown action "rename"');
		expect(error.hint).toBe('actions are list, show NAME, save NAME and delete NAME');
	});
});
