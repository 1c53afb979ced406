// The sample message a first run starts with: its body says where it goes (the sandbox, or a real server).
import type {ComposerDraft} from './components/composer-form.js';

/** The sample for a real server (--host): it does leave this machine, and says so. */
export function sampleFor(host: string): ComposerDraft {
	return {
		...SAMPLE_DRAFT,
		body: [
			'Hi!',
			'',
			`This goes to ${host}, a real server: it leaves this machine.`,
			'Put your own From and To above before Ctrl+S.',
			'',
			'Ctrl+T switches mode (auto/step/manual).',
			'Ctrl+G lists every key.',
		].join('\n'),
	};
}

/**
 * A saved draft whose body is still a sample's (the sandbox's, or one naming a server) gets this target's sample
 * body: edited To and From made it a draft, but "nothing leaves this machine" must not reach a real server, nor
 * "this goes to mail.example.com" the sandbox.
 */
export function fitSampleBody(draft: ComposerDraft, sample: ComposerDraft): ComposerDraft {
	const samples = [SAMPLE_DRAFT.body, sampleFor('\u0000').body];
	const [before, after] = samples[1]!.split('\u0000') as [string, string];
	const isSample = draft.body === samples[0] || (draft.body.startsWith(before) && draft.body.endsWith(after) && !draft.body.slice(before.length, -after.length).includes('\n'));
	return isSample && draft.body !== sample.body ? {...draft, body: sample.body} : draft;
}

export const SAMPLE_DRAFT: ComposerDraft = {
	from: 'you@example.test',
	to: 'friend@example.test',
	subject: 'Hello from smtp-tui',
	body: [
		'Hi!',
		'',
		'This goes to the built-in sandbox:',
		'nothing leaves this machine.',
		'',
		'Ctrl+S sends it: watch each SMTP step.',
		'Ctrl+T switches mode (auto/step/manual).',
		'Ctrl+G lists every key.',
	].join('\n'),
};
