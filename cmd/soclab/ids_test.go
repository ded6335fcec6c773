package main

import (
	"testing"

	"github.com/soclab/soclab/labs/instance"
	"github.com/soclab/soclab/store/elastic"
)

// Two valid trainee ids share an Elasticsearch namespace exactly when the
// roster folds them together, so a roster assign accepts never puts two
// trainees in one namespace.
func TestFoldIDMatchesNamespaces(t *testing.T) {
	ids := []string{"a-b", "a@b", "a_b", "A-B", "a.b", "ab", "jdoe", "J.Doe", "j.doe", "j-doe", "x1", "X1", "x@1.org", "x_1.org"}
	for _, a := range ids {
		for _, b := range ids {
			na, errA := elastic.Namespace(a)
			nb, errB := elastic.Namespace(b)
			if errA != nil || errB != nil {
				t.Fatal(errA, errB)
			}
			if (na == nb) != (instance.FoldID(a) == instance.FoldID(b)) {
				t.Errorf("%q and %q: namespaces %q, %q but FoldID %q, %q", a, b, na, nb, instance.FoldID(a), instance.FoldID(b))
			}
		}
	}
}
