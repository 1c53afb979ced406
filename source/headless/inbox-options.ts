// `smtp-tui inbox` flags into sandbox settings: serve's, checked as serve checks them, with the bodies kept to show.
import {sandboxDefaults} from '../sandbox/settings.js';
import {UsageError} from './command.js';
import {parseServeFlags, type ServeOptions} from './serve-options.js';

export function parseInboxFlags(flags: Record<string, unknown>, input: readonly string[]): ServeOptions {
	if (input.length > 0) throw new UsageError(`inbox takes no arguments, got "${input.join(' ')}"`, 'see smtp-tui inbox --help');
	const options = parseServeFlags(flags, input);
	// Shown, not only logged: the bodies are kept in memory as the dashboard keeps them (and with --save-dir, read
	// from there once let go).
	return {...options, settings: {...options.settings, keepBytes: sandboxDefaults.keepBytes}};
}
