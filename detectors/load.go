package detectors

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/soclab/soclab/detectors/rules"
	"github.com/soclab/soclab/detectors/sigma"
	"github.com/soclab/soclab/iofile"
)

// Bundled returns soclab's rule pack, embedded in the binary. File names
// read "rules/<file>.yml".
func Bundled() ([]*sigma.Rule, error) {
	return LoadFS(rules.FS, ".", "rules/")
}

// LoadFS loads every .yml/.yaml file under dir of fsys; prefix is put before
// file names in rules and errors.
func LoadFS(fsys fs.FS, dir, prefix string) ([]*sigma.Rule, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isRuleFile(p) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var all []*sigma.Rule
	var errs sigma.ErrorList
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		rs, err := sigma.Decode(prefix+path.Clean(f), data)
		all = append(all, rs...)
		errs = appendErrs(errs, err)
	}
	errs = append(errs, sigma.CheckSet(all)...)
	return all, errs.Err()
}

// LoadPaths loads rules from files and folders (searched recursively for
// .yml and .yaml files), in path order. It reports every problem of every
// file at once as a sigma.ErrorList, and returns the rules that decoded.
func LoadPaths(paths []string) ([]*sigma.Rule, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && isRuleFile(f) {
				found = append(found, f)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	var all []*sigma.Rule
	var errs sigma.ErrorList
	for _, f := range files {
		// At most one byte over the limit is read: Decode refuses a
		// larger file with its own message.
		data, err := iofile.ReadLimited(f, sigma.MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		rs, err := sigma.Decode(f, data)
		all = append(all, rs...)
		errs = appendErrs(errs, err)
	}
	errs = append(errs, sigma.CheckSet(all)...)
	return all, errs.Err()
}

func isRuleFile(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".yml" || ext == ".yaml"
}

func appendErrs(errs sigma.ErrorList, err error) sigma.ErrorList {
	var list sigma.ErrorList
	if errors.As(err, &list) {
		return append(errs, list...)
	}
	var one *sigma.Error
	if errors.As(err, &one) {
		return append(errs, one)
	}
	if err != nil {
		errs = append(errs, &sigma.Error{Msg: err.Error()})
	}
	return errs
}

// Validation is what Validate found besides errors: how many rules were
// checked, and the warnings of compiling them.
type Validation struct {
	Rules    int
	Warnings sigma.ErrorList
}

// Validate loads rules from paths and compiles them with opts (its
// pipelines, placeholders and unknown-field policy), returning every
// problem of every rule (decoding, references, fields, what the engine
// cannot run) as a sigma.ErrorList, or nil.
func Validate(paths []string, opts Options) (Validation, error) {
	rs, err := LoadPaths(paths)
	var errs sigma.ErrorList
	if err != nil && !errors.As(err, &errs) {
		return Validation{}, err
	}
	v := Validation{Rules: len(rs)}
	if len(errs) == 0 {
		eng, cerr := Compile(rs, opts)
		errs = appendErrs(errs, cerr)
		if eng != nil {
			v.Warnings = eng.Warnings()
		}
	} else {
		cerrs, warns := compileEach(rs, opts)
		errs = append(errs, cerrs...)
		v.Warnings = warns
	}
	if len(rs) == 0 && len(errs) == 0 {
		return v, fmt.Errorf("no rule files (.yml, .yaml) in %s", strings.Join(paths, ", "))
	}
	return v, dedupe(errs).Err()
}

// compileEach compiles the detection rules one by one so that engine errors
// are reported even when other files failed to load.
func compileEach(rs []*sigma.Rule, opts Options) (errs, warnings sigma.ErrorList) {
	for _, r := range rs {
		if r.Detection == nil {
			continue
		}
		eng, err := Compile([]*sigma.Rule{r}, opts)
		errs = appendErrs(errs, err)
		if eng != nil {
			warnings = append(warnings, eng.Warnings()...)
		}
	}
	return errs, warnings
}

func dedupe(errs sigma.ErrorList) sigma.ErrorList {
	seen := map[string]bool{}
	var out sigma.ErrorList
	for _, e := range errs {
		if msg := e.Error(); !seen[msg] {
			seen[msg] = true
			out = append(out, e)
		}
	}
	return out
}
