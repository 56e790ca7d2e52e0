import { inferred } from '../../inferred.js';
/**
 * Discord ids ("snowflakes") encode their creation time: `(id >> 22) + 2015-01-01T00:00:00Z` in ms.
 * They exceed 2^53, so they are handled as strings and BigInt only.
 */

import type { Inference } from '../../../model/conversation.js';

const discordEpochMs = 1_420_070_400_000n;

/** Creation time (epoch ms) encoded in a snowflake id, or undefined when it is not one. */
export function snowflakeTime(id: string | undefined): number | undefined {
  if (!id || !/^\d{15,20}$/.test(id)) return undefined;
  return Number((BigInt(id) >> 22n) + discordEpochMs);
}

/** Order key for a snowflake id (BigInt), so ids beyond 2^53 still sort exactly. */
export function snowflakeKey(id: string | undefined): bigint | undefined {
  return id && /^\d{1,20}$/.test(id) ? BigInt(id) : undefined;
}

/** Counts messages whose written time differs from their id's time by more than 1 s. */
export class SnowflakeCheck {
  private checked = 0;
  private readonly mismatches: string[] = [];

  add(id: string | undefined, epochMs: number | undefined): void {
    const fromId = snowflakeTime(id);
    if (fromId === undefined || epochMs === undefined) return;
    this.checked += 1;
    if (Math.abs(fromId - epochMs) > 1000) this.mismatches.push(id!);
  }

  get agrees(): boolean {
    return this.checked > 0 && this.mismatches.length === 0;
  }

  /** An inference when some times disagree with their ids (edited export, wrong zone). */
  inference(): Inference | undefined {
    if (this.mismatches.length === 0) return undefined;
    return inferred(
      'other',
      {
        code: 'discord.idMismatch.decision',
        params: { count: this.mismatches.length, checked: this.checked },
      },
      {
        code: 'discord.idMismatch.reason',
        params: { ids: this.mismatches.slice(0, 3).join(', ') },
      },
    );
  }
}
