// A host pasted with its login: the password is never repeated (errors, the process title).
import {describe, expect, test} from 'vitest';
import {hidePassword} from '../../source/text/url-password.js';

describe('hidePassword', () => {
	test.each([
		['smtp://me:s3cret@127.0.0.1:587', 'smtp://me:***@127.0.0.1:587'],
		['me:s3cret@mail.example.com', 'me:***@mail.example.com'],
		['smtps://me%40example.com:s3cret@mail.example.com/', 'smtps://me%40example.com:***@mail.example.com/'],
		// An @ in the user name or the password: the host starts after the last one.
		['me@example.com:p@ss@mail.example.com', 'me@example.com:***@mail.example.com'],
		['smtp://:s3cret@h', 'smtp://:***@h'],
	])('%s: the password as ***', (text, shown) => expect(hidePassword(text)).toBe(shown));

	test.each(['smtp://me@mail.example.com', 'me@example.com', '[::1]:25', 'mail.example.com', 'smtp://h/a:b@c', ''])(
		'%s: no password (a user alone, a mail address, a host, an @ after the host), left as it is',
		text => expect(hidePassword(text)).toBe(text),
	);
});
