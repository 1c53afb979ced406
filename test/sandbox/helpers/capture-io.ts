// A command's stdout and stderr, each collected as text (no terminal).
import {PassThrough} from 'node:stream';
import type {CommandIO} from '../../../source/headless/command.js';

export function captureIO() {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let err = '';
	stdout.on('data', chunk => (out += chunk));
	stderr.on('data', chunk => (err += chunk));
	const io: CommandIO = {stdout, stderr, stdin: process.stdin, env: {}};
	return {io, out: () => out, err: () => err};
}
