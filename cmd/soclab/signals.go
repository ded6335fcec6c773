package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// signalContext is cancelled by the first SIGINT or SIGTERM: commands then
// stop, abort their outputs (iofile removes what was not committed) and
// exit 1. A second signal ends the process at once, as it would without
// soclab's handler.
func signalContext() (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // the next signal gets the default action
	}()
	return ctx, stop
}

// interrupted rewords the error of a command stopped by a signal.
func interrupted(ctx context.Context, err error) error {
	if err == nil || ctx.Err() == nil {
		return err
	}
	return fmt.Errorf("interrupted by a signal: stopped, and partial outputs were removed (%w)", err)
}
