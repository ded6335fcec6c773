package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestComposeConfig runs docker-compose config on the compose file with
// .env.example, when docker-compose is installed (.ci/run installs it), and
// checks what the classroom relies on.
func TestComposeConfig(t *testing.T) {
	bin, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Skip("docker-compose is not installed (apt-get install docker-compose)")
	}
	root := filepath.Join("..")
	cmd := exec.Command(bin, "--env-file", filepath.Join(root, ".env.example"), "-f", filepath.Join(root, "docker-compose.yml"), "config")
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	var cfg struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Environment map[string]string `yaml:"environment"`
			Healthcheck map[string]any    `yaml:"healthcheck"`
			DependsOn   map[string]any    `yaml:"depends_on"`
			Volumes     []any             `yaml:"volumes"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(out, &cfg); err != nil {
		t.Fatalf("config output: %v", err)
	}
	for _, name := range []string{"elasticsearch", "kibana", "prometheus", "soclab", "setup"} {
		s, ok := cfg.Services[name]
		if !ok {
			t.Errorf("no service %s", name)
			continue
		}
		if s.Healthcheck == nil {
			t.Errorf("service %s has no healthcheck", name)
		}
	}
	es := cfg.Services["elasticsearch"]
	if es.Environment["xpack.security.enabled"] != "true" || es.Environment["ELASTIC_PASSWORD"] != "change-me-elastic" {
		t.Errorf("elasticsearch security/password not from .env: %v", es.Environment)
	}
	if !strings.Contains(es.Image, "elasticsearch:8.") {
		t.Errorf("elasticsearch image %q is not 8.x", es.Image)
	}
	if k := cfg.Services["kibana"]; k.Environment["ELASTICSEARCH_USERNAME"] != "kibana_system" || k.Environment["ELASTICSEARCH_PASSWORD"] != "change-me-kibana" {
		t.Errorf("kibana does not use kibana_system with the .env password: %v", k.Environment)
	}
	if s := cfg.Services["soclab"]; s.Build == nil || s.Environment["SOCLAB_ES_URL"] == "" || s.Environment["SOCLAB_ES_CA_CERT"] == "" {
		t.Errorf("soclab service: %+v", s)
	}
}

// TestComposeNeedsPasswords checks that compose refuses to start without
// the passwords of .env instead of starting an open cluster.
func TestComposeNeedsPasswords(t *testing.T) {
	bin, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Skip("docker-compose is not installed")
	}
	empty := filepath.Join(t.TempDir(), "empty.env")
	os.WriteFile(empty, nil, 0o644)
	cmd := exec.Command(bin, "--env-file", empty, "-f", filepath.Join("..", "docker-compose.yml"), "config", "-q")
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "ELASTIC_PASSWORD") {
		t.Errorf("compose accepted a missing ELASTIC_PASSWORD: %v\n%s", err, out)
	}
}

// cleanEnv drops variables that would override .env.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "ELASTIC_PASSWORD", "KIBANA_PASSWORD", "KIBANA_ENCRYPTION_KEY", "STACK_VERSION", "COMPOSE_FILE", "COMPOSE_PROJECT_NAME":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// TestPrometheusConfig checks that Prometheus scrapes soclab's metrics port.
func TestPrometheusConfig(t *testing.T) {
	data, err := os.ReadFile("prometheus.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sc := range cfg.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			for _, tg := range st.Targets {
				found = found || (sc.JobName == "soclab" && tg == "soclab-job:9464")
			}
		}
	}
	if !found {
		t.Errorf("no soclab job scraping soclab-job:9464: %+v", cfg.ScrapeConfigs)
	}
}

// TestDockerfile checks the build is multi-stage and static.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if strings.Count(s, "\nFROM ") < 2 || !strings.Contains(s, "CGO_ENABLED=0") || !strings.Contains(s, "./cmd/soclab") {
		t.Errorf("Dockerfile is not a multi-stage static build:\n%s", s)
	}
	for _, f := range []string{"setup-certs.sh", "prometheus.yml", "kibana/soclab-saved-objects.ndjson"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("docker-compose.yml needs deploy/%s: %v", f, err)
		}
	}
}
