// Whole seconds the session has waited on the server, re-rendered once a second while it waits: a tarpit's slow
// greeting or a slow RCPT would otherwise look like a hang. Nothing ticks while nothing is awaited.
import {useEffect, useState} from 'react';

/** Seconds since `since` (a performance.now(): a clock set back an hour showed 0 s for an hour), counted up while `since` is set; undefined when it is not. */
export function useWaitClock(since: number | undefined): number | undefined {
	const [now, setNow] = useState(() => performance.now());
	useEffect(() => {
		if (since === undefined) return;
		let timer: NodeJS.Timeout;
		// Each tick lands just after the next whole second of the wait, so the count never skips or lags.
		const tick = () => {
			const current = performance.now();
			setNow(current);
			timer = setTimeout(tick, 1000 - ((current - since) % 1000) + 5);
		};
		tick();
		return () => clearTimeout(timer);
	}, [since]);
	return since === undefined ? undefined : Math.max(0, Math.floor((now - since) / 1000));
}
