export const EMOJI_SIGN: string;
export function patchesFile(file: string): boolean;
export function patchInk(source: string, file: string): string;
