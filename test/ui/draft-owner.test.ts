// The log's line at start when another dashboard keeps the draft.
import {describe, expect, it} from 'vitest';
import {draftKeptElsewhere} from '../../source/ui/run-dashboard.js';

describe('draftKeptElsewhere', () => {
	it('names the other process and says honestly what happens to edits made here', () => {
		expect(draftKeptElsewhere({owner: false, pid: 4242}, true)).toBe(
			'another smtp-tui (pid 4242) keeps the saved draft: restored here, but edits here are not saved until that one quits',
		);
		expect(draftKeptElsewhere({owner: false, pid: 7, host: 'other.example'}, false)).toBe(
			'another smtp-tui (pid 7 on other.example) keeps the saved draft: edits here are not saved until that one quits',
		);
		expect(draftKeptElsewhere({owner: false, pid: 7, host: 'other.example', lock: '/d/draft.json.lock'}, true)).toBe(
			'another smtp-tui (pid 7 on other.example) keeps the saved draft: restored here, but edits here are not saved until that one quits; it is taken over once untouched for 30 minutes; if no smtp-tui runs on other.example, delete /d/draft.json.lock and start this one again',
		);
		expect(draftKeptElsewhere({owner: false}, false)).toMatch(/^another smtp-tui keeps the saved draft/);
	});
});
