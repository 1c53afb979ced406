// Every view that scrolls says what it hides in one form, the help's: "↓ 86 more (Down, PgDn)", and "↑ 3 above (Up,
// PgUp)" once scrolled: the help, the DATA preview and the inbox's list (its title), the keys only where they act.
import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Dashboard, type DashboardProps} from '../../source/ui/components/dashboard.js';
import {DataPreview} from '../../source/ui/components/data-preview.js';
import {HelpOverlay} from '../../source/ui/components/help-overlay.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps, previewCounts} from './dashboard-fixtures.js';

const BELOW = /↓ [\d,]+ more \(Down, PgDn\)/;

describe('the "more" indicator', () => {
	it('reads the same in the help, the DATA preview and the inbox', () => {
		expect(plain(render(<HelpOverlay width={100} height={10} top={0} />).lastFrame())).toMatch(BELOW);
		const bytes = `Subject: hi\r\n\r\n${Array.from({length: 30}, (_, index) => `line ${index}`).join('\r\n')}\r\n.\r\n`;
		const preview = plain(render(<DataPreview bytes={bytes} counts={previewCounts(bytes)} top={0} width={40} height={8} />).lastFrame());
		expect(preview).toMatch(BELOW);
		expect(preview).not.toContain('more below');
		const items = Array.from({length: 30}, (_, index) => ({id: String(index + 1), from: 'a@example.test', to: ['b@example.test'], subject: `Message ${index + 1}`, size: 100, receivedAt: 0}));
		const title = (props: Partial<DashboardProps>) =>
			plain(render(<Dashboard {...dashboardProps({size: {columns: 100, rows: 30}, inbox: {items, selected: 0}, ...props})} />).lastFrame())
				.split('\n')
				.find(row => row.includes('Inbox ('))!;
		const focused = title({focus: 'inbox'});
		expect(focused).toMatch(BELOW);
		expect(focused).not.toMatch(/\d+-\d+ of 30/);
		// Without the focus Down and PgDn move something else: the count alone.
		const unfocused = title({focus: 'composer'});
		expect(unfocused).toMatch(/↓ \d+ more\b/);
		expect(unfocused).not.toContain('(Down, PgDn)');
		// Scrolled to the newest, what is hidden is above.
		expect(title({focus: 'inbox', inbox: {items, selected: 29}})).toMatch(/↑ \d+ above \(Up, PgUp\)/);
	});
});
