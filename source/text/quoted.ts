// Text from a client or a message in a line of smtp-tui's own words: serve's lines, inbox --wait's, the inbox's notes.

/**
 * Client text in quotes, its own quotes and backslashes escaped so the quotes show where it ends. Not JSON.stringify:
 * its \u001b would sit beside the \x1b and \u202e escapes the whole line gets (escapeUnsafe, or printable where drawn).
 */
export function quoted(text: string): string {
	return `"${text.replace(/["\\]/g, '\\$&')}"`;
}
