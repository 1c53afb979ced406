// The connection panel's editable settings as a form, and their validation into typed values.
import {domainToASCII} from 'node:url';
import {encodeCommand} from '../../smtp/commands.js';
import {SmtpInputError, type TlsPolicy} from '../../smtp/types.js';
import {isHostName, isSocketPath} from '../../transport/host-port.js';
import {hidePassword} from '../../text/url-password.js';
import {choiceField, formValue, lineField, type FieldError, type FormState} from './form-state.js';

export type ConnectionSettings = {
	host: string;
	port: number;
	security: TlsPolicy;
	user: string;
	password: string;
	ehlo: string;
	/** The CA file as typed (`~/` is the home folder); empty or absent: the system CAs only. Read at connect. */
	caFile?: string;
	/** Verify: off, as --insecure: a certificate that does not verify is taken anyway. */
	insecure?: boolean;
};

/** auto: STARTTLS when the server offers it (as `send` does by default); STARTTLS: required. */
const SECURITY_CHOICES: readonly TlsPolicy[] = ['none', 'auto', 'starttls', 'tls'];
export const SECURITY_LABELS: Record<TlsPolicy, string> = {none: 'none', auto: 'auto', starttls: 'STARTTLS', tls: 'TLS'};
/** Verify certificates (on), or take any (off: --insecure). */
const VERIFY_CHOICES = ['on', 'off'] as const;

/** Verify is off in the form: the next connection takes any certificate, which must be said loudly. */
export const verifyOff = (form: FormState) => formValue(form, 'verify') === 'off';

export function createConnectionForm(settings: Partial<ConnectionSettings>): FormState {
	return {
		fields: [
			lineField('host', 'Host', settings.host ?? ''),
			lineField('port', 'Port', settings.port === undefined ? '' : String(settings.port)),
			choiceField('security', 'Security', SECURITY_CHOICES, settings.security ?? 'none'),
			lineField('user', 'User', settings.user ?? ''),
			lineField('password', 'Password', settings.password ?? '', 'secret'),
			lineField('ehlo', 'EHLO name', settings.ehlo ?? ''),
			// Last: trust is changed after a refused certificate, seldom before; the fields above keep their places.
			lineField('ca', 'CA file', settings.caFile ?? ''),
			choiceField('verify', 'Verify', VERIFY_CHOICES, settings.insecure ? 'off' : 'on'),
		],
		active: 0,
	};
}

/**
 * Why the EHLO name (trimmed) cannot be sent, checked as the engine checks it (encodeCommand): refused before
 * connecting, not after the greeting. Empty is fine: the host name is used.
 */
export function ehloError(ehlo: string): FieldError | undefined {
	if (ehlo === '') return undefined;
	if (/\s/.test(ehlo)) return {field: 'ehlo', message: `EHLO name: "${ehlo}" contains a space; it is one word, this machine's domain name (empty: picked for you, shown in the field)`};
	try {
		encodeCommand({verb: 'EHLO', domain: ehlo});
	} catch (error) {
		if (!(error instanceof SmtpInputError)) throw error;
		// The engine's sentence ends with a full stop and already names the field ("EHLO name contains ...").
		return {field: 'ehlo', message: `${error.message.replace(/\.$/, '')}: give this machine's domain name (empty: picked for you, shown in the field)`};
	}
	return undefined;
}

/** Why the port (trimmed) cannot be connected to, or undefined. */
function portError(portText: string): FieldError | undefined {
	const port = Number(portText);
	return /^\d+$/.test(portText) && port >= 1 && port <= 65_535 ? undefined : {field: 'port', message: `Port: "${portText}" is not a number from 1 to 65535`};
}

/** The fields checked as they are left, as Ctrl+S checks them: a port or EHLO name it would refuse is said at once, on the field. */
export const CHECKED_ON_LEAVING: Readonly<Record<string, (trimmed: string) => FieldError | undefined>> = {port: portError, ehlo: ehloError};

/** Punycode for a non-ASCII domain name; as typed when it is ASCII or no domain name (the check then says why). */
const asciiName = (name: string) => (/^[\x00-\x7f]*$/.test(name) ? name : domainToASCII(name) || name);

/** Typed settings, or an error naming the field that is wrong. */
export function connectionSettings(form: FormState): {settings: ConnectionSettings} | {error: FieldError} {
	const value = (id: string) => formValue(form, id).trim();
	const host = value('host');
	if (host === '') return {error: {field: 'host', message: 'Host: enter a host name or address'}};
	if (/\s/.test(host)) return {error: {field: 'host', message: `Host: "${hidePassword(host)}" contains a space`}};
	// --socket PATH fills Host with the socket's absolute path (its port is then not used, nor TLS: see targetFor).
	if (!isHostName(host) && !isSocketPath(host)) return {error: {field: 'host', message: `Host: "${hidePassword(host)}" is not a host name or address (e.g. smtp.example.com, 192.0.2.1, ::1), or a Unix socket's absolute path`}};
	const portText = value('port');
	const portRefused = portError(portText);
	if (portRefused) return {error: portRefused};
	const port = Number(portText);
	// EHLO takes an ASCII domain: an internationalised name goes as punycode, as send's --helo does.
	const ehlo = asciiName(value('ehlo'));
	const ehloRefused = ehloError(ehlo);
	if (ehloRefused) return {error: ehloRefused};
	const caFile = value('ca');
	return {
		settings: {
			host,
			port,
			security: value('security') as TlsPolicy,
			user: value('user'),
			// Passwords may legitimately start or end with spaces.
			password: formValue(form, 'password'),
			ehlo,
			...(caFile !== '' && {caFile}),
			...(verifyOff(form) && {insecure: true}),
		},
	};
}
