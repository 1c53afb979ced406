// The footer's result of a send, at the widths a projector and a laptop give: one row beside the mode (a word
// wrapped onto a row of its own moved every panel down), and no key offered twice on it.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {StatusBar} from '../../source/ui/components/status-bar.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {greetUpToData, startRawServer} from '../helpers/raw-server.js';
import {afterTest, sandboxApp, startApp} from './wired-app.js';

const footerRow = (frame: string) => frame.split('\n').at(-1)!;

describe('the footer after a send', () => {
	for (const columns of [100, 80]) {
		it(`a queued message is "✔ queued as ID (250)", beside the mode on one row at ${columns} columns`, async () => {
			const app = await sandboxApp({settings: {security: 'none', user: ''}, size: {columns, rows: 30}});
			const before = await app.frame(f => / AUTO /.test(f));
			await app.press(KEYS.ctrl('s'));
			const after = await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued as \S+ \(250\)/.test(f));
			expect(footerRow(after)).toMatch(/^ AUTO .*✔ queued as \S+ \(250\)/);
			// No row of its own: the panels stay where they were.
			expect(after.split('\n').findIndex(row => /Protocol log/.test(row))).toBe(before.split('\n').findIndex(row => /Protocol log/.test(row)));
		});
	}

	it('a recipient refused: the refusal first, then the same short "✔ queued as ID (250)", its id never cut from its words', async () => {
		const app = await sandboxApp({init: {draft: {...SAMPLE_DRAFT, to: 'friend@example.test, nobody@example.test'}}, settings: {security: 'none', user: ''}, size: {columns: 80, rows: 30}});
		await app.frame(f => / AUTO /.test(f));
		await app.press(KEYS.ctrl('s'));
		const after = await app.frame(f => /Inbox \(1\)/.test(f) && /✔ queued as \S+ \(250\)/.test(f));
		expect(after).toMatch(/1 recipient refused \(nobody@example\.test: 550\); ✔ queued as \S+ \(250\)/);
	});

	it('a 250 and a 421 read in one go: the message was queued, and the footer says so with its own reply, not the 421', async () => {
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			peer.write('250 OK id=1abc-2\r\n421 4.3.2 closing now\r\n');
			peer.destroy();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {size: {columns: 100, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const frame = await app.frame(f => /closed/.test(f) && /queued/.test(footerRow(f)));
		expect(footerRow(frame)).toMatch(/✔ queued as 1abc-2 \(250\)/);
	});

	it('offers no key twice: a message that names Ctrl+S leaves out "Ctrl+S send"', () => {
		const frame = plain(render(<StatusBar context={{focus: 'composer', mode: 'step', editing: 'line'}} connection="closed" status="disconnected; Ctrl+S connects again" width={100} />).lastFrame());
		expect(frame).toContain('disconnected; Ctrl+S connects again');
		expect(frame.match(/Ctrl\+S/g)).toHaveLength(1);
		expect(frame).toMatch(/Ctrl\+G help$/);
	});
});

describe('the footer while a message goes', () => {
	it('says "preparing the message…" while a body of megabytes is built, and no more once it goes', async () => {
		const body = `${'x'.repeat(79)}\n`.repeat(13_000);
		const app = await sandboxApp({settings: {security: 'none', user: ''}, init: {draft: {...SAMPLE_DRAFT, body}}, size: {columns: 160, rows: 30}});
		const pressed = app.instance.frames.length;
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /✔ queued as/.test(footerRow(f)));
		const footers = app.instance.frames.slice(pressed).map(frame => footerRow(plain(frame)));
		const preparing = footers.findIndex(footer => footer.includes('preparing the message…'));
		expect(preparing).toBeGreaterThanOrEqual(0);
		// Said before the session starts, and gone once it has.
		expect(footers.slice(0, preparing).some(footer => /connect/.test(footer))).toBe(false);
		expect(footers.at(-1)).not.toContain('preparing');
		expect(app.sandbox.mailbox.list()).toHaveLength(1);
	});

	it('counts what has left of it, then, once nothing has for a while, the seconds of that against the limit', async () => {
		// Far more than loopback's socket buffers hold: the server never reads the message.
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-big-')), 'big.bin');
		writeFileSync(file, Buffer.alloc(12 * 1024 * 1024, 7));
		const server = await startRawServer(async peer => {
			await greetUpToData(peer);
			peer.socket.pause();
			await peer.closed();
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {draft: {...SAMPLE_DRAFT, attach: file}}, size: {columns: 160, rows: 30}});
		await app.press(KEYS.ctrl('s'));
		const going = footerRow(await app.frame(f => /sending the message: /.test(footerRow(f))));
		// Base64 makes the 12 MiB file some 16 MiB; the kernel takes a few of them before the server's buffers are full.
		const [, sent, size, percent] = /✔ connected, sending the message: (\d+\.\d) of (\d+\.\d) MiB \((\d+)%\)/.exec(going) ?? [];
		expect(Number(size), going).toBeGreaterThan(16);
		expect(Number(sent)).toBeLessThan(Number(size));
		expect(Number(percent)).toBe(Math.floor((Number(sent) / Number(size)) * 100));
		const stalled = footerRow(await app.frame(f => /no progress for [34]\/5 s/.test(footerRow(f))));
		expect(stalled).toMatch(/✔ connected, sending the message: \d+\.\d of \d+\.\d MiB \(\d+%\), no progress for [34]\/5 s/);
		// Then the limit: the message did not go.
		await app.frame(f => /nothing more of the message left this machine/.test(f));
	});

	it('where room is short, says the percentage and the stall alone, so Ctrl+C quit stays beside them', () => {
		const at = (width: number, seconds: number) =>
			plain(render(<StatusBar context={{focus: 'composer', mode: 'auto', editing: 'line', running: true}} connection="connected" busy sending={{sent: 1_258_291, size: 5_767_168}} waited={{what: 'the server to read the message', seconds, limitSeconds: 30}} width={width} />).lastFrame());
		expect(at(140, 1)).toContain(' ✔ connected, sending the message: 1.2 of 5.5 MiB (21%) ');
		expect(at(140, 7)).toContain(' ✔ connected, sending the message: 1.2 of 5.5 MiB (21%), no progress for 7/30 s ');
		const narrow = at(80, 7);
		expect(narrow).toContain(' ✔ connected, sending 21%, no progress 7/30 s ');
		expect(narrow).toMatch(/Ctrl\+C quit {2}Ctrl\+G help$/);
	});
});
