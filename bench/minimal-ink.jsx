// The floor for bench/dashboard: the smallest full-screen Ink app, bundled as dist/ is (esbuild, NODE_ENV
// production). Its first frame ends with the same footer text the bench waits for, then it waits for keys.
import React from 'react';
import {Box, render, Text, useInput} from 'ink';

function Minimal() {
	useInput(() => undefined);
	return (
		<Box flexDirection="column" height={process.stdout.rows - 1}>
			<Box flexGrow={1} borderStyle="round">
				<Text>minimal Ink app</Text>
			</Box>
			<Text>Ctrl+S send</Text>
		</Box>
	);
}

process.stdout.write('\u001B[?1049h');
render(<Minimal />);
