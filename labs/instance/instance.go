package instance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/soclab/soclab/labs"
)

// InstanceFile is the name of a workspace's instance metadata file.
const File = "instance.json"

// InstanceFormat is the version of instance.json that this code writes.
const Format = 1

// Modes of an instance.
const (
	ModeSelfStudy = "self-study" // a plain seed, stored so soclab submit can grade
	ModeTrainee   = "trainee"    // a seed from the instructor's secret, never stored
)

// Instance is a workspace's metadata (instance.json): which lab, whose
// instance, the window and what the workspace holds. It never holds the
// answer key, and holds the seed only in self-study mode.
type Info struct {
	Format int    `json:"format"`
	Lab    string `json:"lab"`
	Title  string `json:"title"`
	// LabFile is the absolute path of a lab that is not bundled, so that
	// soclab submit can find it again; empty for bundled labs.
	LabFile string `json:"lab_file,omitempty"`
	// LabSHA256 fingerprints the lab file, so that a grader can tell when
	// the lab changed since the workspace was made.
	LabSHA256 string              `json:"lab_sha256"`
	Mode      string              `json:"mode"`
	Trainee   string              `json:"trainee,omitempty"`
	Seed      *int64              `json:"seed,omitempty"`
	From      time.Time           `json:"from"`
	To        time.Time           `json:"to"`
	Org       labs.OrgInfo        `json:"org"`
	Events    int64               `json:"events"`
	Datasets  []labs.DatasetCount `json:"datasets"`
	Alerts    int                 `json:"alerts"`
	PCAP      bool                `json:"pcap"`
}

// Who is whose instance of a lab: a plain seed (self-study) or a trainee
// whose seed derives from the instructor's secret.
type Who struct {
	Seed    int64
	Trainee string // empty in self-study
}

// SelfStudy is the instance of a plain seed.
func SelfStudy(seed int64) Who { return Who{Seed: seed} }

// TraineeOf is a trainee's instance of lab: its seed is SeedFor(secret,
// lab.ID, id). The id must be a safe folder name (see CheckTraineeID).
func TraineeOf(secret []byte, lab *labs.Lab, id string) (Who, error) {
	if err := CheckTraineeID(id); err != nil {
		return Who{}, err
	}
	if err := checkNotSelfStudy(lab.ID, id); err != nil {
		return Who{}, err
	}
	return Who{Seed: SeedFor(secret, lab.ID, id), Trainee: id}, nil
}

// ErrBadTraineeID is what CheckTraineeID's errors answer to.
var ErrBadTraineeID = errors.New("bad trainee id")

var traineeIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// CheckTraineeID accepts ids that are safe as a folder name on every
// system: 1-64 letters, digits, '.', '_', '@' and '-', not starting with a
// punctuation mark, and not reserved (see ReservedTraineeIDs).
func CheckTraineeID(id string) error {
	if !traineeIDPattern.MatchString(id) {
		return fmt.Errorf("%w %q: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit", ErrBadTraineeID, id)
	}
	return checkReserved(id)
}

// ReadInstance reads dir's instance.json.
func Read(dir string) (*Info, error) {
	name := filepath.Join(dir, File)
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s is not a soclab workspace: no %s (make one with 'soclab lab start')", dir, File)
		}
		return nil, err
	}
	var in Info
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if in.Format != Format {
		return nil, fmt.Errorf("%s: format %d, this soclab reads format %d", name, in.Format, Format)
	}
	if in.Lab == "" || (in.Mode != ModeSelfStudy && in.Mode != ModeTrainee) {
		return nil, fmt.Errorf("%s: missing lab or mode", name)
	}
	return &in, nil
}

// Marshal returns the instance as indented JSON, deterministically.
func (in *Info) Marshal() []byte {
	data, err := json.MarshalIndent(in, "", "  ")
	if err != nil {
		panic(err) // only plain types: cannot fail
	}
	return append(data, '\n')
}

// LabRef is what to hand Find to get the instance's lab back.
func (in *Info) LabRef() string {
	if in.LabFile != "" {
		return in.LabFile
	}
	return in.Lab
}
