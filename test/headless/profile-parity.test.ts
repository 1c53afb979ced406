// `smtp-tui profile` beside the other commands: --no-insecure (what happens without --insecure) is taken by profile
// save, with nothing saved for it; profile list shows how a profile connects (-4/-6, --local-address, --proxy), as
// save and show say it. The built CLI, with a temporary config folder.
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

function configFolder() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-parity-'));
	return {file: path.join(dir, 'profiles.json'), cli: (args: string[]) => runCli(args, {env: {SMTP_TUI_CONFIG_DIR: dir, SMTP_PASSWORD: ''}})};
}

describe('profile save --no-insecure', () => {
	it('is taken (the default), and saves nothing for it; --insecure is still refused', async () => {
		const {file, cli} = configFolder();
		const saved = await cli(['profile', 'save', 'work', '--host', 'smtp.example.com', '--no-insecure']);
		expect(saved.stderr).toBe('');
		expect(saved.code).toBe(0);
		expect(saved.stdout).toBe('saved profile work: smtp.example.com:587 STARTTLS\n');
		expect(JSON.parse(readFileSync(file, 'utf8')).profiles).toEqual([{name: 'work', host: 'smtp.example.com', port: 587, security: 'starttls'}]);
		expect((await cli(['profile', 'list', '--no-insecure'])).code).toBe(0);
		const refused = await cli(['profile', 'save', 'work', '--host', 'smtp.example.com', '--insecure']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/^smtp-tui: --insecure is not saved in profiles/);
	});
});

describe('profile save --socks', () => {
	it('is refused with the reason (the way to a server depends on where you are), --socks-user too, and nothing is saved', async () => {
		const {cli} = configFolder();
		for (const flags of [['--socks', '127.0.0.1:1080'], ['--socks-user', 'ops']]) {
			const refused = await cli(['profile', 'save', 'work', '--host', 'smtp.example.com', ...flags]);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toBe(
				`smtp-tui: ${flags[0]} is not saved in profiles: the way to a server (a jump host's ssh -D, a corporate proxy) depends on where smtp-tui runs, not on the server a profile names\n` +
					'hint: give --socks (and --socks-user) on the command line with --profile (smtp-tui send, talk, check and the dashboard take them)\n',
			);
		}
		expect((await cli(['profile', 'list'])).stdout).not.toContain('work');
	});
});

describe('profile list', () => {
	it('shows the address family, the local address and the PROXY header last, in the save line\'s words', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'relay', '--host', '127.0.0.1', '--port', '2525', '--no-starttls', '-4', '--local-address', '127.0.0.2', '--proxy']);
		await cli(['profile', 'save', 'plain', '--host', 'smtp.example.com', '--user', 'me']);
		await cli(['profile', 'save', 'lb', '--host', '127.0.0.1', '--proxy', '--proxy-version', '2']);
		const list = await cli(['profile', 'list']);
		expect(list.code).toBe(0);
		expect(list.stdout.split('\n').slice(0, 3)).toEqual([
			'lb     127.0.0.1:587         starttls             PROXY v2',
			'plain  smtp.example.com:587  starttls  user me',
			'relay  127.0.0.1:2525        none                 IPv4 only, from 127.0.0.2, PROXY v1',
		]);
	});
});

describe('the helps say what the commands do', () => {
	it('profile --help lists talk among the commands taking --profile; send --help says --transcript-format follows the extension', async () => {
		const profile = await runCli(['profile', '--help'], {env: {COLUMNS: '120'}});
		expect(profile.stdout.replace(/\s+/g, ' ')).toContain('--profile NAME on send, talk, check and the dashboard');
		const send = await runCli(['send', '--help'], {env: {COLUMNS: '120'}});
		expect(send.stdout.replace(/\s+/g, ' ')).toContain('--transcript-format F text, md or json, in any case (default: by FILE\'s extension, .md Markdown, .json or .jsonl JSON, else text)');
	});
});
