// The captured messages as the dashboard's inbox and the --save-dir files see them.
import type {ListenerKind} from './events.js';
import type {ClientSpf} from '../spf/client.js';
import type {DmarcPolicy} from '../smtp/dmarc-record.js';

/** A MAIL FROM or RCPT TO address with its ESMTP parameters (keys upper case, a bare keyword is true). */
export type EnvelopeAddress = {address: string; params: Record<string, string | true>};

/**
 * One DKIM signature's check (dkim-verify.ts). `temperror`: the key could not be had (DNS did not answer), which says
 * nothing of the message. `keyBits` on a pass; `reason` otherwise, in words a user can act on; `testing`: the key's
 * record says t=y (the domain is testing DKIM: receivers may treat a failure as no signature).
 */
export type DkimResult = {status: 'pass' | 'fail' | 'temperror'; domain: string; selector: string; algorithm: string; keyBits?: number; reason?: string; testing?: true};

/**
 * DMARC of the From header's `domain` (empty: the message has no From address). `temperror`: its policy could not be
 * looked up. `policy` and `tag` (p=, sp=, np=) when one applies; `disposition`: what a receiver does with it;
 * `alignedBy`: the pass that aligned. `why`: the verdict in words.
 */
export type DmarcCheck = {
	result: 'pass' | 'fail' | 'none' | 'temperror';
	domain: string;
	policy?: DmarcPolicy;
	tag?: 'p' | 'sp' | 'np';
	disposition?: DmarcPolicy;
	alignedBy?: {method: 'dkim' | 'spf'; domain: string};
	why: string;
};

/** A signed message's DKIM, all signatures in one: `checking` until the keys are looked up; `fail` when any fails. */
export type DkimMark = 'checking' | DkimResult['status'];

/** A From header's mailbox: its address, and its display name when it has one (encoded words decoded). */
export type MessageAuthor = {address: string; name?: string};

export type CapturedMessageSummary = {
	id: number;
	/** The envelope sender (MAIL FROM), '' for the null sender. */
	from: string;
	/** The From header's mailbox, read at arrival; absent without one (or one naming no address). */
	author?: MessageAuthor;
	/** The envelope recipients (RCPT TO). */
	to: string[];
	/** It has an HTML body (text/html, or such a part that is not an attachment): read at arrival from its headers (bodyMarks). */
	html?: true;
	/** It has a file attached (see bodyMarks), read at arrival from its parts' headers: the list's `attach` mark. */
	attachment?: true;
	/** The decoded Subject header, '' when there is none. */
	subject: string;
	/** Its Message-ID header as written (`<id@host>`); absent without one. */
	messageId?: string;
	/** It has DKIM-Signature headers: how their check went (absent when unsigned, or saved by a version that did not keep it). */
	dkim?: DkimMark;
	/** DMARC failed under a quarantine or reject policy (a sandbox with --dns): receivers would not put it in the inbox. */
	dmarcFails?: true;
	/** Bytes of the raw message. */
	size: number;
	/** Milliseconds since the epoch. */
	receivedAt: number;
	/**
	 * Its text, and the http(s) addresses in its text and links (see messageText), read at arrival. Absent where no one
	 * reads them (serve without a save folder), and in a record saved by an older version.
	 */
	text?: string;
	links?: string[];
};

export type CapturedSession = {
	/** The sandbox session number (as in the events). */
	id: number;
	remote: string;
	/** The name the client gave in EHLO/HELO. */
	helo: string;
	listener: ListenerKind;
	tls: false | {protocol: string; cipher: string};
	auth: false | {user: string; method: string};
	/** What XCLIENT set (serve --xclient), by Postfix's names, values decoded: whom the session spoke as. */
	xclient?: Record<string, string>;
	/** The sandbox's own message (a delivery report it wrote): no client sent it. */
	generated?: true;
};

export type CapturedMessage = CapturedMessageSummary & {
	envelope: {mailFrom: EnvelopeAddress; rcptTo: EnvelopeAddress[]};
	session: CapturedSession;
	/** The message exactly as received, after dot-unstuffing (ends with the CRLF before the final dot). */
	raw: Buffer;
	/** Each DKIM signature's check, top first, once done. */
	signatures?: DkimResult[];
	/**
	 * SPF and DMARC, once checked (a sandbox with --dns, auth-checks.ts). SPF's `ip` is the client's address (XCLIENT
	 * ADDR='s or the PROXY header's when one gave it); SPF is absent for a client with no address (a Unix socket).
	 */
	spf?: ClientSpf;
	dmarc?: DmarcCheck;
	/** Until they are: their DNS lookups are under way. */
	authentication?: 'checking';
};

/**
 * A captured message without its body: what the mailbox keeps once the body is dropped, and what a `.json` holds
 * (`dkim` and `signatures`, `spf` and `dmarc` rewritten into it once checked).
 */
export type MessageRecord = Omit<CapturedMessage, 'raw'>;

/** A message parsed for display (mailparser), made only when asked for. */
export type ParsedMessageView = {
	/** Each header as received (folded lines kept); `decoded`: its value with RFC 2047 encoded words decoded, when that changes it. */
	headerLines: Array<{key: string; line: string; decoded?: string}>;
	text: string;
	/** The HTML parts' source, decoded as sent (a byte that is not UTF-8 in a UTF-8 part as \xHH); absent without one. */
	html?: string;
	/** The message has no text/plain part, or only blank ones: `text` was made from the HTML. */
	textFromHtml?: true;
	/**
	 * `cid`: an inline image the HTML shows by its Content-ID (`unshown`: it does not; `attached`: it does, the part
	 * marked as an attachment); `method`: a calendar invitation's (REQUEST, CANCEL…), from its Content-Type.
	 */
	attachments: Array<{filename?: string; contentType: string; method?: string; size: number; cid?: string; unshown?: true; attached?: true}>;
	/** The Content-IDs the HTML shows (src="cid:…") that no part of the message has: broken images. */
	missingCids?: string[];
	/** Under the headers: what is wrong with its List-Unsubscribe headers, as `! …` lines. */
	headerWarnings?: string[];
	/** Its Bcc header as written, when one left in names anyone (scanBcc, as serve's accepted line reads it). */
	bcc?: string;
	/** The raw message decoded as UTF-8, a byte that is not part of UTF-8 as \xHH. */
	raw: string;
};
