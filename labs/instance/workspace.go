package instance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/soclab/soclab/detectors"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/replay"
)

// The files of a workspace.
const (
	BriefingFile = "BRIEFING.md"
	EventsFile   = "events.ndjson"
	AlertsFile   = "alerts.ndjson"
	PCAPFile     = "capture.pcap"
	TriageFile   = "triage.yaml"
	ReportFile   = "report.md"
)

// ErrNotEmpty is returned by Start for a folder that already holds files
// and no --force.
var ErrNotEmpty = errors.New("folder is not empty")

// StartOptions tune Start. Progress and Registerer only observe.
type StartOptions struct {
	// Dir is the workspace folder; empty means "./<lab id>".
	Dir string
	// Force replaces an existing workspace, keeping the trainee's own
	// files (see Kept). A non-empty folder that is not a soclab workspace
	// is never replaced.
	Force bool
	// Progress, when set, is called from time to time with the events
	// written so far and the simulated time reached.
	Progress func(events int64, at time.Time)
	// Registerer, when set, receives the run's metrics (the generator's,
	// the detectors' and the bytes written; see replay.Options).
	Registerer prometheus.Registerer
	// Kept, when set, is told what Force kept of the trainee's work in the
	// workspace it replaced.
	Kept func(Kept)
}

// Start makes the trainee workspace of one instance: BRIEFING.md, the
// events (events.ndjson and the column store), the alerts (alerts.ndjson and
// the store's alerts table), capture.pcap when the lab asks for one,
// triage.yaml and report.md templates, and instance.json. Everything is
// written into a hidden sibling folder that is renamed into place at the
// end, so a failed start leaves nothing that looks complete. The same lab
// and instance give the same bytes. The workspace never holds the answer
// key, nor the seed of a trainee instance.
func Start(ctx context.Context, lab *labs.Lab, who Who, opts StartOptions) (*Info, error) {
	dir := opts.Dir
	if dir == "" {
		dir = lab.ID
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkTarget(abs, opts.Force); err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	tmp, err := iofile.MkdirTemp(parent, filepath.Base(abs))
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	defer tmp.Release()
	in, err := fill(ctx, tmp.Path, lab, who, opts)
	if err == nil {
		err = replace(tmp.Path, abs, opts.Kept)
	}
	if err != nil {
		os.RemoveAll(tmp.Path)
		return nil, err
	}
	return in, nil
}

// checkTarget refuses a folder Start must not write: a file, a non-empty
// folder without force, anything but a soclab workspace with force, and the
// current folder or one above it.
func checkTarget(abs string, force bool) error {
	if wd, err := os.Getwd(); err == nil && (wd == abs || strings.HasPrefix(wd, abs+string(filepath.Separator))) {
		return fmt.Errorf("%s is the current folder or above it: choose a new folder with --dir", abs)
	}
	fi, err := os.Stat(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", abs)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if !force {
		return fmt.Errorf("%s: %w: use --force to replace the workspace in it, or choose another --dir", abs, ErrNotEmpty)
	}
	if _, err := os.Stat(filepath.Join(abs, File)); err != nil {
		return fmt.Errorf("%s: %w and is not a soclab workspace (no %s): refusing to replace it even with --force", abs, ErrNotEmpty, File)
	}
	return nil
}

// replace moves the finished folder tmp to abs. An earlier workspace there
// is removed only when it holds nothing of the trainee's (see keptWork):
// otherwise its work is copied into the new one when both are the same
// instance, or the earlier workspace is moved aside to <abs>.old-<n>.
func replace(tmp, abs string, report func(Kept)) error {
	if _, err := os.Stat(abs); err != nil {
		return renameInto(tmp, abs)
	}
	k, err := keptWork(abs, tmp)
	if err != nil {
		return err
	}
	old := tmp + ".old" // removed once the new workspace is in place
	if len(k.Work) > 0 && !k.Carried {
		if old, err = asideName(abs); err != nil {
			return err
		}
		k.MovedTo = old
	}
	if err := os.Rename(abs, old); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	if err := renameInto(tmp, abs); err != nil {
		os.Rename(old, abs)
		return err
	}
	if len(k.Work) > 0 && report != nil {
		report(k)
	}
	if k.MovedTo != "" {
		return nil
	}
	return os.RemoveAll(old)
}

func renameInto(tmp, abs string) error {
	if err := os.Rename(tmp, abs); err != nil {
		return fmt.Errorf("workspace: %w", err)
	}
	return nil
}

// fill writes every file of the workspace into dir.
func fill(ctx context.Context, dir string, lab *labs.Lab, who Who, opts StartOptions) (*Info, error) {
	outs := replay.Outputs{Events: filepath.Join(dir, EventsFile), Alerts: filepath.Join(dir, AlertsFile), Store: dir}
	if lab.PCAP {
		outs.PCAP = filepath.Join(dir, PCAPFile)
	}
	ropts := replay.Options{Registerer: opts.Registerer}
	if opts.Progress != nil {
		ropts.Progress = func(p replay.Progress) { opts.Progress(p.Events, p.At) }
	}
	res, err := runInstance(ctx, lab, who.Seed, outs, ropts)
	if err != nil {
		return nil, err
	}
	if lab.HasRecordedPCAP() {
		if err := lab.CopyPCAP(filepath.Join(dir, PCAPFile)); err != nil {
			return nil, fmt.Errorf("workspace: %w", err)
		}
	}
	in := newInstance(lab, who, res)
	rows := alertRows(res.alerts)
	brief, err := labs.RenderBriefing(lab, briefingData(lab, who, in))
	if err != nil {
		return nil, err
	}
	triage, report := triageTemplate(lab, who.Trainee, rows), reportTemplate(lab, who.Trainee)
	files := []struct {
		name string
		data []byte
	}{
		{BriefingFile, brief},
		{TriageFile, triage},
		{ReportFile, report},
		{File, in.Marshal()},
		{PristineFile, pristine(map[string][]byte{TriageFile: triage, ReportFile: report})},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return nil, fmt.Errorf("workspace: %w", err)
		}
	}
	return in, nil
}

// newInstance is the metadata of a finished run.
func newInstance(lab *labs.Lab, who Who, res *runResult) *Info {
	in := &Info{
		Format:    Format,
		Lab:       lab.ID,
		Title:     lab.Title,
		LabSHA256: lab.Fingerprint(),
		Mode:      ModeSelfStudy,
		From:      res.truth.From.UTC(),
		To:        res.truth.To.UTC(),
		Org:       orgInfo(lab, who.Seed),
		Events:    res.events,
		Datasets:  nonNil(res.datasets),
		Alerts:    len(res.alerts),
		PCAP:      lab.PCAP || lab.HasRecordedPCAP(),
	}
	if !lab.Bundled {
		in.LabFile, _ = filepath.Abs(lab.File)
	}
	if who.Trainee != "" {
		in.Mode, in.Trainee = ModeTrainee, who.Trainee
	} else {
		seed := who.Seed
		in.Seed = &seed
	}
	return in
}

// orgInfo is the organisation of the instance as the trainee knows it; it
// is the organisation the generator builds from the same seed and size.
func orgInfo(lab *labs.Lab, seed int64) labs.OrgInfo {
	if lab.IsRecorded() && !lab.HasBackground() {
		return labs.OrgInfo{} // the organisation is whoever recorded the data
	}
	o := org.New(seed, lab.Org.Users, lab.Org.Hosts)
	return labs.OrgInfo{Name: o.Name, Domain: o.Domain, ADDomain: o.ADDomain, Users: len(o.Users)}
}

func briefingData(lab *labs.Lab, who Who, in *Info) labs.BriefingData {
	ns := lab.ID
	if who.Trainee != "" {
		ns = strings.ToLower(who.Trainee)
	}
	return labs.BriefingData{
		Lab:        labs.LabInfo{ID: lab.ID, Title: lab.Title, Difficulty: lab.Difficulty, Minutes: lab.Minutes},
		Ticket:     labs.TicketNumber(lab.ID, in.Org.Domain),
		Org:        in.Org,
		Trainee:    who.Trainee,
		From:       in.From,
		To:         in.To,
		Datasets:   in.Datasets,
		Alerts:     in.Alerts,
		PCAP:       in.PCAP,
		Namespace:  ns,
		Objectives: lab.Objectives,
	}
}

// alertRows lists alerts for the triage template, in the engine's order
// (fire time, then id).
func alertRows(alerts []*detectors.Alert) []alertRow {
	rows := make([]alertRow, len(alerts))
	for i, a := range alerts {
		rows[i] = alertRow{ID: a.ID, Rule: a.RuleID, Title: a.Title, Level: a.Level, Time: a.End,
			Techniques: a.Techniques, Events: a.EventIDs}
	}
	return rows
}
