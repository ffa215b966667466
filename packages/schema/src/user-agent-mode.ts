import * as z from 'zod/mini';

/**
 * What is kept of a visitor's user agent: `parsed` (default) the device fields, and the whole string
 * only for crawlers; `full` every whole string (a fingerprinting risk: rare agents and extension tokens
 * single people out); `none` only the device type and the bot flag.
 *
 * @example
 * UserAgentModeSchema.parse('parsed');
 */
export const UserAgentModeSchema = z.enum(['full', 'parsed', 'none']);

/** What is kept of a visitor's user agent (see `UserAgentModeSchema`). */
export type UserAgentMode = z.output<typeof UserAgentModeSchema>;
