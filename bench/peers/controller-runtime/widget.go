package main

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// groupVersion of the benchmark's Widget kind.
var groupVersion = schema.GroupVersion{Group: "bench.kubekit.dev", Version: "v1"}

// Widget is the typed form of the benchmark CRD (see bench/support/widgets.ts for its shape).
type Widget struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              WidgetSpec   `json:"spec,omitempty"`
	Status            WidgetStatus `json:"status,omitempty"`
}

type WidgetSpec struct {
	Replicas    int          `json:"replicas"`
	Image       string       `json:"image"`
	Burst       string       `json:"burst,omitempty"`
	Selector    Selector     `json:"selector"`
	Ports       []Port       `json:"ports"`
	Env         []EnvVar     `json:"env"`
	Resources   Resources    `json:"resources"`
	Rollout     Rollout      `json:"rollout"`
	Probes      Probes       `json:"probes"`
	Tolerations []Toleration `json:"tolerations"`
	Config      Config       `json:"config"`
}

type Selector struct {
	MatchLabels map[string]string `json:"matchLabels"`
}

type Port struct {
	Name          string `json:"name"`
	ContainerPort int    `json:"containerPort"`
	Protocol      string `json:"protocol"`
}

type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type Resources struct {
	Requests map[string]string `json:"requests"`
	Limits   map[string]string `json:"limits"`
}

type Rollout struct {
	Strategy       string `json:"strategy"`
	MaxSurge       string `json:"maxSurge"`
	MaxUnavailable int    `json:"maxUnavailable"`
	PauseSeconds   int    `json:"pauseSeconds"`
}

type Probe struct {
	Path             string `json:"path"`
	Port             int    `json:"port"`
	PeriodSeconds    int    `json:"periodSeconds"`
	FailureThreshold int    `json:"failureThreshold"`
}

type Probes struct {
	Liveness  Probe `json:"liveness"`
	Readiness Probe `json:"readiness"`
}

type Toleration struct {
	Key      string `json:"key"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
	Effect   string `json:"effect"`
}

type Config struct {
	LogLevel     string          `json:"logLevel"`
	FeatureGates map[string]bool `json:"featureGates"`
	Shards       []int           `json:"shards"`
}

type WidgetStatus struct {
	Reconciled         bool  `json:"reconciled,omitempty"`
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`
}

// WidgetList is a list of Widgets.
type WidgetList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []Widget `json:"items"`
}

func cloneMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// DeepCopyInto copies every reference field, as generated deep-copy code would.
func (in *Widget) DeepCopyInto(out *Widget) {
	*out = *in
	in.ObjectMeta.DeepCopyInto(&out.ObjectMeta)
	s := &out.Spec
	s.Selector.MatchLabels = cloneMap(in.Spec.Selector.MatchLabels)
	s.Ports = cloneSlice(in.Spec.Ports)
	s.Env = cloneSlice(in.Spec.Env)
	s.Resources.Requests = cloneMap(in.Spec.Resources.Requests)
	s.Resources.Limits = cloneMap(in.Spec.Resources.Limits)
	s.Tolerations = cloneSlice(in.Spec.Tolerations)
	s.Config.FeatureGates = cloneMap(in.Spec.Config.FeatureGates)
	s.Config.Shards = cloneSlice(in.Spec.Config.Shards)
}

func (in *Widget) DeepCopy() *Widget {
	out := new(Widget)
	in.DeepCopyInto(out)
	return out
}

func (in *Widget) DeepCopyObject() runtime.Object { return in.DeepCopy() }

func (in *WidgetList) DeepCopyObject() runtime.Object {
	out := &WidgetList{TypeMeta: in.TypeMeta}
	in.ListMeta.DeepCopyInto(&out.ListMeta)
	if in.Items != nil {
		out.Items = make([]Widget, len(in.Items))
		for i := range in.Items {
			in.Items[i].DeepCopyInto(&out.Items[i])
		}
	}
	return out
}

func newScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	s.AddKnownTypes(groupVersion, &Widget{}, &WidgetList{})
	metav1.AddToGroupVersion(s, groupVersion)
	return s
}
