import {it, expect} from 'vitest';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pbkdf2Sync} from 'node:crypto';
import {runCli} from '../helpers/run-cli.js';
import {startRawServer} from '../helpers/raw-server.js';
import {scramServer, type ScramLogin} from '../helpers/scram-server.js';

it('record', async () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'rec-'));
	const seen: ScramLogin[] = [];
	const server = await startRawServer(scramServer({mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'pencil-Secret-42'}, seen));
	const env = {SMTP_PASSWORD: 'pencil-Secret-42', SMTP_TUI_STATE_DIR: dir, SMTP_TUI_CONFIG_DIR: dir};
	const r = await runCli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--from', 'a@b.test', '--to', 'c@d.test', '--body', 'hi', '--user', 'alice', '--record', `${dir}/r.jsonl`, '--transcript', `${dir}/t.md`, '--transcript-format', 'md'], {env});
	console.log(r.code, r.stderr);
	const files = readFileSync(`${dir}/r.jsonl`, 'utf8') + readFileSync(`${dir}/t.md`, 'utf8') + r.stdout;
	const final = Buffer.from(seen[0]!.lines[1]!, 'base64').toString();
	const proof = final.split(',p=')[1]!;
	const serverFirst = /r=[^,"]+,s=([^,"]+),i=(\d+)/.exec(files)!;
	const salted = pbkdf2Sync('pencil-Secret-42', Buffer.from(serverFirst[1]!, 'base64'), Number(serverFirst[2]), 32, 'sha256');
	for (const secret of ['pencil-Secret-42', seen[0]!.lines[1]!, proof, proof.slice(0, 12), salted.toString('base64'), salted.toString('hex'), Buffer.from('pencil-Secret-42').toString('base64')]) expect(files).not.toContain(secret);
	const p = await runCli(['replay', `${dir}/r.jsonl`, '--print'], {env});
	console.log(p.code, p.stdout.slice(0, 3000), p.stderr);
	const recorded = readFileSync(`${dir}/r.jsonl`, 'utf8');
	console.log(recorded.split('\n').filter(l => /AUTH|334|redact/.test(l)).join('\n'));
	await server.close();
});
