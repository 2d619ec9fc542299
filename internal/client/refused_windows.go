package client

import (
	"errors"
	"syscall"
)

// wsaeconnrefused is Winsock's WSAECONNREFUSED.
const wsaeconnrefused syscall.Errno = 10061

func isConnRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, wsaeconnrefused)
}
