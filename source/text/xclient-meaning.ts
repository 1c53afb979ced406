// What an XCLIENT line on offer means, where the step prompt explains the line before it goes: it has no rail step
// of its own (it sits inside EHLO), so the EHLO step's words would tell a student the wrong thing.

export const XCLIENT_MEANING = "XCLIENT: the server is to treat this session as another client's (Postfix); it greets again with 220, and EHLO follows";

/** The presenter's caption while XCLIENT waits for Enter: within 80 columns, as every caption (the rail stays at EHLO). */
export const XCLIENT_CAPTION = 'NEXT: XCLIENT, inside EHLO: be treated as another client (Postfix), then EHLO';

/** Attributes as they read in a note or the inbox: "ADDR=203.0.113.5 NAME=mail.example.com". */
export function xclientWords(attributes: Iterable<readonly [string, string]>): string {
	return [...attributes].map(([name, value]) => `${name}=${value}`).join(' ');
}
