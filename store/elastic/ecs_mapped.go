package elastic

import (
	"path"
	"sync"

	"github.com/soclab/soclab/internal/ecs"
)

// mappedECS are the ECS fields soclab maps in its index templates: the
// fields its events and alerts carry, and their neighbours that a trainee
// or a rule may look for. One glob per entry over flat field names
// ("source.*" is every field under source). Fields outside this list still
// index through the templates' dynamic rules (strings as keyword).
var mappedECS = []string{
	"@timestamp", "message", "tags", "labels", "ecs.version", "event.*",
	"data_stream.*", "error.*", "log.level", "log.logger", "log.file.path",
	"agent.*", "host.*", "observer.*", "source.*", "destination.*", "client.*",
	"server.*", "network.*", "dns.*", "url.*", "http.*", "user_agent.*", "user.*",
	"group.*", "related.*", "rule.*", "threat.framework", "threat.tactic.*",
	"threat.technique.*", "process.name", "process.pid", "process.executable",
	"process.command_line", "process.args", "process.title",
	"process.working_directory", "process.parent.name", "process.parent.pid",
	"process.parent.executable", "process.parent.command_line", "file.name",
	"file.path", "file.extension", "file.size", "file.mime_type", "file.hash.*",
	"tls.version", "tls.version_protocol", "tls.cipher", "tls.client.ja3",
	"tls.server.ja3s", "tls.server.subject", "tls.server.issuer",
}

// unmappedECS are the globs removed from mappedECS: field sets too large
// or too far from soclab's records to be worth their mappings.
var unmappedECS = []string{
	"*.entity.*", "*.risk.*", "user.changes.*", "user.effective.*", "host.boot.*",
	"host.cpu.*", "host.disk.*", "host.network.*", "host.pid_ns_ino",
	"observer.egress.*", "observer.ingress.*",
}

// overrides changes ECS types where soclab's use differs, with the reason.
var overrides = map[string]string{
	// constant_keyword rejects a second value within one backing index; a
	// file of mixed datasets loaded into one namespace must not fail.
	"data_stream.dataset":   "keyword",
	"data_stream.namespace": "keyword",
	"data_stream.type":      "keyword",
}

// ecsFields returns the mappings of the ECS fields of mappedECS, read from
// the ECS table (internal/ecs) once, sorted by name. The slice is shared.
var ecsFields = sync.OnceValue(func() []Field {
	var fs []Field
	for _, f := range ecs.Fields() {
		if !matchAny(mappedECS, f.Name) || matchAny(unmappedECS, f.Name) {
			continue
		}
		fd := fromECS(f)
		if t, ok := overrides[f.Name]; ok {
			fd.Type, fd.IgnoreAbove = t, 1024
		}
		fs = append(fs, fd)
	}
	return fs
})

// fromECS is the mapping of one field of the ECS table.
func fromECS(f ecs.Field) Field {
	fd := Field{Name: f.Name, Type: f.Type, IgnoreAbove: f.IgnoreAbove, ScalingFactor: f.ScalingFactor, ObjectType: f.ObjectType}
	if f.NotIndexed {
		fd.Index = new(bool)
	}
	if f.NoDocValues {
		fd.DocValues = new(bool)
	}
	for _, mf := range f.MultiFields {
		fd.MultiFields = append(fd.MultiFields, MultiField{Name: mf.Name, Type: mf.Type})
	}
	return fd
}

func matchAny(globs []string, name string) bool {
	for _, g := range globs {
		if ok, _ := path.Match(g, name); ok {
			return true
		}
	}
	return false
}
