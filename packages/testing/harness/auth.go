package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
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

// writeTokenFile writes the server's --token-auth-file: one CSV line per
// user (token, user name, uid, groups). The admin is in system:masters; the
// restricted user is only in system:authenticated, which the server adds to
// every authenticated user, and gets what restrictedAccess grants.
func writeTokenFile(path string, t tokens) error {
	lines := fmt.Sprintf("%s,%s,%s,%q\n%s,%s,%s\n",
		t.Admin, adminUser, adminUser, user.SystemPrivilegedGroup,
		t.Restricted, restrictedUser, restrictedUser)
	return writeFileAtomic(path, []byte(lines), 0o600)
}

// restrictedAccess is the RBAC policy of the restricted user: besides what
// every authenticated user may do (discovery, /version, health, reviews of
// its own access), it may read CustomResourceDefinitions. Everything else
// is 403.
func restrictedAccess() (*rbacv1.ClusterRole, *rbacv1.ClusterRoleBinding) {
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: restrictedUser},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{"apiextensions.k8s.io"},
			Resources: []string{"customresourcedefinitions"},
			Verbs:     []string{"get", "list", "watch"},
		}},
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: restrictedUser},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: restrictedUser},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: restrictedUser}},
	}
	return role, binding
}

// ensureRestrictedAccess creates the restricted user's role and binding as
// the admin; on a restart they are already there.
func ensureRestrictedAccess(ctx context.Context, serverURL string, caPEM []byte, adminToken string) error {
	client, err := kubernetes.NewForConfig(&rest.Config{
		Host:            serverURL,
		BearerToken:     adminToken,
		TLSClientConfig: rest.TLSClientConfig{CAData: caPEM},
	})
	if err != nil {
		return fmt.Errorf("creating the RBAC client: %w", err)
	}
	role, binding := restrictedAccess()
	_, err = client.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating ClusterRole %s: %w", role.Name, err)
	}
	_, err = client.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating ClusterRoleBinding %s: %w", binding.Name, err)
	}
	return nil
}
