package main

import (
	"context"
	"fmt"
	"os"
	"io"
	"runtime/pprof"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/activity"
	"github.com/soclab/soclab/generator/org"
	"github.com/soclab/soclab/generator/stream"
)

func main() {
	o := org.New(7, 0, 0)
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	w, err := activity.NewWorld(activity.Config{Org: o, Seed: 7, From: from, To: from.Add(24 * time.Hour)})
	if err != nil {
		panic(err)
	}
	srcs := activity.Sources(w)
	var ss []stream.Source
	for _, s := range srcs {
		ss = append(ss, s)
	}
	pf, _ := os.Create("/tmp/cpu.prof")
	pprof.StartCPUProfile(pf)
	defer pprof.StopCPUProfile()
	wr := event.NewWriter(io.Discard)
	start := time.Now()
	if err := stream.Merge(context.Background(), ss, wr, nil); err != nil {
		panic(err)
	}
	wr.Close()
	for _, s := range srcs {
		fmt.Fprintln(os.Stderr, s.Name(), s.Counts())
	}
	fmt.Fprintln(os.Stderr, wr.Count, time.Since(start))
}
