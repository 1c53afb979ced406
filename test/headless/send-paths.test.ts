// `send`'s files and inputs, run in-process against a real loopback server: an output that is also an input (or
// the other output) is refused before anything is written; empty or odd --body and --subject values; --record's
// errors in words; outputs on a disk that fills up; --insecure in the --json result.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {plantedLink} from '../../source/headless/output-clashes.js';
import {runSend} from '../../source/headless/send.js';
import {parseRecording} from '../../source/session/recording.js';
import {CUT_NOTE, replayNext} from '../../source/session/replay.js';
import {replayOf} from '../session/replay-harness.js';
import {testCerts} from '../helpers/certs.js';
import {cliPath} from '../helpers/run-cli.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-paths-'));
let server: TestSmtpServer;
/** Connections the server saw: a refusal "before connecting" must leave this as it was. */
let connections = 0;

beforeAll(async () => {
	server = await startSmtpServer({
		onConnect(_session, callback) {
			connections++;
			callback();
		},
	});
});
afterAll(async () => {
	await server.close();
});

const file = (name: string, text: string) => {
	const where = path.join(dir, name);
	writeFileSync(where, text);
	return where;
};

/** Runs `send` in-process to the loopback server (in clear), with standard input from `input`. */
async function send(flags: Record<string, unknown>, input: Array<string | Buffer> = []): Promise<{code: number; out: string}> {
	const base = {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quiet: true};
	return runInProcess(runSend, {...base, ...flags}, [], {input});
}

/** `send` must refuse with this usage error, before connecting and before writing anything. */
async function refused(flags: Record<string, unknown>, message: string, input: Array<string | Buffer> = []): Promise<UsageError> {
	const before = connections;
	const error = await send(flags, input).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(UsageError);
	expect((error as UsageError).message).toBe(message);
	expect(connections).toBe(before);
	return error as UsageError;
}

const lastBody = () => server.messages.at(-1)!.raw.toString().split('\r\n\r\n').slice(1).join('\r\n\r\n');

describe('an output that is also an input, or the other output', () => {
	it('--transcript on the --body file: refused, the file kept, nothing sent', async () => {
		const precious = file('precious.txt', 'the only copy\n');
		const error = await refused({body: `@${precious}`, transcript: precious}, `--transcript ${precious} is also the --body file: it would be overwritten before it is read`);
		expect(error.hint).toBe('write the transcript to another file');
		expect(readFileSync(precious, 'utf8')).toBe('the only copy\n');
	});

	it('sees the same file however it is named: ./x and x, a hard link, a symbolic link', async () => {
		const precious = file('named.txt', 'kept\n');
		const relative = path.relative(process.cwd(), precious);
		await refused({body: `@${precious}`, transcript: `${path.dirname(relative)}/./${path.basename(relative)}`}, `--transcript ${path.dirname(relative)}/./named.txt is also the --body file ${precious}: it would be overwritten before it is read`);
		const hard = path.join(dir, 'hard-link.txt');
		linkSync(precious, hard);
		await refused({body: `@${precious}`, record: hard}, `--record ${hard} is also the --body file ${precious}: it would be overwritten before it is read`);
		const soft = path.join(dir, 'symbolic-link.txt');
		symlinkSync(precious, soft);
		await refused({body: `@${soft}`, transcript: precious}, `--transcript ${precious} is also the --body file ${soft}: it would be overwritten before it is read`);
		expect(readFileSync(precious, 'utf8')).toBe('kept\n');
	});

	it('guards --data, every --attach and --ca too', async () => {
		const message = file('message.eml', 'Subject: ready\r\n\r\nas is\r\n');
		await refused({data: `@${message}`, record: message}, `--record ${message} is also the --data file: it would be overwritten before it is read`);
		const second = file('second.pdf', 'pdf');
		const error = await refused({attach: [file('first.pdf', 'pdf'), second], transcript: second}, `--transcript ${second} is also the --attach file: it would be overwritten before it is read`);
		expect(error.hint).toBe('write the transcript to another file');
		// Read before any output is opened, but it would be lost all the same.
		const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\n');
		await refused({ca, record: ca, starttls: undefined}, `--record ${ca} is also the --ca file: it would be overwritten`);
		expect(readFileSync(message, 'utf8')).toBe('Subject: ready\r\n\r\nas is\r\n');
		expect(readFileSync(ca, 'utf8')).toBe('-----BEGIN CERTIFICATE-----\n');
	});

	it('--transcript and --record on one file, made or not yet: refused, and no file is made', async () => {
		const same = path.join(dir, 'same.txt');
		const roundabout = `${dir}/sub/../same.txt`;
		const error = await refused({transcript: same, record: roundabout}, `--record ${roundabout} is also the --transcript file ${same}: both would write into it`);
		expect(error.hint).toBe('give each its own file');
		expect(existsSync(same)).toBe(false);
		// Through a link to a folder, and to a file that does not exist yet.
		mkdirSync(path.join(dir, 'real'));
		symlinkSync(path.join(dir, 'real'), path.join(dir, 'linked'));
		await refused({transcript: path.join(dir, 'real', 't.txt'), record: path.join(dir, 'linked', 't.txt')}, `--record ${path.join(dir, 'linked', 't.txt')} is also the --transcript file ${path.join(dir, 'real', 't.txt')}: both would write into it`);
		symlinkSync(path.join(dir, 'not-yet.txt'), path.join(dir, 'dangling.txt'));
		await refused({transcript: path.join(dir, 'not-yet.txt'), record: path.join(dir, 'dangling.txt')}, `--record ${path.join(dir, 'dangling.txt')} is also the --transcript file ${path.join(dir, 'not-yet.txt')}: both would write into it`);
		const existing = file('existing.txt', 'old transcript\n');
		await refused({transcript: existing, record: existing}, `--record ${existing} is also the --transcript file: both would write into it`);
		expect(readFileSync(existing, 'utf8')).toBe('old transcript\n');
	});

	it("never writes over smtp-tui's own files (profiles, the draft, the sandbox's certificate), nor takes an empty output name", () => {
		const config = path.join(dir, 'config');
		mkdirSync(config, {recursive: true});
		const profiles = file('config/profiles.json', '{"version":1,"profiles":[]}\n');
		const flags = {host: '127.0.0.1', from: 'me@example.test', to: ['a@example.test'], helo: 'client.test'};
		expect(() => parseSendFlags({...flags, record: profiles}, {SMTP_TUI_CONFIG_DIR: config})).toThrow(`--record ${profiles} is smtp-tui's profiles file: it would be overwritten`);
		expect(readFileSync(profiles, 'utf8')).toBe('{"version":1,"profiles":[]}\n');
		// The lock a running dashboard keeps its draft with: overwritten, a second dashboard would take the draft over.
		const state = path.join(dir, 'state');
		mkdirSync(state, {recursive: true});
		const lock = file('state/draft.json.lock', '{"pid":1}\n');
		expect(() => parseSendFlags({...flags, transcript: lock}, {SMTP_TUI_STATE_DIR: state})).toThrow(`--transcript ${lock} is smtp-tui's draft lock file: it would be overwritten`);
		// The sandbox's kept certificate and key: overwritten, the next start makes another, and clients that trust it
		// (a workshop's slides, a student's --ca) are refused.
		mkdirSync(path.join(state, 'sandbox'));
		const key = file('state/sandbox/private-key.pem', 'KEY\n');
		const cert = file('state/sandbox/certificate.pem', 'CERT\n');
		expect(() => parseSendFlags({...flags, record: key}, {SMTP_TUI_STATE_DIR: state})).toThrow(`--record ${key} is smtp-tui's sandbox private key file: it would be overwritten`);
		expect(() => parseSendFlags({...flags, transcript: cert}, {SMTP_TUI_STATE_DIR: state})).toThrow(`--transcript ${cert} is smtp-tui's sandbox certificate file: it would be overwritten`);
		expect(readFileSync(key, 'utf8')).toBe('KEY\n');
		expect(() => parseSendFlags({...flags, transcript: ''}, {})).toThrow('--transcript is empty');
		expect(() => parseSendFlags({...flags, record: ''}, {})).toThrow('--record is empty');
		expect(() => parseSendFlags({...flags, ca: ''}, {})).toThrow('--ca is empty');
	});

	it('still sends with outputs of their own, and with both outputs on /dev/null', async () => {
		const body = file('body.txt', 'from the file\n');
		const transcript = path.join(dir, 'own-transcript.txt');
		const {code} = await send({body: `@${body}`, transcript, record: path.join(dir, 'own.jsonl')});
		expect(code).toBe(0);
		expect(lastBody()).toContain('from the file');
		expect(readFileSync(transcript, 'utf8')).toContain('from the file');
		expect((await send({transcript: '/dev/null', record: '/dev/null'})).code).toBe(0);
	});
});

describe('--subject and --body values', () => {
	it('--subject "" is refused as empty, like --from and --to', async () => {
		const error = await refused({subject: ''}, '--subject is empty');
		expect(error.hint).toBe('give a subject, or leave --subject out for the default ("test <date>")');
		await refused({subject: '  '}, '--subject is empty');
	});

	it('--body TEXT: \\n is a line break, \\\\ one backslash, other backslashes as typed', () => {
		const text = (body: string) => parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], body}, {}).body;
		expect(text('one\\ntwo')).toEqual({kind: 'text', text: 'one\ntwo'});
		expect(text('C:\\\\new\\\\dir')).toEqual({kind: 'text', text: 'C:\\new\\dir'});
		expect(text('literal \\\\n, then a break\\n')).toEqual({kind: 'text', text: 'literal \\n, then a break\n'});
		expect(text('a\\tb \\x')).toEqual({kind: 'text', text: 'a\\tb \\x'});
		expect(text('@@team: deploy at 5\\nthanks')).toEqual({kind: 'text', text: '@team: deploy at 5\nthanks'});
		expect(text('@@')).toEqual({kind: 'text', text: '@'});
		expect(text('@notes.txt')).toEqual({kind: 'file', path: 'notes.txt'});
	});

	it('--body @@TEXT sends the text with one @, not a file; --body @ alone is refused', async () => {
		expect((await send({body: '@@team: deploy at 5'})).code).toBe(0);
		expect(lastBody()).toBe('@team: deploy at 5\r\n');
		const error = await refused({body: '@'}, '--body @ names no file');
		expect(error.hint).toBe('give a file name after @ (or @@ for a body that starts with @)');
	});
});

describe('an empty body from standard input or a file', () => {
	it('--body - with nothing on standard input is refused before connecting', async () => {
		const error = await refused({body: '-'}, 'the body on standard input is empty', []);
		expect(error.hint).toBe("did the command before the pipe fail? nothing was sent; for a message without a body, give --body ''");
		await refused({body: '-'}, 'the body on standard input is empty', ['', Buffer.alloc(0)]);
	});

	it('--body - still sends every chunk of standard input, the first one too', async () => {
		expect((await send({body: '-'}, ['', 'first ', Buffer.from('second\n')])).code).toBe(0);
		expect(lastBody()).toBe('first second\r\n');
	});

	it('--body @FILE: an empty file, or an empty pipe, is refused naming the file', async () => {
		const empty = file('empty.txt', '');
		const error = await refused({body: `@${empty}`}, `body file ${empty} is empty`);
		expect(error.hint).toBe("nothing was sent; for a message without a body, give --body ''");
		await refused({body: '@/dev/null'}, 'body file /dev/null is empty');
	});

	it.runIf(process.platform !== 'win32')('a pipe given as the body file: empty is refused, and its other errors still name it', async () => {
		const fifo = path.join(dir, 'empty.fifo');
		execFileSync('mkfifo', [fifo]);
		const writing = writeFile(fifo, '');
		await refused({body: `@${fifo}`}, `body file ${fifo} is empty`);
		await writing;
		const latin1 = path.join(dir, 'latin1.fifo');
		execFileSync('mkfifo', [latin1]);
		const writingLatin1 = writeFile(latin1, Buffer.from('caf\xe9\n', 'latin1'));
		await expect(send({body: `@${latin1}`})).rejects.toThrow(new RegExp(`^body file ${latin1} is not valid UTF-8`));
		await writingLatin1;
		const full = path.join(dir, 'full.fifo');
		execFileSync('mkfifo', [full]);
		const writingFull = writeFile(full, 'through a pipe\n');
		expect((await send({body: `@${full}`})).code).toBe(0);
		await writingFull;
		expect(lastBody()).toBe('through a pipe\r\n');
	});

	it("--body '' is still an empty body, on purpose", async () => {
		expect((await send({body: ''})).code).toBe(0);
		expect(lastBody()).toBe('');
	});
});

describe('--record errors', () => {
	it('- is no file name for an output (it means standard input for --body): refused, and no file named - is made', async () => {
		const transcript = await refused({transcript: '-'}, '--transcript -: the transcript is on standard output already');
		expect(transcript.hint).toBe('leave --transcript out (--json prints it as JSON lines there), add --transcript-format md to print the Markdown there instead, or give a file name to keep a copy (a file named "-" is ./-)');
		const record = await refused({record: '-'}, '--record -: a recording goes to a file, for "smtp-tui replay FILE" to play');
		expect(record.hint).toBe('give a file name, e.g. --record session.jsonl (a file named "-" is ./-)');
		expect(existsSync('-')).toBe(false);
	});

	it('say what is wrong in words, as --transcript does', async () => {
		const missing = path.join(dir, 'no-such-folder', 'r.jsonl');
		await refused({record: missing}, `--record: cannot write ${missing}: its folder does not exist`);
		await refused({record: dir}, `--record: cannot write ${dir}: that is a folder; give a file name`);
		const blocker = file('blocker', '');
		await refused({record: path.join(blocker, 'r.jsonl')}, `--record: cannot write ${path.join(blocker, 'r.jsonl')}: a file is in the way of its folder`);
	});
});

describe('--record that cannot be written once the session runs', () => {
	/** `send --record` into a fresh folder; `remove` takes the file or its folder away while MAIL waits for its reply. */
	async function recordWhileRemoving(name: string, remove: (folder: string, record: string) => void) {
		const folder = path.join(dir, name);
		mkdirSync(folder);
		const record = path.join(folder, 'r.jsonl');
		const deleting = await startSmtpServer({
			onMailFrom(_address, _session, callback) {
				remove(folder, record);
				callback();
			},
		});
		try {
			const base = {host: '127.0.0.1', port: String(deleting.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quiet: false};
			const {code, out} = await runInProcess(runSend, {...base, record});
			return {code, out, record, delivered: deleting.messages.length};
		} finally {
			await deleting.close();
		}
	}
	const warning = (record: string) => `warning: --record: cannot write ${record}: it was deleted while the session ran; the recording stops here, the session goes on`;

	it('stops the recording with one warning, and the message still goes (its folder deleted while MAIL waited)', async () => {
		const {code, out, record, delivered} = await recordWhileRemoving('folder-deleted', folder => rmSync(folder, {recursive: true, force: true}));
		expect(code).toBe(0);
		expect(out).toContain(warning(record));
		expect(out.match(/--record: cannot write/g)).toHaveLength(1);
		expect(delivered).toBe(1);
	});

	it.skipIf(!existsSync('/dev/full'))('a full disk (/dev/full) is said in words, with what became of the file, under --quiet too', async () => {
		const said = 'warning: --record: cannot write /dev/full: no space left on the disk; nothing was recorded (the file is left as it was), the session goes on';
		const {code, out} = await send({record: '/dev/full', quiet: false});
		expect(code).toBe(0);
		expect(out).toContain(said);
		// --quiet prints no transcript, but a recording that failed is said on stderr, as a --transcript that failed is.
		expect(await send({record: '/dev/full'})).toEqual({code: 0, out: `smtp-tui: ${said}\n`});
	});

	it('the file alone deleted: stops the same way, instead of writing on into a new file without a header, readable by all', async () => {
		const {code, out, record} = await recordWhileRemoving('file-deleted', (_folder, file) => rmSync(file));
		expect(code).toBe(0);
		expect(out).toContain(warning(record));
		expect(existsSync(record)).toBe(false);
	});
});

/** `send` to the loopback server as a child process whose files may grow to `blocks` (ulimit -f: 512 or 1024 bytes each). */
function sendLimited(blocks: number, flags: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	const args = ['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--from', 'me@example.test', '--to', 'a@example.test', '--helo', 'client.test', ...flags];
	const child = spawn('sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, process.execPath, cliPath, ...args], {env: {...process.env, NO_COLOR: '1'}});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += chunk));
	child.stderr.on('data', chunk => (stderr += chunk));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

describe.skipIf(process.platform === 'win32')('--record and --transcript on a disk that fills up (ulimit -f stands in for it)', () => {
	it('no room at all: a new file is not left behind empty, and an existing one keeps what it held; the message still goes', async () => {
		const folder = path.join(dir, 'no-room');
		mkdirSync(folder);
		const sent = server.messages.length;
		const fresh = await sendLimited(0, ['--transcript', path.join(folder, 'new.txt'), '--record', path.join(folder, 'new.jsonl')]);
		expect(fresh.code).toBe(0);
		expect(server.messages.length).toBe(sent + 1);
		expect(readdirSync(folder)).toEqual([]);
		expect(fresh.stdout).toContain(`warning: --record: cannot write ${path.join(folder, 'new.jsonl')}: over the file size limit (ulimit -f); nothing was recorded (the file is left as it was), the session goes on`);
		expect(fresh.stderr).toBe(`smtp-tui: --transcript: cannot write ${path.join(folder, 'new.txt')}: over the file size limit (ulimit -f); the transcript was not written, and the file is left as it was\n`);
		const transcript = file('no-room/old.txt', 'last week\'s transcript\n');
		const record = file('no-room/old.jsonl', 'last week\'s recording\n');
		expect((await sendLimited(0, ['--transcript', transcript, '--record', record])).code).toBe(0);
		expect(readFileSync(transcript, 'utf8')).toBe('last week\'s transcript\n');
		expect(readFileSync(record, 'utf8')).toBe('last week\'s recording\n');
	});

	it('room for part: each file is cut back to its last whole line, the recording still plays, and both are said', async () => {
		const transcript = path.join(dir, 'part.txt');
		const record = path.join(dir, 'part.jsonl');
		// A message larger than the limit: the recording fills up in the middle of it.
		const {code, stdout, stderr} = await sendLimited(1, ['--body', `${'x'.repeat(70)}\\n`.repeat(60), '--transcript', transcript, '--record', record]);
		expect(code).toBe(0);
		expect(stdout).toContain(`warning: --record: cannot write ${record}: over the file size limit (ulimit -f); the recording stops here (what it holds so far still plays), the session goes on`);
		expect(stderr).toMatch(new RegExp(`^smtp-tui: --transcript: cannot write ${transcript}: over the file size limit \\(ulimit -f\\); the file is incomplete: it holds the first \\d+ lines of the transcript only\n$`));
		const recorded = readFileSync(record, 'utf8');
		expect(recorded.endsWith('\n')).toBe(true);
		const recording = parseRecording(recorded, record);
		expect(recording.cutShort).toBeUndefined();
		expect(recording.events.some(event => event.type === 'in')).toBe(true);
		// It says where it was cut, so that its replay ends there with a warning: not "not sent" for a message that went.
		expect(recording.events.at(-1)).toMatchObject({type: 'cut'});
		const {driver, server: replayServer} = replayOf(recording);
		const progress = await replayNext(driver, replayServer).finally(() => driver.destroy());
		expect(progress).toMatchObject({outcome: 'played'});
		expect(progress.failure).toBeUndefined();
		expect(driver.log.entries.filter(entry => entry.kind === 'error')).toEqual([]);
		expect(driver.log.entries.map(entry => entry.text)).toContain(CUT_NOTE);
		expect(readFileSync(transcript, 'utf8')).toMatch(/^=== .*\n$/s);
	});
});

describe("--transcript's format", () => {
	it("follows the file's extension when --transcript-format is not given", () => {
		const format = (transcript: string, extra: Record<string, unknown> = {}) => parseSendFlags({to: ['a@example.test'], transcript, ...extra}, {}).transcriptFormat;
		expect([format('s.md'), format('s.JSONL'), format('s.json'), format('s.txt'), format('s')]).toEqual(['md', 'json', 'json', 'text', 'text']);
		expect(format('s.md', {transcriptFormat: 'text'})).toBe('text');
	});
});

describe('--password on the command line', () => {
	it('is warned about to a person at a terminal (the process list shows it), not in a script', async () => {
		const warning = 'smtp-tui: warning: --password shows in the process list';
		const base = {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', quiet: true, user: 'demo', password: 'demo'};
		expect((await runInProcess(runSend, base, [], {terminal: true})).out).toContain(warning);
		expect((await runInProcess(runSend, base)).out).not.toContain(warning);
		expect((await runInProcess(runSend, {...base, password: undefined}, [], {terminal: true, env: {SMTP_PASSWORD: 'demo'}})).out).not.toContain(warning);
	});
});

describe("another user's file as an output", () => {
	it('is refused before anything is written, also through a symlink: it would keep their permissions', async () => {
		// As root, a file given away to nobody; as anyone else, a file root owns.
		let theirs = '/etc/passwd';
		if (process.getuid?.() === 0) {
			theirs = file('theirs.txt', 'precious');
			execFileSync('chown', ['65534', theirs]);
		}
		const before = readFileSync(theirs, 'utf8');
		await refused({transcript: theirs}, `--transcript ${theirs} belongs to another user: it would be overwritten, and keep their permissions`);
		const link = path.join(dir, 'theirs.lnk');
		symlinkSync(theirs, link);
		await refused({record: link}, `--record ${link} belongs to another user: it would be overwritten, and keep their permissions`);
		expect(readFileSync(theirs, 'utf8')).toBe(before);
	});
});

describe('a file with other names (hard links), as an output', () => {
	it('is refused before anything is written: rewriting it would change each of them (another user may have linked a file of yours there)', async () => {
		const yours = file('yours.txt', 'precious');
		const other = path.join(dir, 'other-name.txt');
		linkSync(yours, other);
		await refused({transcript: other}, `--transcript ${other} has other names (2 hard links): rewriting it would change the file under each of them`);
		expect(readFileSync(yours, 'utf8')).toBe('precious');
	});
});

describe("a link another user made, as an output", () => {
	it('is refused, also when it leads to your own file or nowhere yet; your own links and root\'s (/dev/stdout) are followed', async () => {
		const uid = BigInt(process.getuid!());
		const mine = file('mine.txt', 'mine');
		const own = path.join(dir, 'own.lnk');
		symlinkSync(mine, own);
		expect(plantedLink(own, uid)).toBe(false);
		expect(plantedLink('/dev/stdout', uid)).toBe(false);
		expect(plantedLink(mine, uid)).toBe(false);
		// Made by nobody: only root can give a link away, so as another user its own links stand in for theirs.
		const planted = path.join(dir, 'planted.lnk');
		const dangling = path.join(dir, 'dangling.lnk');
		symlinkSync(mine, planted);
		symlinkSync(path.join(dir, 'made-for-them.txt'), dangling);
		if (uid === 0n) {
			execFileSync('chown', ['-h', '65534', planted, dangling]);
			await refused({transcript: planted}, `--transcript ${planted} goes through a link another user made: writing through it would overwrite, or make, a file where they chose`);
			await refused({record: dangling}, `--record ${dangling} goes through a link another user made: writing through it would overwrite, or make, a file where they chose`);
			expect(readFileSync(mine, 'utf8')).toBe('mine');
			expect(existsSync(path.join(dir, 'made-for-them.txt'))).toBe(false);
			// Behind a link of your own (a chain), and as a folder on the path.
			const chain = path.join(dir, 'chain.lnk');
			symlinkSync(planted, chain);
			await refused({transcript: chain}, `--transcript ${chain} goes through a link another user made: writing through it would overwrite, or make, a file where they chose`);
			const folder = path.join(dir, 'their-folder.lnk');
			symlinkSync(dir, folder);
			execFileSync('chown', ['-h', '65534', folder]);
			expect(plantedLink(path.join(folder, 'new.txt'), uid)).toBe(true);
			expect(readFileSync(mine, 'utf8')).toBe('mine');
		} else {
			expect(plantedLink(planted, uid + 1n)).toBe(true);
		}
	});
});

describe('--json with --insecure', () => {
	const result = (out: string) => JSON.parse(out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;

	it('the result line says certificate verification was off, with and without -q', async () => {
		// STARTTLS with the test server's certificate, which nothing here trusts: it goes through only with --insecure.
		const loud = await send({starttls: true, insecure: true, json: true, quiet: false});
		expect(loud.code).toBe(0);
		expect(result(loud.out)).toMatchObject({type: 'result', ok: true, exitCode: 0, insecure: true});
		const quiet = await send({starttls: true, insecure: true, json: true});
		expect(quiet.out.trimEnd().split('\n')).toHaveLength(1);
		expect(result(quiet.out)).toMatchObject({type: 'result', ok: true, insecure: true});
	});

	it('with --ca too, a certificate that verifies says --insecure was not needed, not just "verified" under "OFF"', async () => {
		const ca = file('ca.pem', (await testCerts()).ca);
		const both = await send({starttls: true, insecure: true, ca, quiet: false});
		expect(both.code).toBe(0);
		expect(both.out).toContain('certificate verification is OFF (--insecure)');
		expect(both.out).toMatch(/^=== certificate verified: --insecure was not needed$/m);
		const trusted = await send({starttls: true, ca, quiet: false});
		expect(trusted.out).toMatch(/^=== certificate verified$/m);
		expect(trusted.out).not.toContain('--insecure');
	});

	it('a failure says it too; without --insecure there is no such field', async () => {
		const failed = await send({starttls: true, insecure: true, json: true, to: ['a@example.test'], port: '1'});
		expect(failed.code).toBe(2);
		expect(result(failed.out)).toMatchObject({ok: false, insecure: true});
		const verified = await send({json: true});
		expect(verified.code).toBe(0);
		expect(Object.keys(result(verified.out))).toEqual(['type', 'ok', 'exitCode', 'message', 'queued', 'messageId', 'tls', 'remote', 'local', 'recipients']);
	});
});
