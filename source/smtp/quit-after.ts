// The steps `--quit-after` names, and swaks' names for them: read by the planner, send's flags, and the hint for
// swaks' `-q STEP` (on the CLI's start path, so this module imports nothing).

/**
 * The stages `quitAfter` can name, in session order. As in swaks, `ehlo` is the last EHLO (the one after STARTTLS,
 * when TLS starts) and `first-ehlo` the first; without STARTTLS they are the same.
 */
export const QUIT_AFTER = ['connect', 'greeting', 'first-ehlo', 'ehlo', 'tls', 'xclient', 'auth', 'mail', 'rcpt'] as const;
export type QuitAfter = (typeof QUIT_AFTER)[number];

/** swaks' names for the --quit-after steps, so its users' scripts keep working (any case). */
const SWAKS_QUIT_AFTER: Record<string, QuitAfter> = {banner: 'greeting', helo: 'ehlo', 'first-helo': 'first-ehlo', lhlo: 'ehlo', 'first-lhlo': 'first-ehlo', 'first-tls': 'tls', from: 'mail', to: 'rcpt'};

/** swaks' LMTP names (`lhlo`, `first-lhlo`): LHLO is LMTP's EHLO, so they ask for --lmtp. */
export const namesLhlo = (value: string): boolean => /^(?:first-)?lhlo$/.test(value.trim().toLowerCase());

/** The step a --quit-after value names, swaks' names read as ours; the value itself (lower case) when it is none. */
export function quitAfterStep(value: string): string {
	const step = value.trim().toLowerCase();
	return SWAKS_QUIT_AFTER[step] ?? step;
}

export const isQuitAfterStep = (value: string): boolean => (QUIT_AFTER as readonly string[]).includes(quitAfterStep(value));
