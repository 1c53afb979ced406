import React from 'react';
import {describe, expect, it} from 'vitest';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {TerminalSizeContext, useTerminalSize} from '../../source/ui/hooks/use-terminal-size.js';
import {waitForFrame} from '../helpers/wait-for.js';

/** ink-testing-library's stdout has a fixed `columns` getter and no rows: give it a size a test can change. */
function resize(stdout: NodeJS.EventEmitter, size: {columns?: number; rows?: number}) {
	for (const [name, value] of Object.entries(size)) Object.defineProperty(stdout, name, {value, configurable: true});
	stdout.emit('resize');
}

function Size() {
	const {columns, rows} = useTerminalSize();
	return <Text>{`${columns}x${rows}`}</Text>;
}

describe('useTerminalSize', () => {
	it('reads stdout and follows its resize events, height included', async () => {
		const {stdout, lastFrame} = render(<Size />);
		// ink-testing-library's stdout is 100 columns with no rows: rows fall back to 24.
		await waitForFrame(lastFrame, frame => frame === '100x24');
		resize(stdout, {columns: 90, rows: 30});
		await waitForFrame(lastFrame, frame => frame === '90x30');
		resize(stdout, {rows: 20});
		await waitForFrame(lastFrame, frame => frame === '90x20');
	});

	it('uses a size given through the context instead', async () => {
		const {stdout, lastFrame} = render(
			<TerminalSizeContext.Provider value={{columns: 80, rows: 24}}>
				<Size />
			</TerminalSizeContext.Provider>,
		);
		await waitForFrame(lastFrame, frame => frame === '80x24');
		resize(stdout, {columns: 120, rows: 50});
		await new Promise(resolve => setImmediate(resolve));
		expect(lastFrame()).toBe('80x24');
	});
});
