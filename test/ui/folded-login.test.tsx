// Manual mode's folded connection row (below 132 columns) says who logs in: the User field, "logged in as" once the
// session has; never the password. At 80 columns with long names the host gives way in its middle, the port whole.
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {FoldedPanels} from '../../source/ui/components/folded-panels.js';
import {plain} from '../helpers/wait-for.js';
import {snapshot} from './dashboard-fixtures.js';

const row = (settings: {host: string; port: number; user: string; password?: string}, info: Partial<Parameters<typeof snapshot>[0]> = {}, width = 80) => {
	const form = createConnectionForm({security: 'starttls', password: '', ...settings});
	const target = {host: settings.host, port: settings.port, security: 'starttls' as const, sandbox: false};
	const {lastFrame, unmount} = render(<FoldedPanels form={form} info={snapshot({target, connection: 'idle', authenticated: false, ...info})} width={width} />);
	const shown = plain(lastFrame() ?? '');
	unmount();
	return shown;
};

describe('the folded connection row', () => {
	it('names the user who will log in, and never the password', () => {
		const shown = row({host: 'smtp.example.com', port: 587, user: 'alice', password: 'hunter2'});
		expect(shown).toContain('smtp.example.com:587 · user alice');
		expect(shown).not.toContain('hunter2');
		// The way back to the panels gives way to it at 80 columns; at 100 both fit.
		expect(row({host: 'smtp.example.com', port: 587, user: 'alice'}, {}, 100)).toMatch(/:587 · user alice · panels folded: Tab$/);
	});

	it('says logged in once the session has', () => {
		expect(row({host: 'smtp.example.com', port: 587, user: 'alice'}, {connection: 'connected', authenticated: true})).toContain('· logged in as alice');
		// Connected, not (yet) logged in: who will.
		expect(row({host: 'smtp.example.com', port: 587, user: 'alice'}, {connection: 'connected', authenticated: false})).toContain('· user alice');
	});

	it('at 80 columns with long names keeps the state, the security, the port and the login, the host cut in its middle', () => {
		const host = 'smtp-relay-eu-west-1.mail-gateways.internal.corp.example.com';
		const shown = row({host, port: 587, user: 'very.long.user.name@corp.example.com'});
		expect(stringWidth(shown)).toBeLessThanOrEqual(80);
		expect(shown).toMatch(/not connected/);
		expect(shown).toMatch(/STARTTLS smtp-relay-eu.*….*example\.com:587 · user very\.long\.use/);
		expect(shown).not.toContain(host);
		// Without a user the row is as before: the host whole where it fits.
		expect(row({host: 'smtp.example.com', port: 587, user: ''})).not.toContain('user');
	});
});
