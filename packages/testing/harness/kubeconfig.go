package main

import (
	"fmt"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Names inside the kubeconfig.
const (
	clusterName       = "kubekit"
	adminContext      = "kubekit"
	restrictedContext = "kubekit-restricted"
)

// writeKubeconfig writes a kubeconfig with one cluster, both users and a
// context for each; the admin context is current.
func writeKubeconfig(path, serverURL string, caPEM []byte, t tokens) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{
		Server:                   serverURL,
		CertificateAuthorityData: caPEM,
	}
	cfg.AuthInfos[adminUser] = &clientcmdapi.AuthInfo{Token: t.Admin}
	cfg.AuthInfos[restrictedUser] = &clientcmdapi.AuthInfo{Token: t.Restricted}
	cfg.Contexts[adminContext] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: adminUser}
	cfg.Contexts[restrictedContext] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: restrictedUser}
	cfg.CurrentContext = adminContext

	data, err := clientcmd.Write(*cfg)
	if err != nil {
		return fmt.Errorf("encoding kubeconfig: %w", err)
	}
	return writeFileAtomic(path, data, 0o600)
}
