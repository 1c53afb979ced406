// AUTH PLAIN's response (RFC 4616) is the base64 of [authzid] NUL user NUL password, worked out by hand in a shell,
// where it goes wrong in set ways: echo "\0demo\0demo" (no -e) writes a backslash and a 0, "demo\0demo" lacks the
// leading NUL, echo adds a line break that becomes part of the password. Each gets the server's bare "501 invalid
// userdata" or a 535, so what is wrong is said before it goes. The decoded text holds the password: never quoted.

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const NUL = 0;

/** How to make it right, in a shell (printf writes \0 as a NUL byte, and adds no line break). */
const RECIPE = "printf '\\0%s\\0%s' USER PASS | base64 makes it";
const FORM = 'it is NUL, user name, NUL, password';

/** What is wrong with the decoded bytes, undefined when they have PLAIN's form. */
function fault(bytes: Buffer): string | undefined {
	const text = bytes.toString('latin1');
	const nuls = bytes.filter(byte => byte === NUL).length;
	if (nuls === 0 && text.includes('\\0')) return "holds \\0 as two characters (a backslash and a 0), not NUL bytes: your shell's echo wrote them so, use printf";
	if (nuls === 0) return `holds no NUL bytes: ${FORM}`;
	if (nuls === 1) return bytes[0] === NUL ? 'lacks the NUL between user name and password' : `lacks the leading NUL: ${FORM}`;
	if (nuls > 2) return `holds ${nuls} NUL bytes where it has two: ${FORM}`;
	const [, user, password] = text.split('\0') as [string, string, string];
	if (user === '') return 'has an empty user name';
	if (/\r?\n$/.test(password)) return 'ends with a line break, which becomes part of the password: echo adds one, use printf';
	if (password === '') return 'has an empty password';
	return undefined;
}

/**
 * A warning for an AUTH PLAIN response (at its 334, or the initial one on the AUTH line) that is not PLAIN's form.
 * Undefined when it has the form, for "*" (a cancel) and "=" (RFC 4954's empty initial response).
 */
export function plainResponseWarning(response: string): string | undefined {
	const value = response.trim();
	if (value === '' || value === '*' || value === '=') return undefined;
	if (!BASE64.test(value) || value.length % 4 !== 0) return `this PLAIN response is not base64, and the server decodes it: ${FORM}, in base64; ${RECIPE}`;
	const wrong = fault(Buffer.from(value, 'base64'));
	return wrong && `this PLAIN response ${wrong}; ${RECIPE}`;
}
