// Bytes that are not UTF-8 on the command line (a Latin-1 shell or script). Node decodes argv as UTF-8, so each
// such byte reaches smtp-tui as U+FFFD: a text would be sent with U+FFFD in its place, and a file name can no
// longer name the file. Both are refused before connecting, saying so.
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {parseConnectionFlags} from '../../source/headless/connection-flags.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {cliPath} from '../helpers/run-cli.js';
import {refusal} from '../helpers/usage-refusal.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-not-utf8-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** `Grüße.txt` in Latin-1, as `printf 'Gr\xfc\xdfe.txt'` makes it; and the name Node makes of it in argv. */
const latin1Name = Buffer.from('Grüße.txt', 'latin1');
const asArgv = 'Gr\uFFFD\uFFFDe.txt';
writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), latin1Name]), 'hello\n');

/** `smtp-tui ARGS` run by sh, with `$L` a Latin-1 `é`: the bytes a Latin-1 terminal gives. */
function shell(args: string): Promise<{code: number | null; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn('sh', ['-c', `L=$(printf '\\351'); exec "${process.execPath}" "${cliPath}" ${args}`], {cwd: dir, env: {...process.env, NO_COLOR: '1'}});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stderr}));
	});
}

const send = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => refusal(() => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], ...flags}, env)).message;
const notUtf8 = '" contains a byte that is not UTF-8 (U+FFFD stands in for it)';

describe('a text flag with a byte that is not UTF-8', () => {
	it('--subject is refused, exit 1, before connecting, with what to do', async () => {
		// Port 9: nothing listens there, so getting as far as connecting would exit 2.
		const {code, stderr} = await shell('send --host 127.0.0.1 --port 9 --to a@example.test --subject "caf$L"');
		expect(code).toBe(1);
		expect(stderr).toBe(
			'smtp-tui: --subject "caf\uFFFD" contains a byte that is not UTF-8 (U+FFFD stands in for it)\n' +
				'hint: the shell or script gave it in another encoding (Latin-1?): give it in UTF-8 (e.g. convert with iconv -f latin1 -t utf-8)\n',
		);
	});

	it('--header (name or value), --body TEXT, --helo, --user, --host: each named', () => {
		expect(send({header: ['X-Note: caf\uFFFD']})).toBe(`--header "X-Note: caf\uFFFD${notUtf8}`);
		expect(send({header: ['X-Caf\uFFFD: yes']})).toBe(`--header "X-Caf\uFFFD: yes${notUtf8}`);
		// The body is not quoted: it may be long.
		expect(send({body: 'caf\uFFFD\\nbye'})).toBe('--body contains a byte that is not UTF-8 (U+FFFD stands in for it)');
		expect(send({body: '@@caf\uFFFD'})).toMatch(/^--body contains a byte that is not UTF-8/);
		expect(send({helo: 'caf\uFFFD.example'})).toBe(`--helo "caf\uFFFD.example${notUtf8}`);
		expect(send({user: 'jos\uFFFD', password: 'pw'})).toBe(`--user "jos\uFFFD${notUtf8}`);
		expect(send({host: 'b\uFFFDcher.example'})).toBe(`--host "b\uFFFDcher.example${notUtf8}`);
		// check names its own flag.
		expect(refusal(() => parseConnectionFlags({helo: 'caf\uFFFD'}, {}, '--ehlo')).message).toBe(`--ehlo "caf\uFFFD${notUtf8}`);
	});

	it('a password (--password, SMTP_PASSWORD) is refused too, never shown', () => {
		expect(send({user: 'demo', password: 'caf\uFFFD'})).toBe('--password contains a byte that is not UTF-8 (U+FFFD stands in for it)');
		expect(send({user: 'demo'}, {SMTP_PASSWORD: 'caf\uFFFD'})).toBe('SMTP_PASSWORD contains a byte that is not UTF-8 (U+FFFD stands in for it)');
	});

	it('UTF-8 text goes on', () => {
		const settings = parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], subject: 'café', header: ['X-Note: Grüße'], body: 'naïve', helo: 'bücher.example'}, {});
		expect([settings.subject, settings.headers, settings.body]).toEqual(['café', ['X-Note: Grüße'], {kind: 'text', text: 'naïve'}]);
	});
});

describe('a file whose name is not UTF-8', () => {
	const rename = 'is not valid UTF-8 (U+FFFD stands in for a byte of it), and such a name cannot be passed to smtp-tui: rename it (e.g. convmv -f latin1 -t utf-8 --notest NAME, or mv)';
	const file = path.join(dir, asArgv);
	const run = (flags: Record<string, unknown>) => runInProcess(runSend, {host: '127.0.0.1', port: '9', from: 'me@example.test', to: ['a@example.test'], ...flags});

	it('--attach, --body @FILE, --data @FILE, --ca: the name is said to be the problem, not "no such file"', async () => {
		await expect(run({attach: [file]})).rejects.toThrow(`attachment ${file}: the file name ${rename}`);
		await expect(run({body: `@${file}`})).rejects.toThrow(`body file ${file}: the file name ${rename}`);
		await expect(run({data: `@${file}`})).rejects.toThrow(`message file ${file}: the file name ${rename}`);
		await expect(run({ca: file})).rejects.toThrow(`--ca: cannot read ${file}: the file name ${rename}`);
	});

	it('--transcript in a folder whose name is not UTF-8: the folder is named as the problem', async () => {
		mkdirSync(Buffer.concat([Buffer.from(`${dir}/`), latin1Name, Buffer.from('.d')]));
		const transcript = path.join(dir, `${asArgv}.d`, 't.txt');
		await expect(run({transcript})).rejects.toThrow(`--transcript: cannot write ${transcript}: a folder name in the path ${rename}`);
	});

	it('through a Latin-1 shell, as a user meets it', async () => {
		const {code, stderr} = await shell(`send --host 127.0.0.1 --port 9 --to a@example.test --attach "Gr$(printf '\\374\\337')e.txt"`);
		expect(code).toBe(1);
		expect(stderr).toBe(`smtp-tui: attachment ${file}: the file name ${rename}\n`);
	});
});
