// html-to-text (mailparser's own dependency) ships no types: the part of its API the inbox uses.
declare module 'html-to-text' {
	export type Builder = {addLiteral(text: string): void};
	export type Formatter = (elem: {children: unknown[]}, walk: (nodes: unknown[], builder: Builder) => void, builder: Builder) => void;
	export type Selector = {selector: string; format?: string; options?: Record<string, unknown>};
	export type Options = {wordwrap?: number | false; limits?: {maxDepth?: number}; selectors?: Selector[]; formatters?: Record<string, Formatter>};
	/** `metadata` reaches each formatter's builder, and pathRewrite as its second argument. */
	export function compile(options?: Options): (html: string, metadata?: unknown) => string;
	export function convert(html: string, options?: Options): string;
}
