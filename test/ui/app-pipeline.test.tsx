// The dashboard started with --pipeline (TargetDefaults.pipeline): Ctrl+S sends MAIL, RCPT and DATA as one group to a
// server that offers PIPELINING (RFC 2920), and step mode offers that group, what it is and its lines, in one Enter.
import {describe, expect, it} from 'vitest';
import {greetAndEhlo, startRawServer} from '../helpers/raw-server.js';
import {KEYS} from './app-harness.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {afterTest, defaults, sandboxApp, sentLines, startApp} from './wired-app.js';

/** The frame's rows joined, so that a footer message wrapped over two rows reads as one. */
const plainRows = (frame: string) => frame.replaceAll(/\s*\n\s*/g, ' ');

const pipelining = {...defaults, pipeline: true};

describe('the dashboard with --pipeline', () => {
	it('auto mode: the server has MAIL, RCPT and DATA before it answers any; the log says they went in one write', async () => {
		const group: string[] = [];
		const server = await startRawServer(async peer => {
			await greetAndEhlo(peer);
			// Nothing is answered until DATA is in: a client that waits for MAIL's reply gets none, and its timeout ends it.
			while (group.at(-1) !== 'DATA') group.push(await peer.readLine());
			peer.write(`${group.map(line => (line === 'DATA' ? '354 go ahead' : '250 ok')).join('\r\n')}\r\n`);
			await peer.readData();
			peer.write('250 queued as G1\r\n');
		});
		afterTest(() => server.close());
		const app = startApp({host: '127.0.0.1', port: server.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, undefined, {defaults: pipelining, size: {columns: 120, rows: 40}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /queued as G1/.test(f));
		expect(group).toEqual(['MAIL FROM:<you@example.test>', 'RCPT TO:<friend@example.test>', 'DATA']);
		expect(app.controller.getSnapshot().session.log.map(entry => entry.text)).toContain('the 3 lines above went in one write (pipelining, RFC 2920): their replies come in the same order');
	});

	it('step mode at 80x24: the group is offered as what it is, a row a line, sent by one Enter; e says why it is not edited', async () => {
		const to = 'x@qa.test, y@qa.test, z@qa.test';
		const app = await sandboxApp({init: {mode: 'step', draft: {...SAMPLE_DRAFT, to}}, settings: {security: 'none', user: ''}, defaults: pipelining, size: {columns: 80, rows: 24}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => /about to send: EHLO client\.test/.test(f));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send 5 commands in one write \(pipelining\): MAIL, 3×RCPT, DATA/.test(f) && /RCPT TO:<x@qa\.test> {2}\+3 more/.test(f));
		expect(app.controller.getSnapshot().session.proposed?.group).toEqual([expect.stringMatching(/^MAIL FROM:<you@example\.test> SIZE=\d+$/), 'RCPT TO:<x@qa.test>', 'RCPT TO:<y@qa.test>', 'RCPT TO:<z@qa.test>', 'DATA']);
		await app.press('e');
		await app.frame(f => /e cannot edit a pipelined group: its 5 lines go in one write/.test(plainRows(f)));
		await app.press(KEYS.enter);
		await app.frame(f => /about to send: \(the message/.test(f));
		expect(sentLines(app.controller)).toEqual(['EHLO client.test', expect.stringMatching(/^MAIL FROM:<you@example\.test>/), 'RCPT TO:<x@qa.test>', 'RCPT TO:<y@qa.test>', 'RCPT TO:<z@qa.test>', 'DATA']);
		await app.press(KEYS.enter);
		await app.frame(f => /Inbox \(1\)/.test(f));
	});
});
