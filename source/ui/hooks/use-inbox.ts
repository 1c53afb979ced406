// The sandbox mailbox as inbox rows, and the selected message parsed (lazily, mailparser) with its envelope while it is open.
import {xclientWords} from '../../text/xclient-meaning.js';
import {useEffect, useMemo, useState, useSyncExternalStore} from 'react';
import type {CapturedMessageSummary, Mailbox} from '../../sandbox/mailbox.js';
import type {InboxItem, InboxMessage} from '../components/inbox.js';
import {deliveryParameters, inboxEnvelope, receivedWords} from '../components/inbox-envelope.js';
import {withClientAddresses} from '../components/inbox-clients.js';
import {authenticationLines, dkimLines} from '../components/inbox-dkim.js';
import {remoteAddress} from '../../transport/host-port.js';

/** Whether a sandbox session's client ("127.0.0.1:50123") was this dashboard. */
type Owns = (remote: string) => boolean;

/** Who sent a message in, when it was not this dashboard: "127.0.0.1:50123, EHLO x". */
function otherClient(mailbox: Mailbox, id: number, owns: Owns | undefined): string | undefined {
	const session = owns && mailbox.record(id)?.session;
	// The sandbox's own delivery report came from no client.
	return session && !session.generated && !owns(session.remote) ? `${session.remote}, EHLO ${session.helo || '(none)'}` : undefined;
}

/**
 * The rows, built as they come: a message's row is made once from its summary (the mailbox makes a new one only when
 * the message changes: its DKIM check ends), and a burst of mail adds its rows to those already made. Who sent each
 * is decided as it arrives (`clients`, by id): the dashboard's connection is open then, and knows itself; later its
 * port may be another program's.
 */
function rowsOf(mailbox: Mailbox, owns: Owns | undefined, sayClient: boolean): () => InboxItem[] {
	const clients = new Map<number, string | undefined>();
	let made = new Map<CapturedMessageSummary, InboxItem>();
	return () => {
		const kept = new Map<CapturedMessageSummary, InboxItem>();
		const listed = new Set<number>();
		const items = mailbox.list().map(summary => {
			listed.add(summary.id);
			const item = made.get(summary) ?? row(summary, clients.has(summary.id) ? clients.get(summary.id) : otherClient(mailbox, summary.id, owns));
			clients.set(summary.id, item.client);
			kept.set(summary, item);
			return item;
		});
		made = kept;
		for (const id of clients.keys()) if (!listed.has(id)) clients.delete(id);
		return sayClient ? withClientAddresses(items, item => clientAddress(mailbox, Number(item.id))) : items;
	};
}

function row({id, from, author, to, html, attachment, subject, dkim, dmarcFails, size, receivedAt, messageId, text, links}: CapturedMessageSummary, client: string | undefined): InboxItem {
	const searched = {...(messageId !== undefined && {messageId}), ...(text !== undefined && {text}), ...(links && {links})};
	return {id: String(id), from, ...(author && {author}), to, ...(html && {html}), ...(attachment && {attachment}), subject, size, receivedAt, ...(client && {client}), ...(dkim && {dkim}), ...(dmarcFails && {dmarcFails}), ...searched};
}

/** The address a message's client connected from (none for the sandbox's own reports). */
function clientAddress(mailbox: Mailbox, id: number): string | undefined {
	const session = mailbox.record(id)?.session;
	return session && !session.generated && session.remote !== '' ? remoteAddress(session.remote) : undefined;
}

/** Bigger than this, a message opened shows its headers at once, and says that the rest is being read. */
const READ_FIRST_BYTES = 1024 * 1024;

/** The rows, and how many messages the sandbox took in all that it could list (more than the rows once the oldest were let go). */
type InboxSnapshot = {items: InboxItem[]; received: number};

type Subscribe = (listener: () => void) => () => void;
type Settle = (subscribe: Subscribe) => Subscribe;
/** Every change taken as it comes (the dashboard's). */
const AT_ONCE: Settle = subscribe => subscribe;

/**
 * A stable snapshot per mailbox change (useSyncExternalStore needs the same object until something changes). `settle`
 * (a throttle, see sharedThrottle) takes changes less often, the last never lost: each one lists every row and
 * redraws the screen, which a burst of mail (an app's test suite) would otherwise pay for per message, on the event
 * loop that holds its SMTP sessions.
 */
function itemsStore(mailbox: Mailbox | undefined, owns: Owns | undefined, sayClient: boolean, settle: Settle) {
	const rows = mailbox && rowsOf(mailbox, owns, sayClient);
	const snapshotOf = (): InboxSnapshot => (mailbox && rows ? {items: rows(), received: mailbox.total} : {items: [], received: 0});
	let snapshot = snapshotOf();
	return {
		subscribe(listener: () => void) {
			if (!mailbox) return () => {};
			const update = () => {
				snapshot = snapshotOf();
				listener();
			};
			return settle((changed: () => void) => mailbox.subscribe(changed))(update);
		},
		get: () => snapshot,
	};
}

/**
 * Undefined without a sandbox; an empty inbox while one is starting (`expected`), so the layout does not jump.
 * `id`: the selected message's, parsed while `open`. `owns`: which clients were this dashboard; a message another
 * one sent in is marked (`client`). `sayClient`: the list names the client address beside a sender several clients
 * share (see withClientAddresses), and the opened message's headers view says which client sent it, over
 * TLS or not, with which login (smtp-tui inbox, where every message is another program's). `settle`: see itemsStore
 * (not the dashboard's: who sent each message is decided as it is listed, while its own connection still knows itself).
 */
export function useInbox(
	mailbox: Mailbox | undefined,
	id: string | undefined,
	open: boolean,
	expected = mailbox !== undefined,
	owns?: Owns,
	sayClient = false,
	settle: Settle = AT_ONCE,
): {items: readonly InboxItem[]; received: number; message?: InboxMessage} | undefined {
	const store = useMemo(() => itemsStore(mailbox, owns, sayClient, settle), [mailbox, owns, sayClient, settle]);
	const {items, received} = useSyncExternalStore(store.subscribe, store.get);
	const [message, setMessage] = useState<{id: string; view: InboxMessage} | undefined>(undefined);
	// A big message's headers, shown while the rest is parsed.
	const [reading, setReading] = useState<{id: string; view: InboxMessage} | undefined>(undefined);
	useEffect(() => {
		if (!mailbox || !open || id === undefined || message?.id === id) return;
		let current = true;
		// Going back stops the parse (a 50 MB message's takes seconds).
		const parsing = new AbortController();
		// The envelope is kept even once the body is gone: shown then without comparing it to headers.
		const record = mailbox.record(Number(id));
		const kept = record?.envelope;
		const client = store.get().items.find(item => item.id === id)?.client;
		const xclient = record?.session.xclient && xclientWords(Object.entries(record.session.xclient));
		// smtp-tui inbox: which client sent it, to tell a room's students apart (the sandbox's own reports came from none).
		const from = sayClient && record && !record.session.generated ? receivedWords(record.session) : undefined;
		const envelope = kept && {mailFrom: kept.mailFrom.address, rcptTo: kept.rcptTo.map(recipient => recipient.address), ...deliveryParameters(kept), ...(client && {client}), ...(xclient && {xclient}), ...(from && {received: from})};
		// A big message's headers first: the parse (and loading mailparser, the first time) begins once they are shown.
		const headersFirst =
			(record?.size ?? 0) > READ_FIRST_BYTES
				? mailbox.headerLines(Number(id)).then(
						headerLines => current && setReading({id, view: {headerLines, text: '', attachments: [], raw: '', reading: true, ...(envelope && {envelope})}}),
						() => {},
					)
				: Promise.resolve();
		// mailparser is loaded by parse already: its address parser reads the headers as the parse did.
		headersFirst
			.then(() => Promise.all([mailbox.parse(Number(id), parsing.signal), import('mailparser')]))
			.then(
				([view, {parseAddressHeader}]) => current && setMessage({id, view: {...view, ...(envelope && {envelope: inboxEnvelope({...envelope, ...(view.bcc !== undefined && {bcc: view.bcc})}, view.headerLines, parseAddressHeader)})}}),
				(error: unknown) => {
					const note = `(cannot show this message: ${error instanceof Error ? error.message : String(error)})`;
					if (current) setMessage({id, view: {headerLines: [], text: '', attachments: [], raw: '', note, ...(envelope && {envelope})}});
				},
			);
		return () => {
			current = false;
			parsing.abort();
		};
	}, [mailbox, open, id, message?.id, store, sayClient]);
	// The check ends after the message is listed, maybe while it is open: its lines follow the mailbox, not the parse.
	const record = open && id !== undefined ? mailbox?.record(Number(id)) : undefined;
	const view = message?.id === id ? message?.view : reading?.id === id ? reading?.view : undefined;
	const shown = useMemo(() => {
		const checks = [...(dkimLines(record) ?? []), ...(authenticationLines(record) ?? [])];
		return view && (checks.length > 0 ? {...view, checks} : view);
	}, [view, record?.dkim, record?.signatures, record?.spf, record?.dmarc, record?.authentication]);
	if (!mailbox) return expected ? {items, received} : undefined;
	return {items, received, ...(open && shown && {message: shown})};
}
