// What the driver knows of TLS on its connection: the handshake's lines for the log and its record for a replay,
// the words and kind of a failed one, the certificate it refused (for the connection panel), and whether the server
// has said a word since (a close right after the handshake may be a client certificate refused in silence).
import type {FailureCause, FailureKind} from '../smtp/failure.js';
import {withheldCertificateText} from '../smtp/session-texts.js';
import {mayHaveRefused} from '../transport/client-certificate.js';
import {OFFER_ONE, type RefusedCertificate} from '../transport/connect-error.js';
import {ConnectError} from '../transport/connection.js';
import type {DriverOptions} from './driver-options.js';
import type {NewLogEntry} from './log.js';
import {describeTls} from './tls-lines.js';
import {tlsFailedRecord, tlsFailureCause, tlsFailureKind, trustMessageParts} from './tls-failure.js';
import type {TlsInfo} from './types.js';

type TlsOptions = Pick<DriverOptions, 'clientCertificate' | 'withheldCertificate' | 'trustWords' | 'tlsVersions' | 'onWire'>;

/** A failed handshake as the engine takes it: its words, and the kind and cause advice depends on. */
type TlsFailure = {message: string; kind: FailureKind; cause: FailureCause | undefined};

export class ConnectionTls {
	readonly #options: TlsOptions;
	#refusedCertificate: RefusedCertificate | undefined;
	/** TLS was established and the server has sent nothing since. */
	#silent = false;

	constructor(options: TlsOptions) {
		this.#options = options;
	}

	/** The certificate the last connection's handshake refused, if it did. */
	get refusedCertificate(): RefusedCertificate | undefined {
		return this.#refusedCertificate;
	}

	/** A new connection attempt: what the last one refused is no more. */
	connecting(): void {
		this.#refusedCertificate = undefined;
	}

	/** The handshake succeeded: recorded, and its lines for the log. */
	established(info: TlsInfo): NewLogEntry[] {
		this.#silent = true;
		this.#options.onWire?.({direction: 'tls', info, time: Date.now()});
		return describeTls(info, this.#options.tlsVersions);
	}

	/** A handshake failed: recorded, and a refused certificate kept for the connection panel. */
	failed(error: unknown): TlsFailure {
		this.#options.onWire?.(tlsFailedRecord(error));
		if (error instanceof ConnectError && error.certificate) this.#refusedCertificate = error.certificate;
		return {message: this.words(error), kind: tlsFailureKind(error), cause: tlsFailureCause(error, this.#options.withheldCertificate)};
	}

	/** The server said something. */
	heard(): void {
		this.#silent = false;
	}

	/**
	 * The connection closed; `byUs`: we dropped it. Many servers (Node's, smtp-server) drop a client certificate they
	 * refuse without an alert, once TLS 1.3 has let the client finish its handshake: the close right after it, with
	 * not a byte, is all there is to see, and this note says what it may mean.
	 */
	closed(byUs: boolean): string | undefined {
		const silent = this.#silent;
		this.#silent = false;
		const offered = this.#options.clientCertificate;
		return silent && offered && !byUs ? `the server closed the connection right after the TLS handshake, before a word: ${mayHaveRefused(offered)}` : undefined;
	}

	/** An error's words; a demand for a client certificate blames --no-cert when it dropped the profile's. */
	words(error: unknown): string {
		const message = error instanceof Error ? error.message : String(error);
		const {withheldCertificate: withheld, trustWords} = this.#options;
		const refusal = trustWords && trustMessageParts(error, message);
		const worded = refusal ? trustWords(refusal) : message;
		return withheld ? worded.replace(OFFER_ONE, withheldCertificateText(withheld)) : worded;
	}
}
