// `--password two words` unquoted: the second word is left over, and every command's "unexpected argument" (or
// "unknown command") error would quote it, half the password on the screen and in the scrollback. Caught first,
// and said without it.
import type {FlagSpecs} from './command.js';

/** The refusal when a bare word follows the value of --password in `argv` (before a lone `--`), for a command that takes it. */
export function wordAfterPassword(argv: readonly string[], specs: FlagSpecs): {message: string; hint: string} | undefined {
	if (!Object.hasOwn(specs, 'password')) return undefined;
	const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
	for (let index = 0; index < end; index++) {
		const arg = argv[index]!;
		const after = arg === '--password' ? index + 2 : arg.startsWith('--password=') ? index + 1 : undefined;
		if (after === undefined || after >= end || argv[after]!.startsWith('-')) continue;
		return {
			message: "a word follows --password's value (neither is shown): a password with a space in it must be quoted",
			hint: "quote it: --password 'two words'",
		};
	}
	return undefined;
}
