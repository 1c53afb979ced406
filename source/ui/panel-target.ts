// The connection panel's settings as the driver's target.
import os from 'node:os';
import type {Sandbox} from '../sandbox/server.js';
import type {ControllerTarget} from '../session/controller.js';
import type {ConnectionSettings} from './components/connection-form.js';

/** Connection settings the panel does not show: timeouts, plaintext AUTH (from the command line). */
export type TargetDefaults = Pick<ControllerTarget, 'allowPlaintextAuth' | 'timeouts' | 'servername' | 'open' | 'replay'> & {
	/** --auth MECH: the SASL mechanism to use whenever a user is set. */
	mechanism?: string;
	/** --timeout, when given: Ctrl+K's probes wait as long (else `check`'s own default). */
	checkTimeoutMs?: number;
};

/** The panel's settings with its CA file read (see readCaField): `ca` is the PEM text. */
export type PanelTarget = ConnectionSettings & {ca?: string};

/**
 * The driver target for the panel's settings. The sandbox trusts exactly its own certificate: the panel's CA file
 * is for other targets (a CA that did not issue the sandbox's would only make it fail).
 */
export function targetFor(settings: PanelTarget, defaults: TargetDefaults, sandbox?: Sandbox): ControllerTarget {
	const listener = sandbox?.listeners.find(l => l.kind === 'smtp');
	const isSandbox = listener !== undefined && settings.port === listener.port && ['127.0.0.1', 'localhost', listener.host].includes(settings.host);
	const ca = isSandbox ? sandbox!.certificate.pem : settings.ca;
	return {
		host: settings.host,
		port: settings.port,
		tls: settings.security,
		ehloName: settings.ehlo || os.hostname(),
		...(settings.user !== '' && {auth: {user: settings.user, password: settings.password, ...(defaults.mechanism && {mechanism: defaults.mechanism})}}),
		...(ca !== undefined && {ca}),
		...(settings.insecure && {insecure: true}),
		...(defaults.allowPlaintextAuth && {allowPlaintextAuth: true}),
		...(defaults.timeouts && {timeouts: defaults.timeouts}),
		...(defaults.servername !== undefined && {servername: defaults.servername}),
		...(defaults.open && {open: defaults.open}),
		...(defaults.replay && {replay: true}),
		...(isSandbox && {sandbox: true}),
	};
}
