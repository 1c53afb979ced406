// Address recipes: the recipient's local part picks a deterministic behaviour, on every sandbox, always.
// The table is data so that `serve --help`, the README and the server read the same list.
export const recipeNames = ['nobody', 'grey', 'full', 'slow', 'bye', 'drop', 'big'] as const;
export type RecipeName = (typeof recipeNames)[number];

/** What each recipe does, for help texts; `{greylist}` and `{slow}` are the configured delays. */
const recipeEffects: Record<RecipeName, string> = {
	nobody: '550 5.1.1 user unknown',
	grey: '450 4.7.1 greylisted on the first try from that sender, accepted on a retry after {greylist}',
	full: '452 4.2.2 mailbox full',
	slow: 'RCPT reply delayed {slow}, then accepted',
	bye: '421 4.3.2 and the server closes the connection',
	drop: 'connection dropped without a reply',
	big: 'accepted at RCPT, then 552 5.3.4 at the end of DATA',
};

/** A recipe's effect in words, with its delays as `delays` words them (e.g. "5 s", or with the flag that sets it). */
export function recipeEffect(name: RecipeName, delays: {greylist: string; slow: string}): string {
	return recipeEffects[name].replace('{greylist}', delays.greylist).replace('{slow}', delays.slow);
}

const recipesByName = new Map<string, RecipeName>(recipeNames.map(name => [name, name]));
const shortest = Math.min(...recipeNames.map(name => name.length));
const longest = Math.max(...recipeNames.map(name => name.length));

/** The recipe of a recipient: the local part (before any +tag) names it, any domain. */
export function recipeFor(address: string): RecipeName | undefined {
	// Runs for every recipient: most local parts are ruled out by their length before any string is made.
	const at = address.lastIndexOf('@');
	const end = at === -1 ? address.length : at;
	const plus = address.indexOf('+');
	const localEnd = plus !== -1 && plus < end ? plus : end;
	if (localEnd < shortest || localEnd > longest) return undefined;
	return recipesByName.get(address.slice(0, localEnd).toLowerCase());
}
