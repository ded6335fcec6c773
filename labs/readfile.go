package labs

import "github.com/soclab/soclab/iofile"

// ErrTooLarge is returned for a lab, briefing or secret file longer than
// its limit (it is iofile's error, so errors.Is works with either name).
var ErrTooLarge = iofile.ErrTooLarge
