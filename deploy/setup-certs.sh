#!/bin/bash
# Run once by the "setup" service of docker-compose.yml, inside the
# Elasticsearch image: makes a CA and a certificate for the "elasticsearch"
# host (kept in the certs volume), waits for Elasticsearch, and sets the
# kibana_system password. Safe to run again: it keeps existing certificates.
set -euo pipefail
: "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD in .env}"
: "${KIBANA_PASSWORD:?set KIBANA_PASSWORD in .env}"
cd /usr/share/elasticsearch
certs=config/certs
if [ ! -f "$certs/ca/ca.crt" ]; then
  echo "setup: creating the CA"
  bin/elasticsearch-certutil ca --silent --pem -out "$certs/ca.zip"
  unzip -o -q "$certs/ca.zip" -d "$certs"
fi
if [ ! -f "$certs/elasticsearch/elasticsearch.crt" ]; then
  echo "setup: creating the certificate of elasticsearch"
  cat > "$certs/instances.yml" <<YML
instances:
  - name: elasticsearch
    dns: [elasticsearch, localhost]
    ip: [127.0.0.1]
YML
  bin/elasticsearch-certutil cert --silent --pem -out "$certs/certs.zip" --in "$certs/instances.yml" \
    --ca-cert "$certs/ca/ca.crt" --ca-key "$certs/ca/ca.key"
  unzip -o -q "$certs/certs.zip" -d "$certs"
fi
chown -R root:root "$certs"
find "$certs" -type d -exec chmod 755 {} \;
find "$certs" -type f -exec chmod 644 {} \;
chmod 600 "$certs/ca/ca.key"
echo "setup: waiting for Elasticsearch"
until curl -s --cacert "$certs/ca/ca.crt" https://elasticsearch:9200 | grep -q "missing authentication credentials"; do sleep 5; done
echo "setup: setting the kibana_system password"
until curl -s -X POST --cacert "$certs/ca/ca.crt" -u "elastic:${ELASTIC_PASSWORD}" -H "Content-Type: application/json" \
  https://elasticsearch:9200/_security/user/kibana_system/_password -d "{\"password\":\"${KIBANA_PASSWORD}\"}" | grep -q "^{}"; do
  sleep 5
done
echo "setup: done"
