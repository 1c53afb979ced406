// `serve`'s text log: client text is quoted and escaped in one style, the `\x1b` one the README names, never
// JSON's `\u001b` beside it.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {CommandIO} from '../../source/headless/command.js';
import {describeEvent, ServeOutput} from '../../source/headless/serve-output.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';

/** The text log line for one event, without its clock. */
function logLine(event: SandboxEvent): string {
	let out = '';
	const stdout = new PassThrough();
	stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	const io: CommandIO = {stdout, stderr: new PassThrough(), stdin: process.stdin, env: {}};
	const output = new ServeOutput(io, false);
	output.event(event);
	output.flush();
	return out.replace(/^\d\d:\d\d:\d\d /, '');
}

const accepted = (subject: string): SandboxEvent => ({type: 'accepted', session: 1, time: Date.now(), remote: '127.0.0.1:1', id: 7, size: 120, subject});

describe('serve log: a subject from the client', () => {
	it('escapes control, C1 and bidi characters in the \\x1b style, as the rest of the line', () => {
		const line = logLine(accepted('\u001b[2J\u001b[31mRED \u202egnp.exe \u009b0m\ttab'));
		expect(line).toBe('#1 accepted message 7 (120 bytes) "\\x1b[2J\\x1b[31mRED \\u202egnp.exe \\x9b0m\\x09tab"\n');
		expect(line).not.toContain('\\u001b');
		expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
	});

	it('escapes its quotes and backslashes, so the closing quote is the real one', () => {
		expect(describeEvent(accepted('say "hi" \\ bye'))).toBe('accepted message 7 (120 bytes) "say \\"hi\\" \\\\ bye"');
		expect(describeEvent(accepted(''))).toBe('accepted message 7 (120 bytes)');
	});
});
