// --save-dir folders written by other versions: an earlier version's records (test/fixtures/earlier-versions, as
// that version wrote them) are listed; a record of another shape (a newer version's, a hand edit, a file cut
// short) is skipped, named with why in one warning, and left on disk as it was, instead of failing the inbox.
import {cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {serve} from '../../source/headless/serve.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {readMessageRecord} from '../../source/sandbox/message-record.js';
import {captureIO} from './helpers/capture-io.js';
import {certificateDir, sandboxPerTest} from './helpers/sandbox.js';
import {waitFor} from './helpers/wait.js';

const start = sandboxPerTest();
const EARLIER = path.join(import.meta.dirname, '..', 'fixtures', 'earlier-versions', '2026-11-28', 'mail');

/** A save folder holding what the version of 28 November 2026 wrote (messages 1 and 2). */
function earlierFolder(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-saved-records-'));
	cpSync(EARLIER, dir, {recursive: true});
	return dir;
}

/** Adds message `id` with this `.json` text (and a copy of message 2's body). */
function addRecord(dir: string, id: number, json: string): void {
	writeFileSync(path.join(dir, `${id}.eml`), readFileSync(path.join(dir, '2.eml')));
	writeFileSync(path.join(dir, `${id}.json`), json);
}

const record2 = (dir: string) => JSON.parse(readFileSync(path.join(dir, '2.json'), 'utf8')) as Record<string, unknown>;

describe('a save folder of an earlier version', () => {
	it('lists its messages, with what that version recorded', async () => {
		const sandbox = await start({saveDir: earlierFolder()});
		expect(sandbox.mailbox.loaded).toEqual({count: 2, skipped: 0, found: 2});
		expect(sandbox.mailbox.record(2)).toMatchObject({subject: 'second', to: ['carol@example.test', 'dave@example.test'], session: {tls: {protocol: 'TLSv1.3'}, auth: {user: 'demo'}}});
		// That version read no From header at arrival: the row shows the envelope sender.
		expect(sandbox.mailbox.record(1)?.author).toBeUndefined();
	});
});

describe('records this smtp-tui cannot read', () => {
	it('are skipped (not listed half-read, which failed the inbox when drawn) and named, and left as they were', async () => {
		const dir = earlierFolder();
		const noSession = JSON.stringify({...record2(dir), id: 3, session: {}});
		const newerShape = JSON.stringify({...record2(dir), id: 4, envelope: {mailFrom: 'ann@example.test', rcptTo: 'carol@example.test'}});
		addRecord(dir, 3, noSession);
		addRecord(dir, 4, newerShape);
		addRecord(dir, 5, '');
		addRecord(dir, 6, '{"id":6,"fr');
		addRecord(dir, 7, '{"hello":"not ours"}');
		const before = readdirSync(dir).sort();

		const capture = captureIO();
		const options = parseServeFlags({port: '0', saveDir: dir}, []);
		options.settings.certificateDir = certificateDir;
		let stop!: () => void;
		const exit = serve(options, capture.io, new Promise<void>(resolve => (stop = resolve)));
		await waitFor(() => /ready/.test(capture.out()), 'the ready line');
		stop();
		expect(await exit).toBe(0);

		expect(capture.out()).toContain(`saving messages to ${dir} (7 there, 5 of them unreadable and skipped), the next is 8`);
		const file = (id: number) => path.join(dir, `${id}.json`);
		expect(capture.err()).toContain(
			`warning: 5 saved messages not listed, as their records are not one this smtp-tui reads: ${file(3)} (session.id is missing), ${file(4)} (envelope.mailFrom is not what smtp-tui writes there), ${file(5)} (it is empty), ${file(6)} (it is not valid JSON: `,
		);
		expect(capture.err()).toContain(`${file(7)} (its id is missing, not 7 as its name says); the files are left as they are (fix or move them away; new messages take the numbers after them)\n`);
		expect(readdirSync(dir).sort()).toEqual(before);
		expect(readFileSync(file(3), 'utf8')).toBe(noSession);
	});

	it('are named five at most, with how many more there are', async () => {
		const dir = earlierFolder();
		for (let id = 3; id <= 9; id++) addRecord(dir, id, 'not JSON');
		const sandbox = await start({saveDir: dir});
		expect(sandbox.mailbox.loaded).toEqual({count: 2, skipped: 7, found: 9});
		// The inbox's title counts what it can list: "Inbox (2)", not "newest 2 of 9".
		expect(sandbox.mailbox.total).toBe(2);
		expect(sandbox.mailbox.unreadable.map(entry => path.basename(entry.file))).toEqual(['3.json', '4.json', '5.json', '6.json', '7.json']);
	});

	it('name the first field that is wrong, down to the session and the envelope', () => {
		const dir = earlierFolder();
		const good = record2(dir);
		expect(readMessageRecord(good, 2)).toMatchObject({id: 2, subject: 'second'});
		const session = good.session as Record<string, unknown>;
		expect(readMessageRecord({...good, session: {...session, remote: 7}}, 2)).toEqual({why: 'session.remote is not what smtp-tui writes there'});
		expect(readMessageRecord({...good, session: {...session, tls: true}}, 2)).toEqual({why: 'session.tls is not what smtp-tui writes there'});
		expect(readMessageRecord({...good, envelope: {...(good.envelope as object), rcptTo: [{address: 'a@b'}]}}, 2)).toEqual({why: 'envelope.rcptTo is not what smtp-tui writes there'});
		expect(readMessageRecord([good], 2)).toEqual({why: 'it is not a message record (not a JSON object)'});
		// Well-formed optional fields of later versions are kept; a wrong one is dropped, not fatal.
		expect(readMessageRecord({...good, html: true, author: {address: 'ann@example.test', name: 'Ann'}}, 2)).toMatchObject({html: true, author: {address: 'ann@example.test', name: 'Ann'}});
		expect(readMessageRecord({...good, html: 'yes', author: 5}, 2)).not.toHaveProperty('html');
	});
});
