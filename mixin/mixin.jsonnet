// `jsonnet -J mixin -m out mixin/mixin.jsonnet`: every rule file and dashboard, under its shipped name.
// Copy it and add your _config: (import 'mixin.libsonnet') + { _config+:: { selector: 'job="ontap"' } }.
local mixin = import 'mixin.libsonnet';
{ [f]: mixin.ruleFiles[f] for f in std.objectFields(mixin.ruleFiles) }
+ { [f]: mixin.grafanaDashboards[f] for f in std.objectFields(mixin.grafanaDashboards) }
