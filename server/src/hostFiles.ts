// The Node implementation of the engine's FileAccess, shared by the CLI and the language server:
// a file is read only when it is a regular file under the size cap whose real path (symlinks
// resolved) lies inside the workspace roots or the configured search paths. Never blocks on
// pipes or devices: files are opened non-blocking and checked again after opening.

import * as fs from "fs";
import * as path from "path";
import type { FileAccess, SearchRoots } from "./core/fileAccess";
import { isInside } from "./core/fileAccess";

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** System folders holding Debian's python3-torchvision (read for torchvision imports only). */
export const SYSTEM_LIBRARY_PATHS = ["/usr/lib/python3/dist-packages", "/usr/local/lib/python3/dist-packages"];

export interface HostFileOptions extends SearchRoots {
  maxBytes?: number;
  /** Text the editor holds for a path (open documents), served before the disk. */
  overlay?: (file: string) => string | undefined;
}

/** Why a file may not be read, or undefined when it may; `stat` is its real path's status. */
export function refusal(file: string, allowed: readonly string[], maxBytes: number): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch {
    return "no such file";
  }
  if (!allowed.some((dir) => isInside(dir, real))) return `it resolves to ${real}, outside the workspace and search paths`;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch {
    return "cannot be read";
  }
  if (!stat.isFile()) return "not a regular file";
  if (stat.size > maxBytes) return `larger than ${formatBytes(maxBytes)}`;
  return undefined;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/**
 * Reads a regular file of at most maxBytes without ever blocking: opened with O_NONBLOCK, checked
 * with fstat on the open descriptor (a path swapped for a pipe after the first check is refused).
 */
export function readRegularFile(file: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const buf = Buffer.alloc(stat.size);
    let got = 0;
    while (got < stat.size) {
      const n = fs.readSync(fd, buf, got, stat.size - got, got);
      if (n <= 0) break;
      got += n;
    }
    return buf.toString("utf8", 0, got);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function realFolder(dir: string): string | undefined {
  try {
    return fs.realpathSync.native(path.resolve(dir));
  } catch {
    return undefined;
  }
}

/** Whether a folder is a file-system root ("/", "C:\\"): never a workspace, everything would be inside it. */
export function isFileSystemRoot(dir: string): boolean {
  const abs = path.resolve(dir);
  return path.parse(abs).root === abs;
}

/** The allowed folders in both spellings (as given and with symlinks resolved); file-system roots are left out. */
export function allowedFolders(search: SearchRoots): string[] {
  const out = new Set<string>();
  for (const dir of [...search.roots, ...search.searchPaths, ...search.libraryPaths]) {
    if (isFileSystemRoot(dir)) continue;
    out.add(path.resolve(dir));
    const real = realFolder(dir);
    if (real && !isFileSystemRoot(real)) out.add(real);
  }
  return [...out];
}

export function hostFileAccess(options: HostFileOptions): FileAccess {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const allowed = allowedFolders(options);
  const lexicallyAllowed = (file: string) => path.isAbsolute(file) && allowed.some((dir) => isInside(dir, path.normalize(file)));
  return {
    read(file) {
      if (!lexicallyAllowed(file)) return undefined;
      const open = options.overlay?.(file);
      if (open !== undefined) return open.length <= maxBytes ? open : undefined;
      if (refusal(file, allowed, maxBytes)) return undefined;
      return readRegularFile(file, maxBytes);
    },
    exists(file) {
      if (!lexicallyAllowed(file)) return false;
      if (options.overlay?.(file) !== undefined) return true;
      return refusal(file, allowed, maxBytes) === undefined;
    },
  };
}

/** SHAPELENS_PYTHONPATH (path-separated folders): extra places for absolute imports. */
export function searchPathsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.SHAPELENS_PYTHONPATH ?? "")
    .split(path.delimiter)
    .filter((p) => p)
    .map((p) => path.resolve(p));
}

const PROJECT_MARKERS = [".git", "pyproject.toml", "setup.py", "setup.cfg", ".hg"];

/**
 * The CLI's workspace root for a file or folder given on the command line: the nearest folder at
 * or above it holding a project marker (.git, pyproject.toml, setup.py, setup.cfg), else the folder
 * given (or the file's own folder). Only markers are looked at: nothing above the root is read.
 */
export function projectRoot(target: string): string {
  const abs = path.resolve(target);
  let start = abs;
  try {
    if (!fs.statSync(abs).isDirectory()) start = path.dirname(abs);
  } catch {
    start = path.dirname(abs);
  }
  for (let dir = start; ;) {
    if (PROJECT_MARKERS.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}
