// Ctrl+K in the connection panel: `smtp-tui check` for the panel's host, results in the protocol log.
import {CHECK_DEFAULTS, checkWaits} from '../headless/check-flags.js';
import {formatProbeLine} from '../headless/check-output.js';
import {checkTarget} from '../headless/check.js';
import {routeOf, routeWords} from '../transport/address-family.js';
import {socksRoute} from '../transport/socks-connect.js';
import {isSocketPath} from '../transport/host-port.js';
import {isLoopback} from '../transport/loopback.js';
import {keyFor} from './keys/bindings.js';
import type {SessionController} from '../session/controller.js';
import type {PanelTarget, TargetDefaults} from './panel-target.js';

/** Probes the usual SMTP ports and the panel's own port at once; returns the verdict for the footer. */
export async function checkPanelHost(controller: SessionController, settings: PanelTarget, defaults: TargetDefaults): Promise<string> {
	// A Unix socket has no ports to probe: the check is for a host's (port 25 blocked?).
	if (isSocketPath(settings.host)) return `Ctrl+K probes a host's SMTP ports: ${settings.host} is a Unix socket, which has none (Ctrl+S connects to it)`;
	const ports = [...new Set([...CHECK_DEFAULTS.ports, settings.port])];
	// The dashboard's --timeout, as for the session: a verdict that says "try a longer --timeout" must be able to mean it.
	// Without it, check's own waits: a server that greets late (its lookups of this machine) is not called silent.
	const waits = checkWaits(defaults.checkTimeoutMs);
	const banner = waits.greetingTimeoutMs === undefined ? '' : `, ${Math.round(waits.greetingTimeoutMs / 1000)} s for the banner`;
	const security = settings.security === 'tls' ? `, ${settings.port} with TLS from the first byte` : '';
	const via = defaults.socks ? socksRoute(defaults.socks, settings.host) : '';
	controller.info(`check: probing ${settings.host}${routeWords(defaults)}${via} on ports ${ports.join(', ')} (up to ${Math.round(waits.timeoutMs / 1000)} s${banner}${security})`);
	// The port-25 lesson (is my network blocking it?) needs a server out there; the sandbox's own host cannot say.
	if (isLoopback(settings.host) && !defaults.socks) {
		controller.info(`check: ${settings.host} is this machine, with no network on the way to block a port; whether yours blocks port 25 shows against a real server: ${keyFor('connection.mx')} puts the recipient's MX in Host, then ${keyFor('connection.check')} (or run smtp-tui check gmail.com)`);
	}
	const report = await checkTarget(settings.host, {
		ports,
		...waits,
		useMx: false,
		// The panel's own port as the panel would connect to it: a TLS target probed in clear reads "silent".
		...(settings.security === 'tls' && {tlsPorts: [settings.port]}),
		...(settings.ehlo !== '' && {ehloName: settings.ehlo}),
		// The panel's CA file, as the session would trust it.
		...(settings.ca !== undefined && {ca: settings.ca}),
		// The dashboard's --tls-min/--tls-max, as the session would use them: an old server probed in 1.2 would only fail.
		...(defaults.tlsVersions && {tlsVersions: defaults.tlsVersions}),
		// The way the session goes (-4/-6, --local-address): a port blocked for that address is what matters.
		...routeOf(defaults),
		// --dns: the host's addresses as the session finds them.
		...(defaults.resolver && {resolver: defaults.resolver}),
		// A server behind a load balancer answers only after the header, as the session sends it.
		...(defaults.proxy && {proxy: defaults.proxy}),
		// Is the port blocked from the proxy, as the session goes?
		...(defaults.socks && {socks: defaults.socks}),
	});
	// A line per port, not the table: the log is too narrow for its columns, and wrapped they read as noise.
	for (const result of report.results) controller.info(`check: ${formatProbeLine(result, report.results)}`);
	controller.info(`check: ${report.verdict}`);
	return report.verdict.split('\n')[0]!;
}
