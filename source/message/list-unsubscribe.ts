// The unsubscribe headers a bulk sender must give (Gmail's and Yahoo's rules since 2024): List-Unsubscribe (RFC 2369),
// each address in <>, and for one-click List-Unsubscribe-Post (RFC 8058). Their usual mistakes make mail programs
// show no unsubscribe link, with no error anywhere: said before sending, the headers sent as given.

type Header = {name: string; value: string};

const ONE_CLICK = 'List-Unsubscribe=One-Click';

/** What is wrong with the message's List-Unsubscribe and List-Unsubscribe-Post headers, as warnings. */
export function listUnsubscribeProblems(headers: readonly Header[]): string[] {
	const find = (name: string) => headers.find(header => header.name.toLowerCase() === name)?.value.trim();
	const list = find('list-unsubscribe');
	const post = find('list-unsubscribe-post');
	const problems: string[] = [];
	if (list !== undefined) problems.push(...addressProblems(list));
	if (post === undefined) return problems;
	if (post !== ONE_CLICK) problems.push(`warning: List-Unsubscribe-Post is "${post}": RFC 8058 asks for exactly "${ONE_CLICK}", else no one-click unsubscribe is offered`);
	if (list === undefined) problems.push('warning: List-Unsubscribe-Post without List-Unsubscribe: one-click unsubscribe POSTs to the https address List-Unsubscribe gives (RFC 8058)');
	else if (!/<\s*https:/i.test(list)) problems.push('warning: List-Unsubscribe-Post, but List-Unsubscribe has no <https:…> address, which one-click unsubscribe POSTs to (RFC 8058)');
	return problems;
}

/** Each address in <> (RFC 2369 §2): a bare one is ignored by mail programs. */
function addressProblems(value: string): string[] {
	const outside = value.replace(/<[^<>]*>/g, '').replace(/\([^()]*\)/g, '');
	if (/[^\s,]/.test(outside)) {
		const bare = outside.split(',').map(part => part.trim()).find(Boolean)!;
		return [`warning: List-Unsubscribe has "${bare}" outside <>: each address goes in angle brackets, as <https://…>, <mailto:…> (RFC 2369), or mail programs show no unsubscribe link`];
	}
	if (!/<\s*(https?|mailto):/i.test(value)) return ['warning: List-Unsubscribe gives no <https:…> or <mailto:…> address: mail programs show no unsubscribe link'];
	return [];
}
