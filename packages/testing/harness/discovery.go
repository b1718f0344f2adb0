package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	apidiscoveryv2 "k8s.io/api/apidiscovery/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/endpoints/discovery"
	"k8s.io/apiserver/pkg/endpoints/discovery/aggregated"
	genericfilters "k8s.io/apiserver/pkg/endpoints/filters"
	"k8s.io/apiserver/pkg/endpoints/handlers/negotiation"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/notfoundhandler"
)

// rootDiscovery serves /api and /apis.
//
// Inside kube-apiserver these root documents come from the aggregator in
// front of apiextensions-apiserver, which therefore switches its own off.
// Standalone, /apis would be a 404 and clients (kubectl, client-go, kubekit)
// could not discover anything. We serve them from the server's aggregated
// discovery data, which already tracks every established CRD:
//   - /apis answers aggregated discovery (apidiscovery.k8s.io/v2) or the
//     classic APIGroupList, by content negotiation;
//   - /api reports no versions, since this server has no core API group.
//
// Every other path it receives gets the same 404 (or 503 while starting)
// as kube-apiserver gives.
type rootDiscovery struct {
	server   *genericapiserver.GenericAPIServer // set by attach, before serving
	address  string                             // host:port clients should use
	notFound http.Handler
	api      http.Handler
	apis     http.Handler
}

func newRootDiscovery(address string) *rootDiscovery {
	return &rootDiscovery{address: address}
}

// attach connects the handler to the server built with it as delegate.
func (d *rootDiscovery) attach(s *genericapiserver.GenericAPIServer) {
	d.server = s
	d.notFound = notfoundhandler.New(s.Serializer, genericfilters.NoMuxAndDiscoveryIncompleteKey)
	d.api = aggregated.WrapAggregatedDiscoveryToHandler(http.HandlerFunc(d.serveAPIVersions), s.AggregatedLegacyDiscoveryGroupManager, nil)
	d.apis = aggregated.WrapAggregatedDiscoveryToHandler(http.HandlerFunc(d.serveAPIGroupList), s.AggregatedDiscoveryGroupManager, nil)
}

func (d *rootDiscovery) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	switch {
	case d.server == nil:
		http.Error(w, "server is not set up yet", http.StatusServiceUnavailable)
	case req.URL.Path == "/api" || req.URL.Path == "/api/":
		d.api.ServeHTTP(w, req)
	case req.URL.Path == "/apis" || req.URL.Path == "/apis/":
		d.apis.ServeHTTP(w, req)
	default:
		d.notFound.ServeHTTP(w, req)
	}
}

func (d *rootDiscovery) serverAddresses() []metav1.ServerAddressByClientCIDR {
	return []metav1.ServerAddressByClientCIDR{{ClientCIDR: "0.0.0.0/0", ServerAddress: d.address}}
}

// serveAPIVersions is the classic /api document: no core versions here.
func (d *rootDiscovery) serveAPIVersions(w http.ResponseWriter, req *http.Request) {
	versions := &metav1.APIVersions{Versions: []string{}, ServerAddressByClientCIDRs: d.serverAddresses()}
	responsewriters.WriteObjectNegotiated(d.server.Serializer, negotiation.DefaultEndpointRestrictions, schema.GroupVersion{}, w, req, http.StatusOK, versions, false)
}

// serveAPIGroupList is the classic /apis document, derived from the
// aggregated one so both always agree.
func (d *rootDiscovery) serveAPIGroupList(w http.ResponseWriter, req *http.Request) {
	groups, err := d.aggregatedGroups(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	list := discovery.NewRootAPIsHandler(discovery.DefaultAddresses{DefaultAddress: d.address}, d.server.Serializer)
	for _, g := range groups.Items {
		if group, ok := classicGroup(g); ok {
			list.AddGroup(group)
		}
	}
	list.ServeHTTP(w, req)
}

// aggregatedGroups asks the aggregated discovery handler for its document.
func (d *rootDiscovery) aggregatedGroups(req *http.Request) (*apidiscoveryv2.APIGroupDiscoveryList, error) {
	inner := req.Clone(req.Context())
	inner.Header.Set("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
	inner.Header.Del("If-None-Match")
	rec := httptest.NewRecorder()
	d.server.AggregatedDiscoveryGroupManager.ServeHTTP(rec, inner)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("aggregated discovery answered %d: %s", rec.Code, rec.Body.String())
	}
	var list apidiscoveryv2.APIGroupDiscoveryList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		return nil, fmt.Errorf("decoding aggregated discovery: %w", err)
	}
	return &list, nil
}

// classicGroup converts one aggregated group; versions come in preference
// order, so the first one is the preferred version.
func classicGroup(g apidiscoveryv2.APIGroupDiscovery) (metav1.APIGroup, bool) {
	group := metav1.APIGroup{Name: g.Name}
	for _, v := range g.Versions {
		group.Versions = append(group.Versions, metav1.GroupVersionForDiscovery{
			GroupVersion: g.Name + "/" + v.Version,
			Version:      v.Version,
		})
	}
	if len(group.Versions) == 0 {
		return group, false
	}
	group.PreferredVersion = group.Versions[0]
	return group, true
}
