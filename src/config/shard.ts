// Which clusters this exporter polls when the fleet is split over N exporters.
// A cluster belongs to shard jump(hash(name), N) (Lamping & Veach's jump consistent
// hash): every exporter decides alone, from the same config, with no coordination,
// and going from N to N+1 shards moves only ~1/(N+1) of the clusters (the ones
// that move all go to the new shard), so a StatefulSet scale-up re-homes little.

import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

const NO_SHARDING: Shard = { index: 0, count: 1 };

const MASK64 = (1n << 64n) - 1n;

/** Jump consistent hash of a 64-bit key into [0, buckets). */
export function jumpHash(key: bigint, buckets: number): number {
  let b = -1;
  let j = 0;
  let k = key & MASK64;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK64;
    j = Math.floor((b + 1) * (2 ** 31 / Number((k >> 33n) + 1n)));
  }
  return b;
}

/** The shard a cluster name belongs to: stable across processes, machines and Node versions. */
export function shardOf(clusterName: string, shards: number): number {
  if (shards <= 1) return 0;
  const key = createHash('sha256').update(clusterName, 'utf8').digest().readBigUInt64BE(0);
  return jumpHash(key, shards);
}

export function inShard<T extends { name: string }>(clusters: T[], shard: Shard): T[] {
  return shard.count <= 1 ? clusters : clusters.filter((c) => shardOf(c.name, shard.count) === shard.index);
}

/** The pod ordinal of a StatefulSet pod name ("ontap-upgrade-exporter-3" -> 3). */
function ordinalOf(host: string): number | undefined {
  const m = /-(\d+)$/.exec(host);
  return m ? Number(m[1]) : undefined;
}

function wholeNumber(what: string, v: string, min: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min) throw new Error(`${what}: expected a whole number >= ${min}, got "${v}"`);
  return n;
}

/**
 * --cluster.shard / --cluster.shards, falling back to ONTAP_EXPORTER_SHARD / ONTAP_EXPORTER_SHARDS.
 * The shard may be "hostname": the trailing -N of the host name (a StatefulSet pod's ordinal).
 */
export function resolveShard(flags: { shard?: string; shards?: string }, env: NodeJS.ProcessEnv = process.env, host: () => string = hostname): Shard {
  const rawShards = flags.shards ?? env.ONTAP_EXPORTER_SHARDS;
  const rawShard = flags.shard ?? env.ONTAP_EXPORTER_SHARD;
  const from = (flag: string | undefined, name: string) => (flag !== undefined ? `--cluster.${name}` : `ONTAP_EXPORTER_${name.toUpperCase()}`);
  const count = rawShards === undefined ? 1 : wholeNumber(from(flags.shards, 'shards'), rawShards, 1);
  if (rawShard === undefined) {
    if (count > 1) throw new Error(`${from(flags.shards, 'shards')}=${count} needs --cluster.shard (or ONTAP_EXPORTER_SHARD): which of the ${count} shards is this one?`);
    return NO_SHARDING;
  }
  let index: number;
  if (rawShard === 'hostname') {
    const h = host();
    const o = ordinalOf(h);
    if (o === undefined) throw new Error(`${from(flags.shard, 'shard')}=hostname: host name "${h}" does not end in -N`);
    index = o;
  } else {
    index = wholeNumber(from(flags.shard, 'shard'), rawShard, 0);
  }
  if (index >= count) throw new Error(`${from(flags.shard, 'shard')}=${index} is out of range: shards are 0..${count - 1} (--cluster.shards / ONTAP_EXPORTER_SHARDS = ${count})`);
  return { index, count };
}
