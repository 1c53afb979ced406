// A terminal's reports: control strings (OSC, DCS, APC, PM) a terminal sends in answer to a query, such as the
// background colour another program asked for just before this one started (ESC ] 11;rgb:… BEL). Ink 6.8 hands
// their ESC ] as Alt+] and the rest as text: "11;rgb:…" was typed into the focused field and the BEL, Ctrl+G,
// opened the help. Read whole, they are no key and no text.

/** The opening of a control string: ESC ] (OSC), ESC P (DCS), ESC _ (APC), ESC ^ (PM), as Ink hands it, alone. */
const START = /^\u001B[\]P_^]$/;
/** Its end: ST (ESC \), as Ink hands it, alone. BEL ends an OSC inside a read (see reportEnd). */
const STRING_TERMINATOR = '\u001B\\';
const BEL = '\u0007';

export const reportStarts = (sequence: string | undefined): boolean => sequence !== undefined && START.test(sequence);

/**
 * Where a read inside a report ends it: `rest`, what follows its BEL in the same read (typed keys); undefined while
 * the report goes on. ST, which Ink hands as a read of its own, ends it with nothing after.
 */
export function reportEnd(read: string): {rest: string} | undefined {
	if (read === STRING_TERMINATOR) return {rest: ''};
	const bell = read.indexOf(BEL);
	return bell === -1 ? undefined : {rest: read.slice(bell + 1)};
}
