package main

import (
	"github.com/spf13/cobra"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
	"github.com/soclab/soclab/labs/instance"
)

// keyOptions are the flags of soclab key.
type keyOptions struct {
	lab  string
	inst instanceFlags
	out  string
}

func newKeyCommand() *cobra.Command {
	o := &keyOptions{}
	c := &cobra.Command{
		Use:   "key --lab LAB (--seed N | --trainee ID --secret-file F) [--out FILE]",
		Short: "Print the answer key of one lab instance (instructors)",
		Long: "key generates the instance's events, runs the lab's rules and judges every alert against the\n" +
			"ground truth: the expected verdict, severity, techniques and escalation of each alert, and what\n" +
			"the L1 report must contain. It is JSON; the same instance gives the same bytes. Keep keys away\n" +
			"from trainees: a trainee's key cannot be rebuilt without the instructor's secret. A key file is\n" +
			"written readable by you only (mode 0600).\n\n" +
			"Exit status: 0 done, 1 bad lab or secret, 2 usage error.",
		Example: "  soclab key --lab ssh-bruteforce-101 --seed 7\n" +
			"  soclab key --lab phish-to-exfil-301 --trainee jdoe --secret-file course.secret --out jdoe.key.json",
		Args: exactArgs(0),
		RunE: func(c *cobra.Command, _ []string) error { return runKey(c, o) },
	}
	c.Flags().StringVar(&o.lab, "lab", "", "a bundled lab id or a lab file (required)")
	o.inst.add(c, "")
	c.Flags().StringVarP(&o.out, "out", "o", "-", "the key file, or - for stdout")
	c.MarkFlagRequired("lab")
	return c
}

func runKey(c *cobra.Command, o *keyOptions) error {
	lab, err := labs.Find(o.lab)
	if err != nil {
		return err
	}
	who, err := o.inst.who(c, lab, true)
	if err != nil {
		return err
	}
	if err := iofile.CheckOutputs(labInput(o.lab), iofile.In("--secret-file", o.inst.secretFile), iofile.Out("--out", o.out)); err != nil {
		return err
	}
	key, err := instance.ComputeKey(c.Context(), lab, who.Seed)
	if err != nil {
		return err
	}
	f, err := iofile.CreatePrivate(o.out)
	if err != nil {
		return err
	}
	if _, err := f.Write(key.Marshal()); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}
