// Usage errors echo what was typed: control characters in it are escaped, never written raw to the terminal.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

/** C0 (CR, LF and ESC among them), DEL, C1 and the bidi controls. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const send = ['send', '--from', 'me@example.test', '--to', 'a@example.test'];

describe('usage errors', () => {
	it('escapes a host name with a terminal title sequence, a C1 control and a bidi override', async () => {
		const result = await runCli([...send, '--host', '127.0.0.1\x1b]0;X\x07\x9b2J\u202e']);
		expect(result.code).toBe(1);
		// The text before the final newline of each line holds no control character.
		expect(result.stderr.replaceAll('\n', '')).not.toMatch(CONTROL);
		expect(result.stderr).toContain('127.0.0.1\\x1b]0;X\\x07\\x9b2J\\u202e');
		expect(result.stderr).toMatch(/is not a host name/);
	});

	it('escapes a CR and LF inside a --header value', async () => {
		const result = await runCli([...send, '--host', '127.0.0.1', '--port', '1', '--header', 'X-A\r\nB: 1']);
		expect(result.code).toBe(1);
		expect(result.stderr.replaceAll('\n', '')).not.toMatch(CONTROL);
		expect(result.stderr).toContain('header X-A\\x0d\\x0aB contains');
		expect(result.stderr.split('\n').filter(Boolean).every(line => /^(smtp-tui|hint): /.test(line))).toBe(true);
	});

	it('escapes the hint too (a profile name from profiles.json, suggested there)', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-usage-'));
		const profile = {name: 'work\u009b2J\u202e', host: 'smtp.example.com', port: 587, security: 'starttls'};
		writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({version: 1, profiles: [profile]}));
		const result = await runCli([...send, '--profile', 'work\u009b2'], {env: {SMTP_TUI_CONFIG_DIR: dir}});
		expect(result.code).toBe(1);
		expect(result.stderr.replaceAll('\n', '')).not.toMatch(CONTROL);
		expect(result.stderr).toMatch(/^hint: did you mean "work\\x9b2J\\u202e"\?$/m);
	});

	it('--json: the result line carries the value as typed, every control character a \\u escape', async () => {
		const host = '127.0.0.1\x1b]0;X\x07\x9b\u202e';
		const result = await runCli([...send, '--host', host, '--json']);
		expect(result.code).toBe(1);
		expect(result.stdout.trimEnd()).not.toMatch(CONTROL);
		expect(result.stdout).toContain('\\u001b]0;X\\u0007\\u009b\\u202e');
		expect(JSON.parse(result.stdout)).toMatchObject({type: 'result', ok: false, stage: 'options', message: expect.stringContaining(host)});
	});
});
