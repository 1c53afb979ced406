// Three ways a password slips out of its flag, caught before any other check can quote it in an error (the screen, the
// scrollback, a CI log keep those): `--password two words` unquoted, whose second word is left over; `--password
// --secret`, a password that starts with "--", which would be named as an unknown flag; and curl's `-u user:password`
// habit, which would put the password in the user name (the transcript's "logging in as", a profile's listing).
import type {FlagSpecs} from './command.js';
import {findUnknownFlags} from './flags.js';
import {passwordFlag} from './password-flags.js';
import {userValues} from './user-flag.js';

type Slip = {message: string; hint: string};

/**
 * `argv` less the word after a password flag the command does not take (`profile save --password --secret`, swaks'
 * `--auth-password -secret`, a misspelt `--pasword --secret`): the unknown flag is named, its value is not, though it
 * starts with "-" as a flag does.
 */
export function withoutPasswordValues(argv: readonly string[], specs: FlagSpecs): string[] {
	return argv.filter((arg, index) => {
		const before = argv[index - 1];
		return !(arg !== '--' && arg.startsWith('-') && before !== undefined && passwordFlag(before) && findUnknownFlags([before], specs).length > 0);
	});
}

/**
 * Where the password goes instead, by what the command takes: `talk` none, `profile save` a variable or the file,
 * the dashboard (`command` undefined) its Password field.
 */
function passwordApart(command: string | undefined, specs: FlagSpecs, name: string): string {
	if (command === 'talk') return 'talk logs in only as you type it: leave --user out, and type AUTH LOGIN once connected';
	const ways = Object.hasOwn(specs, 'passwordEnv')
		? '--password-env VAR, or --save-password'
		: Object.hasOwn(specs, 'passwordFile')
			? `${command === undefined ? 'typed in the connection panel' : 'asked on a terminal'}, or SMTP_PASSWORD, or --password-file FILE`
			: '--password PASS';
	return `--user ${name || 'NAME'}, and the password apart (${ways})`;
}

/**
 * A password slipped out of its flag in `argv` (the command's, `command` undefined for the dashboard), for a command
 * whose flags (`specs`) take it; undefined if none did.
 */
export function secretSlip(argv: readonly string[], specs: FlagSpecs, command?: string): Slip | undefined {
	const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
	if (Object.hasOwn(specs, 'password')) {
		for (let index = 0; index < end; index++) {
			const arg = argv[index]!;
			const next = argv[index + 1];
			if (arg === '--password' && index + 1 < end && next!.startsWith('--') && findUnknownFlags([next!], specs).length > 0) {
				return {message: '--password is followed by a word that starts with "--" and is no flag (not shown: it may be the password)', hint: "a password that starts with \"--\" goes after an equals sign: --password='--…'"};
			}
			// `--password --to x` is a missing value, which the flags' own check names.
			const after = arg === '--password' && !argv[index + 1]?.startsWith('--') ? index + 2 : arg.startsWith('--password=') ? index + 1 : undefined;
			if (after === undefined || after >= end || argv[after]!.startsWith('-')) continue;
			return {message: "a word follows --password's value (neither is shown): a password with a space in it must be quoted", hint: "quote it: --password 'two words'"};
		}
	}
	// A password given apart says the ":" belongs to the user name (SASL allows one), which is then taken as it is.
	if (!Object.hasOwn(specs, 'user') || argv.slice(0, end).some(arg => /^--(password|password-file|password-env)(=|$)/.test(arg))) return undefined;
	const login = userValues(argv, end).find(value => value.includes(':'));
	if (login === undefined) return undefined;
	const name = login.slice(0, login.indexOf(':'));
	return {
		message: `--user "${name}:…" is curl's -u user:password (what follows the ":" is not shown): --user takes the user name alone`,
		hint: passwordApart(command, specs, name),
	};
}
