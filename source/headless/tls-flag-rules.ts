// The flags about TLS (--insecure, --ca, --cert, --tls-min, --tls-max) where they would act on nothing: one rule,
// in one set of words, for send, check, talk, the dashboard and profile save. Where the user starts TLS later
// (a STARTTLS typed in talk or the dashboard's manual mode, the panel's Security), they apply to that TLS instead.
import {UsageError} from './command.js';

/** Each flag, and what it would have acted on. */
const TLS_FLAGS = [
	['insecure', '--insecure', 'no certificate is checked'],
	['ca', '--ca', 'no certificate is checked'],
	['cert', '--cert', 'no certificate is offered'],
	['tlsMin', '--tls-min', 'no TLS version is used'],
	['tlsMax', '--tls-max', 'no TLS version is used'],
] as const;

/** With no TLS (--no-starttls, or a profile without it): the first TLS flag given is refused, as having nothing to do. */
export function refuseTlsFlagsWithoutTls(flags: Record<string, unknown>): void {
	const given = TLS_FLAGS.find(([name]) => flags[name] !== undefined && flags[name] !== false);
	if (!given) return;
	const [, flag, what] = given;
	throw new UsageError(`${flag} has nothing to do: with no TLS (--no-starttls, or a profile without it) ${what}`, `leave ${flag} out, or allow TLS (drop --no-starttls)`);
}
