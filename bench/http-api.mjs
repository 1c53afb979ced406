// bench/http-api: how soon a test has its app's mail, from the sandbox's 250 to the test holding the message: serve
// --http's long-poll wait (GET /api/smtp-tui/wait) against `inbox --save-dir DIR --wait`, which reads the folder every
// 100 ms, in the same run and on the same serve. Then what a list of 50 costs among 1,000 messages: first (each message
// parsed) and again (parsed already); and a list of all of them, more than the 200 whole parses kept, asked for again.
// Usage: node bench/http-api.mjs   (needs dist/cli.js: npm run bench builds it)
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline';
import nodemailer from 'nodemailer';
import {root, table, tmp} from './lib.mjs';

const rounds = 20;
/** Rounds first, not counted: the first message read loads the parser (mailparser), once per run. */
const warmUps = 2;
const cli = path.join(root, 'dist/cli.js');
const saveDir = mkdtempSync(path.join(tmp, 'http-api-'));
const env = {...process.env, SMTP_TUI_STATE_DIR: saveDir};

const server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--http', '0', '--no-starttls', '--save-dir', path.join(saveDir, 'mail'), '--keep', '2000', '--json'], {env, stdio: ['ignore', 'pipe', 'inherit']});
const started = {};
for await (const line of createInterface({input: server.stdout})) {
	const event = JSON.parse(line);
	if (event.type === 'listening') started.port = event.port;
	if (event.type === 'http') started.api = event.url;
	if (event.type === 'ready') break;
}
server.stdout.resume();
const transport = nodemailer.createTransport({host: '127.0.0.1', port: started.port, ignoreTLS: true, pool: true});
const send = subject => transport.sendMail({from: 'app@example.test', to: 'anna@example.test', subject, text: `Reset at https://app.test/reset/${subject}`});
const milliseconds = since => Number(process.hrtime.bigint() - since) / 1e6;
const median = values => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** 250 → the wait's answer, for each round. */
async function viaApi() {
	const times = [];
	for (let round = 0; round < warmUps + rounds; round++) {
		const subject = `api-${round}`;
		const answer = fetch(`${started.api}/api/smtp-tui/wait?match=${subject}&timeout=10`).then(response => response.json()).then(() => process.hrtime.bigint());
		await fetch(`${started.api}/api/v1/info`);
		await send(subject);
		const accepted = process.hrtime.bigint();
		times.push(Number((await answer) - accepted) / 1e6);
	}
	return times.slice(warmUps);
}

/** 250 → inbox --wait's line for it, inbox started (and its first read of the folder done) before the send. */
async function viaInboxWait() {
	const times = [];
	for (let round = 0; round < rounds; round++) {
		const subject = `inbox-${round}`;
		const child = spawn(process.execPath, [cli, 'inbox', '--save-dir', path.join(saveDir, 'mail'), '--wait', '1', '--match', subject, '--timeout', '10', '--json'], {env, stdio: ['ignore', 'pipe', 'inherit']});
		// Its process started and the folder read at least once: a Node start-up is not what is measured.
		await new Promise(resolve => setTimeout(resolve, 400));
		const line = once(child.stdout, 'data').then(() => process.hrtime.bigint());
		await send(subject);
		const accepted = process.hrtime.bigint();
		times.push(Number((await line) - accepted) / 1e6);
		await once(child, 'exit');
	}
	return times;
}

const api = await viaApi();
const inbox = await viaInboxWait();
for (let index = 0; index < 1000; index++) await send(`list-${index}`);
let since = process.hrtime.bigint();
await (await fetch(`${started.api}/api/v1/messages?limit=50`)).json();
const first = milliseconds(since);
since = process.hrtime.bigint();
await (await fetch(`${started.api}/api/v1/messages?limit=50`)).json();
const again = milliseconds(since);
await (await fetch(`${started.api}/api/v1/messages?limit=2000`)).json();
since = process.hrtime.bigint();
await (await fetch(`${started.api}/api/v1/messages?limit=2000`)).json();
const all = milliseconds(since);

transport.close();
server.kill('SIGTERM');
await once(server, 'exit');
rmSync(saveDir, {recursive: true, force: true});

const ms = value => `${value.toFixed(1)} ms`;
console.log(table([
	['from the 250 to the test holding the message', `median of ${rounds}`, 'slowest'],
	['serve --http, GET /api/smtp-tui/wait', ms(median([...api])), ms(Math.max(...api))],
	['inbox --save-dir --wait 1 --match (baseline)', ms(median([...inbox])), ms(Math.max(...inbox))],
]));
console.log(table([
	['GET /api/v1/messages?limit=50 of 1,042', 'time'],
	['first (50 messages parsed)', ms(first)],
	['again (parsed already)', ms(again)],
	['limit=2000 (all 1,042), again', ms(all)],
]));
