// Which glyphs the terminal can draw, read from the environment alone: the dashboard picks its set by it (theme.ts),
// and the headless commands their marks at a terminal (terminal-ascii.ts), without loading React for it.

export type GlyphSet = 'unicode' | 'ascii' | 'console';

/**
 * The glyphs the terminal can draw. SMTP_TUI_ASCII=1 or 0 decides; otherwise the locale, as C programs read it:
 * the first non-empty of LC_ALL, LC_CTYPE and LANG, ASCII unless it names UTF-8. With none set, or UTF-8, Unicode
 * (most terminals are UTF-8, and an unset locale is more often a forgotten export than a terminal without it), but
 * on the Linux console (TERM=linux and its variants, linux-16color, also over SSH from it) the console's set.
 */
export function glyphSetWanted(env: Record<string, string | undefined>): GlyphSet {
	if (env.SMTP_TUI_ASCII === '1') return 'ascii';
	if (env.SMTP_TUI_ASCII === '0') return 'unicode';
	const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find(value => value !== undefined && value !== '');
	if (locale !== undefined && !/utf-?8/i.test(locale)) return 'ascii';
	return onLinuxConsole(env) ? 'console' : 'unicode';
}

/** The Linux console (TERM=linux and its variants, linux-16color; also over SSH from it). */
export const onLinuxConsole = (env: Record<string, string | undefined>) => /^linux(-|$)/.test(env.TERM ?? '');
