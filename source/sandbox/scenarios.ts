// What the sandbox answers at each stage: address recipes and server flags first (deterministic), then the
// random chaos rules. Pure decisions: the hooks in hooks.ts carry them out.
import {formatChaosRule, rollChaos} from './chaos.js';
import {Greylist} from './greylist.js';
import {recipeFor} from './recipes.js';
import type {ChaosRule, ChaosStage, SandboxSettings} from './settings.js';

export type Verdict =
	| {action: 'accept'; delayMs?: number}
	| {action: 'reply'; code: number; text: string}
	| {action: 'drop'; reason: string};

const accept: Verdict = {action: 'accept'};

// Enhanced status codes (RFC 3463) for chaos replies. The greeting carries none (RFC 2034): a refused
// connection's reply is its greeting.
const enhancedCodes: Record<number, string> = {
	421: '4.3.2',
	450: '4.2.1',
	451: '4.3.0',
	452: '4.2.2',
	454: '4.7.0',
	500: '5.5.2',
	501: '5.5.4',
	502: '5.5.1',
	503: '5.5.1',
	504: '5.5.4',
	530: '5.7.0',
	535: '5.7.8',
	550: '5.7.1',
	551: '5.1.6',
	552: '5.3.4',
	553: '5.1.3',
	554: '5.3.0',
};

/** The greeting of every session under --reject-all (also printed by serve at start). */
export function rejectAllReply(hostname: string): {code: number; text: string} {
	return {code: 554, text: `${hostname} no SMTP service here (--reject-all)`};
}

function chaosVerdict(rule: ChaosRule): Verdict {
	const origin = `--chaos ${formatChaosRule(rule)}`;
	if (rule.code === 'drop') return {action: 'drop', reason: origin};
	const enhanced = rule.stage === 'connect' ? '' : `${enhancedCodes[rule.code] ?? `${Math.floor(rule.code / 100)}.0.0`} `;
	const kind = rule.code >= 500 ? 'permanent' : 'temporary';
	return {action: 'reply', code: rule.code, text: `${enhanced}Chaos: ${kind} failure at ${rule.stage.toUpperCase()} (${origin})`};
}

const mailboxFull = (address: string): Verdict => ({action: 'reply', code: 452, text: `4.2.2 <${address}>: mailbox full`});
const tooBig = (address: string): Verdict => ({action: 'reply', code: 552, text: `5.3.4 Message too big for <${address}> (big@ recipe)`});

export class Scenarios {
	private readonly greylist = new Greylist();

	constructor(
		private readonly settings: SandboxSettings,
		private readonly random: () => number = Math.random,
	) {}

	connect(): Verdict {
		if (this.settings.rejectAll) return {action: 'reply', ...rejectAllReply(this.settings.hostname)};
		return this.chaos('connect') ?? (this.settings.bannerDelayMs > 0 ? {action: 'accept', delayMs: this.settings.bannerDelayMs} : accept);
	}

	ehlo(): Verdict {
		return this.chaos('ehlo') ?? accept;
	}

	auth(): Verdict {
		return this.chaos('auth') ?? accept;
	}

	mail(state: {secure: boolean; authenticated: boolean}): Verdict {
		if (this.settings.requireTls && !state.secure) {
			return {action: 'reply', code: 530, text: '5.7.0 Must issue a STARTTLS command first'};
		}
		if (this.settings.requireAuth && !state.authenticated) {
			return {action: 'reply', code: 530, text: '5.7.0 Authentication required'};
		}
		return this.chaos('mail') ?? accept;
	}

	rcpt(from: string, to: string, now: number): Verdict {
		switch (recipeFor(to)) {
			case 'nobody':
				return {action: 'reply', code: 550, text: `5.1.1 <${to}>: user unknown`};
			case 'full':
				// LMTP: the mailbox is found full when the message is delivered to it, after the final dot.
				return this.settings.lmtp ? accept : mailboxFull(to);
			case 'bye':
				return {action: 'reply', code: 421, text: `4.3.2 ${this.settings.hostname} closing the connection (bye@ recipe)`};
			case 'drop':
				return {action: 'drop', reason: 'drop@ recipe'};
			case 'slow':
				return {action: 'accept', delayMs: this.settings.slowDelayMs};
			case 'grey':
				return this.greylisted(from, to, now) ?? this.chaos('rcpt') ?? accept;
			default:
				return (this.settings.greylist ? this.greylisted(from, to, now) : undefined) ?? this.chaos('rcpt') ?? accept;
		}
	}

	/** At the end of DATA, once the whole message is in: for the whole message (under LMTP, see `delivery` too). */
	data(recipients: ReadonlyArray<{address: string}>): Verdict {
		const big = this.settings.lmtp ? undefined : recipients.find(rcpt => recipeFor(rcpt.address) === 'big');
		if (big !== undefined) return tooBig(big.address);
		return this.chaos('data') ?? accept;
	}

	/** LMTP, after the final dot: one recipient's delivery (the recipes a delivery to a mailbox decides, each for itself). */
	delivery(address: string): Verdict {
		switch (recipeFor(address)) {
			case 'full':
				return mailboxFull(address);
			case 'big':
				return tooBig(address);
			default:
				return accept;
		}
	}

	private greylisted(from: string, to: string, now: number): Verdict | undefined {
		const wait = this.greylist.wait(from, to, now, this.settings.greylistDelayMs);
		if (wait === 0) return undefined;
		return {action: 'reply', code: 450, text: `4.7.1 <${to}>: greylisted, try again in ${Math.ceil(wait / 1000)} s`};
	}

	private chaos(stage: ChaosStage): Verdict | undefined {
		const rule = rollChaos(this.settings.chaos, stage, this.random);
		return rule && chaosVerdict(rule);
	}
}
