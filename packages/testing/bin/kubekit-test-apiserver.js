#!/usr/bin/env node
// The `kubekit-test-apiserver` command: a stable file to link before `dist/` is built.
import '../dist/cli.js';
