// AUTH PLAIN's response checked before it goes (RFC 4616: [authzid] NUL user NUL password, in base64): what is wrong
// is named, and nothing decoded is quoted.
import {describe, expect, it} from 'vitest';
import {plainResponseWarning} from '../../source/smtp/plain-response-warning.js';

describe('plainResponseWarning', () => {
	it('says what each wrong PLAIN form is, naming neither the user nor the password', () => {
		const cases: Array<[string, RegExp]> = [
			['AGRlbW8=', /lacks the NUL between user name and password/],
			['AABkZW1v', /has an empty user name/],
			['AGRlbW8A', /has an empty password/],
			['YQBkZW1vAGRlbW8AeA==', /holds 3 NUL bytes where it has two/],
			['ZGVtbw==', /holds no NUL bytes: it is NUL, user name, NUL, password/],
			['AGRlbW8AZGVtbw', /is not base64/],
		];
		for (const [response, reading] of cases) {
			const warning = plainResponseWarning(response);
			expect(warning, response).toMatch(reading);
			expect(warning, response).not.toMatch(/demo|\bx\b/);
		}
		for (const response of ['AGRlbW8AZGVtbw==', '*', '=', '']) expect(plainResponseWarning(response), response).toBeUndefined();
	});
});
