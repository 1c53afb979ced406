// `smtp-tui --dkim-key` (dist/cli.js) in a real pseudo-terminal, against the built-in sandbox: the connection panel says
// how messages are signed, Ctrl+S sends the sample message signed, and the key check asks the --dns server, which has
// the key.
import {generateKeyPairSync} from 'node:crypto';
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {recordToPublish} from '../../source/message/dkim-record.js';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';

const open = ptySessions();
const key = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-e2e-dkim-')), 'dkim.pem');
writeFileSync(keyFile, key.export({format: 'pem', type: 'pkcs8'}), {mode: 0o600});
const record = recordToPublish({key, algorithm: 'rsa-sha256', bits: 2048});
let dns: TestDnsServer;
beforeAll(async () => {
	dns = await startDnsServer({'s1._domainkey.example.test': {txt: [[record.slice(0, 250), record.slice(250)]]}});
});
afterAll(async () => dns.close());

describe('smtp-tui --dkim-key in a pseudo-terminal', () => {
	test('the panel says DKIM: d= s=; Ctrl+S sends the message signed, its key found in DNS', async () => {
		const session = open({args: ['--dkim-key', keyFile, '--dkim-selector', 's1', '--dns', dns.address], cols: 120, rows: 36});
		const first = await untilKeysWork(session);
		expect(first).toContain('DKIM: d=example.test s=s1 (rsa-sha256 2048)');
		session.press(KEY.ctrl('s'));
		await session.waitFor(text => text.includes('✔ queued') && text.includes('Inbox (1)'), 15_000, 'the message queued and in the inbox');
		expect(dns.queries.map(query => `${query.type} ${query.name}`)).toContain('TXT s1._domainkey.example.test');
		// No warning: the footer says the send alone.
		expect(session.screenText()).not.toContain('warning: DKIM');
	});
});
