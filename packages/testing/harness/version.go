package main

import (
	"runtime/debug"
	"strings"

	apimachineryversion "k8s.io/apimachinery/pkg/version"
	basecompatibility "k8s.io/component-base/compatibility"
)

// releaseVersion wraps the server's effective version so that /version
// reports a real release. Kubernetes stamps its version into binaries with
// linker flags; a plain "go build" leaves a placeholder
// ("v0.0.0-master+$Format:%H$") that kubectl cannot parse. We derive the
// release from the apiextensions-apiserver module we were built with
// (module v0.X.Y is Kubernetes v1.X.Y).
type releaseVersion struct {
	basecompatibility.EffectiveVersion
	gitVersion string
}

func withReleaseVersion(v basecompatibility.EffectiveVersion) basecompatibility.EffectiveVersion {
	release := kubernetesRelease()
	if v == nil || release == "" {
		return v
	}
	return releaseVersion{EffectiveVersion: v, gitVersion: release}
}

func (v releaseVersion) Info() *apimachineryversion.Info {
	info := v.EffectiveVersion.Info()
	if info != nil && strings.HasPrefix(info.GitVersion, "v0.0.0") {
		info.GitVersion = v.gitVersion
		info.GitCommit = ""
	}
	return info
}

// kubernetesRelease maps the module version of k8s.io/apiextensions-apiserver
// to the Kubernetes release, or returns "" if it cannot tell.
func kubernetesRelease() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, dep := range info.Deps {
		if dep.Path == "k8s.io/apiextensions-apiserver" && strings.HasPrefix(dep.Version, "v0.") {
			return "v1." + strings.TrimPrefix(dep.Version, "v0.")
		}
	}
	return ""
}
