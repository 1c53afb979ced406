// How the inbox parses a message with mailparser, in a module of its own: saving attachments (in the dashboard's
// start) needs these options, not the mailbox and the parsers it loads.

/** A forwarded message (an attached message/rfc822) stays an attachment: see Mailbox.parse; saving attachments too. */
export const PARSER_OPTIONS = {ignoreEmbedded: true} as const;
