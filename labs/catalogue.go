package labs

import (
	"errors"

	"github.com/soclab/soclab/generator/scenario"
)

// lookupScenario finds a scenario or decoy of the generator's catalogue;
// its error suggests the closest id.
func lookupScenario(id string) (scenario.Info, error) { return scenario.Lookup(id) }

// validateParams checks a scenario's parameters against the catalogue.
func validateParams(id string, params map[string]any) []error {
	return scenario.Validate(id, params)
}

// paramOf returns the parameter a scenario error names, or "".
func paramOf(err error) string {
	var pe *scenario.ParamError
	if errors.As(err, &pe) {
		return pe.Param
	}
	return ""
}

// paramMessage is a scenario error without the scenario and parameter
// names, which the field path already gives.
func paramMessage(err error) string {
	var pe *scenario.ParamError
	if errors.As(err, &pe) {
		return pe.Msg
	}
	return err.Error()
}

// paramTypes maps a scenario's parameter names to their types ("user",
// "host", "time", ...); empty for an unknown scenario.
func paramTypes(id string) map[string]string {
	out := map[string]string{}
	info, err := scenario.Lookup(id)
	if err != nil {
		return out
	}
	for _, p := range info.Params {
		out[p.Name] = p.Type
	}
	return out
}
