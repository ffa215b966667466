import { LIMITS, type ParsedEventFields } from '@analytics-tracker/schema';

/**
 * The event's `userId`, else `metadata.userId` as the original tracker lifted it into the column
 * (a string or a finite number, within the id length limit). The metadata keeps its copy either way.
 *
 * @example
 * eventUserId({ metadata: { userId: 'u-42', plan: 'pro' } }); // 'u-42'
 * eventUserId({ userId: 'u-1', metadata: { userId: 'u-42' } }); // 'u-1'
 */
export function eventUserId(event: Pick<ParsedEventFields, 'userId' | 'metadata'>): string | null {
  if (event.userId) return event.userId;
  const lifted =
    event.metadata && Object.hasOwn(event.metadata, 'userId') ? event.metadata.userId : undefined;
  const text =
    typeof lifted === 'string'
      ? lifted
      : typeof lifted === 'number' && Number.isFinite(lifted)
        ? String(lifted)
        : '';
  return text.length > 0 && text.length <= LIMITS.maxIdLength ? text : null;
}
