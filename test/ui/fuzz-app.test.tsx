// A cat on the keyboard of the wired dashboard (App, session controller, drafts) against a real sandbox, whose mail
// its inbox lists: random keys, pastes, terminal sequences and resizes, a send, then Ctrl+C twice. Every message
// that reached the sandbox is checked as it went on the wire (through a recording proxy): CRLF only, dots stuffed,
// lines of 998 octets at most, a header of fields; and the app always quits. A failure prints FUZZ_SEED and
// FUZZ_PATH to replay it.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {MODES, type Panel} from '../../source/ui/keys/bindings.js';
import {checkFuzz, FUZZ_TIMEOUT, errorTrap, fuzzStep, playSteps} from '../helpers/fuzz.js';
import {modeMissing} from '../helpers/fuzz-invariants.js';
import {dataPayloads, payloadProblem, recordingProxy, unstuffed, type Proxy} from '../helpers/wire-check.js';
import {plain} from '../helpers/wait-for.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';
import {fakeResolver} from '../transport/fake-resolver.js';
import {KEYS} from './app-harness.js';
import {startApp} from './wired-app.js';

let sandbox: TestSandbox;
let relay: Proxy;
const home = process.cwd();
beforeAll(async () => {
	// Inbox's s saves a message into the current folder: a folder of the test's own.
	process.chdir(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-fuzz-')));
	sandbox = await startTestSandbox();
	relay = await recordingProxy(sandbox.port);
});
afterAll(async () => {
	process.chdir(home);
	await relay.close();
	await sandbox.close();
});

// Keys that would reach the connection panel (whose Host the cat could turn into a name to look up) or quit: the
// focus stays out of the panel, so every connection goes to the proxy. The dashboard fuzz presses them. The focus
// starts in the mode's panel, the log or the inbox instead.
const AWAY = [KEYS.tab, KEYS.shiftTab, '\u001B[27;2;9~', KEYS.ctrl('k'), KEYS.ctrl('l'), KEYS.ctrl('c'), KEYS.ctrl('t')];
const toBody = Array.from({length: 7}, () => KEYS.down);

async function until(check: () => boolean, timeout: number): Promise<boolean> {
	const deadline = Date.now() + timeout;
	while (!check()) {
		if (Date.now() > deadline) return false;
		await new Promise(resolve => setTimeout(resolve, 10));
	}
	return true;
}

describe('the wired dashboard under random keys, against a real sandbox', () => {
	it('draws within the terminal, sends only well-formed messages, and quits on Ctrl+C twice', async () => {
		await checkFuzz(
			fc.asyncProperty(fc.constantFrom(...MODES), fc.constantFrom<Panel | undefined>(undefined, 'log', 'inbox'), fc.array(fuzzStep({without: AWAY, favour: [KEYS.ctrl('s'), KEYS.enter, KEYS.down, KEYS.up]}), {minLength: 1, maxLength: 25}), async (mode, focus, steps) => {
				const sentBefore = relay.clientBytes().length;
				const acceptedBefore = sandbox.events.filter(event => event.type === 'accepted').length;
				const size = {columns: 100, rows: 30};
				const app = startApp({host: '127.0.0.1', port: relay.port, security: 'none', user: '', password: '', ehlo: 'client.test'}, sandbox, {size, resolver: fakeResolver({}), init: {mode, ...(focus && {focus})}});
				const trap = errorTrap();
				trap.start();
				const lastFrame = () => app.instance.lastFrame();
				try {
					await app.frame(frame => frame.includes('Ctrl+G help'));
					await app.press(...toBody);
					await playSteps({press: app.press, resize: app.resize, lastFrame}, steps, size, trap.errors, now => modeMissing(lastFrame(), now));
					// One more send, then whatever it started is let finish before the wire is read.
					await app.press(KEYS.escape, KEYS.escape, KEYS.ctrl('s'));
					await until(() => app.controller.getSnapshot().session.busy, 300);
					// Step mode's prompt waits for Enter: a session that waits there is let be.
					await until(() => !app.controller.getSnapshot().session.busy || app.controller.getSnapshot().session.proposed !== undefined, 8000);
					const payloads = dataPayloads(relay.clientBytes().subarray(sentBefore));
					for (const [index, payload] of payloads.entries()) {
						const problem = payloadProblem(payload);
						if (problem) throw new Error(`message ${index + 1} of the run went out malformed: ${problem}\n${payload.toString('latin1').slice(0, 2000)}`);
					}
					// What the sandbox kept is what went, unstuffed: no dot lost, no line joined.
					const accepted = sandbox.events.filter(event => event.type === 'accepted').slice(acceptedBefore);
					const sent = new Set(payloads.map(payload => unstuffed(payload).toString('latin1')));
					for (const event of accepted) {
						const raw = (await sandbox.mailbox.read(event.id)).toString('latin1');
						if (!sent.has(raw)) throw new Error(`message ${event.id} was kept other than it went:\n${raw.slice(0, 2000)}`);
					}
					await app.press(KEYS.ctrl('c'), KEYS.ctrl('c'));
					if (!(await until(() => app.exits.length > 0, 5000))) throw new Error(`Ctrl+C twice did not end the app\nframe:\n${plain(lastFrame())}`);
					if (app.exits[0] !== 0) throw new Error(`quit exited ${app.exits[0]}`);
					if (trap.errors[0]) throw new Error(trap.errors[0]);
				} finally {
					trap.stop();
					app.instance.unmount();
					await app.controller.close();
				}
			}),
			5,
		);
	}, FUZZ_TIMEOUT);
});
