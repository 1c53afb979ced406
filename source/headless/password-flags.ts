// Which flags carry a password, told from the word alone: the process title is set before any command's flags are
// read. smtp-tui's --password; swaks' --auth-password and -ap and check_smtp's --authpass and -P, which users bring
// along; and a slip of the fingers (--pasword, --passwd, --pass, --pw), refused as an unknown flag, whose next word
// is as likely the password all the same.
import {distance} from '../text/closest.js';

/** smtp-tui's, swaks' and check_smtp's flags that take a password. */
const PASSWORD_FLAGS: ReadonlySet<string> = new Set(['--password', '--auth-password', '-ap', '--authpass', '-P']);
/** smtp-tui's flags about a password that carry none: a file's path, a variable's name, a switch. */
const NOT_SECRET: ReadonlySet<string> = new Set(['password-file', 'password-env', 'save-password', 'no-save-password']);

/** Whether `flag` (without its `=value`) takes a password, or is a misspelling of one that does. */
export function passwordFlag(flag: string): boolean {
	if (PASSWORD_FLAGS.has(flag)) return true;
	const name = /^--?([a-z][a-z0-9-]*)$/i.exec(flag)?.[1]?.toLowerCase();
	if (name === undefined || NOT_SECRET.has(name)) return false;
	return /pass|pw|secret|token/.test(name) || distance(name, 'password') <= 2;
}
