// A command (send, profile, ...) run in-process, as in a pipe: no terminal (unless `terminal`: stderr then says it
// is one, as for a person watching, of `columns` if given), stdout and stderr collected as one text.
import {Readable, Writable} from 'node:stream';
import type {CommandRun} from '../../source/headless/command.js';

export async function runInProcess(
	command: CommandRun,
	flags: Record<string, unknown>,
	args: string[] = [],
	options: {input?: Array<string | Buffer>; env?: NodeJS.ProcessEnv; terminal?: boolean | {columns?: number}} = {},
): Promise<{code: number; out: string}> {
	let out = '';
	const stdout = new Writable({
		write(chunk, _encoding, done) {
			out += String(chunk);
			done();
		},
	});
	const stdin = Object.assign(Readable.from(options.input ?? []), {isTTY: false});
	const stderr = options.terminal ? Object.assign(stdout, {isTTY: true}, options.terminal === true ? {} : options.terminal) : stdout;
	const code = await command(flags, args, {stdout, stderr, stdin, env: options.env ?? {}});
	return {code, out};
}
