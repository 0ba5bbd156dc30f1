// YAML read strictly, for the config and the web config alike: duplicate keys and unknown keys
// are errors, and an error names the file and the path of the first problem.

import { parse } from 'yaml';
import type { z } from 'zod';

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(top level)';
}

/** YAML text checked against a strict schema; the first problem becomes `fail(message)`, naming the file and the path. */
export function parseStrictYaml<T extends z.ZodType>(schema: T, text: string, source: string, fail: (message: string) => Error): z.infer<T> {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true, logLevel: 'error' }); // its warnings would print source lines (passwords) to stderr
  } catch (err) {
    throw fail(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const r = schema.safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0] as z.core.$ZodIssue;
    const what = i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
    throw fail(`${source}: ${pathOf(i.path)}: ${what}`);
  }
  return r.data;
}
