// The Message-ID a message goes with, for `send`'s result: what a script greps the server's logs or an inbox for.

/** The Message-ID field's value in a header section (folded lines joined); undefined when it has none. */
export function messageIdIn(header: Buffer): string | undefined {
	const unfolded = header.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
	const value = /^message-id[ \t]*:(.*)$/im.exec(unfolded)?.[1]?.trim();
	return value || undefined;
}
