// The --chaos spec, Mailpit-style: "stage:code:percent,...", e.g. "rcpt:451:30,data:drop:5".
import {chaosStages, type ChaosRule, type ChaosStage} from './settings.js';

export class ChaosSpecError extends Error {
	override name = 'ChaosSpecError';
}

function parseRule(text: string): ChaosRule {
	const parts = text.split(':').map(part => part.trim());
	if (parts.length !== 3) {
		throw new ChaosSpecError(`"${text}" is not stage:code:percent (for example rcpt:451:30)`);
	}
	const [stage, code, percent] = parts as [string, string, string];
	if (!(chaosStages as readonly string[]).includes(stage.toLowerCase())) {
		throw new ChaosSpecError(`unknown stage "${stage}" in "${text}": stages are ${chaosStages.join(', ')}`);
	}
	let parsedCode: number | 'drop';
	if (code.toLowerCase() === 'drop') parsedCode = 'drop';
	else if (/^[45]\d\d$/.test(code)) parsedCode = Number(code);
	else throw new ChaosSpecError(`"${code}" in "${text}" is not a reply code: use 400-599, or drop for a silent disconnect`);
	const number = /^\d+(\.\d+)?%?$/.test(percent) ? Number.parseFloat(percent) : Number.NaN;
	if (!(number >= 0 && number <= 100)) {
		throw new ChaosSpecError(`"${percent}" in "${text}" is not a percentage from 0 to 100`);
	}
	return {stage: stage.toLowerCase() as ChaosStage, code: parsedCode, percent: number};
}

/** Parses a chaos spec; throws ChaosSpecError naming the faulty part. An empty spec means no chaos. */
export function parseChaos(spec: string): ChaosRule[] {
	return spec
		.split(',')
		.map(part => part.trim())
		.filter(Boolean)
		.map(parseRule);
}

export function formatChaosRule(rule: ChaosRule): string {
	return `${rule.stage}:${rule.code}:${rule.percent}`;
}

/** The first rule for `stage` that fires on this roll (rules are tried in order). */
export function rollChaos(rules: readonly ChaosRule[], stage: ChaosStage, random: () => number): ChaosRule | undefined {
	return rules.find(rule => rule.stage === stage && random() * 100 < rule.percent);
}
