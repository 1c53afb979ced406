// A step hint covers the footer's last result only while it applies: when it goes, the result it covered comes back
// (a presenter's double Enter at the QUIT on offer hid "✔ queued as 2 (250)" for good).
import React, {useEffect} from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {ControllerSnapshot} from '../../source/session/controller.js';
import {useStatusLine, type StatusLine} from '../../source/ui/hooks/use-status-line.js';
import {settled} from '../helpers/wait-for.js';

const waitFor = (ready: () => boolean) => settled(() => expect(ready()).toBe(true));
const frameIs = (app: {lastFrame: () => string | undefined}, text: string) => settled(() => expect(app.lastFrame()).toBe(text));

/** Just what the hook reads of the controller's snapshot: the line on offer. */
const viewOffering = (display: string | undefined) => ({linesWaiting: 0, session: {busy: false, proposed: display === undefined ? undefined : {display}}}) as unknown as ControllerSnapshot;

function Probe({offered, expose}: {offered: string | undefined; expose: (line: StatusLine) => void}) {
	const line = useStatusLine(viewOffering(offered), 'step');
	useEffect(() => {
		expose(line);
	});
	return <Text>{line.status ?? '(none)'}</Text>;
}

describe('a step hint gives back the result it covered', () => {
	it('when the line it was about goes, and a hint over a hint gives back the first one\'s', async () => {
		let line: StatusLine | undefined;
		const expose = (given: StatusLine) => {
			line = given;
		};
		const app = render(<Probe offered="QUIT" expose={expose} />);
		await waitFor(() => line !== undefined);
		line!.setStatus('✔ queued as 2 (250)');
		await waitFor(() => app.lastFrame() === '✔ queued as 2 (250)');
		line!.hintStep('Enter held: Enter again sends it');
		await waitFor(() => app.lastFrame() === 'Enter held: Enter again sends it');
		line!.hintStep('a step waits for you');
		await waitFor(() => app.lastFrame() === 'a step waits for you');
		app.rerender(<Probe offered={undefined} expose={expose} />);
		await waitFor(() => app.lastFrame() === '✔ queued as 2 (250)');
		app.unmount();
	});

	it('a newer result is kept: the hint gives back only while it is still shown', async () => {
		let line: StatusLine | undefined;
		const app = render(<Probe offered="QUIT" expose={given => (line = given)} />);
		await waitFor(() => line !== undefined);
		line!.setStatus('✔ queued as 2 (250)');
		line!.hintStep('Enter held: Enter again sends it');
		await frameIs(app, 'Enter held: Enter again sends it');
		line!.setStatus('disconnected; Ctrl+S connects again');
		await frameIs(app, 'disconnected; Ctrl+S connects again');
		app.rerender(<Probe offered={undefined} expose={given => (line = given)} />);
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(app.lastFrame()).toBe('disconnected; Ctrl+S connects again');
		app.unmount();
	});
});

describe('closing (Ctrl+C) holds the status line', () => {
	it('says how to leave at once to the end: a stopped run\'s result, coming as the QUIT goes, does not replace it', async () => {
		let line: StatusLine | undefined;
		const app = render(<Probe offered="MAIL FROM:<a@b.test>" expose={given => (line = given)} />);
		await waitFor(() => line !== undefined);
		line!.leave('closing: Ctrl+C again leaves at once (QUIT sent)');
		await frameIs(app, 'closing: Ctrl+C again leaves at once (QUIT sent)');
		line!.setStatus('stopped here: Ctrl+S goes on over this connection, Ctrl+X disconnects');
		line!.hintStep('a step waits for you');
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(app.lastFrame()).toBe('closing: Ctrl+C again leaves at once (QUIT sent)');
	});
});
