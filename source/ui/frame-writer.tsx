// Ink's own writer to stdout, handed out. Ink 6.8 rewrites only what changed, so a frame the shell printed over (a
// stop, then `fg`) stays broken; a write through Ink is followed by the whole frame, drawn anew.
import type React from 'react';
import {useEffect} from 'react';
import {useStdout} from 'ink';

export function FrameWriter({onWriter, children}: {onWriter: (write: (data: string) => void) => void; children: React.ReactElement}) {
	const {write} = useStdout();
	useEffect(() => {
		onWriter(write);
	}, [onWriter, write]);
	return children;
}
