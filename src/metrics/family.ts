// A metric family and a sample of it: the shapes every part of the metrics layer shares.
// Families are values made once in catalog.ts; a sample points at its family, so a name
// cannot be misspelt and the label object is checked against the family's labels.

import type { ExporterLabel } from '../config/labels.js';

/** What the exposition header and the reference need of a family. */
export interface FamilySpec<L extends string = string> {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly labels: readonly L[];
  /** For docs/metrics-reference.md only (never served): what does not fit in HELP. */
  readonly doc?: string;
  /** For docs/metrics-reference.md only: the values a label takes (a state set adds any new state ONTAP reports). */
  readonly values?: Readonly<Partial<Record<L, readonly string[]>>>;
}

/**
 * A sample's labels: exactly the family's (a missing, extra or misspelt one is a compile error).
 * A family without labels takes `{}`; any key there is an error too.
 */
export type LabelValues<L extends string> = [L] extends [never] ? Readonly<Record<string, never>> : Readonly<Record<L, string>>;

/**
 * A family of cluster series as the exposition sees it. `index` is its place in FAMILIES (catalog.ts
 * gives it on creation): the order /metrics serves families in, and the store's key for a family's
 * cached text. Labels are ExporterLabel, so a user's `labels:` cannot collide with them.
 */
export interface ClusterFamily extends FamilySpec<ExporterLabel> {
  readonly index: number;
}

/** A cluster family as samples.ts emits through it: `sample` takes exactly its labels. */
export interface Family<L extends ExporterLabel> extends ClusterFamily {
  readonly labels: readonly L[];
  readonly values?: Readonly<Partial<Record<L, readonly string[]>>>;
  sample(labels: LabelValues<L>, value: number): Sample;
}

export interface Sample {
  readonly family: ClusterFamily;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One of the exporter's own gauges, served through prom-client without cluster labels. */
export interface ExporterFamily<L extends string = string> extends FamilySpec<L> {
  readonly type: 'gauge';
}
