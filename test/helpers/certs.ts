// Test certificates: a CA, a server certificate it signed for the loopback names, and an unrelated
// self-signed one. EC keys keep generation fast; the set is made once per test process.
import {generate} from 'selfsigned';

export type KeyAndCert = {key: string; cert: string};

export type TestCerts = {
	/** The test CA's certificate (PEM): pass it as `ca` to trust `server`. */
	ca: string;
	/** Signed by the test CA, valid for localhost, 127.0.0.1 and ::1. */
	server: KeyAndCert;
	/** Self-signed, also for localhost, 127.0.0.1 and ::1: never trusted by `ca`. */
	selfSigned: KeyAndCert;
};

type Options = NonNullable<Parameters<typeof generate>[1]>;

const base: Options = {keyType: 'ec', algorithm: 'sha256'};

const serverExtensions: Options['extensions'] = [
	{name: 'basicConstraints', cA: false},
	{name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
	{name: 'extKeyUsage', serverAuth: true},
	{
		name: 'subjectAltName',
		altNames: [
			{type: 2, value: 'localhost'},
			{type: 7, ip: '127.0.0.1'},
			{type: 7, ip: '::1'},
		],
	},
];

let cached: Promise<TestCerts> | undefined;

async function make(): Promise<TestCerts> {
	const ca = await generate([{name: 'commonName', value: 'smtp-tui test CA'}], {
		...base,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
		],
	});
	const server = await generate([{name: 'commonName', value: 'localhost'}], {
		...base,
		extensions: serverExtensions,
		ca: {key: ca.private, cert: ca.cert},
	});
	const selfSigned = await generate([{name: 'commonName', value: 'localhost'}], {
		...base,
		extensions: serverExtensions,
	});
	return {
		ca: ca.cert,
		server: {key: server.private, cert: server.cert},
		selfSigned: {key: selfSigned.private, cert: selfSigned.cert},
	};
}

export function testCerts(): Promise<TestCerts> {
	cached ??= make();
	return cached;
}

type GenerateOptions = NonNullable<Parameters<typeof generate>[1]>;

export const caExtensions = [
	{name: 'basicConstraints', cA: true, critical: true},
	{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
] as const satisfies GenerateOptions['extensions'];

export const leafExtensions = [
	{name: 'basicConstraints', cA: false},
	{name: 'subjectAltName', altNames: [{type: 2, value: 'localhost'}, {type: 7, ip: '127.0.0.1'}]},
] as const satisfies GenerateOptions['extensions'];

/** A CA and a certificate for localhost it signed, with these options for the latter (dates, signature). */
export async function signed(options: GenerateOptions): Promise<{ca: string; leaf: KeyAndCert}> {
	const ca = await generate([{name: 'commonName', value: 'QA Root CA'}], {keyType: 'ec', algorithm: 'sha256', extensions: caExtensions});
	const leaf = await generate([{name: 'commonName', value: 'localhost'}], {keyType: 'ec', algorithm: 'sha256', extensions: leafExtensions, ...options, ca: {key: ca.private, cert: ca.cert}});
	return {ca: ca.cert, leaf: {key: leaf.private, cert: leaf.cert}};
}
