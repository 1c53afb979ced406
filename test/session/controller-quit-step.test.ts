// Step mode ends as it goes: QUIT is offered at the step prompt (after a queued message, or Ctrl+X: disconnect with `ask`), so it can be explained
// before it goes; Ctrl+C (close) never asks. Also: a stop at the message comes back once the connection is closed.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import type {RunResult} from '../../source/session/types.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';
import {shortMessage} from './driver-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function controllerAtSandbox(): Promise<{controller: SessionController; sandbox: TestSandbox}> {
	const sandbox = await startTestSandbox();
	cleanups.push(() => sandbox.close());
	const controller = new SessionController({host: '127.0.0.1', port: sandbox.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000, quit: 2000}});
	cleanups.push(() => controller.close());
	return {controller, sandbox};
}

const sent = (controller: SessionController) => controller.getSnapshot().session.log.filter(entry => entry.kind === 'sent').map(entry => entry.text);
const offered = (controller: SessionController) => controller.getSnapshot().session.proposed?.display;

/** A step session, each line confirmed as it is offered, to its end. */
async function stepRun(controller: SessionController): Promise<RunResult | undefined> {
	const run = controller.send(shortMessage, {step: true});
	let done = false;
	void run.finally(() => (done = true));
	while (!done) {
		await vi.waitFor(() => expect(done || offered(controller) !== undefined).toBe(true));
		const line = offered(controller);
		if (line === undefined) continue;
		controller.confirmStep();
		await vi.waitFor(() => expect(done || offered(controller) !== line).toBe(true));
	}
	return run;
}

describe('SessionController: QUIT as a step of its own (step mode)', () => {
	it('Ctrl+X while a step waits mid-session sends QUIT at once, and the log does not say the connection stays open', async () => {
		const {controller} = await controllerAtSandbox();
		const run = controller.send(shortMessage, {step: true});
		// Confirm up to the MAIL on offer.
		for (;;) {
			await vi.waitFor(() => expect(offered(controller)).toBeDefined());
			if (offered(controller)!.startsWith('MAIL')) break;
			const line = offered(controller);
			controller.confirmStep();
			await vi.waitFor(() => expect(offered(controller)).not.toBe(line));
		}
		await controller.disconnect({ask: true});
		await run;
		await vi.waitFor(() => expect(controller.getSnapshot().session.connection).not.toBe('connected'));
		expect(sent(controller).at(-1)).toBe('QUIT');
		const texts = controller.getSnapshot().session.log.map(entry => entry.text);
		expect(texts.some(text => text.includes('the connection stays open'))).toBe(false);
	});

	it('offers QUIT after a queued message; Enter sends it and the connection closes', async () => {
		const {controller} = await controllerAtSandbox();
		expect((await stepRun(controller))?.ok).toBe(true);
		const quit = controller.disconnect({ask: true});
		await vi.waitFor(() => expect(offered(controller)).toBe('QUIT'));
		// Fixed (nothing to edit in it), on the rail's QUIT step, and nothing sent before the Enter.
		expect(controller.getSnapshot().session.proposed).toMatchObject({fixed: true, step: 'quit'});
		expect(controller.getSnapshot().session.busy).toBe(true);
		expect(sent(controller)).not.toContain('QUIT');
		controller.confirmStep();
		await expect(quit).resolves.toBe('closed');
		expect(sent(controller).at(-1)).toBe('QUIT');
		expect(controller.getSnapshot().session).toMatchObject({connection: 'closed', busy: false});
		expect(controller.getSnapshot().session.steps.find(step => step.step === 'quit')?.status).toBe('done');
	});

	it('Esc at the offered QUIT keeps the connection open for the next message, and says so', async () => {
		const {controller, sandbox} = await controllerAtSandbox();
		await stepRun(controller);
		const quit = controller.disconnect({ask: true});
		await vi.waitFor(() => expect(offered(controller)).toBe('QUIT'));
		controller.stopStep();
		await expect(quit).resolves.toBe('kept');
		expect(controller.getSnapshot().session).toMatchObject({connection: 'connected', busy: false});
		expect(controller.getSnapshot().session.proposed).toBeUndefined();
		expect(sent(controller)).not.toContain('QUIT');
		expect(controller.getSnapshot().session.log.map(entry => entry.text)).toContain('stopped by the user before QUIT; the connection stays open');
		// The connection is still good for another message, and QUIT can be offered again.
		expect((await stepRun(controller))?.ok).toBe(true);
		await vi.waitFor(() => expect(sandbox.mailbox.list()).toHaveLength(2));
		const again = controller.disconnect({ask: true});
		await vi.waitFor(() => expect(offered(controller)).toBe('QUIT'));
		controller.confirmStep();
		await expect(again).resolves.toBe('closed');
	});

	it('Ctrl+C (close) while QUIT is offered sends it without asking again; without ask it goes at once', async () => {
		const {controller} = await controllerAtSandbox();
		await stepRun(controller);
		const quit = controller.disconnect({ask: true});
		await vi.waitFor(() => expect(offered(controller)).toBe('QUIT'));
		await controller.close();
		await expect(quit).resolves.toBe('closed');
		expect(sent(controller).at(-1)).toBe('QUIT');

		const {controller: other} = await controllerAtSandbox();
		await stepRun(other);
		await expect(other.disconnect()).resolves.toBe('closed');
		expect(sent(other).at(-1)).toBe('QUIT');
		expect(other.getSnapshot().session.connection).toBe('closed');
	});

	it('no session open or one still running: nothing is offered', async () => {
		const {controller} = await controllerAtSandbox();
		// Not connected: nothing to say goodbye to.
		await expect(controller.disconnect({ask: true})).resolves.toBe('closed');
		expect(offered(controller)).toBeUndefined();
		// A step waiting for its Enter: Ctrl+X ends the session there, as it always did.
		const run = controller.send(shortMessage, {step: true});
		await vi.waitFor(() => expect(offered(controller)).toMatch(/^EHLO/));
		await expect(controller.disconnect({ask: true})).resolves.toBe('closed');
		await run;
		expect(controller.getSnapshot().session.connection).toBe('closed');
	});

	it('offerQuit (the one step mode makes by itself) never sends QUIT unasked: nothing on a session not open and idle', async () => {
		const {controller} = await controllerAtSandbox();
		await expect(controller.offerQuit()).resolves.toBeUndefined();
		const run = controller.send(shortMessage, {step: true});
		await vi.waitFor(() => expect(offered(controller)).toMatch(/^EHLO/));
		await expect(controller.offerQuit()).resolves.toBeUndefined();
		expect(offered(controller)).toMatch(/^EHLO/);
		controller.stopStep();
		await run;
		expect(sent(controller)).not.toContain('QUIT');
	});

	it('withdrawQuit (Ctrl+S at the offer): the offer goes, not busy, and the next message runs on the same connection', async () => {
		const {controller, sandbox} = await controllerAtSandbox();
		await stepRun(controller);
		await expect(controller.withdrawQuit()).resolves.toBe(false);
		const quit = controller.offerQuit();
		await vi.waitFor(() => expect(offered(controller)).toBe('QUIT'));
		await expect(controller.withdrawQuit()).resolves.toBe(true);
		await expect(quit).resolves.toBe('withdrawn');
		expect(controller.getSnapshot().session).toMatchObject({connection: 'connected', busy: false});
		expect(controller.getSnapshot().session.log.map(entry => entry.text)).toContain('QUIT not sent: another message goes on this connection');
		expect((await stepRun(controller))?.ok).toBe(true);
		await vi.waitFor(() => expect(sandbox.mailbox.list()).toHaveLength(2));
		expect(sent(controller)).not.toContain('QUIT');
		expect(sent(controller).filter(line => line.startsWith('EHLO'))).toHaveLength(1);
	});

	it('Esc at the message: the run ends once the connection it dropped is closed', async () => {
		const {controller} = await controllerAtSandbox();
		const run = controller.send(shortMessage, {step: true});
		for (let line = offered(controller); !line?.startsWith('(the message'); line = offered(controller)) {
			if (line !== undefined) controller.confirmStep();
			await vi.waitFor(() => expect(offered(controller)).not.toBe(line));
		}
		controller.stopStep();
		expect(await run).toMatchObject({ok: false, message: 'stopped by the user'});
		// Read as the run ends, as the dashboard reads it for its footer: closed, not "connected" a moment longer.
		expect(controller.getSnapshot().session.connection).toBe('closed');
		expect(controller.getSnapshot().session.log.map(entry => entry.text)).toContain('stopped before the message: the connection is closed, since after 354 only a message may follow');
	});
});
