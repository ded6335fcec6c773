package main

import (
	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// labAndSecret resolves the --lab and --secret-file of the instructor
// commands that work on a whole class (assign, grade-cohort).
func labAndSecret(labRef, secretFile string) (*labs.Lab, []byte, error) {
	lab, err := labs.Find(labRef)
	if err != nil {
		return nil, nil, err
	}
	secret, err := readSecretFile(secretFile)
	if err != nil {
		return nil, nil, err
	}
	return lab, secret, nil
}

// readRosterFile reads a class roster (id,name,email) for assign and
// es provision alike.
func readRosterFile(path string) ([]instance.Trainee, error) {
	f, err := iofile.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return instance.ReadRoster(f, path)
}
