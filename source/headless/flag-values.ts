// A flag's value as the parser gives it: a string or not, one value or a repeated flag's, a list of addresses.
import {splitAddressList} from '../message/lists.js';

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A flag's values: none, one, or those of a repeated flag. */
export const valuesOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The addresses of a repeatable flag whose values may also be lists. */
export const addressItems = (value: unknown): string[] => splitAddressList(String(value));
