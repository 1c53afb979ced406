// What every SASL mechanism's client is (RFC 4954): what goes after `AUTH MECH`, and the answer to each 334.
import {Buffer} from 'node:buffer';

/** For XOAUTH2 and OAUTHBEARER the password is the OAuth 2 access token; EXTERNAL needs none. */
export type SaslCredentials = {user: string; password: string};

/**
 * What a mechanism may need beyond the credentials, given by the caller so the engine stays pure: SCRAM's nonce
 * (random, made by the driver), and for OAUTHBEARER the server the client connected to (RFC 7628 §3.1).
 */
export type SaslContext = {nonce?: string; host?: string; port?: number};

/** The answer to a challenge; `why` says, when the answer is CANCEL, why the client gave up (for the failure's words). */
export type SaslAnswer = {response: string; why?: string};

export type SaslClient = {
	mechanism: string;
	/** What to send on the AUTH line (base64, or "=" for an empty one), or undefined when the server speaks first. */
	initialResponse(): string | undefined;
	/** The answer to the last of the server's 334 challenges so far (base64, each as sent); CANCEL when none is expected. */
	respond(challenges: readonly string[]): SaslAnswer;
};

/** Sent instead of a response to abandon the exchange; the server then answers 501. */
export const CANCEL = '*';

/** Text as SASL carries it: UTF-8, base64-encoded. */
export const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
