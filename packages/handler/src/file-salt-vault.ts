import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSaltDay, type SaltVault } from './salt-vault.js';

type SaltFile = Record<string, string>;

async function load(file: string): Promise<SaltFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} must hold a JSON object of day → salt`);
  }
  return Object.fromEntries(
    Object.entries(parsed).filter(
      (entry): entry is [string, string] => isSaltDay(entry[0]) && typeof entry[1] === 'string',
    ),
  );
}

/**
 * Daily salts in one local JSON file (`{"2025-12-17":"<64 hex>", …}`, mode 600): what `npm run
 * offline` rotates, exactly as the scheduled function rotates SSM in AWS. Each change rewrites the
 * file (a new file renamed over the old one), so a removed salt is no longer in it. Operations of one
 * vault run one at a time, so two requests never race to create the same day's salt.
 *
 * @example
 * const vault = createFileSaltVault('.data/salts.json');
 * await rotateSalts(vault, new Date());
 */
export function createFileSaltVault(file: string): SaltVault {
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const save = async (salts: SaltFile) => {
    await mkdir(dirname(file), { recursive: true });
    const next = `${file}.next`;
    await writeFile(next, `${JSON.stringify(salts, null, 2)}\n`, { mode: 0o600 });
    await rename(next, file);
  };
  return {
    location: file,
    days: () => exclusive(async () => Object.keys(await load(file))),
    read: (day) =>
      exclusive(async () => {
        const salts = await load(file);
        return Object.hasOwn(salts, day) ? salts[day] : undefined;
      }),
    createIfAbsent: (day, salt) =>
      exclusive(async () => {
        const salts = await load(file);
        if (Object.hasOwn(salts, day)) return false;
        await save({ ...salts, [day]: salt });
        return true;
      }),
    remove: (day) =>
      exclusive(async () => {
        const salts = await load(file);
        if (!Object.hasOwn(salts, day)) return;
        const { [day]: _removed, ...rest } = salts;
        await save(rest);
      }),
  };
}
