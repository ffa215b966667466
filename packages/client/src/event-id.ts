/**
 * A random event id: the idempotency key that makes every retry safe. `crypto.randomUUID` exists only
 * in secure contexts, so plain-http pages fall back to 16 bytes of `getRandomValues` in hex (available
 * everywhere, secure or not).
 *
 * @example
 * eventId(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function eventId(random: Pick<Crypto, 'getRandomValues'> & Partial<Crypto> = crypto): string {
  return (
    random.randomUUID?.() ??
    Array.from(random.getRandomValues(new Uint8Array(16)), (byte) => (256 | byte).toString(16).slice(1)).join(
      '',
    )
  );
}
