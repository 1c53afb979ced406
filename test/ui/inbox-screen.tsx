// `smtp-tui inbox`'s screen for tests: a real sandbox started as the command starts it (serve's flags), the screen
// rendered at a size, and mail sent in by nodemailer as an application sends it (plain, its own login).
import React from 'react';
import {render} from 'ink-testing-library';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import {afterEach} from 'vitest';
import {CaughtLog, startCatcher, type CaughtLines, type Catcher} from '../../source/headless/catcher.js';
import {parseInboxFlags} from '../../source/headless/inbox-options.js';
import type {AddressSource} from '../../source/headless/own-addresses.js';
import {InboxApp} from '../../source/ui/inbox-app.js';
import {trySendCommand} from '../../source/ui/inbox-try-command.js';
import {TerminalSizeContext, type TerminalSize} from '../../source/ui/hooks/use-terminal-size.js';
import {createTheme, ThemeContext, type ThemeOptions} from '../../source/ui/theme.js';
import {certificateDir} from '../sandbox/helpers/sandbox.js';
import {flushInput, waitForFrame} from '../helpers/wait-for.js';

/** What each test started, stopped after it (newest first). */
/** serve's lines as the screen gets them. */
export function caught(lines: readonly string[]): CaughtLines {
	const log = new CaughtLog();
	for (const line of lines) log.add(line, line.startsWith('warning: ') ? 'stderr' : 'stdout');
	return log.get();
}

export const running: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of running.splice(0).reverse()) await stop();
});

/** The command's sandbox (its flags as typed), and its screen at `size` (drawn for `display`: --presenter, --background). */
export async function startInbox(flags: Record<string, unknown>, size: TerminalSize = {columns: 100, rows: 30}, display?: ThemeOptions, addresses?: AddressSource) {
	const options = parseInboxFlags({port: '0', ...flags}, []);
	const catcher = (await startCatcher({...options, settings: {...options.settings, certificateDir}}, process.env, addresses)) as Catcher;
	running.push(() => catcher.stop(undefined));
	const port = catcher.sandbox.listeners[0]!.port;
	let quits = 0;
	const theme = createTheme({}, display);
	const tryCommand = trySendCommand(catcher.sandbox);
	const element = (at: TerminalSize) => (
		<ThemeContext.Provider value={theme}>
			<TerminalSizeContext.Provider value={at}>
				<InboxApp mailbox={catcher.sandbox.mailbox} log={catcher.log} startLines={catcher.log.get().lines} openSessions={catcher.openSessions} onQuit={() => quits++} presenter={display?.presenter} tryCommand={tryCommand} />
			</TerminalSizeContext.Provider>
		</ThemeContext.Provider>
	);
	const app = render(element(size));
	running.push(async () => app.unmount());
	/** A message from an app with its own login, sent as an app sends it: plain, no STARTTLS. */
	const sendMail = (mail: Mail.Options) =>
		nodemailer.createTransport({host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: {user: 'app@example.test', pass: 'secret'}}).sendMail(mail);
	return {
		port,
		catcher,
		quits: () => quits,
		frame: (check: (frame: string) => boolean, timeout?: number) => waitForFrame(app.lastFrame, check, {timeout}),
		lastFrame: () => app.lastFrame(),
		/** Every frame drawn so far, in order. */
		frames: () => app.frames,
		/** The terminal resized. */
		resize: (at: TerminalSize) => app.rerender(element(at)),
		/** The last frame with its colours (SGR sequences). */
		raw: () => app.lastFrame() ?? '',
		async press(...keys: string[]) {
			for (const key of keys) {
				app.stdin.write(key);
				await flushInput();
			}
		},
		sendMail,
		send: (subject: string, text = `the body of ${subject}`) => sendMail({from: 'shop@example.test', to: 'customer@example.test', subject, text}),
	};
}
