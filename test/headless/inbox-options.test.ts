// `smtp-tui inbox` takes serve's flags with serve's checks; not --json but with --wait (serve's log as JSON), nor words; and
// the bodies are kept to be shown (serve keeps none in memory).
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {inboxHelp} from '../../source/headless/inbox-flags.js';
import {parseInboxFlags} from '../../source/headless/inbox-options.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {sandboxDefaults} from '../../source/sandbox/settings.js';
import {runCli} from '../helpers/run-cli.js';
import {thrown} from '../helpers/thrown.js';

describe('smtp-tui inbox flags', () => {
	it('are serve\'s, checked as serve checks them', () => {
		const flags = {port: '0', anyLogin: true, starttls: false, keep: '5'};
		const {settings} = parseInboxFlags(flags, []);
		expect({...settings, keepBytes: 0}).toEqual(parseServeFlags(flags, []).settings);
		expect(thrown(UsageError, () => parseInboxFlags({starttls: false, requireTls: true}, []))).toEqual(thrown(UsageError, () => parseServeFlags({starttls: false, requireTls: true}, [])));
	});

	it('take --save-max as serve does, with its refusals, and say so in the help', () => {
		const flags = {saveDir: './mail', saveMax: '3'};
		expect(parseInboxFlags(flags, []).settings.saveMax).toBe(3);
		for (const wrong of [{saveMax: '3'}, {saveDir: './mail', saveMax: '0'}]) {
			expect(thrown(UsageError, () => parseInboxFlags(wrong, []))).toEqual(thrown(UsageError, () => parseServeFlags(wrong, [])));
		}
		expect(inboxHelp).toContain('--save-max N             at most N messages stay in DIR');
	});

	it('keep the bodies of the newest messages in memory, as the dashboard does, to show them', () => {
		expect(parseServeFlags({}, []).settings.keepBytes).toBe(0);
		expect(parseInboxFlags({}, []).settings.keepBytes).toBe(sandboxDefaults.keepBytes);
	});

	it('refuse words', () => {
		expect(thrown(UsageError, () => parseInboxFlags({}, ['2525']))).toMatchObject({message: 'inbox takes no arguments, got "2525"', hint: 'see smtp-tui inbox --help'});
	});

	it('take --json only with --wait (the saved messages): for the screen, the hint names serve\'s', async () => {
		const result = await runCli(['inbox', '--json']);
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toMatchObject({type: 'error', exitCode: 1, hint: expect.stringContaining('use "smtp-tui serve --json"')});
	});

	it('are said in its help: serve\'s, but --json', () => {
		expect(inboxHelp).toContain('Every flag of smtp-tui serve (see smtp-tui serve --help) but --json');
		// The views a message can have, html among them.
		expect(inboxHelp).toContain('switch its views (headers, text, html if it has an HTML part, raw)');
	});
});
