package elastic

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/soclab/soclab/store/elastic/internal/fakees"
)

func TestProvisionConfinesTrainees(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.Username, fake.Password = "elastic", "admin-pw"
	cfg := fastConfig(fake)
	cfg.Username, cfg.Password = "elastic", "admin-pw"
	admin, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	roster, err := ReadRoster(strings.NewReader("id,name,email\nAlice,Alice A,alice@example.com\nbob,,\n"), "roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := admin.Provision(context.Background(), roster, "ssh-101")
	if err != nil {
		t.Fatal(err)
	}
	if len(creds) != 2 || creds[0].Username != "alice" || creds[0].Role != "soclab-trainee-alice" || len(creds[0].Password) != 20 || creds[0].Password == creds[1].Password {
		t.Fatalf("creds %+v", creds)
	}
	if u := fake.Users["alice"]; u.FullName != "Alice A" || u.Email != "alice@example.com" {
		t.Errorf("user %+v", u)
	}
	role := string(fake.Roles["soclab-trainee-alice"])
	for _, want := range []string{`"logs-soclab.*-alice"`, `"soclab-alerts-alice"`, `"cluster":[]`, `"soclab_lab":"ssh-101"`} {
		if !strings.Contains(role, want) {
			t.Errorf("role lacks %s: %s", want, role)
		}
	}
	// Each trainee's data, then what alice can see of it.
	for _, ns := range []string{"alice", "bob"} {
		if _, err := index(t, admin, fastIndexer(t, ns), append(sampleEvents(20), alertEvent("a-"+ns))); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Username, cfg.Password = "alice", creds[0].Password
	alice, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := alice.count(context.Background(), "soclab-alerts-alice", nil); err != nil || n != 1 {
		t.Errorf("alice's own alerts: %d, %v", n, err)
	}
	if _, err := alice.count(context.Background(), "soclab-alerts-bob", nil); !errors.Is(err, ErrForbidden) {
		t.Errorf("alice read bob's alerts: err = %v", err)
	}
	if n, err := alice.count(context.Background(), "logs-soclab.*-*,soclab-alerts-*", nil); err != nil || n != 21 {
		t.Errorf("alice's wildcard count = %d (%v), want only her 21", n, err)
	}
	// The instructor's file.
	var buf bytes.Buffer
	if err := WriteCredentials(&buf, creds); err != nil {
		t.Fatal(err)
	}
	recs, _ := csv.NewReader(&buf).ReadAll()
	if len(recs) != 3 || recs[0][2] != "password" || recs[1][2] != creds[0].Password {
		t.Errorf("credentials CSV %v", recs)
	}
}

func TestProvisionRefusesBuiltinUsers(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	c := connect(t, fake)
	_, err := c.Provision(context.Background(), []Trainee{{ID: "Elastic"}}, "lab")
	if err == nil || !strings.Contains(err.Error(), "built-in") {
		t.Errorf("err = %v", err)
	}
	if len(fake.Users) != 0 {
		t.Error("a user was created")
	}
}

func TestReadRosterErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "r.csv: empty roster"},
		{"name,email\nx,y\n", `r.csv:1: roster header "name,email" has no id column`},
		{"id,name\n,Bob\n", "r.csv:2:1: id: empty trainee id"},
		{"id\nj.doe\nJ.Doe\n", `r.csv:3: id: trainee "J.Doe" has the same namespace "j.doe" as the trainee on line 2`},
		{"id\n\"open\n", "r.csv:2:"},
		{"id\n# only a comment\n", "r.csv: the roster lists no trainee"},
		{"trainee_id\n---\n", "r.csv:2: id: namespace"},
	} {
		_, err := ReadRoster(strings.NewReader(tc.in), "r.csv")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.in, err, tc.want)
		}
	}
	got, err := ReadRoster(strings.NewReader("\ufeffEmail,Trainee,Full_Name\na@x,a1,A One\n\n# skip\nb@x, b2 ,\n"), "r.csv")
	if err != nil || len(got) != 2 || got[0] != (Trainee{ID: "a1", Name: "A One", Email: "a@x"}) || got[1].ID != "b2" {
		t.Errorf("got %+v, %v", got, err)
	}
}

func FuzzReadRoster(f *testing.F) {
	for _, s := range []string{"id,name,email\na,A,a@x\n", "trainee\nx\ny\n", "id\n\"a\"\"b\"\n", "username;x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		ts, err := ReadRoster(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Errorf("error without the file name: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, tr := range ts {
			ns, err := Namespace(tr.ID)
			if err != nil || seen[ns] {
				t.Errorf("accepted %q (%v, duplicate %v)", tr.ID, err, seen[ns])
			}
			seen[ns] = true
		}
	})
}
