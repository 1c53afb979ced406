// Terminal columns, for text printed on a terminal's main screen: a CJK banner takes two a character.
import stringWidth from 'string-width';

/** Columns a piece of text takes: its length for printable ASCII (most lines), else by string-width. */
export const columnsOf = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text));

/** `text` padded with spaces to `width` columns (as padEnd pads characters). */
export const padColumns = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - columnsOf(text)));
