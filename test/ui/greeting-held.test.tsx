// A greeting held back after its first line (Postfix postscreen: "220-" at once, "220 " 6 s later, recorded live):
// the dashboard's log shows the "220-" line while it waits and says why nothing happens yet; when the last line
// comes, the log holds the whole greeting once, in order.
import {describe, expect, it} from 'vitest';
import {KEYS} from './app-harness.js';
import {startRawServer} from '../helpers/raw-server.js';
import {loadFixture} from '../helpers/interop-fixture.js';
import {afterTest, startApp} from './wired-app.js';

const postscreen = loadFixture('postfix.txt').get("postscreen's first contact, recorded live")!;
const [FIRST, LAST] = postscreen.flatMap(step => ('server' in step ? [step.server] : [])).slice(0, 2) as [string, string];
/** Rows of the protocol log that show `line` received (the connection panel quotes the banner too). */
const count = (frame: string, line: string) => frame.split(`← ${line}`).length - 1;

/** The dashboard in presenter mode, `size` big, sending to a server that holds its greeting's last line until `release`. */
async function heldGreeting(size: {columns: number; rows: number}) {
	let release!: () => void;
	const released = new Promise<void>(resolve => (release = resolve));
	const server = await startRawServer(async peer => {
		peer.write(`${FIRST}\r\n`);
		await released;
		peer.write(`${LAST}\r\n`);
		await peer.readLine();
		peer.end('421 4.3.2 closing\r\n');
	});
	afterTest(() => server.close());
	// Released at the end, or the server's handler waits on after its close.
	afterTest(() => release());
	const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {init: {presenter: true}, size});
	await app.press(KEYS.ctrl('s'));
	return {app, release};
}

describe('a greeting held back after its first line', () => {
	it('shows the "220-" line while waiting, then the whole greeting once', async () => {
		const {app, release} = await heldGreeting({columns: 120, rows: 40});
		const waiting = await app.frame(f => f.includes(FIRST));
		expect(count(waiting, FIRST)).toBe(1);
		expect(waiting).not.toContain(LAST);
		// Presenter mode's next-step rows say why nothing happens yet.
		const held = await app.frame(f => /the greeting began, its last line held back/.test(f.replace(/\s+/g, ' ')));
		// The rail's caption agrees: not "greets us with 220" while the last line, the one with "220 ", is still to come.
		expect(held).toContain('STEP 2/11 greeting: its first line came (220-); the server holds back the rest');
		expect(held).not.toContain('greets us with 220');
		const received = () => app.controller.getSnapshot().session.log.filter(entry => entry.kind === 'received').map(entry => entry.text);
		expect(received()).toEqual([FIRST]);
		release();
		const greeted = await app.frame(f => f.includes(LAST));
		expect(count(greeted, FIRST)).toBe(1);
		expect(greeted).not.toContain('holds back the rest');
		expect(greeted.indexOf(`← ${FIRST}`)).toBeLessThan(greeted.indexOf(`← ${LAST}`));
		expect(received().slice(0, 2)).toEqual([FIRST, LAST]);
		expect(app.controller.getSnapshot().session.log.find(entry => entry.text === LAST)?.reply?.raw).toEqual([FIRST, LAST]);
	});

	// The next-step line has two rows: its advice ends whole ("wait for it"), never cut to fit.
	it.each([
		{columns: 80, rows: 24},
		{columns: 100, rows: 30},
	])('says why nothing happens in two whole rows at $columns columns', async size => {
		const {app} = await heldGreeting(size);
		const held = await app.frame(f => f.includes('now: the greeting began'));
		const lines = held.split('\n');
		const first = lines.findIndex(line => line.startsWith('now: the greeting began'));
		const rows = lines.slice(first, first + 2);
		expect(rows.join(' ')).toMatch(/Postfix's postscreen.*; wait for it$/);
		for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(size.columns);
		expect(rows.join(' ')).not.toContain('…');
	});
});
