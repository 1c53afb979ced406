// html-to-text (mailparser's own dependency) ships no types: the part of its API the inbox uses.
declare module 'html-to-text' {
	export type Builder = {addLiteral(text: string): void};
	export type Formatter = (elem: {children: unknown[]}, walk: (nodes: unknown[], builder: Builder) => void, builder: Builder) => void;
	export type Selector = {selector: string; format?: string; options?: Record<string, unknown>};
	export function convert(html: string, options?: {wordwrap?: number | false; limits?: {maxDepth?: number}; selectors?: Selector[]; formatters?: Record<string, Formatter>}): string;
}
