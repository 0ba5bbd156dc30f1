// deploy/: every Kubernetes manifest validates against the Kubernetes and prometheus-operator schemas
// (offline), the generated ones match their sources, the pieces reference each other, and the
// systemd unit passes systemd-analyze.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { StatefulSet } from 'kubernetes-models/apps/v1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { parseConfig } from '../src/config/config.js';
import { GENERATED } from '../src/deploy/kubernetes.js';
import { ROOT, allRules } from './helpers/rules.js';

const DIR = join(ROOT, 'deploy', 'kubernetes');
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/Service': Service, 'apps/v1/StatefulSet': StatefulSet,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule, 'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const docs = files.flatMap((f) => parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((d) => ({ file: f, obj: d.toJS() })));
const one = (kind: string) => docs.find((d) => d.obj.kind === kind)?.obj;

describe('Kubernetes manifests', () => {
  it('each one validates against its schema', () => {
    expect(docs.length).toBeGreaterThanOrEqual(7);
    for (const { file, obj } of docs) {
      const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
      expect(Model, `${file}: no schema for ${obj.apiVersion} ${obj.kind}`).toBeDefined();
      expect(() => new (Model as NonNullable<typeof Model>)(obj).validate(), file).not.toThrow();
    }
  });

  it('a broken manifest is caught (the validation has teeth)', () => {
    const sts = structuredClone(one('StatefulSet'));
    sts.spec.replicas = 'two';
    expect(() => new StatefulSet(sts).validate()).toThrow();
    const sm = structuredClone(one('ServiceMonitor'));
    sm.spec.endpoints[0].interval = 30;
    expect(() => new ServiceMonitor(sm).validate()).toThrow();
  });

  it('kustomization.yaml lists every manifest', () => {
    const k = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0]?.toJS() as { resources: string[] };
    expect([...k.resources].sort()).toEqual([...files].sort());
  });

  it('generated manifests are in step with alerts/ and dashboards/ (run npm run manifests)', () => {
    for (const [file, make] of Object.entries(GENERATED)) expect(readFileSync(join(DIR, file), 'utf8'), `${file}: run npm run manifests`).toBe(make(ROOT));
    const rule = one('PrometheusRule');
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert ?? r.record));
    expect(alerts).toEqual(expect.arrayContaining(allRules().map((r) => r.alert ?? r.record)));
    const cm = docs.find((d) => d.obj.metadata.labels?.grafana_dashboard === '1')?.obj;
    expect(Object.keys(cm.data).sort()).toEqual(readdirSync(join(ROOT, 'dashboards')).filter((f) => f.endsWith('.json')).sort());
    for (const json of Object.values(cm.data)) expect(JSON.parse(json as string).uid).toBeTruthy();
  });

  it('the pieces fit: selectors, ports, shard count, the config and its secret', () => {
    const sts = one('StatefulSet');
    const svc = one('Service');
    const sm = one('ServiceMonitor');
    const podLabels = sts.spec.template.metadata.labels;
    expect(podLabels).toMatchObject(sts.spec.selector.matchLabels);
    expect(podLabels).toMatchObject(svc.spec.selector);
    expect(svc.metadata.labels).toMatchObject(sm.spec.selector.matchLabels);
    expect(sts.spec.serviceName).toBe(svc.metadata.name);
    const c = sts.spec.template.spec.containers[0];
    expect(c.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
    expect(svc.spec.ports.map((p: any) => p.name)).toContain(sm.spec.endpoints[0].port);
    // Shards from the pod's ordinal; the shard count equals the replicas.
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(env).toEqual({ ONTAP_EXPORTER_SHARD: 'hostname', ONTAP_EXPORTER_SHARDS: String(sts.spec.replicas) });
    // The config the pods read is valid, and its password comes from the mounted Secret.
    const volumes = Object.fromEntries(sts.spec.template.spec.volumes.map((v: any) => [v.name, v]));
    const mounts = Object.fromEntries(c.volumeMounts.map((m: any) => [m.name, m]));
    const config = docs.find((d) => d.obj.kind === 'ConfigMap' && d.obj.metadata.name === volumes.config.configMap.name)?.obj;
    const secret = docs.find((d) => d.obj.kind === 'Secret' && d.obj.metadata.name === volumes.credentials.secret.secretName)?.obj;
    expect(config && secret).toBeTruthy();
    const text = config.data['config.yml'] as string;
    expect(text).toContain(`password_file: ${mounts.credentials.mountPath}/password`);
    expect(c.args).toContain(`--config.file=${mounts.config.mountPath}`);
    const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
    try {
      writeFileSync(join(dir, 'password'), secret.stringData.password);
      writeFileSync(join(dir, 'ca.crt'), '');
      const local = text.replaceAll(`${mounts.credentials.mountPath}/`, `${dir}/`).replace(/ca_file: .*/, `ca_file: ${dir}/ca.crt`);
      const cfg = parseConfig(local, 'config.yml', {});
      expect(cfg.clusters.length).toBeGreaterThan(0);
      expect(cfg.clusters.every((k) => k.password === secret.stringData.password)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('systemd unit', () => {
  it('systemd-analyze verify accepts it', () => {
    const unit = join(ROOT, 'deploy', 'systemd', 'ontap-upgrade-exporter.service');
    const text = readFileSync(unit, 'utf8');
    expect(text).toMatch(/^ExecStart=.* serve --config\.file=/m);
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', unit], { encoding: 'utf8', timeout: 30_000 });
    // verify also complains that the ExecStart binary is not installed on this machine: nothing else.
    const problems = (r.stderr + r.stdout).split('\n').filter((l) => l.trim() && !/is not executable|No such file or directory|Command .* is not/.test(l));
    expect(problems).toEqual([]);
  });
});
