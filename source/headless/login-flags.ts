// --no-auth, for send and the dashboard alike. It is the negation of --auth MECH (so meow reads it as auth=false).
import {UsageError} from './command.js';

/**
 * The login flags, `given` as typed and `flags` with the profile's. --no-auth means no login at all, even against
 * the dashboard's sandbox (whose demo account is its default) or with a profile's user, which it drops; a --user or
 * --password typed with it contradicts it.
 */
export function loginFlags(given: Record<string, unknown>, flags: Record<string, unknown>): Record<string, unknown> {
	// "leave --user out" would be wrong advice in the dashboard, where that logs in as the sandbox's demo user.
	if (given.user === '') throw new UsageError('--user is empty', 'give the account name, or --no-auth to send without AUTH');
	if (flags.auth !== false) return flags;
	for (const [name, flag] of [['user', '--user'], ['password', '--password'], ['passwordFile', '--password-file']] as const) {
		if (given[name] !== undefined) throw new UsageError(`--no-auth and ${flag} cannot be used together`, '--no-auth sends without AUTH; leave it out to log in');
	}
	// auth: false stays, so that a later check can say --no-auth is why there is no login.
	const {user: _user, password: _password, passwordFile: _passwordFile, ...rest} = flags;
	return rest;
}
