// `cluster_files:` inventory files, as Prometheus' file_sd_configs: globs (wildcards in the file
// name only, relative to the config file's folder) of YAML files, each a list of clusters in the
// schema of `clusters:`. Re-read on a reload, and watched (inventoryStamp) so that a changed,
// added or removed file triggers one.

import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { fileError, fileStamp, MAX_CONFIG_FILE_BYTES, readBoundedFile } from './files.js';
import { parseStrictYaml } from './strict-yaml.js';

/** `*` (any run of characters but `/`), `?` (one), and `[abc]` / `[a-z]` (one of), like Go's filepath.Match. */
function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`unclosed [ in ${JSON.stringify(pattern)}`);
      re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const WILDCARD = /[*?[]/;

/** Absolute patterns: relative ones are taken from the config file's folder. Wildcards in the last segment only (as file_sd). */
export function resolvePatterns(patterns: string[], configFile: string): string[] {
  return patterns.map((p) => {
    if (WILDCARD.test(dirname(p))) throw new Error(`"${p}": wildcards are only allowed in the file name, not in its folders`);
    globRegex(basename(p));
    return isAbsolute(p) ? p : resolve(dirname(configFile), p);
  });
}

/** The files the patterns match now, sorted, each once. A folder that does not exist matches nothing. */
export function expandPatterns(patterns: string[]): string[] {
  const files = new Set<string>();
  for (const p of patterns) {
    const name = basename(p);
    if (!WILDCARD.test(name)) {
      files.add(p);
      continue;
    }
    const re = globRegex(name);
    let entries: string[];
    try {
      entries = readdirSync(dirname(p));
    } catch {
      continue;
    }
    // Editors' and Kubernetes' hidden files (.swp, ..data) are not inventory, as with file_sd's *.yml globs.
    for (const e of entries) if (re.test(e) && !e.startsWith('.')) files.add(join(dirname(p), e));
  }
  return [...files].sort();
}

/** What the watched files look like now: a different value means a file was added, removed or changed. */
export function inventoryStamp(patterns: string[]): string {
  return expandPatterns(patterns).map((f) => `${f}=${fileStamp(f)}`).join('\n');
}

/** One inventory file's clusters, checked against `entry` (the schema of one entry of `clusters:`); errors name the file and path. */
export function readInventory<T extends z.ZodType>(file: string, entry: T, fail: (m: string) => Error): Array<z.infer<T>> {
  let text: string;
  try {
    text = readBoundedFile(file, MAX_CONFIG_FILE_BYTES).toString('utf8');
  } catch (err) {
    throw fail(`cannot read cluster file ${file}: ${fileError(err)}`);
  }
  // An empty file is an empty inventory (a fleet being filled in), not an error.
  if (text.trim() === '') return [];
  return parseStrictYaml(z.array(entry), text, file, fail);
}
