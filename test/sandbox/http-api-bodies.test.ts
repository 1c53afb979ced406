// The HTTP API where a body is not in memory: let go by the memory budget (a 410 that says why, the list still
// naming the message by its envelope), read back from --save-dir, and served again, by the same ID, after a restart.
import {readdirSync, readlinkSync, renameSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import nodemailer from 'nodemailer';
import {afterEach, describe, expect, it} from 'vitest';
import {startHttpApi, type HttpApi} from '../../source/sandbox/http-api.js';
import {useTempDirs} from '../message/temp-dirs.js';
import {sandboxPerTest} from './helpers/sandbox.js';
import {startServe} from './helpers/serve-in-process.js';
import {waitFor} from './helpers/wait.js';

const start = sandboxPerTest();
const tempDir = useTempDirs('http-api-bodies');
const apis: HttpApi[] = [];

afterEach(async () => {
	await Promise.all(apis.splice(0).map(api => api.close()));
});

const send = (port: number, subject: string) =>
	nodemailer.createTransport({host: '127.0.0.1', port, ignoreTLS: true}).sendMail({from: 'app@example.test', to: 'anna@example.test', subject, text: `${subject} ${'x'.repeat(600)}`});

/** A sandbox keeping 1,000 bytes of bodies in memory, with its API. */
async function budgeted(saveDir?: string) {
	const sandbox = await start({keepBytes: 1000, starttls: false, ...(saveDir !== undefined && {saveDir})});
	const api = await startHttpApi(sandbox.mailbox, {host: '127.0.0.1', port: 0}, []);
	apis.push(api);
	const base = `http://127.0.0.1:${api.port}`;
	return {sandbox, base, get: async (path: string) => {
		const response = await fetch(base + path);
		return {status: response.status, body: (await response.json()) as Record<string, any>};
	}};
}

describe('HTTP API: bodies not in memory', () => {
	it('one let go by the memory budget, without a save folder: 410 saying why; the list still has it', async () => {
		const {sandbox, get} = await budgeted();
		await send(sandbox.port, 'first');
		await send(sandbox.port, 'second');
		const gone = await get('/api/v1/message/1');
		expect(gone.status).toBe(410);
		expect(gone.body.message).toMatch(/^the body of message 1 is no longer in memory: only the newest \S+ MiB of message bodies are kept in memory, and this sandbox saves nothing to disk/);
		const list = await get('/api/v1/messages');
		expect(list.body.messages.map((message: {ID: string; Subject: string}) => [message.ID, message.Subject])).toEqual([['2', 'second'], ['1', 'first']]);
		expect(list.body.messages[1]).toMatchObject({From: {Name: '', Address: 'app@example.test'}, To: [{Name: '', Address: 'anna@example.test'}], Attachments: 0});
		expect((await get('/api/v1/message/2')).status).toBe(200);
	});

	it('a list longer than the parses kept (200) still has what the parse of a message listed before gave, its body since let go', async () => {
		const {sandbox, get} = await budgeted();
		const transport = nodemailer.createTransport({host: '127.0.0.1', port: sandbox.port, ignoreTLS: true, pool: true});
		await transport.sendMail({from: 'App <app@example.test>', to: 'anna@example.test', cc: 'Support <support@example.test>', subject: 'first', text: 'hi', attachments: [{filename: 'a.txt', content: 'a'}]});
		const listed = {Cc: [{Name: 'Support', Address: 'support@example.test'}], Attachments: 1, From: {Name: 'App', Address: 'app@example.test'}};
		expect((await get('/api/v1/messages')).body.messages[0]).toMatchObject(listed);
		for (let index = 0; index < 200; index++) await transport.sendMail({from: 'app@example.test', to: 'bob@example.test', subject: `m${index}`, text: 'x'});
		transport.close();
		expect(sandbox.mailbox.get(1)).toBeUndefined();
		const {body} = await get('/api/v1/messages?limit=300');
		expect(body.messages).toHaveLength(201);
		expect(body.messages[200]).toMatchObject({ID: '1', ...listed});
	});

	it('with --save-dir it is read from its file', async () => {
		const {sandbox, get} = await budgeted(await tempDir());
		await send(sandbox.port, 'first');
		await send(sandbox.port, 'second');
		expect(sandbox.mailbox.get(1)).toBeUndefined();
		expect(await get('/api/v1/message/1')).toMatchObject({status: 200, body: {ID: '1', Subject: 'first', Text: expect.stringMatching(/^first x+\n?$/)}});
	});

	it("a client that leaves during a saved body's raw source: the file is closed, not held open waiting for it to read on", async () => {
		const saveDir = await tempDir();
		const {sandbox, base} = await budgeted(saveDir);
		await nodemailer.createTransport({host: '127.0.0.1', port: sandbox.port, ignoreTLS: true}).sendMail({from: 'app@example.test', to: 'anna@example.test', text: 'x'.repeat(8 * 1024 * 1024)});
		expect(sandbox.mailbox.get(1)).toBeUndefined();
		const file = path.join(saveDir, '1.eml');
		const openHere = () => readdirSync('/proc/self/fd').some(fd => {
			try {
				return readlinkSync(`/proc/self/fd/${fd}`) === file;
			} catch {
				return false;
			}
		});
		// Reads nothing of the body: the API's writes stop once the socket's buffers are full, then the client goes.
		await new Promise<void>((resolve, reject) => {
			const request = http.get(`${base}/api/v1/message/1/raw`, response => {
				response.pause();
				waitFor(openHere, 'the file opened').then(() => {
					request.destroy();
					resolve();
				}, reject);
			});
			request.on('error', () => undefined);
		});
		await waitFor(() => !openHere(), `${file} closed`);
	});

	it('a saved body that could not be read once (its file moved away a moment) is read again once it is back', async () => {
		const saveDir = await tempDir();
		const {sandbox, get} = await budgeted(saveDir);
		await send(sandbox.port, 'first');
		await send(sandbox.port, 'second');
		const file = path.join(saveDir, '1.eml');
		renameSync(file, `${file}.away`);
		expect((await get('/api/v1/message/1')).status).toBe(410);
		renameSync(`${file}.away`, file);
		expect(await get('/api/v1/message/1')).toMatchObject({status: 200, body: {ID: '1', Subject: 'first'}});
		expect((await get('/api/v1/messages')).body.messages[1]).toMatchObject({ID: '1', Snippet: expect.stringMatching(/^first x+$/)});
	});

	it('after a restart on the same --save-dir, the same IDs', async () => {
		const saveDir = await tempDir();
		const first = await startServe({http: '0', starttls: false, saveDir});
		await send(first.port, 'before the restart');
		expect(await first.stop()).toBe(0);
		const second = await startServe({http: '0', starttls: false, saveDir});
		const [, api] = await waitFor(() => /HTTP API on (http:\S+) /.exec(second.out()), 'the HTTP API line');
		const response = await fetch(`${api}/api/v1/message/1`);
		expect(await response.json()).toMatchObject({ID: '1', Subject: 'before the restart'});
		expect(await second.stop()).toBe(0);
	});
});
