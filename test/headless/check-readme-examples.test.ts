// README's "check: examples" against the sandbox, read from the README and run as written: each `$ smtp-tui check …`
// block's command, its ports (2525 the sandbox, 25 and 465 closed) swapped for this run's, must print what the block
// shows, but for the times and the certificate's dates, and exit as the sentence above the block says.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';
import {closedPort} from '../transport/harness.js';

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

type Example = {command: string; output: string; exitCode: number | undefined};

/** The section's `$ smtp-tui check` blocks, each with the exit code the text before it gives (`(exit 2)`), if any. */
function examples(): Example[] {
	const section = /### check: examples\n([^]*?)\n## /.exec(readme)?.[1];
	if (section === undefined) throw new Error('no "check: examples" section in README.md');
	const found: Example[] = [];
	let before = 0;
	for (const block of section.matchAll(/```text\n\$ smtp-tui (check [^\n]*)\n([^]*?)```/g)) {
		const exit = /\(exit (\d+)/.exec(section.slice(before, block.index))?.[1];
		found.push({command: block[1]!, output: block[2]!, exitCode: exit === undefined ? undefined : Number(exit)});
		before = block.index + block[0].length;
	}
	return found;
}

/** What varies from run to run: the times, the certificate's dates, the table's column widths. */
function normalized(output: string): string {
	return output
		.replace(/\b\d+ ms\b/g, 'N ms')
		.replace(/"(timeToBannerMs|daysLeft)":-?\d+/g, '"$1":N')
		.replace(/"validTo":"[^"]*"/g, '"validTo":"DATE"')
		.split('\n')
		.map(line => line.replace(/ {2,}/g, '  ').trimEnd())
		.join('\n');
}

let sandbox: TestSandbox;
let ports: Record<string, string>;
beforeAll(async () => {
	sandbox = await startTestSandbox();
	ports = {'2525': String(sandbox.port), '25': String(await closedPort()), '465': String(await closedPort())};
});
afterAll(() => sandbox.close());

/** README's text with its ports (2525, 25, 465 as whole numbers) and the certificate's path made this run's. */
function here(text: string): string {
	return text.replace(/\b(2525|465|25)\b/g, port => ports[port]!).replace('~/.local/share/smtp-tui/sandbox/certificate.pem', sandbox.certificate.path);
}

describe("README's check examples against the sandbox", () => {
	test('there are four, with the sandbox, its certificate, a closed port and --json', () => {
		expect(examples().map(example => example.command)).toEqual([
			'check 127.0.0.1 --ports 2525,25,465',
			'check 127.0.0.1:2525 --ca ~/.local/share/smtp-tui/sandbox/certificate.pem',
			'check localhost:25',
			'check 127.0.0.1 --ports 2525,25 --json',
		]);
	});

	test.each(examples())('$command prints what the README shows', async ({command, output, exitCode}) => {
		const result = await runCli(here(command).split(' '));
		expect(normalized(result.stdout)).toBe(normalized(here(output)));
		expect(result.stderr).toBe('');
		if (exitCode !== undefined) expect(result.code).toBe(exitCode);
	});
});
