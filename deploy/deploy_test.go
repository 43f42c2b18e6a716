// Package deploy holds the production deployment files; this test keeps
// them consistent with the code's configuration (there is no container
// engine here to run them).
package deploy

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"gopkg.in/yaml.v3"
)

// read parses every YAML document of a file.
func read(t *testing.T, name string) []map[string]any {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var docs []map[string]any
	for {
		var d map[string]any
		if err := dec.Decode(&d); err != nil {
			if err.Error() == "EOF" {
				return docs
			}
			t.Fatalf("%s: %v", name, err)
		}
		docs = append(docs, d)
	}
}

func get(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// subcommands the binary has: read from its own switch.
func subcommands(t *testing.T) map[string]bool {
	src, err := os.ReadFile("../cmd/dossier/main.go")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]bool{}
	for _, c := range regexp.MustCompile(`case "([a-z]+)"`).FindAllStringSubmatch(string(src), -1) {
		m[c[1]] = true
	}
	return m
}

// shutdownTimeout is a worker's --shutdown-timeout.
func shutdownTimeout(t *testing.T, args []string) time.Duration {
	for i, a := range args {
		if a == "--shutdown-timeout" && i+1 < len(args) {
			d, err := time.ParseDuration(args[i+1])
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	return 30 * time.Second // the flag's default
}

func checkEnv(t *testing.T, where string, env map[string]any) {
	t.Helper()
	known := map[string]bool{"DOSSIER_STORE": true, "DOSSIER_DB": true, "DOSSIER_REDIS": true, "DOSSIER_HOME": true, "DOSSIER_RULES": true, "DOSSIER_LANG": true, "DOSSIER_CA_ROOTS": true, "DOSSIER_TESSDATA": true}
	for k, v := range env {
		if strings.HasPrefix(k, "DOSSIER_") && !known[k] {
			t.Errorf("%s: %s is read by no command", where, k)
		}
		s, _ := v.(string)
		switch k {
		case "DOSSIER_STORE":
			u, err := url.Parse(s)
			if err != nil || u.Scheme != "s3" || strings.Trim(u.Path, "/") == "" {
				t.Errorf("%s: DOSSIER_STORE %q is no s3://ACCESS:SECRET@host:port/bucket", where, s)
			}
		case "DOSSIER_DB":
			if !strings.HasPrefix(s, "postgres://") {
				t.Errorf("%s: DOSSIER_DB %q is no postgres:// URL", where, s)
			}
		case "DOSSIER_REDIS":
			if _, err := asynq.ParseRedisURI(s); err != nil {
				t.Errorf("%s: DOSSIER_REDIS %q: %v", where, s, err)
			}
		}
	}
	for _, k := range []string{"DOSSIER_STORE", "DOSSIER_DB", "DOSSIER_REDIS"} {
		if _, ok := env[k]; !ok {
			t.Errorf("%s: no %s: the worker would fall back to the embedded default", where, k)
		}
	}
}

func TestCompose(t *testing.T) {
	cmds := subcommands(t)
	c := read(t, "docker-compose.yml")[0]
	redis := strings.Join(strs(get(c, "services", "redis", "command")), " ")
	if !strings.Contains(redis, "--appendonly yes") || !strings.Contains(redis, "--maxmemory-policy noeviction") {
		t.Errorf("redis must keep its queue: %s", redis)
	}
	for name, s := range get(c, "services").(map[string]any) {
		if get(s, "build") == nil {
			continue
		}
		args := strs(get(s, "command"))
		if !cmds[args[0]] {
			t.Errorf("%s runs dossier %s, which is no command", name, args[0])
		}
		checkEnv(t, "compose "+name, get(s, "environment").(map[string]any))
		if args[0] == "worker" {
			grace, err := time.ParseDuration(get(s, "stop_grace_period").(string))
			if err != nil || grace <= shutdownTimeout(t, args) {
				t.Errorf("compose worker: stop_grace_period %v must exceed --shutdown-timeout %v", grace, shutdownTimeout(t, args))
			}
		}
	}
}

func TestKubernetes(t *testing.T) {
	cmds := subcommands(t)
	var env map[string]any
	var worker map[string]any
	for _, d := range read(t, "k8s/worker.yaml") {
		switch d["kind"] {
		case "Secret":
			env = get(d, "stringData").(map[string]any)
		case "Deployment":
			worker = d
		case "ScaledObject":
			trig := get(d, "spec", "triggers").([]any)[0]
			if get(trig, "metadata", "listName") != "asynq:{default}:pending" {
				t.Errorf("workers must scale on asynq's pending list, not %v", get(trig, "metadata", "listName"))
			}
		}
	}
	checkEnv(t, "k8s secret", env)
	spec := get(worker, "spec", "template", "spec")
	ctr := get(spec, "containers").([]any)[0]
	args := strs(get(ctr, "args"))
	if !cmds[args[0]] {
		t.Errorf("the deployment runs dossier %s, which is no command", args[0])
	}
	for _, d := range read(t, "k8s/serve.yaml") {
		if d["kind"] != "Deployment" {
			continue
		}
		ctr := get(d, "spec", "template", "spec", "containers").([]any)[0]
		if args := strs(get(ctr, "args")); args[0] != "serve" || !cmds[args[0]] {
			t.Errorf("the workbench deployment runs dossier %v", args)
		}
		if get(ctr, "readinessProbe", "httpGet", "path") != "/healthz" {
			t.Error("the workbench deployment has no readiness probe on /healthz")
		}
	}
	grace := time.Duration(get(spec, "terminationGracePeriodSeconds").(int)) * time.Second
	if grace <= shutdownTimeout(t, args) {
		t.Errorf("terminationGracePeriodSeconds %v must exceed --shutdown-timeout %v", grace, shutdownTimeout(t, args))
	}
}

func TestSystemd(t *testing.T) {
	cmds := subcommands(t)
	unit, err := os.ReadFile("systemd/dossier-worker@.service")
	if err != nil {
		t.Fatal(err)
	}
	var start []string
	var stop time.Duration
	for _, l := range strings.Split(string(unit), "\n") {
		if v, ok := strings.CutPrefix(l, "ExecStart="); ok {
			start = strings.Fields(v)[1:]
		}
		if v, ok := strings.CutPrefix(l, "TimeoutStopSec="); ok {
			stop, _ = time.ParseDuration(v + "s")
		}
	}
	if len(start) == 0 || !cmds[start[0]] {
		t.Fatalf("ExecStart runs %v", start)
	}
	if stop <= shutdownTimeout(t, start) {
		t.Errorf("TimeoutStopSec %v must exceed --shutdown-timeout %v", stop, shutdownTimeout(t, start))
	}
	envText, err := os.ReadFile("systemd/dossier.env")
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]any{}
	for _, l := range strings.Split(string(envText), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "#") {
			env[k] = v
		}
	}
	checkEnv(t, "systemd dossier.env", env)
	serve, err := os.ReadFile("systemd/dossier-serve.service")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^ExecStart=\S+ (\S+)`).FindStringSubmatch(string(serve)); m == nil || m[1] != "serve" || !cmds[m[1]] {
		t.Errorf("dossier-serve.service starts %v", m)
	}
}
