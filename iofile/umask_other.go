//go:build !unix

package iofile

func umask() uint32 { return 0o022 }
