// Manual mode after AUTH: which typed lines are taken as credentials (redacted, masked while typed), against the sandbox.
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {sandboxPerTest} from '../sandbox/helpers/sandbox.js';

const startSandbox = sandboxPerTest();
const controllers: SessionController[] = [];
afterEach(async () => {
	await Promise.all(controllers.splice(0).map(controller => controller.close()));
});

async function manual() {
	const sandbox = await startSandbox();
	const controller = new SessionController({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000}});
	controllers.push(controller);
	const type = async (line: string) => {
		// remembers() runs as the key is handled, before the line is sent: as the dashboard calls them.
		controller.remembers(line);
		expect(await controller.sendLine(line)).toBeUndefined();
	};
	const sent = () => controller.getSnapshot().session.log.filter(entry => entry.kind === 'sent').map(entry => entry.text);
	const lastCode = () => controller.getSnapshot().session.log.filter(entry => entry.reply).at(-1)?.reply?.code;
	await type('EHLO client.test');
	return {controller, type, sent, lastCode};
}

describe('SessionController: lines typed after AUTH', () => {
	it('after a login refused with 535 (334s answered), lines are commands again: not masked, not redacted', async () => {
		const {controller, type, sent, lastCode} = await manual();
		await type('AUTH LOGIN');
		expect(lastCode()).toBe(334);
		expect(controller.getSnapshot()).toMatchObject({authAnswer: true, authRefused: false});
		await type('ZGVtbw==');
		await type('bm9wZQ==');
		expect(lastCode()).toBe(535);
		expect(controller.getSnapshot()).toMatchObject({authAnswer: false, authRefused: false});
		await type('hello there');
		expect(sent().slice(-3)).toEqual(['[redacted]', '[redacted]', 'hello there']);
	});

	it('after an exchange cancelled with "*" (501), lines are commands again', async () => {
		const {controller, type, sent, lastCode} = await manual();
		await type('AUTH LOGIN');
		await type('*');
		expect(lastCode()).toBe(501);
		expect(controller.getSnapshot()).toMatchObject({authAnswer: false, authRefused: false});
		await type('not a secret');
		expect(sent().at(-1)).toBe('not a secret');
	});

	it('after an AUTH refused before any challenge (503), a line that is no command is still a credential; a command is not', async () => {
		const {controller, type, sent, lastCode} = await manual();
		await type('AUTH PLAIN AGRlbW8AZGVtbw==');
		expect(lastCode()).toBe(235);
		await type('AUTH LOGIN');
		expect(lastCode()).toBe(503);
		expect(controller.getSnapshot()).toMatchObject({authAnswer: false, authRefused: true});
		await type('czNjcjN0');
		expect(sent().at(-1)).toBe('[redacted]');
		expect(controller.getSnapshot().authRefused).toBe(true);
		await type('MAIL FROM:<you@example.test>');
		expect(sent().at(-1)).toBe('MAIL FROM:<you@example.test>');
		expect(controller.getSnapshot()).toMatchObject({authAnswer: false, authRefused: false});
	});

	it('a disconnect while a 334 waits gives the login up with "*" first, then says QUIT and gets its 221 (the dashboard\'s quit)', async () => {
		const {controller, sent, lastCode, type} = await manual();
		await type('AUTH LOGIN');
		expect(controller.getSnapshot().authAnswer).toBe(true);
		await controller.disconnect({cause: 'user'});
		expect(sent().slice(-2)).toEqual(['*', 'QUIT']);
		expect(lastCode()).toBe(221);
	});
});
