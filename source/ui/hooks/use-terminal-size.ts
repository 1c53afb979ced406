// The terminal size, from Ink's stdout and its 'resize' event. Ink 6.8 re-lays out on width changes only, so
// height changes need this hook. Tests (whose fake stdout has no rows) pass a fixed size through the context.
import {createContext, useContext, useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type TerminalSize = {columns: number; rows: number};

/** A fixed size that wins over stdout (tests, previews). */
export const TerminalSizeContext = createContext<TerminalSize | undefined>(undefined);

const FALLBACK: TerminalSize = {columns: 80, rows: 24};

function measure(stdout: NodeJS.WriteStream): TerminalSize {
	return {columns: stdout.columns || FALLBACK.columns, rows: stdout.rows || FALLBACK.rows};
}

export function useTerminalSize(override?: TerminalSize): TerminalSize {
	const fixed = useContext(TerminalSizeContext) ?? override;
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => measure(stdout));
	useEffect(() => {
		if (fixed) return;
		const onResize = () => {
			setSize(previous => {
				const next = measure(stdout);
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		};
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed]);
	return fixed ?? size;
}
