// Every --help names every flag its command accepts, in every spelling: the list comes from the flag specs, so a
// flag added later cannot be left out of the help.
import {describe, expect, it} from 'vitest';
import type {FlagSpecs} from '../../source/headless/command.js';
import {checkFlags, checkHelp} from '../../source/headless/check-flags.js';
import {kebab} from '../../source/headless/flags.js';
import {profileCmdFlags, profileHelp} from '../../source/headless/profile-cmd-flags.js';
import {sendFlags, sendHelp} from '../../source/headless/send-flags.js';
import {serveFlags, serveHelp} from '../../source/headless/serve-flags.js';
import {talkFlags, talkHelp} from '../../source/headless/talk-flags.js';
import {dashboardFlags, dashboardUsage, replayFlags, replayHelp} from '../../source/ui/dashboard-flags.js';
import {runCli} from '../helpers/run-cli.js';

/** Each flag's spellings; a boolean may be shown as its --no- form only (check's --no-mx). */
function spellings(specs: FlagSpecs, except: readonly string[] = []): string[][] {
	return Object.entries(specs)
		.filter(([key]) => !except.includes(key))
		.flatMap(([key, spec]) => [
			spec.type === 'boolean' ? [`--${kebab(key)}`, `--no-${kebab(key)}`] : [`--${kebab(key)}`],
			...(spec.shortFlag ? [[`-${spec.shortFlag}`]] : []),
			...(spec.aliases ?? []).map(alias => [alias.length === 1 ? `-${alias}` : `--${alias}`]),
		]);
}

/** A whole flag in the text: --mx is not found inside --mx-hosts. */
const names = (text: string, flag: string) => new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(text);

describe('--help', () => {
	it.each([
		// --mx is refused by the dashboard with a pointer to Ctrl+L (test/ui/dashboard-cli.test.ts): not in its help.
		['smtp-tui (the dashboard)', dashboardUsage, spellings(dashboardFlags, ['mx'])],
		['check', checkHelp, spellings(checkFlags)],
		['profile', profileHelp, spellings(profileCmdFlags)],
		['replay', replayHelp, spellings(replayFlags)],
		['send', sendHelp, spellings(sendFlags)],
		['serve', serveHelp, spellings(serveFlags)],
		// talk refuses --user (type AUTH yourself): its help names it so, not its -u.
		['talk', talkHelp, spellings(talkFlags, ['user'])],
	])('of %s names every flag it accepts, aliases and short flags included', (_command, help, flags) => {
		const missing = flags.filter(ways => !ways.some(flag => names(help, flag))).map(ways => ways[0]);
		expect(missing).toEqual([]);
	});

	it.each([
		['check', checkHelp, checkFlags],
		['send', sendHelp, sendFlags],
		['talk', talkHelp, talkFlags],
	])('of %s: the flags --socks is "not with" are flags it has', (_command, help, specs) => {
		const entry = /^ {4}--socks HOST\[:PORT\][\s\S]*?(?=^ {4}-)/m.exec(help)?.[0].replace(/\s+/g, ' ') ?? '';
		const refused = /not with ([^.;]*)/.exec(entry)?.[1]?.match(/--?[\w-]+/g) ?? [];
		expect(refused.length).toBeGreaterThan(0);
		const all = spellings(specs).flat();
		expect(refused.filter(flag => !all.includes(flag))).toEqual([]);
	});

	it('of the dashboard says that --port and --tls need --host', () => {
		expect(dashboardUsage).toMatch(/^ {4}--port, -p N .*needs --host/m);
		expect(dashboardUsage).toMatch(/^ {4}--tls .*needs --host/m);
	});

	it('of talk says as README does that an AUTH line\'s initial response is echoed as "*", not as typed', () => {
		const said = talkHelp.replace(/\s+/g, ' ');
		expect(said).toContain('an initial response typed on the AUTH line is echoed as "*"');
		expect(said).not.toContain('echoed as typed');
	});

	it('of profile says talk and the dashboard take profiles too', () => {
		expect(profileHelp.replace(/\s+/g, ' ')).toContain('--profile NAME on send, talk, check and the dashboard');
	});

	it('of check names every status the probes give, and the ranges the flags take', () => {
		for (const status of ['open', 'refused', 'filtered', 'silent', 'closed before banner', 'service refused', 'TLS ok', 'TLS failed', 'DNS failed', 'unreachable', 'error']) {
			expect(checkHelp).toMatch(new RegExp(`^ {4}${status} {2,}\\S`, 'm'));
		}
		expect(checkHelp).toContain('a 5xx banner (usually 554)');
		expect(checkHelp).toContain('implicit TLS (port 465, or every port with --tls)');
		expect(checkHelp).toContain('--mx-hosts N           probe the first N MX hosts (1 to 50');
	});

	it('of check gives each exit code a row of its own, also wrapped at 80 columns, exit 4 naming DANE beside MTA-STS', async () => {
		const {stdout} = await runCli(['check', '--help']);
		const codes = stdout.slice(stdout.indexOf('  Exit codes'), stdout.indexOf('  Examples'));
		for (const code of ['0', '1', '2', '3', '4', '130/143/129']) expect(codes).toMatch(new RegExp(`^ {4}${code} {2,}\\S`, 'm'));
		const four = codes.slice(codes.indexOf('    4 '), codes.indexOf('    130'));
		expect(four).toContain('MTA-STS');
		expect(four).toContain('(DANE)');
	});

	it('of smtp-tui says what it is first, then its commands one per line, then the dashboard\'s flags', async () => {
		const {stdout} = await runCli(['--help'], {env: {COLUMNS: '1000'}});
		const lines = stdout.split('\n').filter(line => line.trim() !== '');
		expect(lines[0]).toBe('  smtp-tui: talk SMTP to a mail server, each command and reply explained in plain words.');
		const commands = lines.indexOf('  Commands');
		expect(commands).toBeGreaterThan(0);
		expect(commands).toBeLessThan(lines.indexOf('  Dashboard'));
		for (const command of ['check', 'inbox', 'profile', 'replay', 'send', 'serve']) expect(lines.slice(commands + 1, commands + 8)).toContainEqual(expect.stringMatching(new RegExp(`^ {4}${command} +\\S`)));
		expect(lines.findIndex(line => line.includes('--host, -s HOST'))).toBeGreaterThan(lines.indexOf('  Dashboard'));
	});

	it('piped (no terminal) is wrapped at 80 columns, or at the COLUMNS exported', async () => {
		const widest = (text: string) => Math.max(...text.split('\n').map(line => line.length));
		for (const command of [[], ['send']]) {
			expect(widest((await runCli([...command, '--help'])).stdout)).toBeLessThanOrEqual(80);
			expect(widest((await runCli([...command, '--help'], {env: {COLUMNS: '100'}})).stdout)).toBeLessThanOrEqual(100);
			expect(widest((await runCli([...command, '--help'], {env: {COLUMNS: '1000'}})).stdout)).toBeGreaterThan(100);
		}
	});
});
