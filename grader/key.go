package grader

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// ReadKey decodes an answer key (the JSON of soclab key) and checks what
// grading relies on: alert ids unique and non-empty, verdicts and
// severities known.
func ReadKey(r io.Reader) (*instance.Key, error) {
	var k instance.Key
	if err := json.NewDecoder(r).Decode(&k); err != nil {
		return nil, fmt.Errorf("answer key: %w", err)
	}
	if err := checkKey(&k); err != nil {
		return nil, err
	}
	return &k, nil
}

// LoadKey reads an answer key file.
func LoadKey(path string) (*instance.Key, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	k, err := ReadKey(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

func checkKey(k *instance.Key) error {
	var errs []error
	seen := map[string]bool{}
	verdicts := []string{labs.TruePositive, labs.FalsePositive, labs.BenignPositive}
	for i, a := range k.Alerts {
		switch {
		case a.ID == "":
			errs = append(errs, fmt.Errorf("answer key: alerts[%d]: empty id", i))
		case seen[a.ID]:
			errs = append(errs, fmt.Errorf("answer key: alerts[%d]: duplicate id %q", i, a.ID))
		}
		seen[a.ID] = true
		if !slices.Contains(verdicts, a.Verdict) {
			errs = append(errs, fmt.Errorf("answer key: alerts[%d]: unknown verdict %q", i, a.Verdict))
		}
		if a.Severity != "" && !slices.Contains(labs.Severities, a.Severity) {
			errs = append(errs, fmt.Errorf("answer key: alerts[%d]: unknown severity %q", i, a.Severity))
		}
	}
	return errors.Join(errs...)
}
