package instance

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Kept is what Start --force kept of a trainee's work when it replaced
// their workspace: nothing a trainee wrote is ever deleted.
type Kept struct {
	// Work lists the trainee's own entries of the old workspace: anything
	// Start does not generate (notes, screenshots), and triage.yaml and
	// report.md when they differ from the fresh templates.
	Work []string
	// Carried is true when the work was copied into the new workspace:
	// the same instance, and only plain files.
	Carried bool
	// MovedTo is where the old workspace was moved instead, when its work
	// could not be carried over ("" otherwise).
	MovedTo string
}

// PristineFile records the SHA-256 of the templates as Start wrote them
// ("<hex>  <name>" lines), so that a later --force can tell a filled
// triage.yaml or report.md from an untouched one, whatever the instance.
const PristineFile = ".pristine.sha256"

// pristine is PristineFile's content for these templates.
func pristine(templates map[string][]byte) []byte {
	names := make([]string, 0, len(templates))
	for n := range templates {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(templates[n]), n)
	}
	return b.Bytes()
}

// untouched reports whether the editable file name of workspace dir is
// still the template Start wrote: by PristineFile, or, in a workspace made
// before it existed, by comparing with the fresh workspace's.
func untouched(dir, fresh, name string) bool {
	if rec, err := os.ReadFile(filepath.Join(dir, PristineFile)); err == nil {
		data, err := os.ReadFile(filepath.Join(dir, name))
		return err == nil && bytes.Contains(rec, fmt.Appendf(nil, "%x  %s\n", sha256.Sum256(data), name))
	}
	return sameBytes(filepath.Join(dir, name), filepath.Join(fresh, name))
}

// editable are the generated files a trainee fills in.
var editable = map[string]bool{TriageFile: true, ReportFile: true}

// regenerated are files a workspace gains after Start that are no work of
// the trainee's.
var regenerated = map[string]bool{"deadletter.ndjson": true}

// keptWork finds the trainee's work in the old workspace old, given the
// new one fresh, and copies it into fresh when both are the same instance
// and every piece of work is a plain file.
func keptWork(old, fresh string) (Kept, error) {
	var k Kept
	entries, err := os.ReadDir(old)
	if err != nil {
		return k, fmt.Errorf("workspace: %w", err)
	}
	plain := true
	for _, e := range entries {
		name := e.Name()
		if regenerated[name] {
			continue
		}
		_, err := os.Lstat(filepath.Join(fresh, name))
		generated := err == nil
		if generated && (!editable[name] || untouched(old, fresh, name)) {
			continue
		}
		k.Work = append(k.Work, name)
		plain = plain && e.Type().IsRegular()
	}
	sort.Strings(k.Work)
	if len(k.Work) == 0 || !plain || !sameBytes(filepath.Join(old, File), filepath.Join(fresh, File)) {
		return k, nil
	}
	for _, name := range k.Work {
		if err := copyFile(filepath.Join(old, name), filepath.Join(fresh, name)); err != nil {
			return k, fmt.Errorf("workspace: keeping %s: %w", name, err)
		}
	}
	k.Carried = true
	return k, nil
}

func sameBytes(a, b string) bool {
	x, errA := os.ReadFile(a)
	y, errB := os.ReadFile(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

// copyFile copies the file src to dst with src's permissions.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// asideName is the first free "<abs>.old-<n>".
func asideName(abs string) (string, error) {
	for n := 1; n < 10000; n++ {
		p := fmt.Sprintf("%s.old-%d", abs, n)
		if _, err := os.Lstat(p); os.IsNotExist(err) {
			return p, nil
		}
	}
	return "", fmt.Errorf("workspace: no free name %s.old-<n> to keep the earlier workspace: remove old copies", abs)
}
