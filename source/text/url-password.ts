// A host pasted with its login in it, as a mail client's settings or a password manager's URL field hold it
// (`smtp://me:secret@mail.example.com:587`, `me:secret@mail.example.com`): the password is never repeated, in an
// error (which a terminal's scrollback or a CI log keeps) nor in the process title (which every local user can read).

/** The login part of a host, up to the last `@` before a path: a user name may hold an `@` of its own. */
const LOGIN = /^((?:[a-z][a-z\d+.-]*:\/\/)?)([^/?#]*)@(?=[^@/?#]*(?:[/?#]|$))/i;

/** `text` with the password of a `user:password@` before its host written `***`; `text` itself where it has none. */
export function hidePassword(text: string): string {
	const login = LOGIN.exec(text);
	const colon = login?.[2]!.indexOf(':') ?? -1;
	if (!login || colon === -1) return text;
	return `${login[1]!}${login[2]!.slice(0, colon)}:***@${text.slice(login[0].length)}`;
}
