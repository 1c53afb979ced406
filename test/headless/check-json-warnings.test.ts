// `check --json` keeps stderr empty, as the README promises for every --json (In CI and scripts): its warnings (--dns
// with nothing to look up, --tls-min 1.0) are JSON lines of their own on stdout, so `2>&1 | jq` reads JSON alone;
// without --json they stay on stderr. The built CLI against the sandbox.
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

let sandbox: TestSandbox;
beforeAll(async () => {
	sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const args = () => [`127.0.0.1:${sandbox.port}`, '--dns', '127.0.0.1:53', '--tls-min', '1.0', '--ca', sandbox.certificate.path];
const WARNINGS = ['--dns has nothing to do: 127.0.0.1 is an IP address, with no name to look up', '--tls-min 1.0 lets the probes use TLS 1.0 or 1.1, which are insecure: a port reached only that way is no place for real passwords or mail'];

describe('check --json and its warnings', () => {
	test('--json: nothing on stderr, every stdout line JSON, the warnings first as {"type":"warning"}', async () => {
		const result = await runCli(['check', ...args(), '--json']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const lines = result.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {type: string; message?: string});
		expect(lines.map(line => line.type)).toEqual(['warning', 'warning', 'probe', 'verdict']);
		expect(lines.slice(0, 2).map(line => line.message)).toEqual(WARNINGS);
	});

	test('without --json they go to stderr, as before', async () => {
		const result = await runCli(['check', ...args()]);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(WARNINGS.map(warning => `smtp-tui: warning: ${warning}\n`).join(''));
		expect(result.stdout).not.toContain('warning');
	});
});
