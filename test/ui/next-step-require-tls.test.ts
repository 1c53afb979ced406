// The presenter's "next:" line after --require-tls stopped a message before MAIL (RFC 8689): Ctrl+S would meet the
// same refusal, so the line says what REQUIRETLS needs instead of offering to send again. Made for real: the driver
// runs against smtp-server on loopback with STARTTLS and without REQUIRETLS.
import {describe, expect, it} from 'vitest';
import {nextLine} from '../../source/ui/components/next-step.js';
import {testCerts} from '../helpers/certs.js';
import {driverHarness, shortMessage} from '../session/driver-harness.js';
import {dashboardProps} from './dashboard-fixtures.js';

const {smtp, driverFor} = driverHarness();

describe('the next line after REQUIRETLS could not go', () => {
	it('STARTTLS done, REQUIRETLS not offered: nothing sent, and the line says what it needs', async () => {
		const server = await smtp({hideREQUIRETLS: true});
		const driver = driverFor(server.port, {tls: 'auto', ca: (await testCerts()).ca, requireTls: true});
		await driver.run(shortMessage, {keepOpen: true});
		const snapshot = driver.getSnapshot();
		expect(snapshot.result?.kind).toBe('require-tls');
		expect(server.messages).toEqual([]);
		expect(nextLine(dashboardProps({presenter: true, snapshot}))).toBe(
			'next: REQUIRETLS (--require-tls) cannot go here (see the log): it needs TLS, Verify on and a server that offers REQUIRETLS; Ctrl+C quits, to start again without --require-tls',
		);
	});
});
