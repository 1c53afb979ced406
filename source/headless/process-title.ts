// What `ps` and `pgrep -f` show for a running smtp-tui. meow sets the process title to the bare name, which hid
// the command and its flags (`pgrep -f "serve --port 2525"` found nothing); the whole command line is shown
// instead, with a password given as a flag hidden as it was (the title replaces the arguments in /proc too), and so
// is the password of a login pasted before a host (`check me:secret@mail.example.com` runs, on its domain).
import {hidePassword} from '../text/url-password.js';
import {userArgument} from './user-flag.js';

/** Flags whose value is a secret. */
const SECRET_FLAGS: ReadonlySet<string> = new Set(['--password']);

/** curl's `-u user:password` given to --user (refused, see secret-slips.ts, but shown while smtp-tui starts): the name alone. */
const userLogin = (value: string) => value.replace(/:.*/s, ':***');

export function processTitle(args: readonly string[]): string {
	const shown: string[] = [];
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		const equals = arg.indexOf('=');
		const user = userArgument(args, index);
		if (arg.startsWith('--') && equals !== -1 && SECRET_FLAGS.has(arg.slice(0, equals))) shown.push(`${arg.slice(0, equals)}=***`);
		else if (SECRET_FLAGS.has(arg) && index + 1 < args.length) {
			shown.push(arg, '***');
			index++;
		} else if (user) {
			shown.push(...(user.separate ? [user.prefix, userLogin(user.value)] : [`${user.prefix}${userLogin(user.value)}`]));
			if (user.separate) index++;
		} else shown.push(hidePassword(arg));
	}
	return ['smtp-tui', ...shown].join(' ');
}
