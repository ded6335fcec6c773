package elastic

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/internal/datastream"
)

// Index templates and data stream naming.
const (
	// LogsTemplate is the index template of soclab's own datasets: it maps
	// the data streams of LogsPattern in every namespace, since no one but
	// soclab writes those.
	LogsTemplate = "soclab-logs"
	// LogsPattern matches the data streams of soclab's own datasets
	// (logs-soclab.vpn-<ns>, ...). The datasets soclab writes under the
	// names of Elastic's integrations are mapped per namespace instead
	// (NamespaceTemplate); events of other datasets (imported ones) go to
	// logs-<dataset>-<namespace> too, mapped by the cluster's own
	// templates.
	LogsPattern = datastream.Type + "-soclab.*-*"
	// AlertsTemplate is the index template of the alerts indices.
	AlertsTemplate = "soclab-alerts"
	// AlertsPattern matches every soclab alerts index.
	AlertsPattern = datastream.AlertsPrefix + "*"
	// TemplatePriority beats Elasticsearch's built-in "logs" template
	// (priority 100, pattern logs-*-*) and the templates Fleet installs
	// for Elastic's integrations (priority 200, such as logs-system.auth
	// with pattern logs-system.auth-*), which soclab's namespace templates
	// overlap. Elasticsearch refuses two overlapping templates of one
	// priority, so it must differ from both; soclab's own templates never
	// overlap each other (see NamespaceTemplate).
	TemplatePriority = 250
	// NamespaceTemplatePriority is the priority of the namespace templates
	// (NamespaceTemplate). It differs from TemplatePriority so that a
	// namespace template installs beside the soclab-logs of an earlier
	// soclab, which covered the integration datasets of every namespace at
	// TemplatePriority, before that one is narrowed: Elasticsearch refuses
	// to change a template so that a data stream is left without a data
	// stream template. Fleet's 200 and the built-in 100 stay below it.
	NamespaceTemplatePriority = TemplatePriority + 1
	// TemplateVersion changes whenever the templates change.
	TemplateVersion = 3
)

// IntegrationDatasets are the datasets soclab writes under the names of
// Elastic's integrations (system.auth, system.security, zeek.connection,
// zeek.dns): every dataset of event.Datasets that is not soclab's own. A
// cluster that collects real data may hold data streams of these names,
// so soclab maps them only in the namespaces it writes.
var IntegrationDatasets = integrationDatasets()

func integrationDatasets() []string {
	var out []string
	for _, ds := range event.Datasets {
		if !strings.HasPrefix(ds, "soclab.") {
			out = append(out, ds)
		}
	}
	return out
}

// NamespaceTemplateName returns the name of namespace ns's template:
// soclab-logs-<ns>.
func NamespaceTemplateName(ns string) string { return LogsTemplate + "-" + ns }

// NamespacePatterns returns the index patterns of namespace ns's template:
// the exact names of the integration datasets' data streams in ns
// (logs-system.auth-<ns>, ...), without a wildcard, so that the template
// matches no data stream of another namespace and no two namespaces'
// templates overlap.
func NamespacePatterns(ns string) []string {
	out := make([]string, len(IntegrationDatasets))
	for i, ds := range IntegrationDatasets {
		out[i] = DataStream(ds, ns)
	}
	return out
}

// Template is one composable index template: its name and the body PUT to
// _index_template/<name>.
type Template struct {
	Name string
	Body map[string]any
}

// Templates returns soclab's shared index templates: LogsTemplate (the data
// streams of LogsPattern) and AlertsTemplate (indices soclab-alerts-*).
// Those match only names no one but soclab writes. The integration
// datasets' data streams get a template per namespace (NamespaceTemplate).
func Templates() ([]Template, error) {
	b, err := newTemplateBuilder()
	if err != nil {
		return nil, err
	}
	return b.shared(), nil
}

// shared is Templates with b's mappings.
func (b *templateBuilder) shared() []Template {
	return []Template{
		{Name: LogsTemplate, Body: b.body([]string{LogsPattern}, TemplatePriority, true, "")},
		{Name: AlertsTemplate, Body: b.body([]string{AlertsPattern}, TemplatePriority, false, "")},
	}
}

// NamespaceTemplate returns the template soclab-logs-<ns> of the data
// streams soclab writes under the integrations' dataset names in namespace
// ns (NamespacePatterns), with the mappings of soclab-logs, at
// NamespaceTemplatePriority. ns goes through Namespace() first.
func NamespaceTemplate(ns string) (Template, error) {
	b, err := newTemplateBuilder()
	if err != nil {
		return Template{}, err
	}
	return b.namespace(ns)
}

// namespace is NamespaceTemplate with b's mappings.
func (b *templateBuilder) namespace(ns string) (Template, error) {
	ns, err := Namespace(ns)
	if err != nil {
		return Template{}, err
	}
	return Template{Name: NamespaceTemplateName(ns), Body: b.body(NamespacePatterns(ns), NamespaceTemplatePriority, true, ns)}, nil
}

// templateBuilder holds the mappings and settings every soclab template
// shares.
type templateBuilder struct {
	mappings, settings map[string]any
	ecsVersion         string
}

// newTemplateBuilder builds the mappings: every ECS field soclab uses with
// its ECS type and soclab's own fields; other strings map as keyword. No
// component template is used, so the templates work on every 8.x cluster.
func newTemplateBuilder() (*templateBuilder, error) {
	fields, ecsVersion, err := Fields()
	if err != nil {
		return nil, err
	}
	props, dynamic := mappingTree(fields)
	dynamic = append(dynamic, map[string]any{"strings_as_keyword": map[string]any{
		"match_mapping_type": "string",
		"mapping":            map[string]any{"type": "keyword", "ignore_above": 1024},
	}})
	return &templateBuilder{
		mappings: map[string]any{
			"date_detection":    false,
			"dynamic_templates": dynamic,
			"properties":        props,
		},
		settings: map[string]any{
			"index.mapping.total_fields.limit": 2000,
			"index.auto_expand_replicas":       "0-1",
		},
		ecsVersion: ecsVersion,
	}, nil
}

// body returns a template body for patterns. Its _meta says managed_by
// soclab: Elasticsearch copies a template's _meta into each data stream it
// creates, which is how soclab later tells its own data streams from
// another writer's (CheckNamespace).
func (b *templateBuilder) body(patterns []string, priority int, dataStream bool, ns string) map[string]any {
	meta := map[string]any{"managed_by": ManagedBy, "ecs_version": b.ecsVersion, "template_version": TemplateVersion}
	if ns != "" {
		meta["soclab_namespace"] = ns
	}
	body := map[string]any{
		"index_patterns": patterns,
		"priority":       priority,
		"version":        TemplateVersion,
		"_meta":          meta,
		"template":       map[string]any{"settings": b.settings, "mappings": b.mappings},
	}
	if dataStream {
		body["data_stream"] = map[string]any{}
	}
	return body
}

// ManagedBy is the _meta.managed_by of soclab's templates, and so of the
// data streams they create.
const ManagedBy = "soclab"

// InstallTemplates puts the template of each of namespaces
// (NamespaceTemplate) and soclab's shared index templates (Templates);
// doing it again replaces them. The namespace templates go first: on a
// cluster set up by an earlier soclab, whose soclab-logs covered the
// integration datasets of every namespace, they take over the namespaces'
// data streams before soclab-logs is narrowed, which Elasticsearch would
// otherwise refuse when no other data stream template (the built-in logs
// one) matches them. It does not look at the namespaces' data streams:
// PrepareNamespaces does. It needs the manage_index_templates cluster
// privilege.
func (c *Client) InstallTemplates(ctx context.Context, namespaces ...string) error {
	b, err := newTemplateBuilder() // the mappings, built once for every template
	if err != nil {
		return err
	}
	var ts []Template
	for _, ns := range namespaces {
		t, err := b.namespace(ns)
		if err != nil {
			return err
		}
		ts = append(ts, t)
	}
	ts = append(ts, b.shared()...)
	for _, t := range ts {
		body, err := json.Marshal(t.Body)
		if err != nil {
			return fmt.Errorf("template %s: %w", t.Name, err)
		}
		if err := c.do(ctx, http.MethodPut, "/_index_template/"+t.Name, nil, body, nil); err != nil {
			return fmt.Errorf("install index template %s: %w", t.Name, err)
		}
	}
	return nil
}
