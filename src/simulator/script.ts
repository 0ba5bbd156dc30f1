// Scripted runs: a YAML or JSON file naming clusters and a timeline of actions and faults.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { FAULT_KINDS, ENDPOINTS } from './faults.js';
import { SCENARIOS, type ClusterSetup } from './scenarios.js';

const faultSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS), endpoint: z.enum(ENDPOINTS).optional(),
  afterSeconds: z.number().nonnegative().optional(), forSeconds: z.number().positive().optional(),
  latencyMs: z.number().positive().optional(), status: z.number().int().min(400).max(599).optional(),
  fields: z.array(z.string()).optional(),
});
const stepKinds = ['precheck', 'install-image', 'takeover', 'reboot', 'giveback', 'stabilize', 'postcheck'] as const;
const eventSchema = z.discriminatedUnion('action', [
  z.strictObject({ at: z.number().nonnegative(), cluster: z.string(), action: z.literal('validate'), version: z.string(), show_validation_details: z.boolean().optional() }),
  z.strictObject({ at: z.number().nonnegative(), cluster: z.string(), action: z.literal('update'), version: z.string(), skip_warnings: z.boolean().optional(),
    nodes_to_update: z.array(z.string()).min(1).optional(), stabilize_minutes: z.number().int().min(1).max(60).optional(),
    skip_nodes_at_target_version: z.boolean().optional(), show_validation_details: z.boolean().optional(),
  }),
  z.strictObject({ at: z.number().nonnegative(), cluster: z.string(), action: z.enum(['pause', 'resume', 'cancel', 'clear-faults']) }),
  z.strictObject({ at: z.number().nonnegative(), cluster: z.string(), action: z.literal('download'), url: z.string(), outcome: z.enum(['success', 'failure']).optional(), seconds: z.number().positive().optional() }),
  z.strictObject({ at: z.number().nonnegative(), cluster: z.string(), action: z.literal('delete-package'), version: z.string() }),
  z.strictObject({ at: z.number().nonnegative(), cluster: z.string(), action: z.literal('fault'), fault: faultSchema }),
  z.strictObject({
    at: z.number().nonnegative(), cluster: z.string(), action: z.literal('upgrade-fault'),
    fault: z.strictObject({ step: z.enum(stepKinds), node: z.number().int().nonnegative().optional(), outcome: z.enum(['paused_on_error', 'failed']), message: z.string().optional(), action: z.string().optional() }),
  }),
]);
const clusterSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  scenario: z.string().optional(),
  nodes: z.number().int().min(1).max(24).optional(),
  version: z.string().optional(),
  shape: z.enum(['9.6', '9.7', '9.16']).optional(),
  metrocluster: z.boolean().optional(),
  packages: z.array(z.string()).optional(),
});
const scriptSchema = z.strictObject({ clusters: z.array(clusterSchema).min(1), timeline: z.array(eventSchema).default([]) });

export function parseScript(text: string, source: string): ClusterSetup[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new Error(`${source}: not valid YAML/JSON: ${(err as Error).message}`, { cause: err });
  }
  const r = scriptSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || '(top)'}: ${issue?.message}`);
  }
  const setups = r.data.clusters.map((c, i) => {
    const scenario = c.scenario ?? 'idle';
    const make = SCENARIOS[scenario];
    if (!make) throw new Error(`${source}: clusters.${i}.scenario: unknown scenario "${scenario}"`);
    const s = make(c.name);
    return {
      ...s, nodes: c.nodes ?? s.nodes, version: c.version ?? s.version, shape: c.shape ?? s.shape,
      metrocluster: c.metrocluster ?? s.metrocluster, packages: c.packages ?? s.packages,
    };
  });
  r.data.timeline.forEach((ev, i) => {
    const target = setups.find((s) => s.name === ev.cluster);
    if (!target) throw new Error(`${source}: timeline.${i}.cluster: no cluster named "${ev.cluster}"`);
    const { cluster: _c, ...rest } = ev;
    target.timeline.push(rest);
  });
  return setups;
}

export function loadScript(file: string): ClusterSetup[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read script ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseScript(text, file);
}
