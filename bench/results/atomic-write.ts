/** Writes a file under a temporary name and renames it, so a reader never sees half a file. */
import { rename, unlink, writeFile } from 'node:fs/promises';
import { EnvironmentError } from '../errors.js';

/** Writes `content` to `path` atomically; EnvironmentError names the path on failure. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`could not write ${path}: ${reason}`);
  }
}

/** Writes a value as pretty JSON, atomically. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
