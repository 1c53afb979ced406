// Usage errors echo what was typed: control characters in it are escaped, never written raw to the terminal.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

/** C0 (CR, LF and ESC among them), DEL, C1 and the bidi controls. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const send = ['send', '--from', 'me@example.test', '--to', 'a@example.test'];

/** `args` refused for the unknown flags `typed` (exit 1), with `hint`. */
async function expectUnknownFlag(args: string[], typed: string, hint: string) {
	const result = await runCli(args);
	expect(result.code).toBe(1);
	expect(result.stderr).toBe(`smtp-tui: unknown flag ${typed}\nhint: ${hint}\n`);
}

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
		expect(result.stderr).toContain('--header contains a carriage return (CR): "X-A\\x0d\\x0aB: 1"');
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

	it('a mistyped command gets the closest one, as a mistyped flag does', async () => {
		const typo = await runCli(['sned', '--to', 'a@example.test']);
		expect(typo.code).toBe(1);
		expect(typo.stderr).toBe('smtp-tui: unknown command "sned"\nhint: did you mean "send"? commands are: check, inbox, profile, replay, send, serve, talk\n');
		expect((await runCli(['Serv'])).stderr).toMatch(/^hint: did you mean "serve"\?/m);
		expect((await runCli(['frobnicate'])).stderr).toMatch(/^hint: commands are: check, inbox, profile, replay, send, serve, talk; see smtp-tui --help$/m);
	});

	it('--json: a usage error carries a hint that says what to type instead', async () => {
		const result = await runCli(['check', '127.0.0.1', '--ports', '70000', '--json']);
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toEqual({
			type: 'result',
			ok: false,
			exitCode: 1,
			stage: 'options',
			message: '--ports: "70000" is not a port number (1 to 65535)',
			hint: 'ports are 1 to 65535, comma-separated, /tls after one that speaks TLS from the first byte: --ports 25,587,2465/tls',
		});
		// The JSON line is the whole answer, as for a failed session: `2>&1 | jq` meets no text.
		expect(result.stderr).toBe('');
	});

	it('serve: a start error has the prefix of every other error, and the --save-dir path escaped', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-usage-'));
		// A file where the folder should be: no folder can be made under it.
		const blocked = path.join(dir, 'mail\x1b[31m\u202e');
		writeFileSync(blocked, '');
		const result = await runCli(['serve', '--port', '0', '--save-dir', path.join(blocked, 'inbox')], {env: {SMTP_TUI_STATE_DIR: dir}});
		expect(result.code).toBe(1);
		expect(result.stderr.replaceAll('\n', '')).not.toMatch(CONTROL);
		expect(result.stderr).toMatch(/^smtp-tui: cannot write to \S*mail\\x1b\[31m\\u202e\S*: a file is in the way\nhint: /);
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

describe('slips a newcomer makes', () => {
	const local = [...send, '--host', '127.0.0.1', '--port', '1'];

	it.each([
		[[...local, '--tls', 'yes'], '--tls takes no value: write --tls alone'],
		[[...local, '--tls=yes'], '--tls takes no value: write --tls alone'],
		[['--tls', 'yes'], '--tls takes no value: write --tls alone'],
		[['check', 'localhost', '--tls', 'no'], '--tls takes no value: write --no-tls to turn it off'],
	])('a switch given a value: %j', async (args, message) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: ${message}\nhint: --tls is a switch: --tls turns it on, --no-tls off\n`);
	});

	it.each([
		[['send', '-help'], '-help', '--help'],
		[['send', '-version'], '-version', '--version'],
		[['send', '-host', 'mail.example.com'], '-host', '--host'],
		[['-help'], '-help', '--help'],
	])('a long flag with one dash: %j', async (args, typed, meant) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: unknown flag ${typed}\nhint: did you mean ${meant}?\n`);
	});

	it('profile save --password: the hint is --save-password, which asks for it, and the password is not echoed', async () => {
		const result = await runCli(['profile', 'save', 'work', '--host', 'smtp.example.com', '--password', 'hunter2'], {env: {SMTP_TUI_CONFIG_DIR: mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-usage-'))}});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^smtp-tui: unknown flag --password\nhint: did you mean --save-password\? /);
		expect(result.stderr).not.toContain('hunter2');
	});

	it.each([
		[['send', '--TO', 'a@example.test'], '--TO', '--to'],
		[['--MODE', 'step'], '--MODE', '--mode'],
		[['check', '--Ports', '25', 'localhost'], '--Ports', '--ports'],
	])('a long flag in capitals: %j', async (args, typed, meant) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: unknown flag ${typed}\nhint: did you mean ${meant}?\n`);
	});

	it.each([
		[['smtp.example.com', '587'], 'smtp.example.com', 'the server goes after --host: --host smtp.example.com --port 587 (or see if it answers: smtp-tui check smtp.example.com:587)'],
		[['--host', 'smtp.example.com', '587'], '587', 'a port goes after --port: --port 587'],
	])('a server or port typed as a word to the dashboard: %j', async (args, word, hint) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: unknown command "${word}"\nhint: ${hint}\n`);
	});

	it('help, help COMMAND, COMMAND help, version and -h COMMAND', async () => {
		const main = await runCli(['--help']);
		expect(await runCli(['help'])).toMatchObject({code: 0, stdout: main.stdout});
		const sendHelp = await runCli(['send', '--help']);
		expect(sendHelp.stdout).toMatch(/\$ smtp-tui send --to ADDRESS/);
		expect(await runCli(['help', 'send'])).toMatchObject({code: 0, stdout: sendHelp.stdout});
		expect(await runCli(['-h', 'send'])).toMatchObject({code: 0, stdout: sendHelp.stdout});
		for (const command of ['send', 'check', 'replay', 'profile', 'serve', 'talk', 'inbox']) {
			expect(await runCli([command, 'help']), command).toMatchObject({code: 0, stdout: (await runCli([command, '--help'])).stdout});
		}
		const {version} = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string};
		expect(await runCli(['version'])).toMatchObject({code: 0, stdout: `${version}\n`});
		expect((await runCli(['help', 'sned'])).stderr).toMatch(/^smtp-tui: unknown command "sned"\nhint: did you mean "send"\?/);
	});

	it.each([
		[['send', '--to', 'a@example.test', '--port'], '--host mail.example.org --port 2525'],
		[['send', '--to', 'a@example.test', '--subject'], '--subject "Hello"'],
		[['send', '--to', 'a@example.test', '--body', '--quiet'], '--body @message.txt'],
		[['serve', '--save-dir'], '--save-dir ./mail'],
	])('a flag without its value gets an example: %j', async (args, example) => {
		const result = await runCli(args);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(new RegExp(`^hint: e\\.g\\. ${example.replace(/[.@]/g, '\\$&')}$`, 'm'));
	});

	it('host slips: a URL for send and check, a port in serve --listen, a file for --save-dir', async () => {
		expect((await runCli(['send', '--host', 'smtp://localhost', '--to', 'a@example.test'])).stderr).toBe(
			'smtp-tui: --host "smtp://localhost" has a scheme (smtp://) in it\nhint: give the host alone: --host localhost (smtp:// means port 25)\n',
		);
		expect((await runCli(['check', 'smtp://localhost'])).stderr).toMatch(/^smtp-tui: TARGET "smtp:\/\/localhost" has a scheme \(smtp:\/\/\) in it\n/);
		expect((await runCli(['serve', '--listen', 'localhost:25'])).stderr).toBe('smtp-tui: --listen "localhost:25" has a port in it\nhint: give the port apart: --listen localhost --port 25\n');
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-usage-')), 'passwd');
		writeFileSync(file, '');
		expect((await runCli(['serve', '--port', '0', '--save-dir', file])).stderr).toMatch(/^smtp-tui: --save-dir \S+ is a file, not a folder\n/);
	});

	it('--to with semicolons goes to each; --attach with a comma list says to repeat it', async () => {
		const both = await runCli([...local, '--to', 'b@example.test; c@example.test', '--json']);
		expect(both.code).toBe(2);
		const result = JSON.parse(both.stdout.trim().split('\n').at(-1)!) as {recipients: Array<{address: string}>};
		expect(result.recipients.map(recipient => recipient.address)).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-usage-'));
		const attach = await runCli([...local, '--attach', 'a.txt, b.txt'], {cwd: dir});
		expect(attach.stderr).toBe('smtp-tui: --attach "a.txt, b.txt": no such file\nhint: one file per --attach: --attach a.txt --attach b.txt\n');
	});
});

describe('flags of another command', () => {
	it.each([
		// The dashboard knows --mx only to refuse it: not its flag. serve listens on a socket, and speaks LMTP.
		[['check', '--socket', '/run/lmtp'], '--socket', '--socket is a flag of smtp-tui inbox, profile, send, serve, talk and the dashboard (smtp-tui)'],
		[['check', '127.0.0.1', '--lmtp'], '--lmtp', '--lmtp is a flag of smtp-tui inbox, profile, send, serve, talk and the dashboard (smtp-tui)'],
		[['serve', '--mx'], '--mx', '--mx is a flag of smtp-tui check and send'],
		// Each flag its hint; flags of the same commands in one sentence.
		[['check', '--socket', '/run/lmtp', '--lmtp'], '--socket, --lmtp', '--socket and --lmtp are flags of smtp-tui inbox, profile, send, serve, talk and the dashboard (smtp-tui)'],
		[['--to', 'a@example.test', '--json'], '--to, --json', '--to is a flag of smtp-tui send. --json is a flag of smtp-tui check, inbox, send and serve'],
		// talk knows its login flags only to refuse them (type AUTH yourself): not its flags.
		[['profile', 'save', 'x', '--password-file', 'p.txt'], '--password-file', '--password-file is a flag of smtp-tui send and the dashboard (smtp-tui)'],
		[['check', '127.0.0.1', '--auth', 'PLAIN'], '--auth', '--auth is a flag of smtp-tui send and the dashboard (smtp-tui)'],
	])('%j', async (args, typed, hint) => {
		await expectUnknownFlag(args, typed, hint);
	});
});

describe('--no- forms', () => {
	it('a flag that takes a value has none (the parser read --no-socket as --socket given): unknown, exit 1', async () => {
		const result = await runCli([...send, '--no-socket']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('smtp-tui: unknown flag --no-socket\nhint: --socket takes a value and has no --no-socket form: leave --socket out\n');
	});

	it('a switch given both ways, also with =true, is refused, whichever comes last', async () => {
		for (const args of [['--no-pipeline', '--pipeline=true'], ['--lmtp=true', '--no-lmtp'], ['--pipeline', '--pipeline=false']]) {
			const result = await runCli([...send, '--host', '127.0.0.1', '--port', '1', ...args]);
			expect(result.code, args.join(' ')).toBe(1);
			expect(result.stderr).toMatch(/^smtp-tui: --(pipeline|lmtp) and --no-\1 contradict each other\nhint: give one of them\n$/);
		}
	});
});

describe('habits from swaks', () => {
	const local = [...send, '--host', '127.0.0.1', '--port', '1'];

	it.each([
		[['--auth-user', 'me'], '--auth-user', "--auth-user is swaks' name: here it is --user (-u)"],
		[['-au', 'me'], '-au', "-au is swaks' name: here it is --user (-u)"],
		[['-ap', 'secret'], '-ap', "-ap is swaks' name: here it is --password, or better the SMTP_PASSWORD environment variable or --password-file FILE"],
		[['--ah', 'X-A:1'], '--ah', '--ah is swaks\' name: here it is --header "Name: value" (repeatable)'],
		[['--header-X-Foo', 'bar'], '--header-X-Foo', '--header-X-Foo is swaks\' name: here it is --header "X-Foo: VALUE"'],
		[['--h-Subject:', 'hi'], '--h-Subject:', "--h-Subject: is swaks' name: here it is --subject TEXT"],
		[['-tlsc'], '-tlsc', "-tlsc is swaks' name: here it is --tls (TLS from the first byte; port 465 by default)"],
		[['--tls-cert', 'c.pem'], '--tls-cert', "--tls-cert is swaks' name: here it is --cert FILE (PEM; the client certificate offered when the server asks for one)"],
		[['--tls-protocol', 'tlsv1_1'], '--tls-protocol', "--tls-protocol is swaks' name: here it is --tls-min VERSION and --tls-max VERSION (1.0, 1.1, 1.2 or 1.3; swaks' tlsv1_1 alone is --tls-min 1.1 --tls-max 1.1)"],
		[['--tls-key', 'k.pem'], '--tls-key', "--tls-key is swaks' name: here it is --key FILE (PEM; not needed when the key is in the --cert file)"],
		[['--protocol', 'LMTP'], '--protocol', "--protocol LMTP is swaks' name: here it is --lmtp (LMTP)"],
		// Each of swaks' protocol names by its parts: S for TLS (STARTTLS; from the first byte for SSMTP), A for AUTH.
		[['--protocol', 'ESMTP'], '--protocol', "--protocol ESMTP is swaks' name: smtp-tui does it without a flag: EHLO, and HELO when it is refused"],
		[['--protocol', 'ESMTPS'], '--protocol', "--protocol ESMTPS is swaks' name: here it is --starttls (STARTTLS required)"],
		[['--protocol=SSMTP'], '--protocol', "--protocol SSMTP is swaks' name: here it is --tls (TLS from the first byte)"],
		[['--protocol', 'esmtpsa'], '--protocol', "--protocol esmtpsa is swaks' name: here it is --starttls --user NAME (STARTTLS required, AUTH)"],
		[['--protocol', 'LMTPSA'], '--protocol', "--protocol LMTPSA is swaks' name: here it is --lmtp --starttls --user NAME (LMTP, STARTTLS required, AUTH)"],
		[['--protocol', 'X'], '--protocol', "--protocol is swaks' name: here it is --lmtp for LMTP (SMTP and ESMTP need no flag: EHLO, and HELO when it is refused)"],
		// Every unknown flag gets its own hint.
		[['--silent', '--subjet', 'hi'], '--silent, --subjet', "--silent is swaks' name: here it is --quiet (-q), which prints errors only. did you mean --subject?"],
		[['--lhlo', 'client.test'], '--lhlo', "--lhlo is swaks' name: here it is --lmtp, with --helo NAME for the name LHLO gives"],
		[['--pipe', 'lmtpd'], '--pipe', "--pipe is swaks' name, with no equivalent here: smtp-tui connects to a host or a Unix socket (--socket PATH), not to a command"],
		[['--silent', '--suppress-data'], '--silent, --suppress-data', "--silent is swaks' name: here it is --quiet (-q), which prints errors only. --suppress-data is swaks' name, with no equivalent here: the transcript shows only the first 12 lines of the message; --quiet prints errors only"],
		[['-pipeline'], '-pipeline', "-pipeline is swaks' name: here it is --pipeline, with two dashes"],
		[['-li', '127.0.0.2'], '-li', "-li is swaks' name: here it is --local-address ADDR (an address of this machine; for an interface's, see ip address)"],
		[['--local-interface', 'eth0'], '--local-interface', "--local-interface is swaks' name: here it is --local-address ADDR (an address of this machine; for an interface's, see ip address)"],
		[['--proxy-command', 'LOCAL'], '--proxy-command', "--proxy-command is swaks' name: here it is --proxy-version 2 --proxy-family UNKNOWN for LOCAL (no addresses; any other family sends PROXY)"],
		[['--proxy-raw', 'x'], '--proxy-raw', "--proxy-raw is swaks' name, with no equivalent here: a raw PROXY header is not sent: --proxy builds it from --proxy-version, --proxy-family, --proxy-source and --proxy-dest (and their ports)"],
		// swaks sends HTML as --attach-type text/html --attach-body @page.html.
		[['--attach-type', 'text/html', '--attach-body', '@page.html'], '--attach-type, --attach-body', "--attach-type is swaks' name: here it is --html TEXT|@FILE|- for an HTML body (sent with a text part); --attach FILE for a file, its type from its name or --attach 'FILE;type=TYPE'. --attach-body is swaks' name: here it is --html TEXT|@FILE|- for an HTML body (sent with a text part); --attach FILE for a file, its type from its name or --attach 'FILE;type=TYPE'"],
		[['--attach-name', 'x.pdf'], '--attach-name', "--attach-name is swaks' name: here it is --attach 'FILE;name=NAME' (without ;name=, the attachment is named after the file)"],
		[['--local-port', '2525'], '--local-port', "--local-port is swaks' name, with no equivalent here: the system picks the local port (a fixed one is refused while the last connection from it lingers in TIME_WAIT); --local-address picks the address"],
	])('a flag of swaks stays unknown (exit 1), and the hint gives smtp-tui\'s: %j', async (args, typed, hint) => {
		await expectUnknownFlag([...local, ...args], typed, hint);
	});

	it.each([
		[['--tls-cert', 'c.pem'], '--tls-cert', "--tls-cert is swaks' name: here it is --cert FILE (PEM; the client certificate offered when the server asks for one)"],
		[['--tls-on-connect', '--host', 'mx.example.test'], '--tls-on-connect', "--tls-on-connect is swaks' name: here it is --tls (TLS from the first byte; port 465 by default)"],
		[['--protocol', 'ESMTPSA'], '--protocol', "--protocol ESMTPSA is swaks' name: here it is --starttls --user NAME (STARTTLS required, AUTH)"],
		// What only send has is said to be send's.
		[['--protocol', 'LMTP'], '--protocol', "--protocol LMTP is swaks' name: here it is --lmtp (LMTP)"],
		[['--silent'], '--silent', "--silent is swaks' name: smtp-tui send has --quiet (-q), which prints errors only; the dashboard has no --quiet"],
		[['--pipe', 'lmtpd'], '--pipe', "--pipe is swaks' name, with no equivalent here: smtp-tui connects to a host or a Unix socket (--socket PATH), not to a command"],
		[['--attach-body', '@page.html'], '--attach-body', "--attach-body is swaks' name: smtp-tui send has --html TEXT|@FILE|- for an HTML body (sent with a text part); --attach FILE for a file, its type from its name or --attach 'FILE;type=TYPE'; the dashboard has no --html or --attach"],
	])('the dashboard gives swaks\' names their hints too: %j', async (args, typed, hint) => {
		await expectUnknownFlag(args, typed, hint);
	});

	it.each([
		[['check', '127.0.0.1', '--protocol', 'SSMTP'], '--protocol', "--protocol SSMTP is swaks' name: here it is --tls (TLS from the first byte)"],
		[['check', '127.0.0.1', '--protocol=ESMTPSA'], '--protocol', "--protocol ESMTPSA is swaks' name: smtp-tui send has --starttls --user NAME (STARTTLS required, AUTH); smtp-tui check has no --user"],
		// Its other swaks names are about sending: a flag of send, or check's help.
		[['check', '127.0.0.1', '--tls-cert', 'c.pem'], '--tls-cert', 'see smtp-tui check --help'],
	])('check maps swaks\' --protocol, whose TLS part it has (--tls): %j', async (args, typed, hint) => {
		await expectUnknownFlag(args, typed, hint);
	});

	it.each([
		// -t is send's --to: the hint said so, to a sysadmin who meant check_smtp's timeout.
		[['check', '127.0.0.1', '-t', '10'], '-t', "-t is check_smtp's name: here it is --timeout SECONDS (each step waits up to it; default 8, and 30 for the banner)"],
		[['check', '-H', 'mail.example.test', '-D', '30'], '-H, -D', "-H is check_smtp's name: here it is TARGET, the first argument: smtp-tui check mail.example.com --no-mx --ports 25 --nagios. -D is check_smtp's name: here it is --cert-days N, WARNING with fewer than N days left; an expired certificate is CRITICAL (no second number)"],
		[['check', '127.0.0.1', '--expect=220'], '--expect', "--expect is check_smtp's name, with no equivalent here: a 220 banner is what makes a port open"],
	])("check gives check_smtp's flag names check's own: %j", async (args, typed, hint) => {
		await expectUnknownFlag(args, typed, hint);
	});

	const asTarget = 'check takes the host (and port) as TARGET, its first argument: smtp-tui check';
	it.each([
		// A sysadmin fresh from send: the hint writes the TARGET from the values typed.
		[['check', '--host', '127.0.0.1', '--port', '11912'], '--host, --port', `${asTarget} 127.0.0.1:11912`],
		[['check', '--host=::1', '-p', '25'], '--host, -p', `${asTarget} [::1]:25`],
		// An IPv6 address with its port after it, as send refuses it: the brackets set the port apart.
		[['check', '--host', '::1:11025'], '--host', `${asTarget} [::1]:11025`],
		[['check', '-s', 'mail.example.test:587'], '-s', `${asTarget} mail.example.test:587`],
		// Without a port, a name with a dot would be looked up as a mail domain: --no-mx probes the host itself.
		[['check', '--server', 'mail.example.test'], '--server', `${asTarget} mail.example.test --no-mx`],
	])('check --host and --port, as send takes them, get the TARGET to type: %j', async (args, typed, hint) => {
		await expectUnknownFlag(args, typed, hint);
	});

	it("--proxy STRING, swaks' raw header: --proxy takes no value here, and the hint names the flags that build one", async () => {
		const result = await runCli([...local, '--proxy', 'TCP4 192.0.2.1 192.0.2.2 1 25']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`smtp-tui: unexpected argument "TCP4 192.0.2.1 192.0.2.2 1 25"\nhint: --proxy takes no value here (swaks' --proxy STRING sends a raw header): give its parts with --proxy-version, --proxy-family, --proxy-source, --proxy-source-port, --proxy-dest and --proxy-dest-port\n`,
		);
	});

	it("-q STEP, swaks' --quit-after: -q is --quiet here, and the hint says so", async () => {
		const result = await runCli([...local, '-q', 'rcpt']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: unexpected argument "rcpt"\nhint: -q is --quiet here (swaks' -q is --quit-after): write --quit-after rcpt\n`);
		// swaks' own step names too; a word that names no step gets no such hint.
		expect((await runCli([...local, '-q', 'banner'])).stderr).toContain('write --quit-after banner');
		for (const word of ['dot', 'a@b.test']) expect((await runCli([...local, '-q', word])).stderr, word).not.toContain('--quit-after');
		// Written with "=", as swaks also takes it: refused (the parser read it as quiet off, and the message went).
		const joined = await runCli([...local, '-q=rcpt']);
		expect(joined.code).toBe(1);
		expect(joined.stderr).toBe(`smtp-tui: -q takes no value: write -q alone\nhint: -q is --quiet here (swaks' -q is --quit-after): write --quit-after rcpt\n`);
		expect((await runCli([...local, '-q=yes'])).stderr).toBe('smtp-tui: -q takes no value: write -q alone\nhint: --quiet is a switch: --quiet turns it on, --no-quiet off\n');
	});

	it('an error names the flag as typed: -s or --server, not --host', async () => {
		const short = await runCli([...send, '-s', 'smtp://127.0.0.1:42300']);
		expect(short.code).toBe(1);
		expect(short.stderr).toBe('smtp-tui: -s "smtp://127.0.0.1:42300" has a scheme (smtp://) in it\nhint: give the host alone: -s 127.0.0.1 --port 42300\n');
		const server = await runCli([...send, '--server=bad_host!', '-p', '0']);
		expect(server.stderr).toBe('smtp-tui: -p must be a whole number from 1 to 65535, not "0"\nhint: the usual ones: 25 (MX), 587 (submission with STARTTLS), 465 (with --tls)\n');
		const json = await runCli([...send, '--server', 'smtp://localhost', '--json']);
		expect(JSON.parse(json.stdout)).toMatchObject({stage: 'options', message: '--server "smtp://localhost" has a scheme (smtp://) in it', hint: 'give the host alone: --server localhost (smtp:// means port 25)'});
	});

	it('a command after flags is the command: smtp-tui -s HOST send … sends', async () => {
		// Nothing listens on port 1: a session that ran exits 2, where a refusal of the flags would exit 1.
		const result = await runCli(['-s', '127.0.0.1', 'send', '-p', '1', '-t', 'a@example.test', '-f', 'me@example.test', '-q']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^failed \(connect\): connection refused by 127\.0\.0\.1:1/);
		// A send flag's value that names a command is the value, not the command.
		const subject = await runCli(['--subject', 'check', 'send', '-s', '127.0.0.1', '-p', '1', '-t', 'a@example.test', '-f', 'me@example.test', '-q']);
		expect(subject.code).toBe(2);
		expect(subject.stderr).toMatch(/^failed \(connect\)/);
	});
});
