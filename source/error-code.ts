/** The code of a Node error (ENOENT, dns.NOTFOUND), or undefined when it has none (or is no error at all). */
export const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
