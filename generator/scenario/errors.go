package scenario

import (
	"errors"
	"fmt"

	"github.com/soclab/soclab/internal/spelling"
)

// Sentinels that the typed errors answer to through errors.Is.
var (
	ErrUnknown = errors.New("unknown scenario")
	ErrParam   = errors.New("invalid scenario parameter")
)

// UnknownError reports a scenario id that is not in the catalogue.
// Suggestion is the closest known id ("" when none is close).
type UnknownError struct {
	ID         string
	Suggestion string
}

// Error implements error.
func (e *UnknownError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("unknown scenario %q (did you mean %q?)", e.ID, e.Suggestion)
	}
	return fmt.Sprintf("unknown scenario %q (known: %s)", e.ID, joinQuoted(ids()))
}

// Is makes errors.Is(err, ErrUnknown) true.
func (e *UnknownError) Is(target error) bool { return target == ErrUnknown }

// ParamError reports one bad parameter of one scenario. Param is empty when
// the problem is the combination of parameters and window (a scenario that
// does not fit in it).
type ParamError struct {
	Scenario string
	Param    string
	Msg      string
}

// Error implements error.
func (e *ParamError) Error() string {
	if e.Param == "" {
		return fmt.Sprintf("scenario %q: %s", e.Scenario, e.Msg)
	}
	return fmt.Sprintf("scenario %q: parameter %q: %s", e.Scenario, e.Param, e.Msg)
}

// Is makes errors.Is(err, ErrParam) true.
func (e *ParamError) Is(target error) bool { return target == ErrParam }

// suggest returns the candidate word is a plausible typo of, or ""
// (spelling.Suggest: one threshold for soclab).
func suggest(word string, candidates []string) string {
	return spelling.Suggest(word, candidates)
}

// didYouMean formats suggest's answer for an error message.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return " (known: " + joinQuoted(candidates) + ")"
}

func joinQuoted(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", s)
	}
	return out
}

// hint is didYouMean for long candidate lists: nothing when none is close.
func hint(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
