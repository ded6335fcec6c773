package elastic

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrForeignDataStream is what a *ForeignNamespaceError answers to through
// errors.Is.
var ErrForeignDataStream = errors.New("the namespace holds data streams soclab did not create")

// ForeignDataStream is a data stream of an integration dataset, in a
// namespace soclab is about to write, that soclab did not create: a real
// agent's, most likely.
type ForeignDataStream struct {
	Name string
	// Template is the index template Elasticsearch names for it now (it
	// names the template that matches the data stream today, which may
	// already be soclab's namespace template).
	Template string
	// ManagedBy is _meta.managed_by of the template that created it, as
	// the data stream keeps it ("fleet" for Elastic Agent's integrations;
	// "" when that template had none).
	ManagedBy string
}

// ForeignNamespaceError refuses a namespace where the cluster already has
// data streams of the integration datasets that soclab did not create:
// soclab's namespace template would take them over at their next rollover
// (replacing the integration's mappings and its ingest pipeline, so that
// the real data is no longer parsed), and soclab's made-up events would mix
// with the real ones.
type ForeignNamespaceError struct {
	Namespace string
	Streams   []ForeignDataStream
}

func (e *ForeignNamespaceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "namespace %q is not soclab's: the cluster already has ", e.Namespace)
	for i, s := range e.Streams {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("data stream " + s.Name)
		switch {
		case s.ManagedBy != "":
			fmt.Fprintf(&b, " (managed by %s)", s.ManagedBy)
		case s.Template != "" && !strings.HasPrefix(s.Template, LogsTemplate):
			// Only another writer's template says something: soclab's may
			// match the data stream now without having created it.
			fmt.Fprintf(&b, " (index template %s)", s.Template)
		}
	}
	b.WriteString(", which soclab did not create. Writing there would mix made-up events with real ones, and soclab's" +
		" index template would replace the data streams' mappings and ingest pipeline at their next rollover.\n" +
		"  hint: choose another namespace (--es-namespace, or --namespace for soclab es ingest; a trainee id is a namespace too)," +
		" or pass --es-share-namespace if this cluster's data in that namespace is soclab's to overwrite")
	return b.String()
}

// Is makes errors.Is(err, ErrForeignDataStream) work.
func (e *ForeignNamespaceError) Is(target error) bool { return target == ErrForeignDataStream }

// dataStreamInfo is the part of GET _data_stream's answer soclab reads.
type dataStreamInfo struct {
	Name     string `json:"name"`
	Template string `json:"template"`
	Meta     struct {
		ManagedBy any `json:"managed_by"`
	} `json:"_meta"`
}

// CheckNamespace returns a *ForeignNamespaceError when namespace ns holds
// a data stream of an integration dataset (logs-system.auth-<ns>, ...) that
// soclab did not create. A data stream is soclab's when its _meta, which
// Elasticsearch copies from the template that created it, says managed_by
// soclab; the template name GET _data_stream reports is not proof, since
// Elasticsearch names the template that matches the data stream now. It
// needs the view_index_metadata privilege on those data streams.
func (c *Client) CheckNamespace(ctx context.Context, ns string) error {
	ns, err := Namespace(ns)
	if err != nil {
		return err
	}
	var foreign []ForeignDataStream
	for _, name := range NamespacePatterns(ns) {
		var res struct {
			DataStreams []dataStreamInfo `json:"data_streams"`
		}
		err := c.do(ctx, http.MethodGet, "/_data_stream/"+name, nil, nil, &res)
		if isStatus(err, http.StatusNotFound) {
			continue
		}
		if errors.Is(err, ErrForbidden) {
			return fmt.Errorf("namespace %q: soclab could not check that it created the namespace's data streams (GET _data_stream needs the view_index_metadata privilege on %s); use an account that has it, or pass --es-share-namespace to skip the check: %w", ns, name, err)
		}
		if err != nil {
			return fmt.Errorf("namespace %q: look for data streams soclab did not create: %w", ns, err)
		}
		for _, ds := range res.DataStreams {
			if ds.Name != name {
				continue
			}
			by, _ := ds.Meta.ManagedBy.(string)
			if by != ManagedBy {
				foreign = append(foreign, ForeignDataStream{Name: ds.Name, Template: ds.Template, ManagedBy: by})
			}
		}
	}
	if len(foreign) > 0 {
		return &ForeignNamespaceError{Namespace: ns, Streams: foreign}
	}
	return nil
}

// PrepareNamespaces makes the cluster ready for soclab to write to
// namespaces: it checks every namespace first (CheckNamespace; skipped
// when the Config says ShareNamespaces), so that a refused class changes
// nothing, then installs the shared templates and one template per
// namespace (InstallTemplates).
func (c *Client) PrepareNamespaces(ctx context.Context, namespaces ...string) error {
	if err := c.checkNamespaces(ctx, namespaces); err != nil {
		return err
	}
	return c.InstallTemplates(ctx, namespaces...)
}

// checkNamespaces runs CheckNamespace on each namespace unless the Config
// says ShareNamespaces.
func (c *Client) checkNamespaces(ctx context.Context, namespaces []string) error {
	if c.cfg.ShareNamespaces {
		return nil
	}
	for _, ns := range namespaces {
		if err := c.CheckNamespace(ctx, ns); err != nil {
			return err
		}
	}
	return nil
}
