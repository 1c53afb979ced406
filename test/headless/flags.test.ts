// A flag that takes a value takes the next argument, even one that starts with a dash: `--subject -h` is a
// subject, never a help request. Only a long flag after it means its value was forgotten.
import {describe, expect, it} from 'vitest';
import {asTyped, findMissingValue, findSwitchValue, findUnknownFlags, flagExample, flagSeconds, flagsIn, missingValueHint, normalizeArgv, wordIndex} from '../../source/headless/flags.js';
import {swaksHint} from '../../source/headless/swaks-flags.js';
import {checkFlags, checkHelp} from '../../source/headless/check-flags.js';
import {serveFlags, serveHelp} from '../../source/headless/serve-flags.js';
import {sendFlags, sendHelp} from '../../source/headless/send-flags.js';
import {talkFlags, talkHelp} from '../../source/headless/talk-flags.js';
import {dashboardFlags, dashboardUsage} from '../../source/ui/dashboard-flags.js';

describe('flag values that start with a dash', () => {
	it('are values, not flags: no help request, no unknown flag', () => {
		expect(flagsIn(['--subject', '-h', '--to', 'a@b.test', '-q'], sendFlags)).toEqual(['--subject', '--to', '-q']);
		expect(flagsIn(['-s', '-h', '--body', '-'], sendFlags)).toEqual(['-s', '--body']);
		expect(findUnknownFlags(['--subject', '-x'], sendFlags)).toEqual([]);
		expect(findMissingValue(['--subject', '-h'], sendFlags)).toBeUndefined();
	});

	it('reach the parser joined to their flag, which it would otherwise leave empty', () => {
		expect(normalizeArgv(['--subject', '-h', '-s', '-v', '--body', '-', '--to', 'a@b.test'], sendFlags)).toEqual(['--subject=-h', '--host=-v', '--body=-', '--to', 'a@b.test']);
		expect(normalizeArgv(['-tb@example.test', '--', '-h'], sendFlags)).toEqual(['-t', 'b@example.test', '--', '-h']);
	});

	it('a long flag, a lone "--" or the end of argv after the flag: its value is missing', () => {
		expect(findMissingValue(['--to', '--from', 'a@b.test'], sendFlags)).toBe('--to');
		expect(findMissingValue(['--subject', '--help'], sendFlags)).toBe('--subject');
		expect(flagsIn(['--subject', '--help'], sendFlags)).toEqual(['--subject', '--help']);
		expect(findMissingValue(['--subject', '--', 'x'], sendFlags)).toBe('--subject');
		expect(findMissingValue(['--to', 'a@b.test', '--subject'], sendFlags)).toBe('--subject');
		expect(flagsIn(['--json', '--', '--help'], sendFlags)).toEqual(['--json']);
	});
});

describe('a switch given a value', () => {
	it('--tls yes: the word is no value of it (the parser would leave it a stray argument)', () => {
		expect(findSwitchValue(['--to', 'a@b.test', '--tls', 'yes'], sendFlags)).toEqual({message: '--tls takes no value: write --tls alone', hint: '--tls is a switch: --tls turns it on, --no-tls off'});
		expect(findSwitchValue(['--starttls', 'No'], sendFlags)?.message).toBe('--starttls takes no value: write --no-starttls to turn it off');
		expect(findSwitchValue(['-q', 'off'], sendFlags)?.message).toBe('-q takes no value: write --no-quiet to turn it off');
		expect(findSwitchValue(['--mx', '1'], checkFlags)?.message).toBe('--mx takes no value: write --mx alone');
		expect(findSwitchValue(['--no-mx', 'true'], checkFlags)?.message).toBe('--no-mx takes no value: write --no-mx alone');
	});

	it('--tls=yes, which the parser reads as false: refused; --tls=true and --tls=false it reads right', () => {
		expect(findSwitchValue(['--tls=yes'], sendFlags)?.message).toBe('--tls takes no value: write --tls alone');
		expect(findSwitchValue(['--json=0'], serveFlags)?.message).toBe('--json takes no value: write --no-json to turn it off');
		expect(findSwitchValue(['--no-starttls=true'], sendFlags)?.message).toBe('--no-starttls takes no value: write --no-starttls alone');
		expect(findSwitchValue(['--tls=true', '--json=false'], sendFlags)).toBeUndefined();
	});

	it('leaves other words, and the values of flags that take one, alone', () => {
		expect(findSwitchValue(['--tls', 'localhost'], checkFlags)).toBeUndefined();
		expect(findSwitchValue(['--subject', 'yes', '--tls'], sendFlags)).toBeUndefined();
		expect(findSwitchValue(['--tls', '--', 'yes'], sendFlags)).toBeUndefined();
	});
});

describe('a long flag with one dash', () => {
	it('is named whole, so that the closest flag can be suggested (-help, not -e, -l)', () => {
		expect(findUnknownFlags(['-help'], sendFlags)).toEqual(['-help']);
		expect(findUnknownFlags(['-version'], sendFlags)).toEqual(['-version']);
		expect(findUnknownFlags(['-host', 'x'], sendFlags)).toEqual(['-host']);
		// Letters that would parse (-t ls) are still a long flag when they spell one.
		expect(findUnknownFlags(['-tls'], sendFlags)).toEqual(['-tls']);
		expect(findUnknownFlags(['-no-starttls'], sendFlags)).toEqual(['-no-starttls']);
		expect(findUnknownFlags(['-hepl'], sendFlags)).toEqual(['-hepl']);
	});

	it('leaves short flags as they were: clusters, values joined to their letter, one unknown letter', () => {
		expect(findUnknownFlags(['-qh', '-tb@example.test', '-p2525'], sendFlags)).toEqual([]);
		expect(findUnknownFlags(['-qx'], sendFlags)).toEqual(['-x']);
	});
});

describe("swaks' flag names", () => {
	it('are named whole, never read as letters: -tlsc is no -t lsc, -au no -a -u, -li no -l -i; -4 is ours', () => {
		expect(findUnknownFlags(['-tlsc', '-au', 'me', '-li', '127.0.0.2', '-4', '--auth-password=x'], sendFlags)).toEqual(['-tlsc', '-au', '-li', '--auth-password']);
		// Our own letters and clusters as before.
		expect(findUnknownFlags(['-tb@example.test', '-qs', 'host'], sendFlags)).toEqual([]);
	});

	it('cover the rest of swaks 20201014: -tlsp is no -t lsp, -raw no -r -a -w, -da no -d -a; each gets its own hint', () => {
		expect(findUnknownFlags(['-tlsp', 'tlsv1_2', '-raw', '-nsf', '-da', 'rcpt', '-pp', '-quit', 'rcpt', '--xclient-optional', '--proxy-raw'], sendFlags)).toEqual(['-tlsp', '-raw', '-nsf', '-da', '-pp', '-quit', '--xclient-optional', '--proxy-raw']);
		expect(swaksHint('-quit')).toBe("-quit is swaks' name: here it is --quit-after STEP");
		expect(swaksHint('-da')).toContain('--quit-after STEP stops there');
		expect(swaksHint('--xclient-optional')).toContain('XCLIENT must succeed (exit 33)');
		expect(findUnknownFlags(['--xclient-addr=203.0.113.5', '--xclient', 'NAME=x'], sendFlags)).toEqual([]);
	});
});

describe('flagSeconds', () => {
	it('reads seconds as a number or with swaks\' units, and nothing else', () => {
		expect(['60', '2.5', '30s', '1m', '1.5m', '1h', '2H'].map(flagSeconds)).toEqual([60, 2.5, 30, 60, 90, 3600, 7200]);
		for (const bad of ['1d', 'm', '5 s', '-1', 'five']) expect(flagSeconds(bad), bad).toBeNaN();
	});
});

describe('asTyped', () => {
	it('names the flags of an error as typed, joined value or not; a flag not typed keeps its long name', () => {
		expect(asTyped('--host "x:1" has a port in it, and --port 2 is given too', ['-sx:1', '--port', '2'], sendFlags)).toBe('-s "x:1" has a port in it, and --port 2 is given too');
		expect(asTyped('--helo is empty', ['--ehlo=', '--server', 'h'], sendFlags)).toBe('--ehlo is empty');
		expect(asTyped('--password given without --user', ['--password', 'x'], sendFlags)).toBe('--password given without --user');
		expect(asTyped('--hostname x', ['-s', 'h'], sendFlags)).toBe('--hostname x');
	});
});

describe('wordIndex', () => {
	it('finds a word of its own, not a flag\'s value', () => {
		const isSend = (word: string) => word === 'send';
		expect(wordIndex(['-s', 'send', 'send', '-p', '1'], sendFlags, isSend)).toBe(2);
		expect(wordIndex(['--mx', 'send'], sendFlags, isSend)).toBe(1);
		expect(wordIndex(['-s', 'x', '--', 'send'], sendFlags, isSend)).toBe(-1);
	});
});

describe('the example in "needs a value"', () => {
	it('comes from the example commands of the command\'s own help, else from its flag\'s spec', () => {
		expect(flagExample('--port', sendFlags, sendHelp)).toBe('--host mail.example.org --port 2525');
		expect(flagExample('-p', sendFlags, sendHelp)).toBe('--host mail.example.org -p 2525');
		expect(flagExample('--subject', sendFlags, sendHelp)).toBe('--subject "Hello"');
		expect(flagExample('--body', sendFlags, sendHelp)).toBe('--body @message.txt');
		expect(flagExample('--server', sendFlags, sendHelp)).toBe('--server 127.0.0.1');
		expect(flagExample('--port', serveFlags, serveHelp)).toBe('--port 0');
		expect(flagExample('--ports', checkFlags, checkHelp)).toBe('--ports 587,465');
		expect(flagExample('--tls-min', sendFlags, sendHelp)).toBe('--tls-min 1.2');
		expect(flagExample('--ehlo', checkFlags, checkHelp)).toBe('--ehlo client.example.test');
		expect(flagExample('--max-size', serveFlags, serveHelp)).toBe('--max-size 10m');
	});

	it('never another command\'s (talk refuses inbox\'s --port 0, serve send\'s --proxy-version 2), nor a placeholder', () => {
		// With the --host it needs: --port alone is refused ('--port needs --host').
		expect(flagExample('--port', talkFlags, talkHelp)).toBe('--host mail.example.org --port 587');
		expect(flagExample('--proxy-version', serveFlags, serveHelp)).toBe('--proxy-version 1');
		expect(flagExample('--proxy-version', sendFlags, sendHelp)).toBe('--proxy-version 2');
		expect(flagExample('--proxy-dest', dashboardFlags, dashboardUsage)).toBe('--proxy-dest 192.0.2.1');
		expect(flagExample('--x', {x: {type: 'string'}}, sendHelp)).toBeUndefined();
		expect(missingValueHint('--x', {x: {type: 'string'}}, sendHelp, 'send')).toBe('see smtp-tui send --help');
	});
});
