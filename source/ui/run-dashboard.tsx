// The bare `smtp-tui` command: start the sandbox (unless a host is given), open the dashboard full screen, and
// leave the terminal clean on every way out.
import React from 'react';
import process from 'node:process';
import {render} from 'ink';
import {UsageError, type CommandRun} from '../headless/command.js';
import {applyProfile} from '../headless/profile-flags.js';
import {parseConnectionFlags, TRANSCRIPT_FORMATS} from '../headless/send-options.js';
import {DraftStore} from '../message/drafts.js';
import {startSandbox, type Sandbox} from '../sandbox/server.js';
import {SessionController} from '../session/controller.js';
import {timeoutsFromSeconds} from '../session/driver.js';
import {App, targetFor, type TargetDefaults} from './app.js';
import type {ComposerDraft} from './components/composer-form.js';
import type {ConnectionSettings} from './components/connection-form.js';
import {MODES, type Mode} from './keys/bindings.js';
import {composerFromDraft} from './outgoing.js';
import {enterFullScreen} from './terminal.js';
import type {TranscriptFormat} from '../headless/transcript.js';

export const SAMPLE_DRAFT: ComposerDraft = {
	from: 'you@example.test',
	to: 'friend@example.test',
	subject: 'Hello from smtp-tui',
	body: [
		'Hi!',
		'',
		'This goes to the built-in sandbox:',
		'nothing leaves this machine.',
		'',
		'Ctrl+S sends it: watch each SMTP step.',
		'Ctrl+T switches mode (auto/step/manual).',
		'Ctrl+G lists every key.',
	].join('\n'),
};

export const runDashboard: CommandRun = async (given, _input, io) => {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError(
			'the dashboard needs a terminal (stdin and stdout must be a TTY)',
			'for scripts and pipes use "smtp-tui send" (see smtp-tui send --help)',
		);
	}
	const flags = await applyProfile(given, io.env);
	const mode = (flags.mode === undefined ? 'auto' : String(flags.mode)) as Mode;
	if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, not "${mode}"`);
	const format = (flags.transcriptFormat === undefined ? 'text' : String(flags.transcriptFormat)) as TranscriptFormat;
	if (!TRANSCRIPT_FORMATS.includes(format)) throw new UsageError(`--transcript-format must be one of ${TRANSCRIPT_FORMATS.join(', ')}, not "${format}"`);
	const connection = parseConnectionFlags(flags, io.env);
	const defaults: TargetDefaults = {
		...(connection.ca !== undefined && {ca: connection.ca}),
		...(connection.insecure && {insecure: true}),
		...(connection.allowPlaintextAuth && {allowPlaintextAuth: true}),
		timeouts: timeoutsFromSeconds(connection.timeoutSeconds),
	};

	let sandbox: Sandbox | undefined;
	let settings: ConnectionSettings;
	if (connection.host === undefined) {
		sandbox = await startSandbox({port: 0, listen: '127.0.0.1'});
		settings = {host: '127.0.0.1', port: sandbox.listeners[0]!.port, security: 'starttls', user: 'demo', password: 'demo', ehlo: connection.ehloName};
	} else {
		settings = {
			host: connection.host,
			port: connection.port,
			security: connection.tls === 'auto' ? 'starttls' : connection.tls,
			user: connection.user ?? '',
			password: connection.password ?? '',
			ehlo: connection.ehloName,
		};
	}

	const drafts = new DraftStore({env: io.env});
	const saved = await drafts.load().catch(() => undefined);
	const controller = new SessionController(targetFor(settings, defaults, sandbox));
	if (sandbox) {
		const {fingerprint256} = sandbox.certificate;
		controller.info(`sandbox listening on 127.0.0.1:${settings.port} (STARTTLS; AUTH demo/demo); certificate SHA-256 ${fingerprint256}`);
	}
	if (saved) controller.info('restored the draft from the last run');
	// Nothing may write over the full-screen frame: what a library prints goes to the protocol log instead.
	for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
		console[method] = (...args: unknown[]) => controller.info(`console: ${args.map(String).join(' ')}`);
	}

	return await new Promise<number>(resolve => {
		let finished = false;
		const finish = (code: number) => {
			if (finished) return;
			finished = true;
			ink.unmount();
			guard.restore();
			guard.dispose();
			// Whatever is still pending (a draft write, the sandbox closing) gets a moment, never forever.
			const done = Promise.allSettled([drafts.flush(), controller.close(), sandbox?.close()]);
			const timer = setTimeout(() => resolve(code), 3000);
			void done.then(() => {
				clearTimeout(timer);
				resolve(code);
			});
		};
		const guard = enterFullScreen(process.stdout, {
			// SIGTERM/SIGHUP/SIGINT: leave now, with the draft saved.
			onSignal: signal => finish(signal === 'SIGINT' ? 130 : 0),
			onCrash: error => {
				process.stderr.write(`smtp-tui crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
				finish(70);
			},
		});
		const ink = render(
			<App
				controller={controller}
				init={{
					connection: settings,
					draft: saved ? composerFromDraft(saved) : SAMPLE_DRAFT,
					mode,
					presenter: flags.presenter === true,
					timestamps: flags.presenter !== true,
				}}
				defaults={defaults}
				{...(sandbox && {sandbox})}
				drafts={drafts}
				transcript={{format, dir: process.cwd()}}
				onExit={finish}
			/>,
			{exitOnCtrlC: false, patchConsole: false},
		);
	});
};
