package iofile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrOverInput is what CheckOutputs's errors answer to: an output would
// overwrite, replace or land inside something the command reads or must
// keep.
var ErrOverInput = errors.New("output would destroy an input")

// Kind says what a Path is to a command.
type Kind int

// The kinds of Path CheckOutputs compares.
const (
	// Input is a file the command reads (events, a secret, a roster).
	Input Kind = iota
	// Keep is a folder whose contents must not be written or replaced (a
	// trainee's submission folder).
	Keep
	// Output is a file the command writes.
	Output
	// OutputDir is a folder the command writes named files into (the
	// reports of grade-cohort); it may hold inputs, but may not be one or
	// lie inside a Keep folder.
	OutputDir
	// Replace is a folder the command replaces as a whole (a workspace);
	// it may hold no input at all.
	Replace
)

// Path is one path of a command line, named by the flag that gave it so
// that an error can say which two flags clash.
type Path struct {
	Flag string // "--out", "--secret-file"
	Name string // as given; "" and "-" (standard input or output) are ignored
	Kind Kind
}

// In, KeepDir, Out, OutDir and ReplaceDir make a Path of each Kind.
func In(flag, name string) Path         { return Path{flag, name, Input} }
func KeepDir(flag, name string) Path    { return Path{flag, name, Keep} }
func Out(flag, name string) Path        { return Path{flag, name, Output} }
func OutDir(flag, name string) Path     { return Path{flag, name, OutputDir} }
func ReplaceDir(flag, name string) Path { return Path{flag, name, Replace} }

// OverlapError is an output that clashes with an input or another output.
type OverlapError struct {
	Out, In Path
	How     string // "is", "is inside", "holds"
}

func (e *OverlapError) Error() string {
	what := "an input"
	switch e.In.Kind {
	case Keep:
		what = "a folder it must not write into"
	case Output, OutputDir, Replace:
		what = "another output"
	}
	return fmt.Sprintf("%s %s %s %s %s (%s): refusing to overwrite it; choose another %s",
		e.Out.Flag, e.Out.Name, e.How, e.In.Flag, e.In.Name, what, e.Out.Flag)
}

// Is makes OverlapError answer to ErrOverInput.
func (e *OverlapError) Is(target error) bool { return target == ErrOverInput }

// CheckOutputs refuses, before anything is written, an output that is an
// input (the same file, through any symbolic or hard link), lies inside a
// Keep folder, or (for a Replace folder) holds an input; and two outputs
// that are the same file. Paths are compared resolved: absolute, with
// symbolic links followed as far as the path exists. Standard input and
// output ("-") and devices are not compared.
func CheckOutputs(paths ...Path) error {
	var ins, outs []resolved
	for _, p := range paths {
		if p.Name == "" || p.Name == Stdio {
			continue
		}
		r, err := resolve(p)
		if err != nil {
			return err
		}
		if r.device {
			continue
		}
		if p.Kind == Input || p.Kind == Keep {
			ins = append(ins, r)
		} else {
			outs = append(outs, r)
		}
	}
	for i, o := range outs {
		for _, in := range ins {
			if how := clash(o, in); how != "" {
				return &OverlapError{Out: o.Path, In: in.Path, How: how}
			}
		}
		for _, other := range outs[:i] {
			if o.same(other) && (o.Kind == Output || other.Kind == Output || o.Kind == Replace || other.Kind == Replace) {
				return &OverlapError{Out: o.Path, In: other.Path, How: "is"}
			}
		}
	}
	return nil
}

// resolved is a Path with its absolute, link-free form.
type resolved struct {
	Path
	abs    string
	fi     os.FileInfo // nil when the path does not exist yet
	device bool
}

func resolve(p Path) (resolved, error) {
	abs, err := filepath.Abs(p.Name)
	if err != nil {
		return resolved{}, fmt.Errorf("%s %s: %w", p.Flag, p.Name, err)
	}
	r := resolved{Path: p, abs: evalExisting(abs)}
	if fi, err := os.Stat(abs); err == nil {
		r.fi = fi
		r.device = !fi.Mode().IsRegular() && !fi.IsDir()
	}
	return r, nil
}

// evalExisting follows the symbolic links of the longest part of abs that
// exists, and appends the rest unchanged.
func evalExisting(abs string) string {
	rest := ""
	for p := abs; ; {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = parent
	}
}

// same reports whether two resolved paths name one file or folder.
func (r resolved) same(o resolved) bool {
	if r.abs == o.abs {
		return true
	}
	return r.fi != nil && o.fi != nil && os.SameFile(r.fi, o.fi)
}

// clash says how output o clashes with input in, or "" when it does not.
func clash(o, in resolved) string {
	switch {
	case o.same(in):
		return "is"
	case in.Kind == Keep && Within(o.abs, in.abs):
		return "is inside"
	case o.Kind == Replace && Within(in.abs, o.abs):
		return "holds"
	}
	return ""
}

// Within reports whether path lies strictly inside folder dir, comparing
// the paths as given (resolve links first where they matter).
func Within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
