package instance

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soclab/soclab/labs"
)

func TestSecretWarnings(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		secret string
		mode   os.FileMode
		want   string // "" for none
	}{
		{"0123456789abcdef0123456789abcdef", 0o600, ""},
		{"q3b1Wm2r0ZtN8yVhK5pXcL7eJ4sGdA9u", 0o600, ""},
		{"q3b1Wm2r0ZtN8yVhK5pXcL7eJ4sGdA9u", 0o644, "can be read by other users (mode 0644)"},
		{strings.Repeat("A", 16), 0o600, "one character repeated"},
		{strings.Repeat("\x00", 32), 0o600, "NUL bytes"},
		{"passwordpassword", 0o600, "easy to guess"},
	} {
		p := filepath.Join(dir, "s")
		os.Remove(p)
		if err := os.WriteFile(p, []byte(c.secret), c.mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, c.mode)
		got := strings.Join(SecretWarnings(p, []byte(c.secret)), "\n")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%q mode %v: got %q, want %q", c.secret, c.mode, got, c.want)
		}
	}
}

func TestFoldIDAndReserved(t *testing.T) {
	if FoldID("A-b") != FoldID("a@B") || FoldID("a-b") != FoldID("a_b") || FoldID("a.b") == FoldID("a_b") {
		t.Error("FoldID does not fold as Elasticsearch namespaces do")
	}
	for _, id := range []string{"default", "Default", "labs"} {
		if err := CheckTraineeID(id); err == nil || !strings.Contains(err.Error(), "reserved") {
			t.Errorf("%s: got %v", id, err)
		}
	}
	lab := &labs.Lab{ID: "ssh-bruteforce-101"}
	if _, err := TraineeOf([]byte("0123456789abcdef"), lab, "SSH-bruteforce-101-7"); err == nil || !strings.Contains(err.Error(), "self-study seed 7") {
		t.Errorf("a self-study namespace was accepted as a trainee id: %v", err)
	}
	if _, err := TraineeOf([]byte("0123456789abcdef"), lab, "ssh-bruteforce-101-jdoe"); err != nil {
		t.Error(err)
	}
	_, err := ReadRoster(strings.NewReader("id\na-b\na@b\n"), "r.csv")
	if err == nil || !strings.Contains(err.Error(), `id "a@b" is already used on line 2`) {
		t.Errorf("got %v", err)
	}
}
