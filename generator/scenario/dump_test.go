package scenario

import (
	"fmt"
	"os"
	"testing"

	"github.com/soclab/soclab/event"
)

func TestDump(t *testing.T) {
	id := os.Getenv("DUMP")
	if id == "" {
		t.Skip()
	}
	res := mustGenerate(t, id, testEnv(1, 0, nil))
	for _, e := range res.Events {
		fmt.Println(string(event.Marshal(e)))
	}
}

func TestFieldCounts(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	mx := map[string]int{}
	for _, info := range Catalogue() {
		res := mustGenerate(t, info.ID, testEnv(1, 0, nil))
		for _, e := range res.Events {
			mx[e.Dataset()] = max(mx[e.Dataset()], len(e.Fields))
		}
	}
	fmt.Println(mx)
}
