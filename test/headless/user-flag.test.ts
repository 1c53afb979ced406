// --user read from argv before meow: each form meow takes, read once for the process title (which hides what
// follows the ":" of curl's -u user:password) and for the refusal of that habit, so the two cannot disagree.
import {describe, expect, test} from 'vitest';
import {processTitle} from '../../source/headless/process-title.js';
import {secretSlip} from '../../source/headless/secret-slips.js';
import {sendFlags} from '../../source/headless/send-flags.js';
import {userValues} from '../../source/headless/user-flag.js';

const FORMS: ReadonlyArray<[string[], string]> = [
	[['--user', 'me:pw'], '--user me:***'],
	[['--user=me:pw'], '--user=me:***'],
	[['-u', 'me:pw'], '-u me:***'],
	[['-ume:pw'], '-ume:***'],
	[['-u=me:pw'], '-u=me:***'],
];

describe('--user in each form meow takes', () => {
	test.each(FORMS)('%j: its value read, hidden in the title, and refused as curl\'s user:password', (argv, title) => {
		expect(userValues(argv)).toEqual(['me:pw']);
		expect(processTitle(argv)).toBe(`smtp-tui ${title}`);
		expect(secretSlip(['--host', 'mx.test', ...argv], sendFlags, 'send')?.message).toBe('--user "me:…" is curl\'s -u user:password (what follows the ":" is not shown): --user takes the user name alone');
	});

	test('no --user: a flag that only starts like it, -u with no value, or after --', () => {
		expect(userValues(['--username=me:pw', '-u-x', '--to', 'a@b.test', '-u'])).toEqual([]);
		expect(processTitle(['-u'])).toBe('smtp-tui -u');
		const argv = ['--host', 'mx.test', '--', '--user', 'me:pw'];
		expect(userValues(argv, argv.indexOf('--'))).toEqual([]);
		expect(secretSlip(argv, sendFlags, 'send')).toBeUndefined();
	});

	test('-u or --user before another flag has no value (meow says so): the flag after it is read as one, a password hidden', () => {
		expect(processTitle(['-u', '--password', 'pw'])).toBe('smtp-tui -u --password ***');
		expect(processTitle(['--user', '--password=pw'])).toBe('smtp-tui --user --password=***');
		expect(userValues(['-u', '--password', 'me:pw'])).toEqual([]);
	});
});
