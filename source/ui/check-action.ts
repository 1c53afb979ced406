// Ctrl+K in the connection panel: `smtp-tui check` for the panel's host, results in the protocol log.
import os from 'node:os';
import {CHECK_DEFAULTS} from '../headless/check-flags.js';
import {formatTable} from '../headless/check-output.js';
import {checkVerdict} from '../headless/check-verdict.js';
import type {SessionController} from '../session/controller.js';
import {probePort} from '../transport/probe.js';
import type {TargetDefaults} from './app.js';
import type {ConnectionSettings} from './components/connection-form.js';

/** Probes the usual SMTP ports and the panel's own port at once; returns the verdict for the footer. */
export async function checkTarget(controller: SessionController, settings: ConnectionSettings, defaults: TargetDefaults): Promise<string> {
	const ports = [...new Set([...CHECK_DEFAULTS.ports, settings.port])];
	const timeoutMs = CHECK_DEFAULTS.timeoutSeconds * 1000;
	controller.info(`check: probing ${settings.host} on ports ${ports.join(', ')} (up to ${CHECK_DEFAULTS.timeoutSeconds} s)`);
	const results = await Promise.all(
		ports.map(port =>
			probePort(settings.host, port, {
				timeoutMs,
				ehloName: settings.ehlo || os.hostname(),
				...(typeof defaults.ca === 'string' && {ca: defaults.ca}),
			}),
		),
	);
	for (const line of formatTable(results).trimEnd().split('\n')) controller.info(`check: ${line}`);
	const verdict = checkVerdict(results, ports, 1, timeoutMs);
	controller.info(`check: ${verdict}`);
	return verdict.split('\n')[0]!;
}
