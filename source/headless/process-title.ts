// What `ps` and `pgrep -f` show for a running smtp-tui. meow sets the process title to the bare name, which hid
// the command and its flags (`pgrep -f "serve --port 2525"` found nothing); the whole command line is shown
// instead, with a password given as a flag hidden as it was (the title replaces the arguments in /proc too), given to
// a misspelt or another tool's flag as well (`--pasword hunter2` shows until the error ends the run), and so is the
// password of a login pasted before a host (`check me:secret@mail.example.com` runs, on its domain).
import {hidePassword} from '../text/url-password.js';
import {passwordFlag} from './password-flags.js';
import {userArgument} from './user-flag.js';

/** curl's `-u user:password` given to --user (refused, see secret-slips.ts, but shown while smtp-tui starts): the name alone. */
const userLogin = (value: string) => value.replace(/:.*/s, ':***');

export function processTitle(args: readonly string[]): string {
	const shown: string[] = [];
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		const equals = arg.indexOf('=');
		const user = userArgument(args, index);
		if (arg.startsWith('-') && equals !== -1 && passwordFlag(arg.slice(0, equals))) shown.push(`${arg.slice(0, equals)}=***`);
		else if (passwordFlag(arg) && index + 1 < args.length) {
			shown.push(arg, '***');
			index++;
		} else if (user) {
			shown.push(...(user.separate ? [user.prefix, userLogin(user.value)] : [`${user.prefix}${userLogin(user.value)}`]));
			if (user.separate) index++;
		} else shown.push(hidePassword(arg));
	}
	return ['smtp-tui', ...shown].join(' ');
}
