package pcap

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tshark reads the sample capture without a warning: no malformed frame,
// no expert error, and no expert warning but the RST of the rejected
// connection, which the sample asks for.
func TestTshark(t *testing.T) {
	bin, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	data, w := writeAll(t, sampleEvents())
	file := filepath.Join(t.TempDir(), "sample.pcap")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	summary := tshark(t, bin, "-r", file)
	if n := strings.Count(summary, "\n"); int64(n) != w.Packets() {
		t.Errorf("tshark lists %d frames, wrote %d", n, w.Packets())
	}
	for _, bad := range []string{"Malformed", "Warning", "Ignored Unknown Record", "Exception"} {
		if strings.Contains(summary, bad) {
			t.Errorf("tshark summary mentions %q:\n%s", bad, grepLines(summary, bad))
		}
	}
	expert := tshark(t, bin, "-r", file, "-q", "-z", "expert,warn")
	for _, line := range strings.Split(expert, "\n") {
		f := strings.Fields(line)
		// tshark decodes the signature of an SSH ECDH reply only as far
		// as its algorithm name, and says so for every real capture too.
		if strings.Contains(line, "SSH  Decoded") && strings.Contains(line, "but packet legnth is") {
			continue
		}
		if len(f) >= 3 && f[0] != "Frequency" && strings.Trim(line, "= ") != "" && !strings.Contains(line, "Connection reset (RST)") &&
			!strings.HasPrefix(line, "Warns") && !strings.HasPrefix(line, "Errors") {
			t.Errorf("tshark expert: %s", line)
		}
	}
	if !strings.Contains(expert, "Connection reset (RST)") {
		t.Errorf("tshark expert output lacks the sample's RST:\n%s", expert)
	}
}

func tshark(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark %v: %v\n%s", args, err, stderr.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if line != "" && !strings.HasPrefix(line, "Running as user") {
			t.Errorf("tshark %v stderr: %s", args, line)
		}
	}
	return string(out)
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
