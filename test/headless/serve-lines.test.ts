// `serve`'s output to a reader that does not read: log lines are dropped and counted past a limit, the lines of
// their own (ready, warnings, the stop) never, errors only much later.
import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {ServeLines} from '../../source/headless/serve-lines.js';
import {ServeOutput} from '../../source/headless/serve-output.js';
import {ServeTotals} from '../../source/headless/serve-totals.js';
import type {SandboxEvent} from '../../source/sandbox/events.js';
import {waitFor} from '../sandbox/helpers/wait.js';

/** A pipe's reader that takes nothing until `read()`: what was written waits in the stream, as on a full pipe. */
class StalledReader extends Writable {
	text = '';
	private reading = false;
	private held: Array<() => void> = [];

	override _write(chunk: Buffer, _encoding: string, done: () => void): void {
		this.text += String(chunk);
		if (this.reading) done();
		else this.held.push(done);
	}

	read(): void {
		this.reading = true;
		for (const done of this.held.splice(0)) done();
	}
}

const kib = 'x'.repeat(1024);

/** Adds and writes `count` lines of ~1 KiB. */
function fill(lines: ServeLines, count: number, kind: 'log' | 'error'): void {
	for (let n = 0; n < count; n++) {
		lines.add(`${kind} ${kib}`, kind);
		lines.flush();
	}
}

const counted = (text: string, kind: string) => text.split('\n').filter(line => line.startsWith(`${kind} x`)).length;

describe('serve output to a reader that does not read', () => {
	it('drops log lines past 1 MiB waiting, keeps errors and its own lines, and says how many went where they went', async () => {
		const stdout = new StalledReader();
		const lines = new ServeLines(stdout, count => `${count} dropped`);
		lines.add('ready', 'kept');
		fill(lines, 1500, 'log');
		expect(stdout.writableLength).toBeLessThan(1.1 * 1024 * 1024);
		lines.add('an error', 'error');
		lines.add('a warning', 'kept');
		lines.flush();
		stdout.read();
		await waitFor(() => stdout.text.includes(' dropped'), 'the count of dropped lines', 1000);
		const out = stdout.text.trimEnd().split('\n');
		const written = counted(stdout.text, 'log');
		expect(written).toBeGreaterThan(1000);
		expect(written).toBeLessThan(1100);
		expect(out[0]).toBe('ready');
		// The count stands in the gap: before the first line after it.
		expect(out.slice(-3)).toEqual([`${1500 - written} dropped`, 'an error', 'a warning']);
		// Read again, log lines are written again, and the count starts over.
		lines.add('log again', 'log');
		lines.flush();
		expect(stdout.text.endsWith('\na warning\nlog again\n')).toBe(true);
	});

	it('drops errors too past 8 MiB, so a flood of failing clients cannot fill the memory', () => {
		const stdout = new StalledReader();
		const lines = new ServeLines(stdout, count => `${count} dropped`);
		fill(lines, 2000, 'log');
		fill(lines, 10_000, 'error');
		// Lines of its own are never dropped.
		lines.add('stopped', 'kept');
		lines.reportDropped();
		lines.flush();
		stdout.read();
		const [logs, errors] = [counted(stdout.text, 'log'), counted(stdout.text, 'error')];
		expect(errors).toBeGreaterThan(7000);
		expect(errors).toBeLessThan(8000);
		// Each gap has its count: the log lines' before the first error, the errors' before the stop.
		expect(stdout.text).toContain(`\n${2000 - logs} dropped\nerror x`);
		expect(stdout.text.endsWith(`\n${10_000 - errors} dropped\nstopped\n`)).toBe(true);
	});

	it('with --json, counts them in a lines-dropped object, at the stop if the reader never read again', () => {
		const stdout = new StalledReader();
		const output = new ServeOutput({stdout, stderr: stdout, stdin: process.stdin, env: {}}, true);
		const totals = new ServeTotals();
		for (let id = 1; id <= 1500; id++) {
			const event: SandboxEvent = {type: 'accepted', session: 1, time: 0, remote: '127.0.0.1:1', id, size: 100, subject: kib, from: '', to: []};
			totals.count(event);
			output.event(event);
			output.flush();
		}
		output.stopped(totals);
		stdout.read();
		const objects = stdout.text.trimEnd().split('\n').map(line => JSON.parse(line) as {type: string; lines?: number});
		const accepted = objects.filter(object => object.type === 'accepted').length;
		expect(objects.slice(-2)).toEqual([
			{type: 'lines-dropped', lines: 1500 - accepted},
			// What the run did counts every message, logged or not.
			{type: 'stopped', sessions: 0, messages: 1500, bytes: 150_000, refused: 0},
		]);
	});
});
