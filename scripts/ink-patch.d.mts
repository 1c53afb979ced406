export const INK_USE_INPUT: RegExp;
export function patchUseInput(source: string, file: string): string;
