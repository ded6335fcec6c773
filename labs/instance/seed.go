package instance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/soclab/soclab/iofile"
	"github.com/soclab/soclab/labs"
)

// SeedFor returns a trainee's seed for a lab: the first 8 bytes, read as a
// big-endian int64, of HMAC-SHA256(secret, labID ‖ 0x00 ‖ traineeID). The
// zero byte separates the two so that ("ab", "c") and ("a", "bc") differ
// (neither a lab id nor a trainee id can contain one). Without the secret
// no one can rebuild a trainee's seed, and so their answer key.
func SeedFor(secret []byte, labID, trainee string) int64 {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(labID))
	mac.Write([]byte{0})
	mac.Write([]byte(trainee))
	return int64(binary.BigEndian.Uint64(mac.Sum(nil)[:8]))
}

// MinSecretLen is the shortest instructor secret ReadSecret accepts.
const MinSecretLen = 16

// ErrWeakSecret is returned for a secret file too short to keep seeds
// unguessable.
var ErrWeakSecret = errors.New("secret too short")

// MaxSecretLen is the longest secret file ReadSecret reads (a secret is a
// few dozen bytes; /dev/zero is not one).
const MaxSecretLen = 64 << 10

// ReadSecret reads an instructor secret file. Surrounding whitespace
// (a trailing newline) is not part of the secret.
func ReadSecret(path string) ([]byte, error) {
	data, err := iofile.ReadAtMost(path, MaxSecretLen)
	if errors.Is(err, labs.ErrTooLarge) {
		return nil, fmt.Errorf("secret file %s: %w (a secret is a few dozen bytes)", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("secret file: %w", err)
	}
	secret := []byte(strings.TrimSpace(string(data)))
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("secret file %s: %w: %d bytes, want at least %d (e.g. head -c 32 /dev/urandom | base64 > %s)",
			path, ErrWeakSecret, len(secret), MinSecretLen, path)
	}
	return secret, nil
}
