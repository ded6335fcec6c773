package labs

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

//go:embed bundled/*.yaml bundled/*.briefing.md bundled/*/*
var bundledFS embed.FS

var bundled struct {
	once sync.Once
	labs []*Lab
	err  error
}

// Bundled returns the labs embedded in the binary, easiest first (by
// difficulty, then id). They are parsed once; callers must not modify them.
func Bundled() ([]*Lab, error) {
	bundled.once.Do(func() { bundled.labs, bundled.err = loadBundled() })
	return bundled.labs, bundled.err
}

func loadBundled() ([]*Lab, error) {
	names, err := fs.Glob(bundledFS, "bundled/*.yaml")
	if err != nil {
		return nil, err
	}
	// A lab with files of its own (recorded data) is a folder.
	inFolders, err := fs.Glob(bundledFS, "bundled/*/*.yaml")
	if err != nil {
		return nil, err
	}
	names = append(names, slices.DeleteFunc(inFolders, IsTruthFileName)...)
	var labs []*Lab
	var errs ErrorList
	for _, name := range names {
		data, err := fs.ReadFile(bundledFS, name)
		if err != nil {
			return nil, err
		}
		l, lerrs := parse(data, name, origin{bundled: true})
		if l != nil && len(lerrs) == 0 {
			lerrs = l.loadBriefing()
		}
		errs = append(errs, lerrs...)
		if len(lerrs) == 0 {
			labs = append(labs, l)
		}
	}
	errs = append(errs, duplicateIDs(labs)...)
	sortLabs(labs)
	return labs, errs.Err()
}

// sortLabs orders labs by difficulty, then id.
func sortLabs(labs []*Lab) {
	slices.SortFunc(labs, func(a, b *Lab) int {
		if d := slices.Index(Difficulties, a.Difficulty) - slices.Index(Difficulties, b.Difficulty); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// duplicateIDs reports labs that share an id.
func duplicateIDs(labs []*Lab) ErrorList {
	var errs ErrorList
	first := map[string]string{}
	for _, l := range labs {
		if f, ok := first[l.ID]; ok {
			errs = append(errs, &FieldError{File: l.File, Path: "id", Msg: fmt.Sprintf("id %q is already used by %s", l.ID, f)})
			continue
		}
		first[l.ID] = l.File
	}
	return errs
}

// BundledLab returns the bundled lab with that id.
func BundledLab(id string) (*Lab, error) {
	labs, err := Bundled()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(labs))
	for i, l := range labs {
		if l.ID == id {
			return l, nil
		}
		ids[i] = l.ID
	}
	return nil, fmt.Errorf("%w: no bundled lab %q%s (see 'soclab lab list')", ErrNotFound, id, didYouMean(id, ids))
}

// Find resolves what a user typed after --lab: a lab file's path (a name
// with a slash or ending in .yaml or .yml) or a bundled lab's id. Whether
// a file of that name exists does not matter, so a bundled lab's id still
// names the lab from inside the folder where its workspace was started.
func Find(nameOrPath string) (*Lab, error) {
	if looksLikePath(nameOrPath) {
		if _, err := os.Stat(nameOrPath); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%w: %s: no such file", ErrNotFound, nameOrPath)
			}
			return nil, fmt.Errorf("lab %s: %w", nameOrPath, err)
		}
		return Load(nameOrPath)
	}
	return BundledLab(nameOrPath)
}

// looksLikePath tells a file path from a bundled lab id by its shape
// alone, as docs/labs.md describes.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(s, ".yaml") || strings.HasSuffix(s, ".yml")
}

// IsTruthFileName reports whether a file name is a recorded lab's truth
// file by its suffix (.truth.yaml or .truth.yml): folders of labs hold
// them beside the lab files, and LoadDir skips them.
func IsTruthFileName(name string) bool {
	return strings.HasSuffix(name, ".truth.yaml") || strings.HasSuffix(name, ".truth.yml")
}

// LoadDir loads every lab file (*.yaml, *.yml, not *.truth.yaml) in a folder, not recursing,
// sorted like Bundled. It returns every problem of every file at once.
func LoadDir(dir string) ([]*Lab, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("lab folder: %w", err)
	}
	var labs []*Lab
	var errs ErrorList
	for _, e := range entries {
		ext := path.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") || IsTruthFileName(e.Name()) {
			continue
		}
		l, err := Load(filepath.Join(dir, e.Name()))
		var list ErrorList
		switch {
		case errors.As(err, &list):
			errs = append(errs, list...)
		case err != nil:
			errs = append(errs, &FieldError{File: filepath.Join(dir, e.Name()), Msg: err.Error()})
		default:
			labs = append(labs, l)
		}
	}
	errs = append(errs, duplicateIDs(labs)...)
	sortLabs(labs)
	return labs, errs.Err()
}
