// The package as npx installs it: packed, installed into a project of its own with no network, and run from there.
// The bundle (dist/) carries all its code, so the package declares no dependencies and installs alone; a module
// the bundle failed to include would be missed here, where no node_modules of the repository's can be found.
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {KEY, ptySessions, root, untilKeysWork} from '../helpers/pty.js';
import {waitFor} from '../sandbox/helpers/wait.js';

const open = ptySessions();
// Kept for the whole file (a pty session's temp folders go after each test).
const home = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-package-'));
let app: string;
let bin: string;
const served: Array<ReturnType<typeof spawn>> = [];

const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {cwd, encoding: 'utf8', env: {...process.env, npm_config_offline: 'true'}});

beforeAll(() => {
	const packed = mkdtempSync(path.join(home, 'pack-'));
	// dist/ is built already (npm test builds first): --ignore-scripts skips prepack's second build.
	const [{filename}] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', packed], root)) as Array<{filename: string}>;
	app = mkdtempSync(path.join(home, 'app-'));
	writeFileSync(path.join(app, 'package.json'), '{"name": "app", "private": true}\n');
	npm(['install', path.join(packed, filename)], app);
	bin = path.join(app, 'node_modules/smtp-tui/dist/cli.js');
}, 120_000);

afterAll(() => {
	for (const child of served) child.kill('SIGKILL');
	rmSync(home, {recursive: true, force: true});
});

describe('the installed package', () => {
	test('installs alone: no dependencies, the bundle, the recordings and the licences of the code it bundles', () => {
		// No node_modules above the project: the installed bundle cannot borrow a module from the repository's.
		for (let folder = path.dirname(app); folder !== path.dirname(folder); folder = path.dirname(folder)) expect(existsSync(path.join(folder, 'node_modules')), folder).toBe(false);
		expect(readdirSync(path.join(app, 'node_modules')).filter(name => !name.startsWith('.'))).toEqual(['smtp-tui']);
		const installed = path.join(app, 'node_modules/smtp-tui');
		expect(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).dependencies).toBeUndefined();
		expect(readdirSync(path.join(installed, 'examples')).length).toBeGreaterThan(0);
		const notices = readFileSync(path.join(installed, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
		for (const name of ['ink', 'react', 'meow', 'nodemailer', 'smtp-server', 'mailparser', 'yoga-layout']) expect(notices).toMatch(new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+ \\(`, 'm'));
		expect(notices).toContain('Permission is hereby granted, free of charge');
		// A licence file named otherwise than LICENSE (emoji-regex ships LICENSE-MIT.txt) is found too.
		expect(notices).toMatch(/^emoji-regex@[\d.]+ \(MIT\)\n\nCopyright Mathias Bynens/m);
	});

	test('serve and send: a message with an attachment is accepted', async () => {
		const server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json'], {cwd: app, env: {...process.env, SMTP_TUI_STATE_DIR: mkdtempSync(path.join(home, 'state-'))}});
		served.push(server);
		let log = '';
		server.stdout.on('data', chunk => (log += chunk));
		await waitFor(() => log.includes('"ready"'), 'serve ready');
		const {port} = JSON.parse(log.split('\n').find(line => line.includes('"listening"'))!) as {port: number};
		writeFileSync(path.join(app, 'notes.txt'), 'café\n');
		const send = spawn(process.execPath, [bin, 'send', '--host', '127.0.0.1', '--port', String(port), '--insecure', '--to', 'friend@example.test', '--from', 'me@example.test', '--attach', 'notes.txt', '--quiet'], {cwd: app});
		let stderr = '';
		send.stderr.on('data', chunk => (stderr += chunk));
		const code = await new Promise(resolve => send.on('close', resolve));
		expect({code, stderr: stderr.replace(/^certificate.*\n/gm, '')}).toEqual({code: 0, stderr: ''});
		await waitFor(() => log.includes('"accepted"'), 'the accepted message');
	});

	test('the dashboard: Ctrl+S sends the sample, and the inbox opens it', async () => {
		const session = open({file: process.execPath, args: [bin]});
		await untilKeysWork(session);
		session.press(KEY.ctrl('s'));
		await session.waitForText('✔ queued');
		await session.waitForText('Inbox (1)');
		// composer → log → inbox: the message parsed and shown.
		session.press(KEY.tab, KEY.tab, KEY.enter);
		await session.waitForText('[headers]');
		session.press(KEY.ctrl('c'));
		expect(await session.waitForExit()).toMatchObject({code: 0});
	});
});
