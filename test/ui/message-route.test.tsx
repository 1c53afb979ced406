// With --bdat the rail says BDAT once a server offered CHUNKING, and keeps saying it while the session starts over
// (after STARTTLS, EHLO goes again and the capabilities are forgotten): on a projector it must not flicker to DATA.
import React from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {chunkingSeen, messageRoute, type ChunkingSeen} from '../../source/ui/message-route.js';
import type {SessionSnapshot} from '../../source/session/types.js';
import {dashboardProps, snapshot, stepsAt} from './dashboard-fixtures.js';

const target = (host = 'mx.example.test', extra: Partial<SessionSnapshot['target']> = {}) => ({host, port: 25, security: 'starttls' as const, sandbox: false, bdat: true as const, ...extra});
const withChunking = (chunking: boolean | undefined, host?: string) => ({target: target(host), ...(chunking !== undefined && {extensions: {...snapshot().extensions!, chunking}})});

describe('the message route with --bdat', () => {
	it('is BDAT from the EHLO that offers CHUNKING on, through STARTTLS, until a server says otherwise', () => {
		let seen: ChunkingSeen;
		const routes = [withChunking(undefined), withChunking(true), withChunking(undefined), withChunking(true), withChunking(false), withChunking(undefined, 'other.example.test')].map(each => {
			seen = chunkingSeen(seen, each);
			return messageRoute(each, seen);
		});
		expect(routes).toEqual(['unknown', 'bdat', 'bdat', 'bdat', 'data', 'unknown']);
		expect(messageRoute({target: target('localhost', {sandbox: true})}, undefined)).toBe('data');
		expect(messageRoute({target: {...target(), bdat: undefined}}, {at: 'mx.example.test:25', chunking: true})).toBeUndefined();
	});

	it('the rail reads BDAT at "EHLO again" after STARTTLS, the capabilities forgotten meanwhile', () => {
		const session = snapshot({target: target(), steps: stepsAt('ehlo'), startedOverBy: 'tls'});
		const {extensions: _forgotten, ...afterTls} = session;
		const frame = render(<Dashboard {...dashboardProps({snapshot: afterTls, route: 'bdat', size: {columns: 100, rows: 30}})} />).lastFrame()!;
		expect(frame.split('\n')[0]).toContain('BDAT');
		expect(frame.split('\n')[0]).not.toContain('DATA');
	});
});
