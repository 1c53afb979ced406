// Address recipes: the recipient's local part picks a deterministic behaviour, on every sandbox, always.
// The table is data so that `serve --help`, the README and the server read the same list.
export const recipeNames = ['nobody', 'grey', 'full', 'slow', 'bye', 'drop', 'big'] as const;
export type RecipeName = (typeof recipeNames)[number];

/** What each recipe does, for help texts; `{greylist}` and `{slow}` are the configured delays. */
export const recipeEffects: Record<RecipeName, string> = {
	nobody: '550 5.1.1 user unknown',
	grey: '450 4.7.1 greylisted on the first try from that sender, accepted on a retry after {greylist}',
	full: '452 4.2.2 mailbox full',
	slow: 'RCPT reply delayed {slow}, then accepted',
	bye: '421 4.3.2 and the server closes the connection',
	drop: 'connection dropped without a reply',
	big: 'accepted at RCPT, then 552 5.3.4 at the end of DATA',
};

const recipeInitials = new Set(recipeNames.map(name => name.charAt(0)));

/** The recipe of a recipient: the local part (before any +tag) names it, any domain. */
export function recipeFor(address: string): RecipeName | undefined {
	// Runs for every recipient: most addresses are ruled out by their first letter.
	if (!recipeInitials.has(address.charAt(0).toLowerCase())) return undefined;
	const at = address.lastIndexOf('@');
	const local = (at === -1 ? address : address.slice(0, at)).split('+', 1)[0]!.toLowerCase();
	return (recipeNames as readonly string[]).includes(local) ? (local as RecipeName) : undefined;
}
