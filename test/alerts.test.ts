import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, RULE_FILES, allRules, knownMetrics, metricNames } from './helpers/rules.js';

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
const RULE_TESTS = readdirSync(join(ROOT, 'test', 'rules')).filter((f) => f.endsWith('.test.yml')).map((f) => join('test', 'rules', f));

const REQUIRED = [
  'OntapExporterClusterDown', 'OntapExporterStaleData', 'OntapSoftwareUpdateFailed', 'OntapSoftwareUpdatePausedOnError',
  'OntapSoftwareUpdatePausedByUser', 'OntapSoftwareUpdateStalled', 'OntapSoftwareUpdateCanceled', 'OntapSoftwareValidationErrors',
  'OntapSoftwareMixedVersions', 'OntapSoftwareDownloadFailed', 'OntapSoftwareMetroClusterSiteFailed', 'OntapSoftwareVersionDrift',
  'OntapExporterScrapeErrors', 'OntapSoftwareBehindTargetDeadline',
  'OntapSoftwareReleaseSupportEnding', 'OntapSoftwareReleaseUnsupported', 'OntapSoftwareUpdateInProgress',
];

describe('alert and recording rules', () => {
  it('promtool check rules is clean', () => {
    const r = run('promtool', ['check', 'rules', ...RULE_FILES]);
    expect(r.stderr + r.stdout).not.toMatch(/FAILED|error/i);
    expect(r.status).toBe(0);
  });

  it('promtool test rules passes', () => {
    const r = run('promtool', ['test', 'rules', ...RULE_TESTS]);
    expect(r.stdout + r.stderr).not.toContain('FAILED');
    expect(r.status).toBe(0);
  });

  it('ships every alert the routing and dashboards rely on', () => {
    const names = new Set(allRules().map((r) => r.alert).filter(Boolean));
    expect(REQUIRED.filter((n) => !names.has(n))).toEqual([]);
  });

  const runbook = readFileSync(join(ROOT, 'docs', 'runbook.md'), 'utf8');
  const tests = RULE_TESTS.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
  for (const rule of allRules().filter((r) => r.alert)) {
    it(`${rule.alert} (${rule.labels?.severity}) follows the conventions and is tested`, () => {
      const name = rule.alert as string;
      expect(name).toMatch(/^Ontap([A-Z][a-z0-9]+)+$/);
      // none: never delivered, only a source of inhibit rules (OntapSoftwareUpdateInProgress).
      expect(['critical', 'warning', 'info', 'none']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.summary).not.toContain('{{');
      // absent() has no labels or useful value to template; every other description is templated.
      if (!rule.expr.startsWith('absent(')) expect(rule.annotations?.description).toMatch(/\{\{ *\$(labels|value)/);
      expect(rule.annotations?.runbook_url).toBe(`docs/runbook.md#${name.toLowerCase()}`);
      expect(runbook).toContain(`\n## ${name}\n`);
      // A case where it fires (with expected alerts) and one where it must not.
      const cases = [...tests.matchAll(new RegExp(`alertname: ${name}\\n\\s+exp_alerts:( \\[\\])?`, 'g'))];
      expect(cases.some((m) => m[1] === undefined), 'a firing case').toBe(true);
      expect(cases.some((m) => m[1] === ' []'), 'a silent case').toBe(true);
    });
  }

  it('every metric a rule reads exists', () => {
    const known = knownMetrics();
    const unknown = allRules().flatMap((r) => metricNames(r.expr).filter((m) => !known.has(m)).map((m) => `${r.alert ?? r.record}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('recording rules are named level:metric:operations', () => {
    for (const r of allRules().filter((x) => x.record)) expect(r.record).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/);
  });
});

describe('Alertmanager and Prometheus examples', () => {
  it('amtool check-config is clean', () => {
    const r = run('amtool', ['check-config', 'alerts/alertmanager.yml']);
    expect(r.stdout).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('routes critical to the pager, warning to tickets, info nowhere', () => {
    const route = (...labels: string[]) => run('amtool', ['config', 'routes', 'test', '--config.file=alerts/alertmanager.yml', ...labels]).stdout.trim();
    expect(route('alertname=OntapSoftwareUpdateFailed', 'severity=critical', 'cluster=c1')).toBe('pager');
    expect(route('alertname=OntapSoftwareUpdateCanceled', 'severity=warning', 'cluster=c1')).toBe('tickets');
    expect(route('alertname=OntapSoftwareVersionDrift', 'severity=info', 'datacenter=east')).toBe('null');
    // A missed campaign deadline is a ticket, not a page.
    expect(route('alertname=OntapSoftwareBehindTargetDeadline', 'severity=warning', 'cluster=c1', 'target_version=9.16.1')).toBe('tickets');
    // Severity none goes nowhere, even for a team with its own routes.
    expect(route('alertname=OntapSoftwareUpdateInProgress', 'severity=none', 'cluster=c1')).toBe('null');
    expect(route('alertname=OntapSoftwareUpdateInProgress', 'severity=none', 'cluster=c1', 'team=database')).toBe('null');
    expect(route('alertname=OntapSoftwareReleaseUnsupported', 'severity=warning', 'cluster=c1', 'state=unsupported')).toBe('tickets');
  });

  it('promtool check config accepts the example prometheus.yml with its rules', () => {
    const r = run('promtool', ['check', 'config', 'alerts/prometheus.yml']);
    expect(r.stdout).not.toContain('FAILED');
    expect(r.status).toBe(0);
  });
});
