// The wired App (controller, driver, drafts) for the tests of single fixes: as test/ui/app.test.tsx starts it.
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {afterEach} from 'vitest';
import {DraftStore} from '../../source/message/drafts.js';
import {SessionController} from '../../source/session/controller.js';
import {App, targetFor, type TargetDefaults} from '../../source/ui/app.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import type {DashboardInit} from '../../source/ui/components/dashboard-state.js';
import {SAMPLE_DRAFT} from '../../source/ui/run-dashboard.js';
import {startTestSandbox} from '../sandbox/helpers/sandbox.js';
import {flushInput, waitForFrame} from '../helpers/wait-for.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const defaults: TargetDefaults = {timeouts: {connect: 5000, greeting: 5000, command: 5000, dataBlock: 5000, finalDot: 5000}};

export type AppOptions = {
	init?: Partial<DashboardInit>;
	settings?: Partial<ConnectionSettings>;
	size?: {columns: number; rows: number};
	/** Ctrl+F's sample: the draft given is then compared with it. */
	sample?: boolean;
	drafts?: DraftStore;
};

/** The dashboard against a fresh sandbox on loopback. */
export async function sandboxApp(options: AppOptions = {}) {
	const sandbox = await startTestSandbox();
	cleanups.push(() => sandbox.close());
	const settings: ConnectionSettings = {host: '127.0.0.1', port: sandbox.port, security: 'starttls', user: 'demo', password: 'demo', ehlo: 'client.test', ...options.settings};
	const controller = new SessionController(targetFor(settings, defaults, sandbox));
	cleanups.push(() => controller.close());
	const stateDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-app-fixes-'));
	const drafts = options.drafts ?? new DraftStore({dir: stateDir, delayMs: 20});
	const instance = render(
		<App
			controller={controller}
			init={{connection: settings, draft: SAMPLE_DRAFT, timestamps: false, ...options.init}}
			defaults={defaults}
			sandbox={sandbox}
			drafts={drafts}
			{...(options.sample && {sample: SAMPLE_DRAFT})}
			transcript={{format: 'md', dir: stateDir}}
			onExit={() => undefined}
			size={options.size ?? {columns: 120, rows: 40}}
		/>,
	);
	cleanups.push(() => instance.unmount());
	const frame = (check: (frame: string) => boolean, timeout = 8000) => waitForFrame(instance.lastFrame, check, {timeout});
	const press = async (...chunks: string[]) => {
		for (const chunk of chunks) {
			instance.stdin.write(chunk);
			await flushInput();
		}
	};
	const footer = () => waitForFrame(instance.lastFrame, () => true).then(text => text.split('\n').slice(-2).join('\n'));
	return {controller, sandbox, drafts, stateDir, frame, press, footer, instance};
}

export type TestApp = Awaited<ReturnType<typeof sandboxApp>>;

/** Manual mode: types each line and waits for its reply. */
export async function typeCommands(app: TestApp, lines: string[]): Promise<void> {
	for (const line of lines) {
		const before = app.controller.getSnapshot().session.logTotal;
		await app.press(line, '\r');
		await app.frame(() => {
			const snapshot = app.controller.getSnapshot();
			return snapshot.linesWaiting === 0 && !snapshot.session.busy && snapshot.session.log.some(entry => entry.reply !== undefined && entry.id > before);
		});
	}
}

export const sentLines = (controller: SessionController) => controller.getSnapshot().session.log.filter(e => e.kind === 'sent').map(e => e.text);
