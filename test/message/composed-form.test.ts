// An address field's addresses composed (NFC), its display names as typed.
import {expect, it} from 'vitest';
import {composedAddresses} from '../../source/message/composed-form.js';

it('composes the addresses of a field, quoted local parts too, and leaves its display names as typed', () => {
	const nfd = (text: string) => text.normalize('NFD');
	expect(composedAddresses(nfd('"Zoë" <zoë@x.test>, José <"josé"@bücher.example>, "ü@x" <a@x.test>'))).toBe(`${nfd('"Zoë"')} <zoë@x.test>, ${nfd('José')} <"josé"@bücher.example>, ${nfd('"ü@x"')} <a@x.test>`);
});
