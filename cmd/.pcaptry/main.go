package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/soclab/soclab/event"
	"github.com/soclab/soclab/generator/pcap"
)

func main() {
	f, _ := os.Open(os.Args[1])
	r := event.NewReader(f, "x")
	pw, _ := pcap.NewWriter(io.Discard)
	var last []byte
	for n := 0; ; n++ {
		e, err := r.Next()
		if err != nil {
			break
		}
		b := event.Marshal(e)
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				fmt.Println("STUCK at", n, string(b), "\nprev:", string(last))
				os.Exit(1)
			}
		}()
		t := time.Now()
		pw.Write(e)
		close(done)
		if d := time.Since(t); d > 200*time.Millisecond {
			fmt.Println("slow", d, string(b))
		}
		last = b
	}
	pw.Close()
	fmt.Printf("%+v %d\n", pw.Stats(), pw.Packets())
}
