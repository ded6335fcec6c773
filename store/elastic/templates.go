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

// Index and data stream naming.
const (
	// LogsPattern lists, comma-separated, the data streams soclab-logs
	// maps: soclab's own datasets (logs-soclab.*-*) and those it writes
	// under the names of Elastic's System and Zeek integrations. Events of
	// other datasets (imported ones) go to logs-<dataset>-<namespace>
	// too, mapped by the cluster's own templates.
	LogsPattern = datastream.Type + "-soclab.*-*," +
		datastream.Type + "-" + event.DatasetSSH + "-*," +
		datastream.Type + "-" + event.DatasetWindows + "-*," +
		datastream.Type + "-" + event.DatasetFlow + "-*," +
		datastream.Type + "-" + event.DatasetDNS + "-*"
	// AlertsPattern matches every soclab alerts index.
	AlertsPattern = datastream.AlertsPrefix + "*"
	// TemplatePriority beats Elasticsearch's built-in "logs" template
	// (priority 100, pattern logs-*-*) and the templates Fleet installs
	// for Elastic's integrations (priority 200, such as logs-system.auth
	// with pattern logs-system.auth-*). Elasticsearch refuses two
	// overlapping templates of one priority, so it must differ from both.
	TemplatePriority = 250
	// TemplateVersion changes whenever the templates change.
	TemplateVersion = 2
)

// LogsPatterns returns LogsPattern's patterns, one by one.
func LogsPatterns() []string { return strings.Split(LogsPattern, ",") }

// Template is one composable index template: its name and the body PUT to
// _index_template/<name>.
type Template struct {
	Name string
	Body map[string]any
}

// Templates returns soclab's index templates: "soclab-logs" (the data
// streams of LogsPattern) and "soclab-alerts" (indices soclab-alerts-*). Both map
// every ECS field soclab uses with its ECS type and soclab's own fields;
// other strings map as keyword. They use no component template, so they
// work on every 8.x cluster.
func Templates() ([]Template, error) {
	fields, ecsVersion, err := Fields()
	if err != nil {
		return nil, err
	}
	props, dynamic := mappingTree(fields)
	dynamic = append(dynamic, map[string]any{"strings_as_keyword": map[string]any{
		"match_mapping_type": "string",
		"mapping":            map[string]any{"type": "keyword", "ignore_above": 1024},
	}})
	mappings := map[string]any{
		"date_detection":    false,
		"dynamic_templates": dynamic,
		"properties":        props,
	}
	settings := map[string]any{
		"index.mapping.total_fields.limit": 2000,
		"index.auto_expand_replicas":       "0-1",
	}
	meta := map[string]any{"managed_by": "soclab", "ecs_version": ecsVersion, "template_version": TemplateVersion}
	logs := map[string]any{
		"index_patterns": LogsPatterns(),
		"priority":       TemplatePriority,
		"data_stream":    map[string]any{},
		"version":        TemplateVersion,
		"_meta":          meta,
		"template":       map[string]any{"settings": settings, "mappings": mappings},
	}
	alerts := map[string]any{
		"index_patterns": []string{AlertsPattern},
		"priority":       TemplatePriority,
		"version":        TemplateVersion,
		"_meta":          meta,
		"template":       map[string]any{"settings": settings, "mappings": mappings},
	}
	return []Template{{Name: "soclab-logs", Body: logs}, {Name: "soclab-alerts", Body: alerts}}, nil
}

// InstallTemplates puts soclab's index templates (see Templates); doing it
// again replaces them. It needs the manage_index_templates cluster
// privilege.
func (c *Client) InstallTemplates(ctx context.Context) error {
	ts, err := Templates()
	if err != nil {
		return err
	}
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
