// The MTA-STS policy, its TXT record and TLS-RPT's, read as RFC 8461 and RFC 8460 write them.
import {describe, expect, test} from 'vitest';
import {mxMatches, parseStsPolicy, parseStsRecord, parseTlsRptRecord} from '../../source/smtp/mta-sts.js';

describe('parseStsPolicy', () => {
	test('a valid policy, CRLF or LF, with an unknown field: its fields and no error', () => {
		for (const end of ['\r\n', '\n']) {
			const policy = parseStsPolicy(['version: STSv1', 'mode: enforce', 'mx: mx1.example.com', 'mx: *.Example.NET', 'max_age: 604800', 'extension: ignored', ''].join(end));
			expect(policy).toEqual({version: 'STSv1', mode: 'enforce', mx: ['mx1.example.com', '*.example.net'], maxAge: 604_800, errors: [], emptyLines: []});
		}
	});

	test('each mistake named by its line', () => {
		const policy = parseStsPolicy('mode: enforcing\nversion: STSv2\nmx: mx_1.example.com\nmax_age: 99999999999\njunk line\nmode: testing\n');
		expect(policy.errors).toEqual([
			'line 1: mode "enforcing" is not enforce, testing or none',
			'line 2: version "STSv2" is not STSv1',
			'line 3: mx "mx_1.example.com" is not a host name, or *. and a domain',
			'line 4: max_age "99999999999" is not a number of seconds from 0 to 31557600 (a year)',
			'line 5: "junk line" is not "key: value"',
			'line 6: mode is given again: version, mode and max_age are allowed once each',
		]);
	});

	test('missing fields; mode none needs no mx, enforce does', () => {
		expect(parseStsPolicy('').errors).toEqual(['no "version: STSv1" line', 'no "mode:" line (enforce, testing or none)', 'no "max_age:" line']);
		expect(parseStsPolicy('version: STSv1\nmode: none\nmax_age: 86400\n').errors).toEqual([]);
		expect(parseStsPolicy('version: STSv1\nmode: enforce\nmax_age: 86400\n').errors).toEqual(['no "mx:" line: mode enforce needs the MX hosts it allows']);
	});

	test('extension field names may hold "-" and "." (RFC 8461 §3.2), so a policy with x-note: is valid', () => {
		expect(parseStsPolicy('version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\nx-note: hi\ncontact.v2: ops\n').errors).toEqual([]);
		expect(parseStsPolicy('version: STSv1\nmode: none\nmax_age: 86400\n_note: hi\n').errors).toEqual(['line 4: "_note: hi" is not "key: value"']);
	});

	test('an mx written as in a zone file, with its final dot, is named with the fix', () => {
		expect(parseStsPolicy('version: STSv1\nmode: enforce\nmx: *.example.com.\nmax_age: 86400\n').errors).toEqual(['line 3: mx "*.example.com." ends in a dot, which the policy\'s syntax has no place for: write *.example.com']);
	});

	test('what a reader cannot see is named: a byte order mark, an empty line, a field name in capitals', () => {
		expect(parseStsPolicy('\uFEFFversion: STSv1\nmode: none\nmax_age: 86400\n').errors).toEqual(['line 1 starts with a byte order mark (U+FEFF), which senders read as part of its field name: save the file as UTF-8 without one']);
		// Empty lines are kept apart: senders differ on them (see the check's test), so they do not make the policy invalid.
		expect(parseStsPolicy('version: STSv1\nmode: none\nmax_age: 86400\n\n')).toMatchObject({errors: [], emptyLines: [4]});
		expect(parseStsPolicy('version: STSv1\r\n\r\nmode: none\r\n \r\nmax_age: 86400\r\n')).toMatchObject({errors: [], emptyLines: [2, 4], mode: 'none'});
		expect(parseStsPolicy('Version: STSv1\nMode: enforce\nmx: mx.example.com\nmax_age: 86400\nMODE: testing\n').errors).toEqual([
			'no "version: STSv1" line: line 1 has "Version:", and field names are lowercase',
			'no "mode:" line (enforce, testing or none): line 2 has "Mode:", and field names are lowercase',
		]);
		expect(parseStsPolicy('version: STSv1\nmode: testing\nMX: mx.example.com\nmax_age: 86400\n').errors).toEqual(['no "mx:" line: mode testing needs the MX hosts it allows: line 3 has "MX:", and field names are lowercase']);
	});

	test('a wildcard anywhere but first, and control characters, are not host names; a long line is cut in the message', () => {
		expect(parseStsPolicy('version: STSv1\nmode: testing\nmax_age: 1\nmx: mail.*.example.com\n').errors).toEqual(['line 4: mx "mail.*.example.com" is not a host name, or *. and a domain']);
		const [error] = parseStsPolicy(`version: STSv1\nmx: a\u001b[31m.example.com${'x'.repeat(100)}\n`).errors;
		expect(error).toContain('\\u001b');
		expect(error).toContain('…');
	});
});

describe('mxMatches', () => {
	test.each([
		['mx1.example.com', 'mx1.example.com', true],
		['mx1.example.com', 'MX1.Example.com.', true],
		['mx1.example.com', 'mx2.example.com', false],
		['*.example.com', 'mx1.example.com', true],
		['*.example.com', 'example.com', false],
		['*.example.com', 'a.b.example.com', false],
		['*.example.com', 'mx1.example.net', false],
	])('%s against %s: %s', (pattern, host, matches) => {
		expect(mxMatches(pattern, host)).toBe(matches);
	});
});

describe('parseStsRecord', () => {
	test('none that starts with v=STSv1: no policy; others are left alone', () => {
		expect(parseStsRecord([])).toBeUndefined();
		expect(parseStsRecord([['v=spf1 -all']])).toBeUndefined();
	});

	test('a record meant as one that senders pass over is said, not taken for none: quotes stored in it, V=', () => {
		expect(parseStsRecord([['"v=STSv1; id=1"']])).toEqual({text: '"v=STSv1; id=1"', error: 'it does not start with "v=STSv1" as senders read it: its quotes are stored as part of its text (a DNS panel adds its own: give the record without them)'});
		expect(parseStsRecord([['V=STSv1; id=1']])?.error).toBe('it does not start with "v=STSv1" as senders read it: case and spaces count (write v=STSv1)');
		expect(parseTlsRptRecord([['"v=TLSRPTv1; rua=mailto:tls@example.com"']])).toMatchObject({rua: [], error: expect.stringContaining('its quotes are stored as part of its text') as unknown});
	});

	test('a record in several strings is read whole; its id', () => {
		expect(parseStsRecord([['v=spf1 -all'], ['v=STSv1; ', 'id=20240101T000000;']])).toEqual({text: 'v=STSv1; id=20240101T000000;', id: '20240101T000000'});
	});

	test('two records, no id, a bad id: each said', () => {
		expect(parseStsRecord([['v=STSv1; id=1'], ['v=STSv1; id=2']])?.error).toBe('2 TXT records start with v=STSv1');
		expect(parseStsRecord([['v=STSv1;']])?.error).toBe('it has no id=');
		expect(parseStsRecord([['v=STSv1; id=2024-01-01']])?.error).toBe('id "2024-01-01" is not 1 to 32 letters and digits');
		expect(parseStsRecord([['v=STSv1 id=1']])?.error).toBe('its first field is "v=STSv1 id=1", not v=STSv1 (fields are separated by ";")');
		expect(parseStsRecord([['v=STSv1; id']])?.error).toBe('"id" is not key=value');
	});
});

describe('parseTlsRptRecord', () => {
	test('its report addresses, mailto: and https:', () => {
		expect(parseTlsRptRecord([['v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.com/tls']])).toEqual({
			text: 'v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example.com/tls',
			rua: ['mailto:tls@example.com', 'https://reports.example.com/tls'],
		});
	});

	test('no record, no rua, a URI of another scheme', () => {
		expect(parseTlsRptRecord([['v=STSv1; id=1']])).toBeUndefined();
		expect(parseTlsRptRecord([['v=TLSRPTv1;']])?.error).toBe('it has no rua= (where to send the reports)');
		expect(parseTlsRptRecord([['v=TLSRPTv1; rua=tls@example.com']])?.error).toBe('rua "tls@example.com" is not a mailto: or https: URI');
	});
});
