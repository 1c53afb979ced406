// The sandbox the dashboard targets: given ready (tests), or started right after the first frame, so the
// window appears before smtp-server is even loaded. `ready` resolves once the panel and the target point at it.
import {useEffect, useRef, useState} from 'react';
import type {Sandbox} from '../../sandbox/server.js';

export type SandboxState = {
	sandbox: Sandbox | undefined;
	/** The sandbox as of now, for handlers that run between renders. */
	current: () => Sandbox | undefined;
	/** Waits for a sandbox being started (resolves at once when there is none or it is ready). */
	ready: () => Promise<void>;
};

export function useSandbox(given: Sandbox | undefined, start: (() => Promise<Sandbox>) | undefined, onStarted: (sandbox: Sandbox) => void, onFailed: (error: unknown) => void): SandboxState {
	const [sandbox, setSandbox] = useState(given);
	const latest = useRef(given);
	const starting = useRef<Promise<void> | undefined>(undefined);
	useEffect(() => {
		if (given || !start) return;
		starting.current = start().then(
			started => {
				latest.current = started;
				setSandbox(started);
				onStarted(started);
			},
			onFailed,
		);
		// Started once for the life of the dashboard; the runner closes it.
	}, []);
	return {sandbox, current: () => latest.current, ready: async () => starting.current};
}
