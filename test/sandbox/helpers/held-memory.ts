// Memory a piece of code holds, measured as the byte-at-a-time tests measure it: heap and Buffers after a forced GC.
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const live = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

/** The most held, over what was held before, while `step(at)` runs for each `at` below `count`: measured every `every` steps. */
export function mostHeld(count: number, every: number, step: (at: number) => void): number {
	collectGarbage();
	const before = live();
	let held = 0;
	for (let at = 0; at < count; at++) {
		step(at);
		if (at % every === 0) {
			collectGarbage();
			held = Math.max(held, live() - before);
		}
	}
	return held;
}
