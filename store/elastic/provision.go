package elastic

import (
	"context"
	"crypto/rand"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"

	"github.com/soclab/soclab/internal/datastream"
)

// Credential is the account Provision made for one trainee.
type Credential struct {
	Trainee   string // the roster id
	Username  string
	Password  string
	Namespace string
	Role      string
}

// reservedUsers are Elasticsearch's built-in users, which a trainee's
// account must not replace.
var reservedUsers = map[string]bool{"elastic": true, "kibana": true, "kibana_system": true, "logstash_system": true,
	"beats_system": true, "apm_system": true, "remote_monitoring_user": true}

// TraineeRole returns the role body that confines a trainee to namespace
// ns: read on its data streams logs-*-<ns> and its alerts index,
// Kibana's Discover, Dashboard and Visualize in read mode, no cluster
// privilege, so no other trainee's data and no answer key can be read.
func TraineeRole(ns, labID, traineeID string) map[string]any {
	return map[string]any{
		"cluster": []string{},
		"indices": []map[string]any{{
			"names":                    []string{datastream.EventsIn(ns), AlertsIndex(ns)},
			"privileges":               []string{"read", "view_index_metadata"},
			"allow_restricted_indices": false,
		}},
		"applications": []map[string]any{{
			"application": "kibana-.kibana",
			"privileges":  []string{"feature_discover.read", "feature_dashboard.read", "feature_visualize.read"},
			"resources":   []string{"space:default"},
		}},
		"metadata": map[string]any{"managed_by": "soclab", "soclab_lab": labID, "soclab_trainee": traineeID},
	}
}

// Provision creates (or replaces) one role and one user per trainee, each
// confined to the trainee's namespace (see TraineeRole), with a new random
// password. The user is the trainee's namespace; the role is
// soclab-trainee-<namespace>. It first checks every id and prepares every
// namespace (PrepareNamespaces: it refuses a namespace whose integration
// data streams soclab did not create, since the trainee would read them,
// and installs the namespace templates), so that a refused roster creates
// nothing. It needs the manage_security and manage_index_templates
// privileges. Running it again gives every trainee a new password.
func (c *Client) Provision(ctx context.Context, trainees []Trainee, labID string) ([]Credential, error) {
	var out []Credential
	if err := distinctNamespaces(trainees); err != nil {
		return nil, err
	}
	namespaces := make([]string, len(trainees))
	for i, t := range trainees {
		ns, _ := Namespace(t.ID) // checked by distinctNamespaces
		if reservedUsers[ns] {
			return nil, fmt.Errorf("trainee %q: %q is a built-in Elasticsearch user; give the trainee another id", t.ID, ns)
		}
		namespaces[i] = ns
	}
	if err := c.PrepareNamespaces(ctx, namespaces...); err != nil {
		return nil, err
	}
	for i, t := range trainees {
		ns := namespaces[i]
		cred := Credential{Trainee: t.ID, Username: ns, Namespace: ns, Role: "soclab-trainee-" + ns, Password: newPassword()}
		if err := c.do(ctx, http.MethodPut, "/_security/role/"+cred.Role, nil, TraineeRole(ns, labID, t.ID), nil); err != nil {
			return out, fmt.Errorf("trainee %q: role: %w", t.ID, err)
		}
		user := map[string]any{"password": cred.Password, "roles": []string{cred.Role},
			"metadata": map[string]any{"managed_by": "soclab", "soclab_lab": labID, "soclab_trainee": t.ID}}
		if t.Name != "" {
			user["full_name"] = t.Name
		}
		if t.Email != "" {
			user["email"] = t.Email
		}
		if err := c.do(ctx, http.MethodPut, "/_security/user/"+cred.Username, nil, user, nil); err != nil {
			return out, fmt.Errorf("trainee %q: user: %w", t.ID, err)
		}
		out = append(out, cred)
	}
	return out, nil
}

// newPassword returns 20 random letters and digits (about 119 bits).
func newPassword() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	var b [20]byte
	for i := range b {
		b[i] = alphabet[randIndex(len(alphabet))]
	}
	return string(b[:])
}

// randIndex returns a uniform random index below n from crypto/rand.
func randIndex(n int) int {
	limit := 256 - 256%n
	var one [1]byte
	for {
		if _, err := rand.Read(one[:]); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		if int(one[0]) < limit {
			return int(one[0]) % n
		}
	}
}

// WriteCredentials writes credentials as CSV for the instructor:
// trainee,username,password,namespace,role.
func WriteCredentials(w io.Writer, creds []Credential) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"trainee", "username", "password", "namespace", "role"})
	for _, c := range creds {
		cw.Write([]string{c.Trainee, c.Username, c.Password, c.Namespace, c.Role})
	}
	cw.Flush()
	return cw.Error()
}

// distinctNamespaces refuses trainees whose ids differ only in what
// Namespace folds away (case, punctuation): they would share data.
func distinctNamespaces(trainees []Trainee) error {
	seen := map[string]string{}
	for _, t := range trainees {
		ns, err := Namespace(t.ID)
		if err != nil {
			return fmt.Errorf("trainee %q: %w", t.ID, err)
		}
		if prev, dup := seen[ns]; dup {
			return fmt.Errorf("trainees %q and %q would share the namespace %q; give them ids that differ in letters or digits", prev, t.ID, ns)
		}
		seen[ns] = t.ID
	}
	return nil
}
