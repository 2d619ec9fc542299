package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/time/rate"
)

// hint tells, for the error of a call whose last outcome is o, what to check
// or change: the setting, or the part of the endpoint, that can fix it. ""
// when there is nothing to add.
func (c *Client) hint(o outcome) string {
	switch {
	case o.err != nil && o.unanswered && o.gaveUp:
		return "nothing has answered there yet: check endpoint, and that the server is running"
	case o.err != nil:
		return c.transportHint(o.err)
	case o.gaveUp && (o.status == http.StatusTooManyRequests || o.status == http.StatusServiceUnavailable):
		return c.retriesHint(o.status)
	}
	return ""
}

// transportHint tells what to check for a transport error that is not
// retried: a TLS failure or an unknown host.
func (c *Client) transportHint(err error) string {
	if hostNotFound(err) {
		return fmt.Sprintf("DNS knows no such host: check the host name in endpoint %s", c.endpoint)
	}
	var (
		hostname x509.HostnameError
		verify   *tls.CertificateVerificationError
		header   tls.RecordHeaderError
	)
	p := tlsProblem(err)
	switch {
	case p == nil:
		return ""
	case errors.Is(p, http.ErrSchemeMismatch):
		return fmt.Sprintf("%s answered an HTTPS request in plain HTTP: if the server has no TLS, set endpoint to %s; else check its port",
			c.endpoint, "http://"+strings.TrimPrefix(c.endpoint, "https://"))
	case errors.As(p, &x509.UnknownAuthorityError{}):
		return fmt.Sprintf("the certificate of %s is signed by an authority this machine does not trust: "+
			"give that authority's certificate in ca_cert_pem (or ADMINAPI_CA_CERT_PEM), or, for testing only, set insecure_skip_verify = true", c.endpoint)
	case errors.As(p, &hostname):
		return fmt.Sprintf("the certificate of %s is not for the host name %q: set endpoint to a host name the certificate holds, "+
			"or give the server a certificate for %q", c.endpoint, hostname.Host, hostname.Host)
	case errors.As(p, &x509.CertificateInvalidError{}):
		return fmt.Sprintf("the certificate of %s is not valid: check the server's certificate, and this machine's clock", c.endpoint)
	case errors.As(p, &verify):
		return fmt.Sprintf("the certificate of %s could not be verified: check the server's certificate, and ca_cert_pem", c.endpoint)
	case errors.As(p, &header):
		return fmt.Sprintf("%s does not answer in TLS: check the scheme of endpoint (http:// or https://), and its port", c.endpoint)
	default:
		return fmt.Sprintf("the TLS handshake with %s failed: check the scheme and port of endpoint, and the server's TLS settings", c.endpoint)
	}
}

// retriesHint tells, for a 429 or 503 that outlasted the retries, the
// settings that bound them and how fast the client was sending.
func (c *Client) retriesHint(status int) string {
	limit := "max_requests_per_second unset"
	advice := "set max_requests_per_second under the server's limit"
	if c.pacer.ceiling != rate.Inf {
		limit = fmt.Sprintf("max_requests_per_second = %g", float64(c.pacer.ceiling))
		advice = "lower max_requests_per_second under the server's limit"
	}
	if status == http.StatusServiceUnavailable {
		advice = "if the server is overloaded, " + strings.Replace(advice, "under the server's limit", "to ease its load", 1)
	}
	return fmt.Sprintf("max_retries = %d, %s, and %s; raise max_retries to wait longer, or %s",
		c.maxRetries, limit, c.pacer.describe(), advice)
}
