// A laptop that sleeps wakes with its clock set right by NTP, an hour back or forward: Date.now() jumps. Durations
// (a reply's latency, the throttle's interval) are measured on performance.now(), which no clock change moves.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Throttle} from '../../source/session/throttle.js';
import {driverHarness, shortMessage} from './driver-harness.js';

const HOUR = 3_600_000;
const realNow = Date.now.bind(Date);

/** Date.now() from here on `by` ms behind the real time, as after NTP set the clock back. */
function setClockBack(by: number): void {
	vi.spyOn(Date, 'now').mockImplementation(() => realNow() - by);
}

afterEach(() => vi.restoreAllMocks());

const {smtp, driverFor} = driverHarness();

describe('a clock set back while the dashboard runs', () => {
	it("gives a reply the time it took, not the clock's jump: the MAIL answered after the clock went back an hour", async () => {
		// The jump comes while the server handles MAIL: between the command and its reply.
		const server = await smtp({
			hideSTARTTLS: true,
			onMailFrom(_address, _session, callback) {
				setClockBack(HOUR);
				callback();
			},
		});
		const driver = driverFor(server.port);
		expect(await driver.run(shortMessage)).toMatchObject({ok: true});
		const latencies = driver.log.entries.filter(entry => entry.latencyMs !== undefined).map(entry => ({text: entry.text, latencyMs: entry.latencyMs!}));
		expect(latencies.map(({text}) => text.slice(0, 3))).toEqual(['220', '250', '250', '250', '354', '250']);
		for (const {latencyMs} of latencies) expect(latencyMs).toBeGreaterThanOrEqual(0);
		for (const {latencyMs} of latencies) expect(latencyMs).toBeLessThan(HOUR);
		await driver.quit();
	});

	it('runs a throttled redraw once its interval is up, not an hour later', async () => {
		let runs = 0;
		const throttle = new Throttle(20, () => runs++);
		throttle.poke();
		expect(runs).toBe(1);
		setClockBack(HOUR);
		throttle.poke();
		await vi.waitFor(() => expect(runs).toBe(2), {timeout: 5000});
		throttle.cancel();
	});
});
