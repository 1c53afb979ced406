// A flag that takes a value takes the next argument, even one that starts with a dash: `--subject -h` is a
// subject, never a help request. Only a long flag after it means its value was forgotten.
import {describe, expect, it} from 'vitest';
import {findMissingValue, findUnknownFlags, flagsIn, normalizeArgv} from '../../source/headless/flags.js';
import {sendFlags} from '../../source/headless/send-flags.js';

describe('flag values that start with a dash', () => {
	it('are values, not flags: no help request, no unknown flag', () => {
		expect(flagsIn(['--subject', '-h', '--to', 'a@b.test', '-q'], sendFlags)).toEqual(['--subject', '--to', '-q']);
		expect(flagsIn(['-s', '-h', '--body', '-'], sendFlags)).toEqual(['-s', '--body']);
		expect(findUnknownFlags(['--subject', '-x'], sendFlags)).toEqual([]);
		expect(findMissingValue(['--subject', '-h'], sendFlags)).toBeUndefined();
	});

	it('reach the parser joined to their flag, which it would otherwise leave empty', () => {
		expect(normalizeArgv(['--subject', '-h', '-s', '-v', '--body', '-', '--to', 'a@b.test'], sendFlags)).toEqual(['--subject=-h', '--host=-v', '--body=-', '--to', 'a@b.test']);
		expect(normalizeArgv(['-tb@example.test', '--', '-h'], sendFlags)).toEqual(['-t', 'b@example.test', '--', '-h']);
	});

	it('a long flag, a lone "--" or the end of argv after the flag: its value is missing', () => {
		expect(findMissingValue(['--to', '--from', 'a@b.test'], sendFlags)).toBe('--to');
		expect(findMissingValue(['--subject', '--help'], sendFlags)).toBe('--subject');
		expect(flagsIn(['--subject', '--help'], sendFlags)).toEqual(['--subject', '--help']);
		expect(findMissingValue(['--subject', '--', 'x'], sendFlags)).toBe('--subject');
		expect(findMissingValue(['--to', 'a@b.test', '--subject'], sendFlags)).toBe('--subject');
		expect(flagsIn(['--json', '--', '--help'], sendFlags)).toEqual(['--json']);
	});
});
