// A masked password prompt on the terminal. Only used when stdin is a TTY: never prompt a pipe.
import {Cancelled, type CommandIO} from './command.js';

export async function promptHidden(question: string, io: CommandIO): Promise<string> {
	const stdin = io.stdin as NodeJS.ReadStream;
	// Raw (no echo) before the question shows: a key typed as soon as it is seen is not echoed in clear.
	const wasRaw = stdin.isRaw;
	stdin.setRawMode?.(true);
	io.stderr.write(question);
	stdin.resume();
	let value = '';
	/**
	 * Ctrl+Z, a key in raw mode: stopped as a shell's job is (SIGTSTP), the terminal given back as it was; at `fg` the
	 * prompt comes again on a line of its own, with a star for each character already typed (they are kept). Sent to
	 * the process group, as the terminal sends it: run behind a wrapper (npx, a script), stopping only this process
	 * would leave the shell waiting on the wrapper, the terminal held by nobody.
	 */
	const suspend = () => {
		stdin.setRawMode?.(wasRaw ?? false);
		process.once('SIGCONT', () => {
			stdin.setRawMode?.(true);
			io.stderr.write(`${question}${'*'.repeat([...value].length)}`);
		});
		process.kill(0, 'SIGTSTP');
	};
	try {
		return await new Promise<string>((resolve, reject) => {
			const onData = (chunk: Buffer) => {
				for (const char of chunk.toString('utf8')) {
					if (char === '\r' || char === '\n') {
						stdin.off('data', onData);
						resolve(value);
						return;
					}
					if (char === '\u001A' && process.platform !== 'win32') {
						suspend();
						continue;
					}
					if (char === '\u0003') {
						stdin.off('data', onData);
						reject(new Cancelled('cancelled at the password prompt: nothing was sent'));
						return;
					}
					if (char === '\u007f' || char === '\b') {
						if (value.length > 0) {
							value = [...value].slice(0, -1).join('');
							io.stderr.write('\b \b');
						}
					} else if (char >= ' ') {
						value += char;
						io.stderr.write('*');
					}
				}
			};
			stdin.on('data', onData);
		});
	} finally {
		stdin.setRawMode?.(wasRaw ?? false);
		stdin.pause();
		io.stderr.write('\n');
	}
}
