// `serve`'s text log for sandbox events, without the clocks.
import {PassThrough} from 'node:stream';
import type {CommandIO} from '../../source/headless/command.js';
import {ServeOutput} from '../../source/headless/serve-output.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';

export function serveLogLines(events: SandboxEvent[]): string[] {
	let out = '';
	const stdout = new PassThrough();
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	const io: CommandIO = {stdout, stderr: new PassThrough(), stdin: process.stdin, env: {}};
	const output = new ServeOutput(io, false);
	for (const event of events) output.event(event);
	output.flush();
	return out
		.trimEnd()
		.split('\n')
		.map(line => line.replace(/^\d\d:\d\d:\d\d /, ''));
}
