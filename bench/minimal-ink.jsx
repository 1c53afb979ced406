// The floor for bench/dashboard: the smallest full-screen Ink app, bundled as dist/ is (esbuild, NODE_ENV
// production). Its first frame ends with the same footer text the bench waits for, then it waits for keys.
// Like cli.tsx (loadDashboard), it hides `fetch` while yoga loads: otherwise yoga's loader makes Node load undici
// (~25 ms here) to decode an inlined WebAssembly module, and the floor would include a cost the dashboard never pays.
import React from 'react';

const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
const {Box, render, Text, useInput} = await import('ink');
Object.defineProperty(globalThis, 'fetch', fetch);

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
