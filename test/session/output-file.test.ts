// OutputFile.endWith on a file that can take no more (ulimit -f stands in for a full disk): the closing line goes
// after what the file keeps, or, with no room for it, in place of the lines last written, never of the first ones.
// And two writers of one file: the second's lines are kept whole.
import {execFileSync} from 'node:child_process';
import {chownSync, lchownSync, linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {bundleScript} from '../helpers/bundle-script.js';
import {OutputFile} from '../../source/session/output-file.js';
import {NOBODY, needsRoot} from '../helpers/as-user.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-output-file-'));

/**
 * Writes `first` (as many bytes as the file may hold, less `room`: a header to keep), a `second` line of `last`
 * bytes (none for 0), then a line that cannot go; then endWith. The file, and whether the line went.
 */
async function filledUp(room: number, last: number): Promise<{went: boolean; text: string; first: string; second: string}> {
	const script = path.join(dir, `fill-${room}-${last}.mjs`);
	await bundleScript(
		script,
		`
			import {closeSync, openSync, writeSync} from 'node:fs';
			import {OutputFile} from './output-file.ts';
			const [file, probe, room, last] = process.argv.slice(2);
			// The limit in bytes: ulimit -f counts blocks of 512 or 1024 bytes, as the shell has it.
			const fd = openSync(probe, 'w');
			const limit = writeSync(fd, Buffer.alloc(8192));
			closeSync(fd);
			const line = (bytes, letter) => letter.repeat(bytes - 1) + '\\n';
			const first = line(limit - Number(room) - Number(last), 'h');
			const second = Number(last) > 0 ? line(Number(last), 's') : '';
			const output = new OutputFile(file);
			output.write(first);
			if (second !== '') output.write(second);
			try {
				output.write(line(200, 'x'));
			} catch {
				// The file is full: cut back to its last whole line.
			}
			process.stdout.write(JSON.stringify({went: output.endWith('{"type":"cut"}\\n', first.length), first, second}));
		`,
		path.join(path.dirname(fileURLToPath(import.meta.url)), '../../source/session'),
	);
	const file = path.join(dir, `filled-${room}-${last}.txt`);
	const out = execFileSync('sh', ['-c', 'ulimit -f 1 && exec "$0" "$@"', process.execPath, script, file, path.join(dir, 'probe'), String(room), String(last)], {encoding: 'utf8'});
	return {...(JSON.parse(out) as {went: boolean; first: string; second: string}), text: readFileSync(file, 'utf8')};
}

describe.skipIf(process.platform === 'win32')('OutputFile.endWith on a full file', () => {
	it('goes after the last whole line when there is room for it', async () => {
		const {went, text, first, second} = await filledUp(40, 100);
		expect(went).toBe(true);
		expect(text).toBe(`${first}${second}{"type":"cut"}\n`);
	});

	it('with no room, takes the place of the lines last written', async () => {
		const {went, text, first} = await filledUp(5, 100);
		expect(went).toBe(true);
		expect(text).toBe(`${first}{"type":"cut"}\n`);
	});

	it('never takes the place of the lines it must keep: without room, the file stays as it was cut back', async () => {
		const {went, text, first} = await filledUp(5, 0);
		expect(went).toBe(false);
		expect(text).toBe(first);
	});
});

describe('two writers of one file (two runs given the same --record FILE)', () => {
	it('the one whose file the other wrote meanwhile stops, and leaves the other\'s lines whole', () => {
		const file = path.join(dir, 'shared.jsonl');
		const first = new OutputFile(file);
		const second = new OutputFile(file);
		first.write('first 1, a long line\nfirst 2, a long line\n');
		second.write('second 1\n');
		expect(() => first.write('first 3\n')).toThrow('another program changed it meanwhile (another run given the same file?)');
		expect(first.shared).toBe(true);
		// Not cut back, nor marked: the file is the other's now.
		expect(first.endWith('cut\n', 0)).toBe(false);
		second.write('second 2\n');
		first.close();
		second.close();
		expect(readFileSync(file, 'utf8')).toBe('second 1\nsecond 2\n');
		expect(second.shared).toBe(false);
	});
});

describe('a hard link made after the flags were checked', () => {
	it('is not written over: the file it names elsewhere (a file of yours, say) stays as it was', () => {
		const yours = path.join(dir, 'yours.txt');
		writeFileSync(yours, 'kept\n');
		const planted = path.join(dir, 'hard-linked.txt');
		linkSync(yours, planted);
		const output = new OutputFile(planted);
		expect(() => output.write('=== transcript\n')).toThrow('it now has other names (hard links), one of which may be a file of yours: not written over');
		output.close();
		expect(readFileSync(yours, 'utf8')).toBe('kept\n');
	});
});

describe('a file planted after the flags were checked (the session ran meanwhile), checked again as it is opened', () => {
	// Run as root here, to make another user's link and file; without fs.protected_symlinks (macOS) they work in /tmp.
	needsRoot();

	/** A link of nobody's to a file of yours, or a file of nobody's: planted at `file`; the file that must stay as it was. */
	const plant: Record<string, (file: string) => string> = {
		link(file) {
			const precious = `${file}.precious`;
			writeFileSync(precious, 'kept\n');
			symlinkSync(precious, file);
			lchownSync(file, NOBODY, NOBODY);
			return precious;
		},
		file(file) {
			writeFileSync(file, 'kept\n', {mode: 0o666});
			chownSync(file, NOBODY, NOBODY);
			return file;
		},
	};

	it.each([
		['link', 'it is now a link another user made, which leads where they chose: not written through'],
		['file', "it is now a file of another user's, which would keep their permissions: not written over"],
	])('a %s another user made is not written through or over: what it holds or leads to stays as it was', (kind, refusal) => {
		const planted = path.join(dir, `planted-${kind}.txt`);
		const kept = plant[kind]!(planted);
		const output = new OutputFile(planted);
		expect(() => output.write('=== transcript\n')).toThrow(refusal);
		output.close();
		expect(readFileSync(kept, 'utf8')).toBe('kept\n');
	});

	it('your own link is followed, as before', () => {
		const target = path.join(dir, 'own-target.txt');
		writeFileSync(target, 'old\n');
		const link = path.join(dir, 'own-link.txt');
		symlinkSync(target, link);
		const output = new OutputFile(link);
		output.write('new\n');
		output.close();
		expect(readFileSync(target, 'utf8')).toBe('new\n');
	});
});
