// FILE.lock of a --record FILE: the run that holds it records, another running one is named, and a lock whose
// process is gone (a crash, kill -9) is taken over rather than stopping every later recording.
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {bundleScript} from '../helpers/bundle-script.js';
import {bootTimeMs} from '../../source/message/lock-file.js';
import {lockRecording} from '../../source/session/recording-lock.js';
import {RecordingWriter, type RecordingLeft} from '../../source/session/recording.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-recording-lock-'));
const lockOf = (pid: number, host = os.hostname()) => `${JSON.stringify({pid, host, id: '0123456789abcdef'})}\n`;
// A pid that is surely gone: a child that has exited.
const gonePid = spawnSync(process.execPath, ['-e', '']).pid!;

describe('the lock of a recording', () => {
	it('is taken by the first run, and names it to another', () => {
		const file = path.join(dir, 'first.jsonl');
		expect(lockRecording(file)).toBeUndefined();
		expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({pid: process.pid, host: os.hostname()});
		const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
		try {
			const held = path.join(dir, 'held.jsonl');
			writeFileSync(`${held}.lock`, lockOf(other.pid!));
			expect(lockRecording(held)).toEqual({pid: other.pid});
			// Another machine's lock cannot be checked from here: held.
			const remote = path.join(dir, 'remote.jsonl');
			writeFileSync(`${remote}.lock`, lockOf(gonePid, 'another-host'));
			expect(lockRecording(remote)).toEqual({pid: gonePid, host: 'another-host'});
		} finally {
			other.kill();
		}
	});

	it('of many recordings in one process takes one exit listener, not one each, and all go at exit', async () => {
		lockRecording(path.join(dir, 'listeners-0.jsonl'));
		const listeners = process.listenerCount('exit');
		for (let index = 1; index <= 12; index++) expect(lockRecording(path.join(dir, `listeners-${index}.jsonl`))).toBeUndefined();
		expect(process.listenerCount('exit')).toBe(listeners);
		// A process that held two exits: both locks are gone.
		const script = path.join(dir, 'two-locks.mjs');
		await bundleScript(script, `
			import {lockRecording} from './recording-lock.ts';
			for (const name of ['exit-a.jsonl', 'exit-b.jsonl']) if (lockRecording(process.argv[2] + '/' + name) !== undefined) process.exit(1);
		`, path.join(path.dirname(fileURLToPath(import.meta.url)), '../../source/session'));
		expect(spawnSync(process.execPath, [script, dir]).status).toBe(0);
		expect(existsSync(path.join(dir, 'exit-a.jsonl.lock'))).toBe(false);
		expect(existsSync(path.join(dir, 'exit-b.jsonl.lock'))).toBe(false);
	});

	it('is none for a device (--record /dev/null), which two runs cannot mix: nothing is made in /dev', () => {
		expect(lockRecording('/dev/null')).toBeUndefined();
		expect(existsSync('/dev/null.lock')).toBe(false);
	});

	it('left by a process that is gone, is taken over', () => {
		const file = path.join(dir, 'stale.jsonl');
		writeFileSync(`${file}.lock`, lockOf(gonePid));
		expect(lockRecording(file)).toBeUndefined();
		expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({pid: process.pid});
		// One with no pid yet is being written: held, until it is too old for that (its writer died first).
		const empty = path.join(dir, 'empty.jsonl');
		writeFileSync(`${empty}.lock`, '');
		expect(lockRecording(empty)).toEqual({});
		utimesSync(`${empty}.lock`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
		expect(lockRecording(empty)).toBeUndefined();
	});

	it('written before this machine started, is taken over though its pid runs again (another program now)', () => {
		const file = path.join(dir, 'reboot.jsonl');
		const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
		try {
			writeFileSync(`${file}.lock`, lockOf(other.pid!));
			const beforeBoot = new Date(bootTimeMs()! - 60_000);
			utimesSync(`${file}.lock`, beforeBoot, beforeBoot);
			expect(lockRecording(file)).toBeUndefined();
			expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({pid: process.pid});
		} finally {
			other.kill();
		}
	});

	it('held by another run: the recording writes nothing, and says why', () => {
		const file = path.join(dir, 'shared.jsonl');
		const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
		try {
			writeFileSync(`${file}.lock`, lockOf(other.pid!));
			const stops: Array<[string, RecordingLeft]> = [];
			const writer = new RecordingWriter(file, {host: '127.0.0.1', port: 25, tls: 'auto'}, (error, left) => stops.push([(error as Error).message, left]));
			writer.record({direction: 'in', time: Date.now(), bytes: Buffer.from('220 ready\r\n'), tls: false});
			expect(stops).toEqual([[`another run records to it (pid ${other.pid}), as ${file}.lock says: delete that if no run does`, 'shared']]);
			expect(existsSync(file)).toBe(false);
			// Another machine's (a workspace shared with a container gone since): named, as only the user can tell.
			const remote = path.join(dir, 'shared-remote.jsonl');
			writeFileSync(`${remote}.lock`, lockOf(4711, 'ci-runner-7'));
			const remoteStops: string[] = [];
			new RecordingWriter(remote, {host: '127.0.0.1', port: 25, tls: 'auto'}, error => remoteStops.push((error as Error).message)).record({direction: 'in', time: Date.now(), bytes: Buffer.from('220 ready\r\n'), tls: false});
			expect(remoteStops).toEqual([`another run records to it (pid 4711 on ci-runner-7), as ${remote}.lock says: delete that if no run does`]);
		} finally {
			other.kill();
		}
	});
});
