// Its own module: send catches it without loading the MTA-STS code, which only --mx runs.

/** An enforce policy that lists none of the MX hosts: nowhere to deliver, as for any sender that honours it. */
export class MtaStsRefusal extends Error {
	override readonly name = 'MtaStsRefusal';
}
