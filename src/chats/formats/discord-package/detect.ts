/** Whether an export is Discord's own data package, from its channel folders' names. */
import { posix } from 'node:path';
import type { ExportSource } from '../../export-source.js';
import { isJunkEntry } from '../entries.js';

export const channelFilePattern =
  /^(?<root>(?:.*\/)?)messages\/(?<c>c?)(?<id>\d+)\/(?<name>messages\.json|messages\.csv|channel\.json)$/i;

export interface ChannelFiles {
  readonly root: string;
  readonly dir: string;
  readonly id: string;
  messagesJson?: string;
  messagesCsv?: string;
  channelJson?: string;
}

export function findChannels(source: ExportSource): ChannelFiles[] {
  const byDir = new Map<string, ChannelFiles>();
  for (const { path } of source.entries) {
    if (isJunkEntry(path)) continue;
    const groups = channelFilePattern.exec(path)?.groups;
    if (!groups) continue;
    const dir = posix.dirname(path);
    const channel = byDir.get(dir) ?? { root: groups.root ?? '', dir, id: groups.id ?? '' };
    byDir.set(dir, channel);
    const name = (groups.name ?? '').toLowerCase();
    if (name === 'messages.json') channel.messagesJson = path;
    else if (name === 'messages.csv') channel.messagesCsv = path;
    else channel.channelJson = path;
  }
  return [...byDir.values()]
    .filter((c) => c.messagesJson || c.messagesCsv)
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** How confident it is that the export is this format's, from 0 to 1. */
export async function detectDiscordPackage(source: ExportSource): Promise<number> {
  try {
    const channels = findChannels(source);
    if (channels.length === 0) return 0;
    const hasIndex = source.entries.some((e) => /(^|\/)messages\/index\.json$/i.test(e.path));
    return hasIndex || channels.some((c) => c.channelJson) ? 0.95 : 0.8;
  } catch {
    return 0;
  }
}
