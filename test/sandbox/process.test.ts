// `serve` as a real process: kill -9 right after a 250 loses nothing; a reader that does not read costs log lines,
// not memory; SIGTERM, SIGINT and SIGHUP stop it cleanly.
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {RawClient} from './helpers/raw-client.js';
import {killLeftovers, spawnServe} from './helpers/serve-process.js';
import {waitFor} from './helpers/wait.js';

afterEach(killLeftovers);

describe('serve as a process', () => {
	it('kill -9 right after the 250: every acknowledged message is complete on disk', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-kill-'));
		const served = await spawnServe({saveDir: dir});
		const client = await RawClient.connect(served.port);
		await client.reply();
		await client.command('EHLO killer.example');
		// Big enough that an unflushed write would show: 2 MB of numbered lines, one starting with a dot.
		const lines = Array.from({length: 40_000}, (_, n) => `line ${n} ${'x'.repeat(40)}`);
		lines[123] = '.dotted line';
		const body = `Subject: survive\r\n\r\n${lines.join('\r\n')}\r\n`;
		const wire = body.replace(/^\./gm, '..');
		const ids: number[] = [];
		for (let n = 0; n < 3; n++) {
			client.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
			for (let reply = 0; reply < 3; reply++) await client.reply();
			client.write(`${wire}.\r\n`);
			const accepted = await client.reply();
			expect(accepted.code).toBe(250);
			ids.push(Number(/queued as (\d+)/.exec(accepted.text)![1]));
		}
		// The moment the last 250 is read.
		served.child.kill('SIGKILL');
		expect(await served.exited).toEqual({code: null, signal: 'SIGKILL'});
		expect(ids).toEqual([1, 2, 3]);
		for (const id of ids) {
			expect(readFileSync(path.join(dir, `${id}.eml`), 'utf8')).toBe(body);
			expect(JSON.parse(readFileSync(path.join(dir, `${id}.json`), 'utf8'))).toMatchObject({id, to: ['b@example.com'], size: Buffer.byteLength(body)});
		}
		expect(readdirSync(dir).sort()).toEqual(['1.eml', '1.json', '2.eml', '2.json', '3.eml', '3.json']);

		// A new server on the same folder takes over the numbering.
		const next = await spawnServe({saveDir: dir});
		await waitFor(() => next.stdout().includes(`saving messages to ${dir} (3 there), the next is 4`), 'the save-dir line');
		next.child.kill('SIGTERM');
		expect((await next.exited).code).toBe(0);
	});

	it('stops as for a signal once its output is read no more (serve | grep -m1 accepted), with 421 to open sessions', async () => {
		const served = await spawnServe({});
		const client = await RawClient.connect(served.port);
		await client.reply();
		await client.command('EHLO idle.example');
		served.child.stdout!.destroy();
		// Node learns that the pipe is closed at its next write: the line another connection makes.
		const other = await RawClient.connect(served.port);
		expect(await client.reply()).toMatchObject({code: 421, text: '4.3.2 smtp-tui.localhost shutting down'});
		other.destroy();
		expect(await served.exited).toEqual({code: 0, signal: null});
		expect(served.stderr()).toBe('');
	});

	it('drops log lines, counted, while its output is not read (serve | sleep 120), and goes on taking mail', async () => {
		const served = await spawnServe({});
		await waitFor(() => served.stdout().includes('ready: pid'), 'the ready line');
		// The reader stops reading: the pipe and then the server's own buffer fill.
		served.child.stdout!.pause();
		// ~2.2 MB of log: an accepted line is ~1 KB with this subject.
		const subject = 'x'.repeat(900);
		const clients = 8;
		const each = 250;
		await Promise.all(
			Array.from({length: clients}, async () => {
				const client = await RawClient.connect(served.port);
				await client.reply();
				await client.command('EHLO flood.example');
				for (let n = 0; n < each; n++) {
					client.write('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n');
					for (let reply = 0; reply < 3; reply++) await client.reply();
					expect((await client.command(`Subject: ${subject}\r\n\r\nbody\r\n.`)).code).toBe(250);
				}
				client.end();
				await client.closedBy();
			}),
		);
		served.child.stdout!.resume();
		// A count stands where lines went missing, before the next line written: at the latest the stop's.
		served.child.kill('SIGTERM');
		expect(await served.exited).toEqual({code: 0, signal: null});
		const out = served.stdout();
		const counts = [...out.matchAll(/^([\d,]+) log lines dropped here: the reader of this output was not keeping up \(the mail was served as usual\)$/gm)];
		expect(counts.length).toBeGreaterThan(0);
		// What was held for the reader stayed near the limit (1 MiB), not the whole log.
		expect(counts[0]!.index).toBeLessThan(1.5 * 1024 * 1024);
		// Every event line was either written or counted: per session connect, EHLO, disconnect; per message MAIL, RCPT, accepted.
		const written = out.split('\n').filter(line => /^\d\d:\d\d:\d\d #\d+ /.test(line)).length;
		const counted = counts.reduce((sum, count) => sum + Number(count[1]!.replaceAll(',', '')), 0);
		expect(written + counted).toBe(clients * 3 + clients * each * 3);
		expect(out).toMatch(/^listening on /);
		const size = Buffer.byteLength(`Subject: ${subject}\r\n\r\nbody\r\n`);
		expect(out).toMatch(new RegExp(`\nstopped after 8 sessions: 2,000 messages accepted \\(${(2000 * size).toLocaleString('en-US')} bytes\\), 0 refusals\n$`));
	});

	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		it(`${signal} refuses open sessions with 421 4.3.2 and exits 0`, async () => {
			const served = await spawnServe({});
			const client = await RawClient.connect(served.port);
			await client.reply();
			await client.command('EHLO idle.example');
			served.child.kill(signal);
			expect(await client.reply()).toMatchObject({code: 421, text: '4.3.2 smtp-tui.localhost shutting down'});
			expect(await served.exited).toEqual({code: 0, signal: null});
			// The server's own 421 at shutdown refuses nothing the client asked for.
			expect(served.stdout()).toMatch(/closed the session at shutdown: 421 4\.3\.2 smtp-tui\.localhost shutting down\n.*disconnect\nstopped after 1 session: 0 messages accepted \(0 bytes\), 0 refusals\n$/);
			expect(served.stderr()).toBe('');
		});
	}

	it('Ctrl+Break (SIGBREAK, Windows) stops it as cleanly as Ctrl+C', async () => {
		// Linux has no SIGBREAK: a preload turns a SIGUSR2 into the event Node emits for it on Windows.
		const served = await spawnServe({}, {NODE_OPTIONS: `--require ${path.join(import.meta.dirname, 'helpers/usr2-as-break.cjs')}`});
		const client = await RawClient.connect(served.port);
		await client.reply();
		served.child.kill('SIGUSR2');
		expect(await client.reply()).toMatchObject({code: 421, text: '4.3.2 smtp-tui.localhost shutting down'});
		expect(await served.exited).toEqual({code: 0, signal: null});
		expect(served.stdout()).toMatch(/\nstopped after 1 session: 0 messages accepted \(0 bytes\), 0 refusals\n$/);
	});
});
