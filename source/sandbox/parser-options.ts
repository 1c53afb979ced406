// How the inbox parses a message with mailparser, in a module of its own: saving attachments (in the dashboard's
// start) needs these options, not the mailbox and the parsers it loads.
import {MAX_INPUT} from './html-text.js';

/**
 * A forwarded message (an attached message/rfc822) stays an attachment: see Mailbox.parse; saving attachments too.
 * An HTML part past html-to-text's limit is not made into text by mailparser: html-to-text would cut it and say so
 * with console.warn, over the dashboard's frame or into serve's stderr (the inbox's text is made by htmlAsText).
 */
export const PARSER_OPTIONS = {ignoreEmbedded: true, maxHtmlLengthToParse: MAX_INPUT} as const;
