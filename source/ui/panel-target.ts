// The connection panel's settings as the driver's target, and the Ctrl+S / typed-line path that reads and applies them.
import type {DashboardDkim} from './dashboard-dkim.js';
import {isSocketPath} from '../transport/host-port.js';
import type {Sandbox} from '../sandbox/server.js';
import type {ControllerTarget, SessionController} from '../session/controller.js';
import {connectionSettings, type ConnectionSettings} from './components/connection-form.js';
import type {FieldError} from './components/form-state.js';
import type {DashboardStore} from './hooks/use-dashboard-keys.js';
import {readCaField} from './ca-field.js';
import {keyFor} from './keys/bindings.js';
import {dashboardTrustWords} from './trust-advice.js';
import {routeOf} from '../transport/address-family.js';
import type {ServerResolver} from '../transport/dns-resolver.js';
import type {Resolver} from '../transport/mx.js';

/** Connection settings the panel does not edit: timeouts, plaintext AUTH, pipelining, -4/-6 and the local address (from the command line). */
export type TargetDefaults = Pick<ControllerTarget, 'allowPlaintextAuth' | 'timeouts' | 'servername' | 'open' | 'replay' | 'clientCertificate' | 'withheldCertificate' | 'tlsVersions' | 'pipeline' | 'dsn' | 'requireTls' | 'xclient' | 'bdat' | 'family' | 'localAddress' | 'proxy' | 'socks' | 'lmtp'> & {
	/** --auth MECH: the SASL mechanism to use whenever a user is set. */
	mechanism?: string;
	/** --timeout, when given: Ctrl+K's probes wait as long (else `check`'s own default). */
	checkTimeoutMs?: number;
	/**
	 * Where Ctrl+L's MX lookup (within --timeout) finds names; with --dns, also Ctrl+K's probes and every connection
	 * (its `lookup`).
	 */
	resolver?: Resolver & Partial<Pick<ServerResolver, 'lookup'>>;
	/** --dkim-key: every message Ctrl+S sends is signed (dashboard-dkim.ts). */
	dkim?: DashboardDkim;
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
	const ca = isSandbox ? sandbox!.certificate?.pem : settings.ca;
	return {
		host: settings.host,
		port: settings.port,
		// A Unix socket is on this machine: no TLS there, whatever Security says (as send --socket).
		tls: isSocketPath(settings.host) ? 'none' : settings.security,
		// Empty: the driver picks the name once connected (the host name with a dot, else this end's address literal).
		...(settings.ehlo !== '' && {ehloName: settings.ehlo}),
		// --auth EXTERNAL logs in with the client certificate, with no user (the user, if any, is whom to act as).
		...((settings.user !== '' || defaults.mechanism === 'EXTERNAL') && {auth: {user: settings.user, password: settings.password, ...(defaults.mechanism && {mechanism: defaults.mechanism})}}),
		...(ca !== undefined && {ca}),
		...(settings.insecure && {insecure: true}),
		// A refused certificate in the panel's terms: the log's next line and the footer advise its fields, not send's flags.
		trustWords: dashboardTrustWords,
		...(defaults.allowPlaintextAuth && {allowPlaintextAuth: true}),
		// Not to the sandbox, which asks for none: its transcript would say one was offered.
		...(defaults.clientCertificate && !isSandbox && {clientCertificate: defaults.clientCertificate}),
		...(defaults.withheldCertificate !== undefined && {withheldCertificate: defaults.withheldCertificate}),
		...(defaults.tlsVersions && {tlsVersions: defaults.tlsVersions}),
		...(defaults.pipeline && {pipeline: true}),
		...(defaults.dsn && {dsn: defaults.dsn}),
		...(defaults.requireTls && {requireTls: true}),
		...(defaults.xclient && {xclient: defaults.xclient}),
		...(defaults.bdat && {bdat: defaults.bdat}),
		...(defaults.timeouts && {timeouts: defaults.timeouts}),
		...(defaults.servername !== undefined && {servername: defaults.servername}),
		...routeOf(defaults),
		...(defaults.resolver?.lookup && {lookup: defaults.resolver.lookup}),
		...(defaults.proxy && {proxy: defaults.proxy}),
		// Not to the sandbox, which runs in this process, nor to a Unix socket: a proxy on a jump host could reach neither.
		...(defaults.socks && !isSandbox && !isSocketPath(settings.host) && {socks: defaults.socks}),
		...(defaults.lmtp && {lmtp: true}),
		...(defaults.open && {open: defaults.open}),
		...(defaults.replay && {replay: true}),
		...(isSandbox && {sandbox: true}),
	};
}

export type PanelTargeting = {
	/** The connection panel's settings, its CA file read, or undefined with the field error shown. */
	panelSettings: () => PanelTarget | undefined;
	/**
	 * Aims the next connection at the panel's settings (read once by the caller, or here: the CA file is read and
	 * checked each time); false (with the field error shown) when they are invalid.
	 */
	applyTarget: (settings?: PanelTarget) => boolean;
};

export function panelTargeting(
	controller: SessionController,
	store: DashboardStore,
	defaults: TargetDefaults,
	sandbox: () => Sandbox | undefined,
	fieldError: (form: 'connection', error: FieldError) => void,
): PanelTargeting {
	const panelSettings = (): PanelTarget | undefined => {
		const parsed = connectionSettings(store.current().connectionForm);
		if ('error' in parsed) {
			fieldError('connection', parsed.error);
			return undefined;
		}
		const isSandbox = targetFor(parsed.settings, defaults, sandbox()).sandbox;
		// The sandbox's port speaks plain SMTP first (STARTTLS): TLS from the first byte would only fail its handshake.
		if (parsed.settings.security === 'tls' && isSandbox) {
			fieldError('connection', {field: 'security', message: 'Security: the sandbox speaks STARTTLS on this port, not TLS from the first byte; choose STARTTLS, auto or none'});
			return undefined;
		}
		// Read at every connection, as --ca is at start: a missing file or one with no certificate stops it here.
		// Not for the sandbox, which trusts exactly its own certificate and ignores the field.
		const trust = isSandbox ? {} : readCaField(parsed.settings.caFile);
		if ('error' in trust) {
			fieldError('connection', trust.error);
			return undefined;
		}
		return {...parsed.settings, ...trust};
	};
	const applyTarget = (settings = panelSettings()): boolean => {
		if (!settings) return false;
		store.dispatch({type: 'connection', action: {type: 'error'}});
		if (controller.setTarget(targetFor(settings, defaults, sandbox())) === 'after-disconnect') {
			// Said in the log, where it stays: the status line is overwritten by the send's result.
			const {host, port} = controller.driver.options;
			controller.info(`the connection panel changed: its settings apply after disconnect (${keyFor('session.disconnect')}); this goes over the open connection to ${host}:${port}`);
		}
		return true;
	};
	return {panelSettings, applyTarget};
}
