// The dashboard's and replay's flag mistakes: exit 1 with a message naming the flag, before the terminal check.
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {parseConnectionFlags} from '../../source/headless/connection-flags.js';
import {sandboxAccount} from '../../source/headless/sandbox-target.js';
import {passwordWarning, sandboxSettings} from '../../source/ui/run-dashboard.js';
import {noDemoLoginAfterXclient} from '../../source/ui/sandbox-xclient-login.js';
import {loginFlags} from '../../source/headless/login-flags.js';
import {fitSampleBody, SAMPLE_DRAFT, sampleFor} from '../../source/ui/sample.js';

describe('smtp-tui (dashboard) and replay flags', () => {
	it.each([
		[['--mx'], /--mx is for "smtp-tui send"[\s\S]*Ctrl\+L/],
		// --socket as send checks it: what a socket leaves no room for, a file that is no socket, a profile.
		[['--lmtp', '--socket', '/run/dovecot/lmtp', '--port', '24'], /^smtp-tui: --socket cannot be used with --port: it connects to a Unix socket on this machine, with no host, port or TLS\n/],
		[['--socket', '/etc/hosts'], /^smtp-tui: --socket \/etc\/hosts is a regular file, not a socket\n/],
		[['--socket', '/run/dovecot/lmtp', '--profile', 'work'], /^smtp-tui: --socket cannot be used with --profile: a profile names its own server \(a host and port, or a socket\)\n/],
		// replay plays SMTP over TCP only, as send --record says.
		[['--lmtp', '--record', 'session.jsonl'], /^smtp-tui: --record cannot be used with --lmtp: smtp-tui replay plays SMTP sessions over TCP only\nhint: leave --record out; Ctrl\+O keeps the whole session/],
		[['--mode', 'fast'], /--mode must be one of auto, step, manual, not "fast"/],
		[['--transcript-format', 'pdf'], /--transcript-format must be one of text, md, json, not "pdf"/],
		// The lessons: a bad value lists them; they count on the sandbox and type in manual mode.
		[['--lesson', '5'], /^smtp-tui: --lesson "5" is no lesson\nhint: give its number or name: 1 classic \(The classic conversation\), 2 failures \(When it goes wrong\), 3 tls \(Encryption and login\), 4 envelope \(Envelope and headers\)\n$/],
		[['--lesson'], /^smtp-tui: --lesson needs a value\nhint: give a lesson's number or name: 1 classic/],
		[['--lesson', '1', '--host', 'mx.example.test'], /^smtp-tui: --lesson runs against the built-in sandbox, not --host\nhint: leave --host out: each lesson starts its own sandbox on this machine \(no smtp-tui serve needed\), for its test addresses \(nobody@, grey@\) and its demo login; against another server, use --mode manual\n/],
		[['--lesson', 'tls', '--mode', 'auto'], /^smtp-tui: --lesson types in manual mode\nhint: leave --mode out\n$/],
		[['--port', '99999'], /--port must be a whole number from 1 to 65535/],
		[['--port', '2525'], /--port needs --host/],
		[['--tls'], /--tls needs --host/],
		// The built-in sandbox listens on 127.0.0.1: never reachable over IPv6.
		[['-6'], /^smtp-tui: -6 needs --host\nhint: the built-in sandbox listens on 127\.0\.0\.1 \(IPv4\); give --host for a server to reach over IPv6\n$/],
		[['--local-address', '::1'], /^smtp-tui: --local-address ::1 \(IPv6\) needs --host\nhint: the built-in sandbox listens on 127\.0\.0\.1 \(IPv4\): give an IPv4 local address/],
		[['-4', '-6', '--host', 'mx.example.test'], /-4 and -6 cannot be used together/],
		[['--ipv6', '--host', '127.0.0.1'], /-6 with --host 127\.0\.0\.1, an IPv4 address/],
		[['--to', 'a@example.test'], /unknown flag --to\nhint: --to is a flag of smtp-tui send/],
		[['--json'], /unknown flag --json\nhint: --json is a flag of smtp-tui check, inbox, send and serve\n/],
		// One letter is too little to guess a long flag from; -v asks for the version in many tools.
		[['-v'], /unknown flag -v\nhint: did you mean --version\?\n/],
		[['-x'], /unknown flag -x\nhint: see smtp-tui --help\n/],
		[['--host', 'h', 'extra'], /unknown command "extra"/],
		[['--presnter'], /unknown flag --presnter[\s\S]*did you mean --presenter/],
		[['replay'], /missing FILE[\s\S]*plain-delivery/],
		[['replay', 'nowhere.jsonl'], /cannot read nowhere\.jsonl: no such file/],
		[['replay', 'plain-delivry'], /cannot read plain-delivry: no such file[\s\S]*did you mean plain-delivery\?/],
		[['replay', 'plain-delivery', '--mode', 'slow'], /--mode must be one of/],
		[['--background', 'white'], /--background must be dark or light, not "white"\nhint: light is for a terminal with a white or pale background/],
		[['replay', 'plain-delivery', '--background', ''], /--background must be dark or light, not ""/],
		// Without --user the sandbox logs in as demo: --no-auth is the way to send without AUTH.
		[['--user', ''], /--user is empty\nhint: give the account name, or --no-auth to send without AUTH\n/],
		[['--no-auth', '--user', 'bob'], /--no-auth and --user cannot be used together/],
		[['--no-auth', '--password', 'x'], /--no-auth and --password cannot be used together/],
		[['--dsn-notify', 'never,failure'], /^smtp-tui: --dsn-notify never,failure: NEVER asks for no notification at all, so it cannot go with FAILURE/],
		[['--dsn-envid', 'é'], /^smtp-tui: --dsn-envid "é": it has U\+00E9 at position 1: an ENVID is printable ASCII only/],
		[['--require-tls', '--no-starttls'], /^smtp-tui: --require-tls with --no-starttls .*: a REQUIRETLS message goes only over TLS \(RFC 8689\), so it could never be sent\nhint: drop --no-starttls/],
	])('%j', async (args, message) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(message);
	});

	it.each([
		[['--mode', 'STEP'], 'the dashboard'],
		[['--background', 'Light', '--mode', 'Manual'], 'the dashboard'],
		[['inbox', '--background', 'LIGHT'], 'smtp-tui inbox'],
	])('%j: an enumerated value in any case, as --transcript-format MD is taken, reaches the terminal check', async (args, what) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(new RegExp(`^smtp-tui: ${what} needs a terminal`));
	});

	it('replay takes --mode and --background in any case too', async () => {
		const result = await runCli(['replay', 'plain-delivery', '--mode', 'STEP', '--background', 'DARK']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
	});

	it('refuses a --record that would write over the --ca file, an empty one or -, before the terminal check', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-dash-record-'));
		const ca = path.join(dir, 'ca.pem');
		writeFileSync(ca, 'not read: refused first\n');
		const result = await runCli(['--host', '127.0.0.1', '--ca', ca, '--record', ca]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`--record ${ca} is also the --ca file: it would be overwritten`);
		expect(readFileSync(ca, 'utf8')).toBe('not read: refused first\n');
		expect((await runCli(['--record', ''])).stderr).toMatch(/--record is empty/);
		// Standard output is the dashboard's screen: - would only make a file of that name.
		const dash = await runCli(['--record', '-'], {cwd: dir});
		expect(dash.code).toBe(1);
		expect(dash.stderr).toContain('--record -: a recording goes to a file, for "smtp-tui replay FILE" to play');
		expect(existsSync(path.join(dir, '-'))).toBe(false);
	});

	it('without a terminal, points to smtp-tui send', async () => {
		const result = await runCli(['--host', '127.0.0.1']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/needs a terminal[\s\S]*smtp-tui send/);
		// --no-auth passes the flag checks, against the sandbox and a host.
		for (const args of [['--no-auth'], ['--no-auth', '--host', '127.0.0.1']]) expect((await runCli(args)).stderr).toMatch(/needs a terminal/);
	});

	it('lists --no-auth in --help', async () => {
		expect((await runCli(['--help'])).stdout).toMatch(/--no-auth {14}never log in: no AUTH, also against the sandbox/);
	});
});

describe('the built-in sandbox as the target', () => {
	const settings = (flags: Record<string, unknown>) => sandboxSettings(parseConnectionFlags(flags, {}));

	it('uses STARTTLS and the demo account by default', () => {
		expect(settings({helo: 'me.test'})).toEqual({host: '127.0.0.1', port: 0, security: 'starttls', user: 'demo', password: 'demo', ehlo: 'me.test'});
	});

	it('follows --no-starttls, --user and --password, and the sandbox takes that account', () => {
		expect(settings({starttls: false, user: 'bob', password: 'secret'})).toMatchObject({security: 'none', user: 'bob', password: 'secret'});
		expect(sandboxAccount(parseConnectionFlags({user: 'bob', password: 'secret'}, {}))).toEqual({user: 'bob', password: 'secret'});
		// Without --password, the sandbox's demo password, in the panel and in the sandbox.
		expect(settings({user: 'bob'})).toMatchObject({user: 'bob', password: 'demo'});
	});

	it('with --no-auth has no user in the panel, also when a profile gives one (the sandbox still takes demo/demo)', () => {
		const flags = loginFlags({auth: false}, {auth: false, user: 'bob', password: 'secret'});
		// auth: false stays, for a check that has to say --no-auth is why there is no login.
		expect(flags).toEqual({auth: false});
		const connection = parseConnectionFlags(flags, {SMTP_PASSWORD: 'unused'});
		expect(sandboxSettings(connection, true)).toMatchObject({security: 'starttls', user: '', password: ''});
		expect(sandboxAccount(connection)).toEqual({user: 'demo', password: 'demo'});
	});
});

describe('the sample message', () => {
	it('makes no demo login with --no-starttls and an --xclient-addr off loopback (the sandbox would refuse it), and says why', () => {
		const addr = (value: string) => [[{name: 'ADDR' as const, value, flag: '--xclient-addr'}]];
		const noTls = parseConnectionFlags({starttls: false}, {});
		expect(noDemoLoginAfterXclient(noTls, false, addr('203.0.113.5'))).toBe("no demo login: XCLIENT makes the session 203.0.113.5's, and the sandbox offers AUTH off loopback only in TLS (drop --no-starttls to log in)");
		expect(noDemoLoginAfterXclient(noTls, false, addr('IPV6:2001:db8::5'))).toContain("2001:db8::5's");
		// The demo login stays: TLS, the user's own login, an address on loopback, [UNAVAILABLE], no XCLIENT.
		expect(noDemoLoginAfterXclient(parseConnectionFlags({}, {}), false, addr('203.0.113.5'))).toBeUndefined();
		expect(noDemoLoginAfterXclient(parseConnectionFlags({starttls: false, user: 'bob', password: 'x'}, {}), false, addr('203.0.113.5'))).toBeUndefined();
		expect(noDemoLoginAfterXclient(noTls, false, addr('127.0.0.5'))).toBeUndefined();
		expect(noDemoLoginAfterXclient(noTls, false, addr('[UNAVAILABLE]'))).toBeUndefined();
		expect(noDemoLoginAfterXclient(noTls, false, undefined)).toBeUndefined();
		// XCLIENT LOGIN logs the session in already, with TLS or without.
		const login = [[{name: 'LOGIN' as const, value: 'bob smith', flag: '--xclient-login'}]];
		expect(noDemoLoginAfterXclient(parseConnectionFlags({}, {}), false, login)).toBe("no demo login: --xclient-login makes the session bob smith's, logged in already");
		expect(noDemoLoginAfterXclient(parseConnectionFlags({user: 'bob', password: 'x'}, {}), false, login)).toBeUndefined();
	});

	it('fits the composer at 80×24 whole: six lines of at most 31 columns, for the sandbox and for a real server', () => {
		for (const body of [SAMPLE_DRAFT.body, sampleFor('127.0.0.1').body, sampleFor('mail.example.com').body]) {
			const lines = body.split('\n');
			expect(lines.length).toBeLessThanOrEqual(6);
			for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(31);
		}
		// The warning comes first, on the lines the composer shows before any other.
		expect(sampleFor('mail.example.com').body.split('\n').slice(1, 3).join(' ')).toBe('This goes to mail.example.com: a real server, outside this');
		// A server on loopback (a local mail catcher, or a workshop's shared `serve`) is not outside this machine; which
		// one it is, the body cannot know: it claims nothing more ("not the sandbox" was wrong for a shared sandbox).
		// This machine's own name too (Postfix's snakeoil certificate names it, so the trust advice puts it in Host).
		for (const host of ['127.0.0.1', 'localhost', '::1', os.hostname(), `${os.hostname().toUpperCase()}.`]) {
			expect(sampleFor(host).body.split('\n').slice(1, 4).join(' ')).toBe(`This goes to ${host}: a server on this machine. Put your own From and To`);
			expect(sampleFor(host).body).not.toContain('sandbox');
			// Through --socks, loopback is the jump host's: the message leaves this machine.
			expect(sampleFor(host, true).body.split('\n').slice(1, 3).join(' ')).toBe(`This goes to ${host}: a real server, outside this`);
		}
	});
});

describe('a saved draft whose body is still a sample', () => {
	it("gets this target's sample body: the sandbox's never goes to a real server, nor a server's to the sandbox", () => {
		const real = sampleFor('mail.example.com');
		const edited = {...SAMPLE_DRAFT, to: 'nobody@example.test'};
		expect(fitSampleBody(edited, real)).toEqual({...edited, body: real.body});
		expect(fitSampleBody({...real, to: 'x@example.test'}, SAMPLE_DRAFT).body).toBe(SAMPLE_DRAFT.body);
		expect(fitSampleBody({...sampleFor('old.example.net'), to: 'x@example.test'}, real).body).toBe(real.body);
		expect(fitSampleBody({...sampleFor('127.0.0.1'), to: 'x@example.test'}, real).body).toBe(real.body);
		// A draft saved with an earlier version's sample (its lines cut at 80 columns) is still a sample.
		const earlierSandbox = ['Hi!', '', 'This goes to the built-in sandbox:', 'nothing leaves this machine.', '', 'Ctrl+S sends it: watch each SMTP step.', 'Ctrl+T switches mode (auto/step/manual).', 'Ctrl+G lists every key.'].join('\n');
		expect(fitSampleBody({...edited, body: earlierSandbox}, real).body).toBe(real.body);
		const earlierServer = ['Hi!', '', 'This goes to old.example.net, a real server: it leaves this machine.', 'Put your own From and To above before Ctrl+S.', '', 'Ctrl+T switches mode (auto/step/manual).', 'Ctrl+G lists every key.'].join('\n');
		expect(fitSampleBody({...edited, body: earlierServer}, real).body).toBe(real.body);
		const earlierLocal = ['Hi!', 'This goes to localhost:', 'a server on this machine, not', 'the sandbox. Put your own From', 'and To above before Ctrl+S.', 'Ctrl+G lists every key.'].join('\n');
		expect(fitSampleBody({...edited, body: earlierLocal}, real).body).toBe(real.body);
		// A body someone wrote is theirs, even one that starts like the sample.
		const own = {...edited, body: `${SAMPLE_DRAFT.body}\nP.S. mine`};
		expect(fitSampleBody(own, real)).toBe(own);
	});
});

describe('--password given to the dashboard', () => {
	it('is warned about in the log at start, as send warns, with the ways to keep it out of the process list', () => {
		const [warning, ...more] = passwordWarning({user: 'alice', password: 'Hunter2Secret'});
		expect(more).toEqual([]);
		// "warning:" makes the log show it as a warning, not a grey info line.
		expect(warning).toBe('warning: --password shows in the process list (npx, sh); use SMTP_PASSWORD, or type it in the panel');
		expect(warning).not.toContain('Hunter2Secret');
		// SMTP_PASSWORD, a profile's password or none at all: nothing to warn about.
		expect(passwordWarning({user: 'alice'})).toEqual([]);
	});
});
