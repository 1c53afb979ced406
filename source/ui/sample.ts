// The sample message a first run starts with: its body says where it goes (the sandbox, or a real server). Six lines
// of at most 31 columns: all of it shows in the composer at 80x24.
import {hostname} from 'node:os';
import {isSocketPath} from '../transport/host-port.js';
import {isLoopback} from '../transport/loopback.js';
import type {ComposerDraft} from './components/composer-form.js';

/**
 * The sample for a real server (--host): it leaves this machine, and says so; one on loopback (a local Mailpit, a
 * test server, or a workshop's shared `smtp-tui serve`) does not. Which of those it is, the body cannot know before
 * connecting, so it says no more than "on this machine". `throughSocks` (--socks): loopback is the proxy's machine.
 */
export function sampleFor(host: string, throughSocks = false): ComposerDraft {
	const local = !throughSocks && (isLoopback(host) || isSocketPath(host) || isOwnName(host));
	return {...SAMPLE_DRAFT, body: (local ? localServerSampleBody : serverSampleBody)(host)};
}

/**
 * This machine's own name: a Debian MTA's snakeoil certificate names it, so the trust advice puts it in Host; whichever
 * of this machine's addresses it resolves to, the message stays here.
 */
const isOwnName = (host: string) => host.replace(/\.$/, '').toLowerCase() === hostname().toLowerCase();

function serverSampleBody(host: string): string {
	return ['Hi!', `This goes to ${host}:`, 'a real server, outside this', 'machine. Put your own From and', 'To above before Ctrl+S.', 'Ctrl+G lists every key.'].join('\n');
}

function localServerSampleBody(host: string): string {
	return ['Hi!', `This goes to ${host}:`, 'a server on this machine.', 'Put your own From and To', 'above before Ctrl+S.', 'Ctrl+G lists every key.'].join('\n');
}

/**
 * The samples of earlier versions, whose lines were cut at 80 columns: a draft saved with one is still a sample, and
 * its "nothing leaves this machine" must not reach a real server either.
 */
const EARLIER_SANDBOX_BODY = ['Hi!', '', 'This goes to the built-in sandbox:', 'nothing leaves this machine.', '', 'Ctrl+S sends it: watch each SMTP step.', 'Ctrl+T switches mode (auto/step/manual).', 'Ctrl+G lists every key.'].join('\n');
const earlierServerBody = (host: string) =>
	['Hi!', '', `This goes to ${host}, a real server: it leaves this machine.`, 'Put your own From and To above before Ctrl+S.', '', 'Ctrl+T switches mode (auto/step/manual).', 'Ctrl+G lists every key.'].join('\n');
// Said "not the sandbox", which a workshop's shared sandbox on loopback is not.
const earlierLocalBody = (host: string) => ['Hi!', `This goes to ${host}:`, 'a server on this machine, not', 'the sandbox. Put your own From', 'and To above before Ctrl+S.', 'Ctrl+G lists every key.'].join('\n');

/** Whether a body is the sample for some server: the template with one line's worth of host in it. */
function isServerSample(body: string, template: (host: string) => string): boolean {
	const [before, after] = template('\u0000').split('\u0000') as [string, string];
	return body.startsWith(before) && body.endsWith(after) && !body.slice(before.length, -after.length).includes('\n');
}

/**
 * A saved draft whose body is still a sample's (the sandbox's, or one naming a server) gets this target's sample
 * body: edited To and From made it a draft, but "nothing leaves this machine" must not reach a real server, nor
 * "this goes to mail.example.com" the sandbox.
 */
export function fitSampleBody(draft: ComposerDraft, sample: ComposerDraft): ComposerDraft {
	const isSample = [SAMPLE_DRAFT.body, EARLIER_SANDBOX_BODY].includes(draft.body) || [serverSampleBody, localServerSampleBody, earlierServerBody, earlierLocalBody].some(template => isServerSample(draft.body, template));
	return isSample && draft.body !== sample.body ? {...draft, body: sample.body} : draft;
}

export const SAMPLE_DRAFT: ComposerDraft = {
	from: 'you@example.test',
	to: 'friend@example.test',
	subject: 'Hello from smtp-tui',
	body: [
		'Hi!',
		'This goes to the sandbox only:',
		'nothing leaves this machine.',
		'Ctrl+S sends it: watch the log.',
		'Ctrl+T: auto/step/manual mode.',
		'Ctrl+G lists every key.',
	].join('\n'),
};
