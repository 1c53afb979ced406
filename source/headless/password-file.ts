// --password-file FILE: the password from a file (a secret Docker or Kubernetes mounts, systemd's LoadCredential=, a
// file of your own, or `<(pass show smtp)`), so that it is neither in the process list nor in the environment, which
// every program started from that shell inherits. Its first line is the password, as `pass` keeps it.
import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import {describeFileError} from '../text/file-errors.js';
import {UsageError} from './command.js';

/** More than any password or OAuth token: a file this long was given by mistake (a log, /dev/zero). */
const LIMIT = 64 * 1024;

const FLAG = '--password-file';

/** The byte order marks of UTF-16, little- and big-endian. */
const UTF16_BOM = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/** The password: FILE's first line, without its line end (LF or CRLF) or a byte order mark an editor put first. */
export function readPasswordFile(file: string): string {
	if (file.trim() === '') throw new UsageError(`${FLAG} is empty`, 'give the file that holds the password, or leave --password-file out');
	// Not standard input, as `--body -` is: a file of that name would be read, or none found.
	if (file === '-') throw new UsageError(`${FLAG} - is not standard input here`, 'to read the password from standard input, give --password-file /dev/stdin (./- names a file called "-")');
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch (error) {
		throw new UsageError(`${FLAG}: cannot read ${file}: ${describeFileError(error, file)}`, 'give a file you can read, with the password on its first line');
	}
	let bytes: Buffer;
	try {
		if (fstatSync(fd).isDirectory()) throw new UsageError(`${FLAG}: ${file} is a folder`, 'give the file that holds the password, on its first line');
		bytes = readUpTo(fd, LIMIT + 1);
	} catch (error) {
		if (error instanceof UsageError) throw error;
		throw new UsageError(`${FLAG}: cannot read ${file}: ${describeFileError(error, file)}`);
	} finally {
		closeSync(fd);
	}
	if (bytes.length > LIMIT) throw new UsageError(`${FLAG}: ${file} is over 64 KiB, which no password is`, 'give the file that holds the password, on its first line');
	// Said as the file's encoding, not as a NUL or a byte in the password: the user typed neither.
	if (UTF16_BOM.some(bom => bytes.subarray(0, 2).equals(bom))) {
		throw new UsageError(`${FLAG}: ${file} is UTF-16 text (as Windows PowerShell 5's > and Notepad's "Unicode" save it)`, 'save it as UTF-8 (PowerShell: Set-Content -Encoding utf8), or convert it: iconv -f utf-16 -t utf-8');
	}
	const password = /^[^\r\n]*/.exec(bytes.toString('utf8').replace(/^\uFEFF/, ''))![0];
	if (password === '') throw new UsageError(`${FLAG}: the first line of ${file} is empty`, 'put the password on the first line of the file (the lines after it are not read)');
	if (password.includes('\uFFFD')) throw new UsageError(`${FLAG}: the first line of ${file} is not UTF-8 (Latin-1?)`, 'save the file as UTF-8 (from Latin-1: iconv -f latin1 -t utf-8)');
	return password;
}

/** Up to `size` bytes: a pipe (`<(pass show smtp)`) gives them in pieces. */
function readUpTo(fd: number, size: number): Buffer {
	const buffer = Buffer.alloc(size);
	let length = 0;
	for (let read = -1; read !== 0 && length < size; length += read) read = readSync(fd, buffer, length, size - length, null);
	return buffer.subarray(0, length);
}

/** Whether `file` names standard input (what a pipe into smtp-tui gives). */
export const isStandardInput = (file: unknown) => typeof file === 'string' && ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'].includes(file);

/**
 * The terminal named as the file (/dev/tty, or standard input where `stdinIsTerminal`): what is typed would be echoed
 * there (the password left on the screen and in its scrollback), and nothing would ask for it. `hint`: the way to
 * type it masked.
 */
export function refuseTerminalInput(file: unknown, stdinIsTerminal: boolean, hint: string): void {
	if (file === '/dev/tty' || (stdinIsTerminal && isStandardInput(file))) throw new UsageError(`${FLAG} ${String(file)} reads the terminal, which would show the password as you type it`, hint);
}
