// `jsonnet -J mixin -m out mixin/mixin.jsonnet`: every rule file and dashboard, as files.
local mixin = import 'mixin.libsonnet';
{ ['rules/' + f]: mixin.ruleFiles[f] for f in std.objectFields(mixin.ruleFiles) }
+ { ['dashboards/' + f]: mixin.grafanaDashboards[f] for f in std.objectFields(mixin.grafanaDashboards) }
