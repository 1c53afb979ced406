// The connection panel's editable settings as a form, and their validation into typed values.
import type {Security} from '../../session/types.js';
import {choiceField, formValue, lineField, type FieldError, type FormState} from './form-state.js';

export type ConnectionSettings = {
	host: string;
	port: number;
	security: Security;
	user: string;
	password: string;
	ehlo: string;
};

export const SECURITY_CHOICES: readonly Security[] = ['none', 'starttls', 'tls'];
export const SECURITY_LABELS: Record<Security, string> = {none: 'none', starttls: 'STARTTLS', tls: 'TLS'};

export function createConnectionForm(settings: Partial<ConnectionSettings>): FormState {
	return {
		fields: [
			lineField('host', 'Host', settings.host ?? ''),
			lineField('port', 'Port', settings.port === undefined ? '' : String(settings.port)),
			choiceField('security', 'Security', SECURITY_CHOICES, settings.security ?? 'none'),
			lineField('user', 'User', settings.user ?? ''),
			lineField('password', 'Password', settings.password ?? '', 'secret'),
			lineField('ehlo', 'EHLO name', settings.ehlo ?? ''),
		],
		active: 0,
	};
}

/** Typed settings, or an error naming the field that is wrong. */
export function connectionSettings(form: FormState): {settings: ConnectionSettings} | {error: FieldError} {
	const value = (id: string) => formValue(form, id).trim();
	const host = value('host');
	if (host === '') return {error: {field: 'host', message: 'Host: enter a host name or address'}};
	if (/\s/.test(host)) return {error: {field: 'host', message: `Host: "${host}" contains a space`}};
	const portText = value('port');
	const port = Number(portText);
	if (!/^\d+$/.test(portText) || port < 1 || port > 65_535) {
		return {error: {field: 'port', message: `Port: "${portText}" is not a number from 1 to 65535`}};
	}
	return {
		settings: {
			host,
			port,
			security: value('security') as Security,
			user: value('user'),
			// Passwords may legitimately start or end with spaces.
			password: formValue(form, 'password'),
			ehlo: value('ehlo'),
		},
	};
}
