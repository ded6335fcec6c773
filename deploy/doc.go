// Package deploy holds the classroom deployment's files (Prometheus
// configuration, the certificate set-up script of docker-compose.yml, the
// Kibana saved objects) and the tests that check them and the compose file.
// It has no Go API.
package deploy
