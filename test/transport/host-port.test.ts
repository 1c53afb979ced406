import {describe, expect, it} from 'vitest';
import {hostPort} from '../../source/transport/host-port.js';

describe('hostPort', () => {
	it('brackets an IPv6 address once, and leaves names and IPv4 alone', () => {
		expect(hostPort('::1', 2525)).toBe('[::1]:2525');
		expect(hostPort('[::1]', 2525)).toBe('[::1]:2525');
		expect(hostPort('127.0.0.1', 25)).toBe('127.0.0.1:25');
		expect(hostPort('mail.example.test', 587)).toBe('mail.example.test:587');
	});
});
