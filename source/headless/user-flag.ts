// --user in an argv before meow reads it, in each form meow takes (`--user V`, `--user=V`, `-u V`, `-uV`, `-u=V`):
// a password typed there as curl's `-u user:password` is found (secret-slips.ts) and hidden (process-title.ts) by
// the same reading, so neither misses a form the other knows.

/** One --user: the words before its value as typed (`--user`, `--user=`, `-u`, `-u=`), its value, and whether that is the next word. */
type UserArgument = {prefix: string; value: string; separate: boolean};

/** The form joined to its value: `--user=`, or `-u` (then `=`, optionally) not followed by a `-` (`-u-x` is no user). */
const JOINED = /^(?:--user=|-u(?!-)=?)/;

/** The --user at argv[index], if that is one (`end`: where the flags end, `--` or the end of argv). */
export function userArgument(argv: readonly string[], index: number, end = argv.length): UserArgument | undefined {
	const arg = argv[index]!;
	// A next word that starts with "-" is a flag, not the value, as meow reads it (`-u --password pw`: "-u needs a
	// value"): taken as the user name, the password after it would show in the title.
	if (arg === '--user' || arg === '-u') return index + 1 < end && !argv[index + 1]!.startsWith('-') ? {prefix: arg, value: argv[index + 1]!, separate: true} : undefined;
	const prefix = JOINED.exec(arg)?.[0];
	return prefix === undefined ? undefined : {prefix, value: arg.slice(prefix.length), separate: false};
}

/** The values given to --user in `argv` before `end`. */
export function userValues(argv: readonly string[], end = argv.length): string[] {
	const values: string[] = [];
	for (let index = 0; index < end; index++) {
		const user = userArgument(argv, index, end);
		if (!user) continue;
		values.push(user.value);
		if (user.separate) index++;
	}
	return values;
}
