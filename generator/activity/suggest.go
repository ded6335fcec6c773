package activity

import (
	"errors"
	"fmt"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/internal/spelling"
)

// ResolveDataset is event.ResolveDataset (a dataset's full or short name,
// an old name refused with the new one) with a "did you mean" for a
// misspelt name; its errors answer to ErrUnknownDataset.
func ResolveDataset(name string) (string, error) {
	ds, err := event.ResolveDataset(name)
	var de *event.DatasetError
	if err == nil || !errors.As(err, &de) || de.Renamed != "" {
		return ds, err
	}
	s := spelling.Suggest(name, event.DatasetSpellings())
	if to, ok := event.RenamedDatasets[s]; ok {
		s = to
	}
	if s == "" {
		return "", err
	}
	return "", fmt.Errorf("%w %q (did you mean %q?); the datasets are %s", ErrUnknownDataset, name, s, event.DatasetNames())
}
