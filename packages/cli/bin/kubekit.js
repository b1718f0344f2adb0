#!/usr/bin/env node
// The `kubekit` command: a stable file for the package manager to link before `dist/` is built.
import '../dist/main.js';
