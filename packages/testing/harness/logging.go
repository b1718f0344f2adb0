package main

import (
	"flag"

	"go.uber.org/zap/zapcore"
	"k8s.io/klog/v2"
)

// configureLogging sends klog output to stderr only. By default only errors
// are shown; --verbose shows info messages at verbosity 2.
func configureLogging(verbose bool) {
	fs := flag.NewFlagSet("klog", flag.PanicOnError)
	klog.InitFlags(fs)
	threshold, level := "ERROR", "0"
	if verbose {
		threshold, level = "INFO", "2"
	}
	fs.Set("logtostderr", "true")
	// Without this, klog ignores stderrthreshold when logging to stderr.
	fs.Set("legacy_stderr_threshold_behavior", "false")
	fs.Set("stderrthreshold", threshold)
	fs.Set("v", level)
}

// etcdLogLevel is the zap level for the embedded etcd server.
func etcdLogLevel(verbose bool) zapcore.Level {
	if verbose {
		return zapcore.InfoLevel
	}
	return zapcore.ErrorLevel
}
