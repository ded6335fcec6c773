// Package labs owns soclab's labs: the lab file format and its validation,
// the bundled labs, instances (a lab plus a seed, per trainee from an
// instructor secret), answer keys, and trainee workspaces.
package labs
