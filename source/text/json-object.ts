// Files smtp-tui reads back (recordings, saved messages, the draft) are JSON that a hand edit or another version may
// have shaped otherwise: each value is checked before it is used.

/** A parsed JSON value that is an object with fields (not null, not a list). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
