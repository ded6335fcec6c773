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
	roster, err := []Trainee{{ID: "Alice", Name: "Alice A", Email: "alice@example.com"}, {ID: "bob"}}, error(nil)
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
	for _, want := range []string{`"logs-*-alice"`, `"soclab-alerts-alice"`, `"cluster":[]`, `"soclab_lab":"ssh-101"`} {
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
	if n, err := alice.count(context.Background(), "logs-*-*,soclab-alerts-*", nil); err != nil || n != 21 {
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

// Ids that differ only in what Namespace folds away would share one
// namespace, so one trainee could read another's data: Provision refuses.
func TestProvisionRefusesSharedNamespaces(t *testing.T) {
	err := distinctNamespaces([]Trainee{{ID: "j.doe"}, {ID: "J.Doe"}})
	if err == nil || !strings.Contains(err.Error(), `would share the namespace "j.doe"`) {
		t.Fatalf("err = %v", err)
	}
	if err := distinctNamespaces([]Trainee{{ID: "a1"}, {ID: "a2"}}); err != nil {
		t.Fatal(err)
	}
}

// TestProvisionPreparesNamespaces: provisioning a class installs a template
// per trainee namespace, and a roster with a namespace whose integration
// data streams a real agent created (the trainee would read them) is
// refused before any role, user or template is made.
func TestProvisionPreparesNamespaces(t *testing.T) {
	fake := fleetCluster(t)
	c := connect(t, fake)
	ctx := context.Background()
	if _, err := c.Provision(ctx, []Trainee{{ID: "alice"}, {ID: "bob"}}, "lab"); err != nil {
		t.Fatal(err)
	}
	got := installedPatterns(t, fake)
	for _, ns := range []string{"alice", "bob"} {
		if p := got["soclab-logs-"+ns]; len(p) != 4 || p[0] != "logs-system.auth-"+ns {
			t.Errorf("namespace %s: template patterns %v", ns, p)
		}
	}
	if st := agentWrites(t, c, "logs-system.security-default", `{"@timestamp":"2026-03-02T09:00:00Z","message":"real"}`); st != 201 {
		t.Fatalf("agent: %d", st)
	}
	_, err := c.Provision(ctx, []Trainee{{ID: "carol"}, {ID: "Default"}}, "lab")
	if !errors.Is(err, ErrForeignDataStream) || !strings.Contains(err.Error(), "logs-system.security-default") {
		t.Fatalf("a trainee in namespace default: %v", err)
	}
	if _, ok := fake.Users["carol"]; ok {
		t.Error("a refused roster created a user")
	}
	if _, ok := installedPatterns(t, fake)["soclab-logs-carol"]; ok {
		t.Error("a refused roster installed a template")
	}
}

// TestCheckNamespaceForbidden: an account that may not read another
// namespace's data stream metadata (a trainee's) cannot write there: the
// message names the privilege the check needs and the flag that skips it.
func TestCheckNamespaceForbidden(t *testing.T) {
	fake := fakees.New()
	defer fake.Close()
	fake.Username, fake.Password = "elastic", "admin-pw"
	cfg := fastConfig(fake)
	cfg.Username, cfg.Password = "elastic", "admin-pw"
	admin, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	creds, err := admin.Provision(context.Background(), []Trainee{{ID: "alice"}}, "lab")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Username, cfg.Password = "alice", creds[0].Password
	alice, err := Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := alice.CheckNamespace(context.Background(), "alice"); err != nil {
		t.Errorf("alice checking her own namespace: %v", err)
	}
	err = alice.CheckNamespace(context.Background(), "bob")
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "view_index_metadata") || !strings.Contains(err.Error(), "--es-share-namespace") {
		t.Errorf("alice checking bob's namespace: %v", err)
	}
}
