// Runs a TLS client handshake over an already connected TCP socket: used for implicit TLS right after
// connecting and for STARTTLS after the server's 220, so both verify certificates the same way.
import {isIP, type Socket} from 'node:net';
import tls, {type TLSSocket} from 'node:tls';
import type {TlsInfo} from './tls-info.js';
import {mayHaveRefused, type ClientCertificate} from './client-certificate.js';
import {NO_COMMON_VERSION_CODES, narrowedByUser, noCommonVersion, versionOptions, type TlsVersionRange} from './tls-versions.js';
import {versionRefusal} from './version-refusal.js';
import {clientCertificateAlert, ConnectError, endpoint, opensslError, opensslText, seconds, type ClientCertificateFailure, type TlsFailure} from './connect-error.js';
import {StepTimer} from './timeouts.js';
import {isSocketPath} from './host-port.js';
import {daneVerdict, type DaneTrust} from './dane-trust.js';
import {caSubjects, chainEnd, describeCertificate, describeNameMismatch, holdsCertificate, listedHostName, tlsInfoOf, trustRemedy, verificationOf, verifyHint, verifyReason, verifyReasons} from './tls-info.js';

export type TrustOptions = {
	/** Extra CA certificates (PEM) to trust, on top of those Node trusts by default (defaultCas). */
	ca?: string | Buffer | Array<string | Buffer>;
	/** Skip verification (the result is still reported in TlsInfo). */
	insecure?: boolean;
	/** Offered when the server asks for a client certificate (--cert, --key). */
	clientCertificate?: ClientCertificate;
	/** The TLS versions allowed (--tls-min, --tls-max); Node's default without. */
	versions?: TlsVersionRange;
	/** Authenticate the server by these TLSA records (send --dane) instead of the CAs: see daneVerdict. */
	dane?: DaneTrust;
};

type HandshakeOptions = TrustOptions & {
	socket: Socket;
	host: string;
	port: number;
	/** The name to send as SNI and to verify; defaults to host. */
	servername?: string;
	timeoutMs: number;
	/** How TLS was started: only changes the hint when the server does not speak TLS. */
	mode: 'implicit' | 'starttls';
	/** Called with the secure socket before the promise settles, so no event can slip between the two. */
	adopt: (socket: TLSSocket) => void;
};

type CaStores = {getCACertificates?: (type: 'default') => string[]};

/**
 * The CAs Node trusts when given none: where Node can list them (tls.getCACertificates, in Node 24 and 26) its
 * bundled list and those NODE_EXTRA_CA_CERTS and NODE_USE_SYSTEM_CA (or --use-system-ca) add; Node 20 lists only the
 * bundled ones.
 */
export const defaultCas = (): readonly string[] => (tls as CaStores).getCACertificates?.('default') ?? tls.rootCertificates;

function trustedCa(ca: TrustOptions['ca']): Array<string | Buffer> | undefined {
	// Node's `ca` replaces the default roots; --ca should add a CA, not distrust every public one (nor the system's).
	return ca === undefined ? undefined : [...defaultCas(), ...[ca].flat()];
}

type TlsError = Error & {code?: string};

/** A handshake the server reset or closed, in plain words (TLS from the first byte or after STARTTLS alike). */
export const CLOSED_IN_HANDSHAKE = 'the server closed the connection during the handshake';

/** What broke a handshake, as its error's code says; undefined for a code that says nothing of it (or none). */
export function tlsFailureOfCode(code: string | undefined): TlsFailure | undefined {
	if (code !== undefined && NO_COMMON_VERSION_CODES.has(code)) return 'no-common-version';
	switch (code) {
		case 'ERR_SSL_WRONG_VERSION_NUMBER':
		case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
		case 'ERR_SSL_RECORD_LAYER_FAILURE':
			return 'not-tls';
		case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
		// The same alert under OpenSSL 3.2 and newer (Node 24.22, 26.12), which renamed "sslv3 alert".
		case 'ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE':
		case 'ERR_SSL_NO_SHARED_CIPHER':
			return 'no-cipher';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'closed';
		default:
			return undefined;
	}
}

/**
 * Plain words for a handshake failure that has a code of its own (not the server's certificate). `versions`: the
 * TLS versions that were allowed, for a failure over the version.
 */
export function failureText(code: string | undefined, mode: HandshakeOptions['mode'], versions?: TlsVersionRange): string | undefined {
	switch (tlsFailureOfCode(code)) {
		case 'no-common-version':
			return noCommonVersion(versions);
		case 'not-tls':
			return mode === 'implicit' ? 'the server did not answer in TLS (it may expect plain SMTP with STARTTLS on this port)' : 'the server did not answer in TLS after agreeing to STARTTLS';
		case 'no-cipher':
			return 'the server refused the handshake (no cipher suite in common?)';
		case 'closed':
			return CLOSED_IN_HANDSHAKE;
		default:
			return undefined;
	}
}

// Alerts a server sends in TLS 1.2 when it asked for a client certificate and got none: OpenSSL sends handshake_failure,
// others bad_certificate or the old no_certificate. They mean that only when the server got as far as its certificate
// (a server that finds no cipher suite in common sends handshake_failure at once, before its certificate).
const clientCertificateAlerts = new Set([40, 41, 42]);

/**
 * An alert that says the server wants a client certificate, or refused the one offered (`offered`), in words and as
 * data; undefined for any other error.
 */
function clientCertificateDemand(error: TlsError, socket: TLSSocket, offered: boolean): {text: string; failure: ClientCertificateFailure} | undefined {
	const alert = opensslError(error)?.alert;
	if (alert === undefined) return undefined;
	return clientCertificateAlert(alert, offered, clientCertificateAlerts.has(alert.number) && serverCertificateSeen(socket));
}

/** The server sent its certificate before it broke off the handshake. */
const serverCertificateSeen = (socket: TLSSocket) => Object.keys(socket.getPeerCertificate() ?? {}).length > 0;

/**
 * Words blaming the user's --tls-min/--tls-max for a handshake the server broke off (an alert, or a close: no
 * `error`, or a reset), when they are the likely cause; undefined otherwise, and for no version in common, which
 * failureText words.
 */
function versionsBlamed(error: TlsError | undefined, socket: TLSSocket, options: Pick<HandshakeOptions, 'versions' | 'clientCertificate'>): string | undefined {
	if (error?.code !== undefined && NO_COMMON_VERSION_CODES.has(error.code)) return undefined;
	const alert = error && opensslError(error)?.alert;
	if (alert) return versionRefusal(options.versions, {alert, serverCertificateSeen: serverCertificateSeen(socket)});
	const closed = error === undefined || error.code === 'ECONNRESET' || error.code === 'EPIPE';
	return closed ? versionRefusal(options.versions, {closed: true, clientCertificateOffered: options.clientCertificate !== undefined}) : undefined;
}

/** A handshake the server cut off, with a client certificate offered. */
const cutOff = (client: ClientCertificate | undefined) => (client ? `; ${mayHaveRefused(client)}` : '');

export function handshake(options: HandshakeOptions): Promise<TlsInfo> {
	const {host, port, insecure = false, clientCertificate: client} = options;
	const name = options.servername ?? host;
	const at = endpoint(host, port);
	let nameMismatch: string | undefined;
	const socket = tls.connect({
		socket: options.socket,
		host: name,
		// RFC 6066 forbids IP literals in SNI; Node then checks the IP against the certificate's IP names.
		servername: isIP(name) ? undefined : name,
		ca: trustedCa(options.ca),
		...versionOptions(options.versions),
		// Sent only if the server asks for one (a CertificateRequest).
		...(client && {cert: client.cert, key: client.key, ...(client.passphrase !== undefined && {passphrase: client.passphrase})}),
		// Checked in onSecure instead, before anyone gets the socket: a refused certificate can then still be
		// described. The socket is destroyed there, so not one byte of SMTP goes over it.
		rejectUnauthorized: false,
		checkServerIdentity(hostname, cert) {
			const error = tls.checkServerIdentity(hostname, cert);
			if (error) nameMismatch = describeNameMismatch(hostname, cert);
			return error;
		},
	});
	const timer = new StepTimer();
	return new Promise((resolve, reject) => {
		const fail = (error: ConnectError) => {
			timer.stop();
			socket.off('secureConnect', onSecure);
			socket.off('error', onError);
			socket.off('close', onClose);
			socket.destroy();
			reject(error);
		};
		const onSecure = () => {
			// Node checks the name only when the chain verified: one that did not may be for another name as well,
			// which is what someone looking at a server with --insecure wants to know.
			if (!socket.authorized && nameMismatch === undefined) {
				const cert = socket.getPeerCertificate();
				if (Object.keys(cert).length > 0 && tls.checkServerIdentity(name, cert)) nameMismatch = describeNameMismatch(name, cert);
			}
			const verification = verificationOf(socket, nameMismatch);
			const webPki = tlsInfoOf(socket, insecure, nameMismatch, verification);
			const dane = options.dane && daneVerdict(options.dane, socket, webPki);
			if (dane && 'refusal' in dane) return fail(dane.refusal);
			const info = dane?.info ?? webPki;
			if (!dane && !insecure && !socket.authorized) {
				const {code, reason: first} = verification ?? {code: 'UNKNOWN', reason: verifyReason('UNKNOWN', nameMismatch)};
				const given = options.ca === undefined ? undefined : [options.ca].flat();
				const givenCa = given && caSubjects(given);
				const peer = socket.getPeerCertificate(true);
				const end = chainEnd(peer);
				const listed = listedHostName(peer, host);
				const details = {
					// The issuer is named for a certificate that came without its issuer's (an incomplete chain).
					issuer: info.issuer,
					validFrom: info.validFrom,
					validTo: info.validTo,
					...(end && {chainEnd: end}),
					...(given && holdsCertificate(given, info.fingerprint256) && {givenLeaf: true}),
					...(nameMismatch !== undefined && {wrongName: isSocketPath(host) ? {socket: true} : listed === undefined ? {} : {listed}}),
				};
				const hint = verifyHint(code, givenCa, details);
				// Both problems before the hint, which then covers both: one fixed alone is refused again, for the other.
				const reason = verifyReasons(first, nameMismatch);
				const certificate = {subject: info.subject, issuer: info.issuer, validFrom: info.validFrom, validTo: info.validTo, fingerprint256: info.fingerprint256, reason, remedy: trustRemedy(code, givenCa, details), ...(details.wrongName && {wrongName: details.wrongName})};
				// The fingerprint last: to compare with the one the server's admin (or a workshop slide) gives.
				fail(
					new ConnectError('tls', `certificate verification failed for ${name}: ${reason} (${hint}); ${describeCertificate(info)}; SHA-256 ${info.fingerprint256}`, {
						code,
						certificate,
						tlsFailure: 'certificate',
					}),
				);
				return;
			}
			timer.stop();
			socket.off('error', onError);
			socket.off('close', onClose);
			options.adopt(socket);
			resolve(info);
		};
		const onError = (error: TlsError) => {
			const {code} = error;
			const demand = clientCertificateDemand(error, socket, client !== undefined);
			const blamed = demand === undefined ? versionsBlamed(error, socket, options) : undefined;
			const alert = opensslError(error)?.alert !== undefined;
			const text = demand?.text ?? blamed ?? failureText(code, options.mode, options.versions) ?? opensslText(error, client !== undefined) ?? error.message;
			const closed = code === 'ECONNRESET' || code === 'EPIPE';
			// No version in common is the user's flags' doing too, when they left out versions.
			const versions = blamed !== undefined || (code !== undefined && NO_COMMON_VERSION_CODES.has(code) && narrowedByUser(options.versions));
			const tlsFailure = tlsFailureOfCode(code) ?? (alert ? 'alert' : 'other');
			fail(new ConnectError('tls', `TLS handshake with ${at} failed: ${text}${closed ? cutOff(client) : ''}`, {code, cause: error, ...(demand && {clientCertificate: demand.failure}), versions, tlsFailure}));
		};
		const onClose = () => {
			const blamed = versionsBlamed(undefined, socket, options);
			const text = blamed ?? CLOSED_IN_HANDSHAKE;
			fail(new ConnectError('tls', `TLS handshake with ${at} failed: ${text}${cutOff(client)}`, {code: 'ECONNRESET', versions: blamed !== undefined, tlsFailure: 'closed'}));
		};
		socket.once('secureConnect', onSecure);
		socket.on('error', onError);
		socket.once('close', onClose);
		timer.start(options.timeoutMs, () => {
			fail(new ConnectError('tls', `TLS handshake with ${at} did not finish within ${seconds(options.timeoutMs)}`, {code: 'ETIMEDOUT', tlsFailure: 'timeout'}));
		});
	});
}
