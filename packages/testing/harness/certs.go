package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// servingCerts are the files under DIR/certs. The CA only signs the serving
// certificate; its key is thrown away after that, so nothing else can be
// signed with it later.
type servingCerts struct {
	caFile   string // PEM CA certificate; clients trust this
	certFile string // PEM serving certificate for 127.0.0.1, ::1 and localhost
	keyFile  string // PEM private key of the serving certificate
	// serviceAccountKeyFile is the PEM key the server signs service account
	// tokens with; serviceAccountPubFile its public key, to verify them.
	serviceAccountKeyFile string
	serviceAccountPubFile string
	caPEM                 []byte
}

const certValidity = 10 * 365 * 24 * time.Hour

// ensureCerts reuses the certificates in dir when they are all present and
// readable, so a restarted server keeps its CA; otherwise it makes new ones.
func ensureCerts(dir string) (*servingCerts, error) {
	c := &servingCerts{
		caFile:   filepath.Join(dir, "ca.crt"),
		certFile: filepath.Join(dir, "serving.crt"),
		keyFile:  filepath.Join(dir, "serving.key"),

		serviceAccountKeyFile: filepath.Join(dir, "service-account.key"),
		serviceAccountPubFile: filepath.Join(dir, "service-account.pub"),
	}
	if err := c.load(); err == nil {
		return c, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("existing certificates in %s are unusable (delete the data dir to start over): %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating certificate directory: %w", err)
	}
	if err := c.generate(); err != nil {
		return nil, fmt.Errorf("generating certificates in %s: %w", dir, err)
	}
	return c, nil
}

func (c *servingCerts) load() error {
	caPEM, err := os.ReadFile(c.caFile)
	if err != nil {
		return err
	}
	if _, err := tls.LoadX509KeyPair(c.certFile, c.keyFile); err != nil {
		return err
	}
	for _, f := range []string{c.serviceAccountKeyFile, c.serviceAccountPubFile} {
		if _, err := os.Stat(f); err != nil {
			return err
		}
	}
	if pool := x509.NewCertPool(); !pool.AppendCertsFromPEM(caPEM) {
		return fmt.Errorf("%s holds no PEM certificate", c.caFile)
	}
	c.caPEM = caPEM
	return nil
}

func (c *servingCerts) generate() error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          randomSerial(),
		Subject:               pkix.Name{CommonName: "kubekit-test-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return fmt.Errorf("signing CA certificate: %w", err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	template := &x509.Certificate{
		SerialNumber: randomSerial(),
		Subject:      pkix.Name{CommonName: "kubekit-apiserver"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	certDER, err := x509.CreateCertificate(rand.Reader, template, caCert, &key.PublicKey, caKey)
	if err != nil {
		return fmt.Errorf("signing serving certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	saKeyDER, err := x509.MarshalECPrivateKey(saKey)
	if err != nil {
		return err
	}
	saPubDER, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return err
	}

	c.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	// The keys go first: load() treats the set as complete once ca.crt exists.
	if err := writeFileAtomic(c.serviceAccountKeyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: saKeyDER}), 0o600); err != nil {
		return err
	}
	if err := writeFileAtomic(c.serviceAccountPubFile, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: saPubDER}), 0o644); err != nil {
		return err
	}
	if err := writeFileAtomic(c.keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	if err := writeFileAtomic(c.certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER}), 0o644); err != nil {
		return err
	}
	return writeFileAtomic(c.caFile, c.caPEM, 0o644)
}

func randomSerial() *big.Int {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		panic(fmt.Sprintf("reading random bytes: %v", err))
	}
	return serial
}

// writeFileAtomic writes through a temporary file and a rename, so a crash
// never leaves a half-written file behind.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("renaming %s: %w", tmp, err)
	}
	return nil
}
