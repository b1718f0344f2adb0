package main

import (
	"encoding/json"
	"os"
	"sync"
)

// stdout carries only these JSON lines; the parent parses every line it sees.

type readyEvent struct {
	Event           string `json:"event"`
	Server          string `json:"server"`
	Port            int    `json:"port"`
	EtcdPort        int    `json:"etcdPort"`
	Kubeconfig      string `json:"kubeconfig"`
	AdminToken      string `json:"adminToken"`
	RestrictedToken string `json:"restrictedToken"`
	StartMillis     int64  `json:"startMillis"`
}

type compactedEvent struct {
	Event    string `json:"event"`
	Revision int64  `json:"revision"`
}

type messageEvent struct {
	Event   string `json:"event"`
	Message string `json:"message,omitempty"`
}

var stdoutMu sync.Mutex

// emit writes one event as a single line on stdout.
func emit(event any) {
	line, err := json.Marshal(event)
	if err != nil {
		// Only our own fixed structs are passed in, so this cannot happen.
		panic(err)
	}
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	os.Stdout.Write(append(line, '\n'))
}

func emitError(err error) {
	emit(messageEvent{Event: "error", Message: err.Error()})
}

func emitStopped() {
	emit(messageEvent{Event: "stopped"})
}
