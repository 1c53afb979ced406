// --ca (and a profile's CA file): read, and refused when it holds no certificate, naming what it holds instead.
import {readFileSync} from 'node:fs';
import {UsageError} from './command.js';
import {describeFileError} from '../text/file-errors.js';

/**
 * The CA certificate file's text (PEM). `label` names where the path came from (`--ca`, or a profile's field);
 * `hint`, for a profile, says how to mend it.
 */
export function readCaFile(file: string, label = '--ca', hint?: string): string {
	let ca: string;
	try {
		ca = readFileSync(file, 'utf8');
	} catch (error) {
		throw new UsageError(`${label}: cannot read ${file}: ${describeFileError(error, file)}`, hint);
	}
	if (ca.includes('-----BEGIN CERTIFICATE-----')) return ca;
	// A key or a request beside the certificate is the usual mix-up: name what the file is.
	const kind = /-----BEGIN ([A-Z ]+)-----/.exec(ca)?.[1];
	const other = kind === undefined ? undefined : PEM_KINDS[kind];
	throw new UsageError(
		`${label}: ${file} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")${other ? `; it holds ${other}` : ''}`,
		hint ?? (other ? "give --ca the CA's certificate (a .crt or .pem file with BEGIN CERTIFICATE), not a key or a request" : `a DER certificate converts with: openssl x509 -inform der -in ${file} -out ca.pem`),
	);
}

/** What a PEM file given as --ca holds instead of a certificate: the usual mix-ups, with their article. */
const PEM_KINDS: Readonly<Record<string, string>> = {
	'PRIVATE KEY': 'a private key',
	'RSA PRIVATE KEY': 'an RSA private key',
	'EC PRIVATE KEY': 'an EC private key',
	'ENCRYPTED PRIVATE KEY': 'an encrypted private key',
	'CERTIFICATE REQUEST': 'a certificate request',
	'NEW CERTIFICATE REQUEST': 'a certificate request',
	'PUBLIC KEY': 'a public key',
};
