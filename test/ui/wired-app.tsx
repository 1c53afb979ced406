// The wired dashboard (App + SessionController + driver + drafts) as the tests start it: against a real sandbox on
// loopback, or any target of the test's own.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {afterEach} from 'vitest';
import {DraftStore} from '../../source/message/drafts.js';
import {SessionController} from '../../source/session/controller.js';
import type {Resolver} from '../../source/transport/mx.js';
import {App} from '../../source/ui/app.js';
import {targetFor, type TargetDefaults} from '../../source/ui/panel-target.js';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import type {DashboardInit} from '../../source/ui/components/dashboard-state.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {closedPort} from '../transport/harness.js';
import {startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';
import {flushInput, waitForFrame} from '../helpers/wait-for.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the test, in reverse order of registration (apps before the servers they talk to). */
export function afterTest(cleanup: () => Promise<void> | void): void {
	cleanups.push(cleanup);
}

export const defaults: TargetDefaults = {timeouts: {connect: 5000, greeting: 5000, command: 5000, dataBlock: 5000, finalDot: 5000}};

export type AppOptions = {
	init?: Partial<DashboardInit>;
	resolver?: Resolver;
	/** Ctrl+F's sample: the draft given is then compared with it. */
	sample?: boolean;
	size?: {columns: number; rows: number};
	/** What the dashboard was started with (--ca, --timeout...). */
	defaults?: TargetDefaults;
	/** The draft store (default: a fresh one in the app's own folder). */
	drafts?: DraftStore;
	/** How long a new step line holds Enter back (default 0: the tests press as soon as a line shows). */
	stepLineSettleMs?: number;
	/** --lesson: the lesson whose panel is open from the start. */
	lesson?: number;
};

/** The dashboard aimed at `settings`; `sandbox` when that is the sandbox it started. */
export function startApp(settings: ConnectionSettings, sandbox: TestSandbox | undefined, options: AppOptions = {}) {
	const given = options.defaults ?? defaults;
	const controller = new SessionController(targetFor(settings, given, sandbox));
	afterTest(() => controller.close());
	const stateDir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-app-'));
	const drafts = options.drafts ?? new DraftStore({dir: stateDir, delayMs: 20});
	const exits: number[] = [];
	const element = (size: {columns: number; rows: number}) => (
		<App
			controller={controller}
			init={{connection: settings, draft: SAMPLE_DRAFT, timestamps: false, ...options.init}}
			defaults={given}
			{...(sandbox && {sandbox})}
			drafts={drafts}
			{...(options.sample && {sample: SAMPLE_DRAFT})}
			transcript={{format: 'md', dir: stateDir}}
			onExit={code => exits.push(code)}
			{...(options.resolver && {resolver: options.resolver})}
			size={size}
			stepLineSettleMs={options.stepLineSettleMs ?? 0}
			sessionFrameMs={0}
			{...(options.lesson !== undefined && {lesson: options.lesson})}
		/>
	);
	const instance = render(element(options.size ?? {columns: 120, rows: 40}));
	/** The terminal resized (the App's size given anew, as the runner's stdout would report it). */
	const resize = (size: {columns: number; rows: number}) => instance.rerender(element(size));
	afterTest(() => instance.unmount());
	const frame = (check: (frame: string) => boolean, timeout = 8000) => waitForFrame(instance.lastFrame, check, {timeout});
	const press = async (...chunks: string[]) => {
		for (const chunk of chunks) {
			instance.stdin.write(chunk);
			await flushInput();
		}
	};
	return {controller, sandbox, drafts, stateDir, exits, frame, press, resize, instance};
}

export type TestApp = ReturnType<typeof startApp>;

/** The dashboard against a fresh sandbox on loopback, logged in as its demo account unless `settings` says otherwise. */
export async function sandboxApp(options: AppOptions & {settings?: Partial<ConnectionSettings>; sandbox?: Parameters<typeof startTestSandbox>[0]} = {}): Promise<TestApp & {sandbox: TestSandbox}> {
	const sandbox = await startTestSandbox(options.sandbox);
	afterTest(() => sandbox.close());
	const settings: ConnectionSettings = {host: '127.0.0.1', port: sandbox.port, security: 'starttls', user: 'demo', password: 'demo', ehlo: 'client.test', ...options.settings};
	return {...startApp(settings, sandbox, options), sandbox};
}

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

/** A file holding `text` (a CA certificate, say), for the connection panel's CA file; its path. */
export function fileWith(text: string, name = 'ca.pem'): string {
	const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-file-')), name);
	writeFileSync(file, text);
	return file;
}

/** Settings for a port where nothing listens: the dashboard without a server behind it. */
export const nowhere = async (): Promise<ConnectionSettings> => ({host: '127.0.0.1', port: await closedPort(), security: 'none', user: '', password: '', ehlo: 'client.test'});

export const sentLines = (controller: SessionController) => controller.getSnapshot().session.log.filter(e => e.kind === 'sent').map(e => e.text);
