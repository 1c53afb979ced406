// The preview: the exact DATA bytes of the message as it is now, with the Message-ID and Date that Ctrl+S then sends;
// with --bdat, the bytes its BDAT chunks carry where the server offers CHUNKING (or may: not connected yet); with
// --dkim-key, its DKIM-Signature first, made as Ctrl+S makes it (dashboard-dkim.ts).
import {useEffect, useRef, useState} from 'react';
import type {SessionController} from '../../session/controller.js';
import {composerValues, type ComposerValues} from '../components/composer-form.js';
import type {FormState} from '../components/form-state.js';
import type {ComposedMessage} from '../../message/compose.js';
import {composeFromValues, dataBytes, newIdentity, type DataPreviewText, type MessageIdentity} from '../outgoing.js';
import type {MessageRoute} from '../message-route.js';
import type {DkimSettings} from '../../headless/dkim-flags.js';
import type {DkimSigned} from '../../message/dkim-message.js';
import {signComposed} from '../dashboard-dkim.js';

/** What the preview shows: the bytes, why the message cannot be built, or that its bytes are being built. */
export type PreviewShown = DataPreviewText | {error: string} | {building: true};

export type DataPreview = {
	/** What the preview shows while it is on; undefined while it is off. */
	preview: PreviewShown | undefined;
	/** Said above the bytes after a send while the preview is open: they are the next message's. */
	previewNote: string | undefined;
	/** The message to send, with the preview's Message-ID and Date while it is open, else new ones; `signed`: with --dkim-key. */
	compose: (values: ComposerValues) => Promise<{message: ComposedMessage; signed?: DkimSigned}>;
	/** A message was queued (`previewOpen`: as the preview showed it): the preview moves on to the next one. */
	queued: (previewOpen: boolean) => void;
};

/** A build's result, with what it was built from. */
type Built = {composer: FormState; queued: number; shown: DataPreviewText | {error: string}};

/** With --bdat: the chunk size, how the next message goes (see message-route.ts), and whether to the sandbox. */
type PreviewBdat = {chunkSize: number; route: MessageRoute; sandbox?: boolean};

/** Above the bytes while the server's word on CHUNKING is not in (or is no): which of the two ways they show. */
function routeNote(bdat: PreviewBdat | undefined): string | undefined {
	if (bdat?.route === 'unknown') return 'with --bdat: shown as BDAT chunks, which go if the server offers CHUNKING; else by DATA (dot-stuffed, then ".")';
	if (bdat?.route === 'data') return `with --bdat, but ${bdat.sandbox ? 'the sandbox' : 'this server'} offers no CHUNKING: the message goes by DATA`;
	return undefined;
}

/** The message for this identity, signed with --dkim-key at its Date. */
async function build(values: ComposerValues, identity: MessageIdentity, dkim: DkimSettings | undefined): Promise<{message: ComposedMessage; signed?: DkimSigned}> {
	const message = await composeFromValues(values, identity);
	return dkim ? signComposed(message, dkim, identity.date) : {message};
}

export function useDataPreview(controller: SessionController, previewOn: boolean, composer: FormState, bdat?: PreviewBdat, dkim?: DkimSettings): DataPreview {
	// Building is asynchronous (a big message takes a moment): a build's result is shown only while it is of the
	// composer as it is and of the next message still, so no frame shows bytes Ctrl+S would not send now.
	const [built, setBuilt] = useState<Built | undefined>(undefined);
	// By BDAT unless a server said it offers no CHUNKING: the bytes then as its chunks carry them.
	const chunkSize = bdat && bdat.route !== 'data' ? bdat.chunkSize : undefined;
	// The Message-ID and Date the preview shows, which Ctrl+S then sends; made when the preview opens (and after a
	// message is queued), so the Date is never older than the preview. Without the preview, Ctrl+S makes its own.
	const identity = useRef(newIdentity());
	const [queued, setQueued] = useState(0);
	// A message was sent while the preview was open: it now shows the next one (new Message-ID, Date, boundaries),
	// which side by side with the inbox would read as another message sent. Said until the preview closes.
	const [previewIsNext, setPreviewIsNext] = useState(false);
	const previewShown = useRef(false);
	useEffect(() => {
		if (!previewOn) {
			previewShown.current = false;
			setPreviewIsNext(false);
			// Opened again, it shows a new Message-ID and Date: these bytes are no longer the next message's.
			setBuilt(undefined);
			return;
		}
		// A preview opened while a message is on its way shows that message's Message-ID and Date, not new ones.
		if (!previewShown.current && !controller.getSnapshot().session.busy) identity.current = newIdentity();
		previewShown.current = true;
		let current = true;
		const show = (shown: Built['shown']) => current && setBuilt({composer, queued, shown});
		const values = composerValues(composer);
		if ('error' in values) {
			show({error: values.error.message});
			return;
		}
		build(values.values, identity.current, dkim)
			.then(({message}) => dataBytes(message, undefined, chunkSize === undefined ? undefined : {chunkSize}))
			.then(show, (error: unknown) => show({error: error instanceof Error ? error.message : String(error)}));
		return () => {
			current = false;
		};
	}, [previewOn, composer, queued, chunkSize]);
	const current = built?.composer === composer && built.queued === queued && ('error' in built.shown || built.shown.chunkSize === chunkSize);
	const preview = !previewOn ? undefined : current ? built.shown : {building: true as const};
	const notes = [previewIsNext ? 'sent; shown now: the next message, with a new Message-ID and Date' : undefined, routeNote(bdat)].filter(note => note !== undefined);
	return {
		preview,
		previewNote: notes.length > 0 ? notes.join('; ') : undefined,
		compose: async values => {
			if (!previewOn) identity.current = newIdentity();
			return build(values, identity.current, dkim);
		},
		queued: previewOpen => {
			identity.current = newIdentity();
			if (previewOpen) setPreviewIsNext(true);
			setQueued(count => count + 1);
		},
	};
}
