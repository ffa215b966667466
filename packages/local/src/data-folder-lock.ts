import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Who holds a data folder: the running `npm run offline` that writes into it. */
export interface DataFolderHolder {
  pid: number;
  /** Where that tracker listens, e.g. `http://127.0.0.1:3000` (absent while it starts). */
  url?: string;
}

/** A data folder claimed by this process. */
export interface DataFolderClaim {
  /** Writes where this tracker listens into the lock, once its port is known. */
  record(url: string): Promise<void>;
  /** Gives the folder up (on stop). */
  release(): Promise<void>;
}

/** The lock file of a data folder: `<dataDir>/offline.lock.json`. */
const lockFile = (dataDir: string): string => join(dataDir, 'offline.lock.json');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderOf(dataDir: string): Promise<DataFolderHolder | undefined> {
  try {
    const holder = JSON.parse(await readFile(lockFile(dataDir), 'utf8')) as Partial<DataFolderHolder>;
    if (typeof holder.pid !== 'number' || holder.pid === process.pid || !isAlive(holder.pid))
      return undefined;
    return { pid: holder.pid, ...(typeof holder.url === 'string' ? { url: holder.url } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Claims a data folder for one `npm run offline`: two trackers writing (and rotating salts) in one
 * folder would step on each other. Returns the running holder when the folder is taken (a lock left
 * by a process that has ended is taken over), or the claim once it is ours.
 *
 * @example
 * const claim = await claimDataFolder('.data');
 * if ('holder' in claim) console.error(`already running: pid ${claim.holder.pid}`);
 * else await claim.release();
 */
export async function claimDataFolder(
  dataDir: string,
): Promise<{ holder: DataFolderHolder } | DataFolderClaim> {
  await mkdir(dataDir, { recursive: true });
  const file = lockFile(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify({ pid: process.pid }), { flag: 'wx' });
      return {
        record: (url) => writeFile(file, JSON.stringify({ pid: process.pid, url })),
        release: () => unlink(file).catch(() => undefined),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await holderOf(dataDir);
      if (holder) return { holder };
      await unlink(file).catch(() => undefined);
    }
  }
  const holder = await holderOf(dataDir);
  if (holder) return { holder };
  throw new Error(`could not claim ${file}`);
}
