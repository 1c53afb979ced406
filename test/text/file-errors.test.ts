// A file that cannot be read or written is named with the reason in words (a shared wording), not an errno code.
import {mkdirSync, mkdtempSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeFileError, describeWriteError, tildeMeant} from '../../source/text/file-errors.js';
import {runCli} from '../helpers/run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-file-errors-'));
const send = ['send', '--host', '127.0.0.1', '--port', '1', '--from', 'me@example.test', '--to', 'a@example.test'];

describe('file errors', () => {
	it('send --ca: a missing file, a folder', async () => {
		const missing = path.join(dir, 'nonexist.pem');
		const none = await runCli([...send, '--ca', missing]);
		expect(none.code).toBe(1);
		expect(none.stderr).toBe(`smtp-tui: --ca: cannot read ${missing}: no such file\n`);
		const folder = await runCli([...send, '--ca', dir]);
		expect(folder.stderr).toBe(`smtp-tui: --ca: cannot read ${dir}: that is a folder\n`);
	});

	it('a file used as a folder in a path names that file, for any flag that reads one (ENOTDIR)', async () => {
		const file = path.join(dir, 'plain.txt');
		writeFileSync(file, 'hi\n');
		const inWords = `${file} is a file, not a folder: check the path`;
		const data = await runCli([...send, '--data', `@${path.join(file, 'x')}`]);
		expect(data.code).toBe(1);
		expect(data.stderr).toBe(`smtp-tui: message file ${path.join(file, 'x')}: ${inWords}\n`);
		expect((await runCli([...send, '--ca', path.join(file, 'a', 'b.pem')])).stderr).toBe(`smtp-tui: --ca: cannot read ${path.join(file, 'a', 'b.pem')}: ${inWords}\n`);
		const error = Object.assign(new Error('ENOTDIR'), {code: 'ENOTDIR', path: path.join(file, 'x')});
		expect(describeFileError(error)).toBe(inWords);
		// No file found on the way (it went while we looked): the code still reads in words.
		expect(describeFileError(Object.assign(new Error('ENOTDIR'), {code: 'ENOTDIR'}))).toBe('a part of the path is a file, not a folder: check the path');
	});

	it('replay: a missing recording, a folder', async () => {
		const none = await runCli(['replay', 'nonexist.jsonl'], {cwd: dir});
		expect(none.code).toBe(1);
		expect(none.stderr).toMatch(/^smtp-tui: cannot read nonexist\.jsonl: no such file\nhint: bundled examples: /);
		const folder = await runCli(['replay', dir]);
		expect(folder.stderr).toMatch(/^smtp-tui: cannot read .*: that is a folder\n/);
	});

	it('send --transcript keeps its own words for a file to write', async () => {
		const file = path.join(dir, 'file');
		writeFileSync(file, '');
		const inFile = await runCli([...send, '--transcript', path.join(file, 't.txt')]);
		expect(inFile.stderr).toMatch(/--transcript: cannot write .*: a file is in the way of its folder$/m);
		const folder = await runCli([...send, '--transcript', dir]);
		expect(folder.stderr).toMatch(/--transcript: cannot write .*: that is a folder; give a file name$/m);
		// A link whose target's folder is missing: its own folder exists, so the link is named with where it leads.
		const link = path.join(dir, 'dangling.txt');
		symlinkSync(path.join(dir, 'gone', 't.txt'), link);
		const dangling = await runCli([...send, '--transcript', link]);
		expect(dangling.stderr).toBe(`smtp-tui: --transcript: cannot write ${link}: it is a link to ${path.join(dir, 'gone', 't.txt')}, and its folder does not exist\n`);
		expect((await runCli([...send, '--transcript', path.join(dir, 'gone', 't.txt')])).stderr).toMatch(/cannot write .*t\.txt: its folder does not exist$/m);
	});

	it('names permission errors in words, and an unknown code as it is', () => {
		const error = (code: string) => Object.assign(new Error(`${code}: failed`), {code});
		expect(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP'].map(code => describeFileError(error(code)))).toEqual([
			'no such file',
			'permission denied',
			'permission denied',
			'that is a folder',
			'ELOOP',
		]);
		expect(describeFileError(new Error('no code'))).toBe('no code');
	});

	it('a full disk, a quota or ulimit -f reads in words, for any file written (--transcript, --record, Ctrl+O)', () => {
		const error = (code: string) => Object.assign(new Error(`${code}: failed`), {code});
		expect(['ENOSPC', 'EDQUOT', 'EFBIG'].map(code => describeWriteError('/tmp/t.txt', error(code)))).toEqual([
			'no space left on the disk',
			'over the disk quota',
			'over the file size limit (ulimit -f)',
		]);
		expect(describeFileError(error('ENOSPC'))).toBe('no space left on the disk');
	});

	it('a name with U+FFFD that is not found: its bytes were not UTF-8 (Node decodes argv so), not "no such file"', () => {
		const enoent = (where?: string) => Object.assign(new Error('ENOENT'), {code: 'ENOENT', ...(where !== undefined && {path: where})});
		const notUtf8 = /^the file name is not valid UTF-8 \(U\+FFFD stands in for a byte of it\), and such a name cannot be passed to smtp-tui: rename it \(e\.g\. convmv -f latin1 -t utf-8 --notest NAME, or mv\)$/;
		expect(describeFileError(enoent(), '/tmp/Gr\uFFFD\uFFFDe.txt')).toMatch(notUtf8);
		// The path the error names serves when the caller gives none (the composer's --attach, --body @FILE, --data @FILE).
		expect(describeFileError(enoent('/tmp/Gr\uFFFD\uFFFDe.txt'))).toMatch(notUtf8);
		expect(describeFileError(enoent(), '/tmp/caf\uFFFD/notes.txt')).toMatch(/^a folder name in the path is not valid UTF-8 /);
		// Only for a name that is not found: a file that is there and cannot be read says why.
		expect(describeFileError(Object.assign(new Error('EACCES'), {code: 'EACCES'}), '/tmp/Gr\uFFFD\uFFFDe.txt')).toBe('permission denied');
		expect(describeFileError(enoent(), '/tmp/missing.txt')).toBe('no such file');
		// A file to write is made when missing: only its folder can be the name not found.
		expect(describeWriteError('/tmp/caf\uFFFD/t.txt', enoent())).toMatch(/^a folder name in the path is not valid UTF-8 /);
	});

	it('a ~ path that failed for another reason than "not found" (a folder named ~ made by mistake) keeps that reason: the home folder\'s file is offered only for a missing one', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-home-'));
		writeFileSync(path.join(home, 'ca.pem'), 'not read');
		const cwd = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-cwd-'));
		mkdirSync(path.join(cwd, '~', 'ca.pem'), {recursive: true});
		const ca = await runCli([...send, '--ca=~/ca.pem'], {cwd, env: {HOME: home}});
		expect(ca.stderr).toBe('smtp-tui: --ca: cannot read ~/ca.pem: that is a folder\n');
	});

	it('a ~ the shell left as it is (--ca=~/x, --attach=~/x, --body=@~/x): the file in the home folder is offered', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-home-'));
		writeFileSync(path.join(home, 'ca.pem'), 'not read');
		const env = {HOME: home};
		const hint = (meant: string) => `no such file; did you mean ${meant}? (the shell expands ~ only at the start of a word, not after "=" or "@": write $HOME instead)`;
		const ca = await runCli([...send, '--ca=~/ca.pem'], {cwd: dir, env});
		expect(ca.code).toBe(1);
		expect(ca.stderr).toBe(`smtp-tui: --ca: cannot read ~/ca.pem: ${hint(path.join(home, 'ca.pem'))}\n`);
		const body = await runCli([...send, '--body=@~/ca.pem'], {cwd: dir, env});
		expect(body.stderr).toContain(`body file ${path.join(dir, '~', 'ca.pem')}: ${hint(path.join(home, 'ca.pem'))}`);
		// Not there under the home folder either: plain "no such file", no guess.
		const none = await runCli([...send, '--attach=~/none.txt'], {cwd: dir, env});
		expect(none.stderr).toContain(`attachment ${path.join(dir, '~', 'none.txt')}: no such file\n`);
	});

	it('on Windows a ~ folder may be followed by either slash (~\\ca.pem, ~/ca.pem); elsewhere a backslash is part of a name', () => {
		const home = 'C:\\Users\\ann';
		expect(tildeMeant('~\\certs\\ca.pem', home, 'C:\\work', path.win32)).toBe('C:\\Users\\ann\\certs\\ca.pem');
		expect(tildeMeant('~/ca.pem', home, 'C:\\work', path.win32)).toBe('C:\\Users\\ann\\ca.pem');
		expect(tildeMeant('C:\\work\\~\\ca.pem', home, 'C:\\work', path.win32)).toBe('C:\\Users\\ann\\ca.pem');
		expect(tildeMeant('D:\\other\\~\\ca.pem', home, 'C:\\work', path.win32)).toBeUndefined();
		expect(tildeMeant('~\\ca.pem', '/home/ann', '/work', path.posix)).toBeUndefined();
	});
});
