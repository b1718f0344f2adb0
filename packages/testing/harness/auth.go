package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// The two identities the test suite uses.
const (
	adminUser      = "kubekit-admin"      // group system:masters: may do everything
	restrictedUser = "kubekit-restricted" // discovery and reading CRDs only
)

// tokens is the content of DIR/tokens.json.
type tokens struct {
	Admin      string `json:"admin"`
	Restricted string `json:"restricted"`
}

// ensureTokens reuses DIR/tokens.json if present, so a restarted server
// accepts the same tokens; otherwise it creates two random tokens.
func ensureTokens(path string) (tokens, error) {
	var t tokens
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := json.Unmarshal(data, &t); err != nil {
			return t, fmt.Errorf("reading %s: %w", path, err)
		}
		if t.Admin == "" || t.Restricted == "" || t.Admin == t.Restricted {
			return t, fmt.Errorf("reading %s: want two different non-empty tokens", path)
		}
		return t, nil
	case !errors.Is(err, os.ErrNotExist):
		return t, fmt.Errorf("reading %s: %w", path, err)
	}

	t = tokens{Admin: randomToken(), Restricted: randomToken()}
	data, err = json.MarshalIndent(t, "", "  ")
	if err != nil {
		return t, err
	}
	return t, writeFileAtomic(path, append(data, '\n'), 0o600)
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("reading random bytes: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenAuthenticator maps the two bearer tokens to their users. Any other
// token, or none, is not authenticated, which the server answers with 401.
// (The server adds its own loopback token in front of this.)
type tokenAuthenticator struct {
	tokens tokens
}

func newAuthenticator(t tokens) authenticator.Request {
	return bearertoken.New(tokenAuthenticator{tokens: t})
}

func (a tokenAuthenticator) AuthenticateToken(_ context.Context, token string) (*authenticator.Response, bool, error) {
	switch {
	case sameToken(token, a.tokens.Admin):
		return &authenticator.Response{User: &user.DefaultInfo{
			Name:   adminUser,
			Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated},
		}}, true, nil
	case sameToken(token, a.tokens.Restricted):
		return &authenticator.Response{User: &user.DefaultInfo{
			Name:   restrictedUser,
			Groups: []string{user.AllAuthenticated},
		}}, true, nil
	}
	return nil, false, nil
}

func sameToken(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// newAuthorizer returns the whole authorization policy of the test server:
//   - members of system:masters (the admin token and the server's own
//     loopback client) may do everything;
//   - kubekit-restricted may read non-resource URLs (discovery, /version,
//     health, OpenAPI) and read CustomResourceDefinitions;
//   - everything else is forbidden (403).
func newAuthorizer() authorizer.Authorizer {
	return authorizer.AuthorizerFunc(authorize)
}

func authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	u := a.GetUser()
	if u == nil {
		return authorizer.DecisionNoOpinion, "request has no user", nil
	}
	if slices.Contains(u.GetGroups(), user.SystemPrivilegedGroup) {
		return authorizer.DecisionAllow, "", nil
	}
	if u.GetName() == restrictedUser {
		if !a.IsResourceRequest() && (a.GetVerb() == "get" || a.GetVerb() == "head") {
			return authorizer.DecisionAllow, "", nil
		}
		if isCRDRead(a) {
			return authorizer.DecisionAllow, "", nil
		}
		return authorizer.DecisionDeny, restrictedUser + " may only use discovery and read customresourcedefinitions", nil
	}
	return authorizer.DecisionNoOpinion, fmt.Sprintf("no rule allows user %q", u.GetName()), nil
}

func isCRDRead(a authorizer.Attributes) bool {
	return a.IsResourceRequest() &&
		a.GetAPIGroup() == "apiextensions.k8s.io" &&
		a.GetResource() == "customresourcedefinitions" &&
		slices.Contains([]string{"get", "list", "watch"}, a.GetVerb())
}
