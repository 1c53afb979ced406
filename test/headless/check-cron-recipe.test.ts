// README's cron line for check, read from the README and run as cron runs it (sh -c, `smtp-tui` the built CLI): it
// prints nothing while the server answers and its certificate has time left, so cron mails nothing, and prints the
// verdict (which cron mails) when the certificate has under --cert-days left or the port does not answer. Its Nagios
// command line and Icinga 2 command too, their macros filled in as the monitor fills them.
import {spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, test} from 'vitest';
import {expiringCerts, type ExpiringCerts, type KeyAndCert} from '../helpers/certs.js';
import {cliPath} from '../helpers/run-cli.js';
import {startSmtpServer} from '../helpers/smtp-server.js';
import {cleanupAfterEach, closedPort} from '../transport/harness.js';

const readme = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** The command of the README's crontab line for check: what follows its five time fields. */
function cronCommand(): string {
	const block = /\*\*From cron:\*\*[^]*?```sh\n([^]*?)```/.exec(readme)?.[1];
	const line = block?.split('\n').find(text => /^[\d*]/.test(text));
	if (line === undefined) throw new Error('no crontab line for check in README.md');
	return line.split(/\s+/).slice(5).join(' ');
}

/** README's Nagios command_line, with `smtp-tui` for its path and the host's name and arguments filled in. */
function nagiosCommand(host: string, port: number, certDays: number): string {
	const line = /command_line (\/usr\/local\/bin\/smtp-tui [^}`]*?) \}/.exec(readme)?.[1];
	if (line === undefined) throw new Error('no Nagios command_line for check in README.md');
	return line.replace('/usr/local/bin/smtp-tui', 'smtp-tui').replace('$HOSTNAME$', host).replace('$ARG1$', String(port)).replace('$ARG2$', String(certDays));
}

/** README's Icinga 2 command, its macros filled in ($host.name$, and the CheckCommand's vars but the port) as argv. */
function icingaArgv(host: string, port: number): string[] {
	const block = /object CheckCommand "smtp_tui" \{([^]*?)\n\}/.exec(readme)?.[1];
	const array = /command = \[([^\]]*)\]/.exec(block ?? '')?.[1];
	if (array === undefined) throw new Error('no Icinga 2 CheckCommand for check in README.md');
	const vars = Object.fromEntries([...block!.matchAll(/vars\.(\w+) = (\S+)/g)].map(([, name, value]) => [name!, value!.replace(/^"|"$/g, '')]));
	const macros: Record<string, string> = {...vars, 'host.name': host, smtp_tui_port: String(port)};
	return [...array.matchAll(/"([^"]*)"/g)].map(([, arg]) => arg!.replace(/\$([\w.]+)\$/g, (_, name: string) => macros[name] ?? `$${name}$`)).map(arg => (arg === '/usr/local/bin/smtp-tui' ? 'smtp-tui' : arg));
}

let certs: ExpiringCerts;
let dir: string;
beforeAll(async () => {
	certs = await expiringCerts();
	dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cron-'));
	writeFileSync(path.join(dir, 'root.pem'), certs.root);
	// `smtp-tui` on PATH is the built CLI, trusting the test root (a private CA's --ca, as the README says to add).
	writeFileSync(path.join(dir, 'smtp-tui'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@" --ca "${path.join(dir, 'root.pem')}" --timeout 3\n`);
	chmodSync(path.join(dir, 'smtp-tui'), 0o755);
});
const cleanup = cleanupAfterEach();

async function server(identity: KeyAndCert): Promise<number> {
	const started = await startSmtpServer({name: 'mx.test', key: identity.key, cert: identity.cert});
	cleanup(() => started.close());
	return started.port;
}

/**
 * The cron line's command with the README's target replaced by `target`, run by sh as cron runs it (not synchronously:
 * the servers answer from this process).
 */
async function runCron(target: string): Promise<{status: number | null; stdout: string; stderr: string}> {
	return runSh(cronCommand().replace('mail.example.com:25', target));
}

/** A command line run by sh, `smtp-tui` on PATH the built CLI. */
async function runSh(command: string): Promise<{status: number | null; stdout: string; stderr: string}> {
	const child = spawn('sh', ['-c', command], {env: {PATH: `${dir}:${process.env.PATH}`}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const status = await new Promise<number | null>(resolve => child.on('close', resolve));
	return {status, stdout, stderr};
}

describe("README's cron line for check", () => {
	test('a server that answers with 40 days left: nothing printed, nothing mailed', async () => {
		const port = await server(certs.in40);
		expect(cronCommand()).toContain('--cert-days 21');
		const result = await runCron(`127.0.0.1:${port}`);
		expect(result.status).toBe(0);
		expect(result.stdout + result.stderr).toBe('');
	});

	test('5 days left: the table and the verdict naming the certificate are printed, for cron to mail', async () => {
		const port = await server(certs.in5);
		const result = await runCron(`127.0.0.1:${port}`);
		expect(result.stdout).toContain(`127.0.0.1  ${port}`);
		expect(result.stdout).toContain('(5 days left, fewer than --cert-days 21)');
	});

	test('a port that does not answer: printed too', async () => {
		const port = await closedPort();
		const result = await runCron(`127.0.0.1:${port}`);
		expect(result.stdout).toContain('Every port refused the connection');
	});
});

describe("README's Nagios and Icinga 2 commands for check --nagios", () => {
	test('an IPv6 host address: its one port probed, as [::1]:PORT (not "::1:PORT", itself an IPv6 address, on the default ports)', async () => {
		const port = await closedPort();
		const result = await runSh(nagiosCommand('::1', port, 14));
		expect(result.stdout.split('\n')[0]).toBe(`SMTP CRITICAL - [::1]:${port} refused`);
		expect(result.status).toBe(2);
	});

	test('a server with 5 days left: WARNING (exit 1) from both, the certificate in the perfdata', async () => {
		const port = await server(certs.in5);
		const quoted = icingaArgv('127.0.0.1', port).map(arg => `'${arg}'`).join(' ');
		expect(quoted).toContain(`'--cert-days' '14'`);
		for (const command of [nagiosCommand('127.0.0.1', port, 14), quoted]) {
			const result = await runSh(command);
			expect(result.stdout).toMatch(new RegExp(`^SMTP WARNING - 127\\.0\\.0\\.1:${port} open in [\\d.]+ s, certificate 5 days left \\| time_${port}=[\\d.]+s;;;0 cert_days_${port}=5;14:;0:;\\n`));
			expect(result.status).toBe(1);
		}
	});
});
