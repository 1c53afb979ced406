// The snapshot is built when read, not at each publish: a session publishes for every protocol event, and each build
// reads every recipient.
import {expect, it} from 'vitest';
import {SnapshotStore} from '../../source/session/snapshot-store.js';

it('builds once per read after publishes, however many came between, and keeps the same object until the next', () => {
	let state = 0;
	let builds = 0;
	const store = new SnapshotStore(() => {
		builds++;
		return {state};
	});
	let told = 0;
	store.subscribe(() => told++);
	for (let event = 0; event < 1000; event++) {
		state = event;
		store.publish();
	}
	expect(told).toBe(1000);
	expect(builds).toBe(0);
	const first = store.getSnapshot();
	expect(first).toEqual({state: 999});
	expect(store.getSnapshot()).toBe(first);
	expect(builds).toBe(1);
	store.publish();
	expect(store.getSnapshot()).not.toBe(first);
	expect(builds).toBe(2);
});
