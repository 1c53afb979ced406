// Ctrl+K in the connection panel: `smtp-tui check` for the panel's host, results in the protocol log.
import {CHECK_DEFAULTS} from '../headless/check-flags.js';
import {formatTable} from '../headless/check-output.js';
import {checkTarget} from '../headless/check.js';
import type {SessionController} from '../session/controller.js';
import type {TargetDefaults} from './app.js';
import type {ConnectionSettings} from './components/connection-form.js';

/** Probes the usual SMTP ports and the panel's own port at once; returns the verdict for the footer. */
export async function checkPanelHost(controller: SessionController, settings: ConnectionSettings, defaults: TargetDefaults): Promise<string> {
	const ports = [...new Set([...CHECK_DEFAULTS.ports, settings.port])];
	controller.info(`check: probing ${settings.host} on ports ${ports.join(', ')} (up to ${CHECK_DEFAULTS.timeoutSeconds} s)`);
	const report = await checkTarget(settings.host, {
		ports,
		useMx: false,
		// The panel's own port as the panel would connect to it: a TLS target probed in clear reads "silent".
		...(settings.security === 'tls' && {tlsPorts: [settings.port]}),
		...(settings.ehlo !== '' && {ehloName: settings.ehlo}),
		...(typeof defaults.ca === 'string' && {ca: defaults.ca}),
	});
	for (const line of formatTable(report.results).trimEnd().split('\n')) controller.info(`check: ${line}`);
	controller.info(`check: ${report.verdict}`);
	return report.verdict.split('\n')[0]!;
}
