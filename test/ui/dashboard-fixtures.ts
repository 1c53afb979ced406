// A realistic snapshot and forms for dashboard tests: a sandbox session that reached the RCPT step.
import {STEPS, type StepState} from '../../source/smtp/types.js';
import type {DataCounts} from '../../source/session/data-summary.js';
import type {LogEntry, SessionSnapshot} from '../../source/session/types.js';
import {createComposer} from '../../source/ui/components/composer-form.js';
import {createConnectionForm} from '../../source/ui/components/connection-form.js';
import {FOLLOW} from '../../source/ui/components/log-scroll.js';
import type {DashboardProps} from '../../source/ui/components/dashboard.js';
import {received, sent} from './log-fixtures.js';

export function stepsAt(current: StepState['step'], overrides: Partial<Record<StepState['step'], Partial<StepState>>> = {}): StepState[] {
	const at = STEPS.indexOf(current);
	return STEPS.map((step, index) => ({
		step,
		status: index < at ? 'done' : index === at ? 'active' : 'pending',
		...overrides[step],
	}));
}

const sessionLog: LogEntry[] = [
	{id: 1, time: 0, kind: 'info', text: 'connecting to 127.0.0.1:2525'},
	received(2, '220 sandbox.smtp-tui.test ESMTP ready', 'Service ready: the server greets you.', 3),
	sent(3, 'EHLO client.example.test'),
	{id: 4, time: 0, kind: 'received', text: '250-sandbox.smtp-tui.test greets client.example.test'},
	{id: 5, time: 0, kind: 'received', text: '250-SIZE 10485760'},
	received(6, '250 8BITMIME', 'Requested mail action okay, completed.', 2),
	sent(7, 'MAIL FROM:<you@example.test>'),
	received(8, '250 2.1.0 Accepted', 'The sender is accepted.', 1),
	sent(9, 'RCPT TO:<friend@example.test>'),
];

export function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
	return {
		target: {host: '127.0.0.1', port: 2525, security: 'none', sandbox: true},
		connection: 'connected',
		secure: false,
		greeting: {code: 220, lines: ['sandbox.smtp-tui.test ESMTP ready'], raw: ['220 sandbox.smtp-tui.test ESMTP ready']},
		extensions: {
			keywords: new Map([
				['SIZE', ['10485760']],
				['8BITMIME', []],
				['PIPELINING', []],
			]),
			size: 10_485_760,
			auth: [],
			starttls: false,
			pipelining: true,
			eightBitMime: true,
			smtpUtf8: false,
			enhancedStatusCodes: false,
			chunking: false,
			dsn: false,
		},
		authenticated: false,
		steps: stepsAt('rcpt', {starttls: {status: 'skipped'}, auth: {status: 'skipped'}}),
		current: 'rcpt',
		log: sessionLog,
		logTotal: sessionLog.length,
		recipients: [],
		busy: true,
		...overrides,
	};
}

export function dashboardProps(overrides: Partial<DashboardProps> = {}): DashboardProps {
	return {
		size: {columns: 80, rows: 24},
		snapshot: snapshot(),
		mode: 'auto',
		focus: 'composer',
		connectionForm: createConnectionForm({host: '127.0.0.1', port: 2525, security: 'none', ehlo: 'client.example.test'}),
		composer: createComposer({
			from: 'you@example.test',
			to: 'friend@example.test',
			subject: 'Hello from smtp-tui',
			body: 'Hi!\n\nThis message went through the sandbox.\nPress Ctrl+S to send it.',
		}),
		log: {scroll: FOLLOW, expanded: false, timestamps: false},
		inbox: {items: [], selected: 0},
		...overrides,
	};
}

/**
 * A preview's counts worked out from its bytes, as the DataEncoder counts what it writes (for fixtures whose bytes are
 * written by hand): lines but the final ".", the size stored (less that line and the stuffed dots), the bytes sent.
 */
export function previewCounts(bytes: string): DataCounts {
	const lines = bytes.split('\r\n').slice(0, -2);
	const sent = Buffer.byteLength(bytes);
	const stuffed = lines.filter(line => line.startsWith('..')).length;
	return {lines: lines.length, stored: sent - stuffed - 3, sent, stuffed};
}
