// The time for what the panels date (a certificate's "valid until", which turns "expired" while it is on screen),
// renewed once a minute while `running`: coarse on purpose, as those dates are whole days. Nothing ticks otherwise.
import {useEffect, useState} from 'react';

const MINUTE_MS = 60_000;

/** Milliseconds since the epoch, as of the last minute's tick (or of when `running` last became true). */
export function useMinuteClock(running: boolean): number {
	const [now, setNow] = useState(Date.now);
	useEffect(() => {
		if (!running) return;
		setNow(Date.now());
		const timer = setInterval(() => setNow(Date.now()), MINUTE_MS);
		return () => clearInterval(timer);
	}, [running]);
	return now;
}
