#!/usr/bin/env bash
# The webhook's serving certificate without cert-manager: a CA and a certificate for the Service
# kubetron-webhook.kubetron.svc signed by it, made with openssl. Prints (or, with --apply, runs) the two kubectl
# commands that put them in the cluster: the Secret kubetron-webhook-tls the Deployment mounts, and the CA as the
# caBundle of the webhook of the MutatingWebhookConfiguration `kubetron`.
#
#   deploy/gen-webhook-cert.sh [--apply] [DIR]      (DIR: where the files go, default ./kubetron-webhook-cert)
#
# An existing DIR/ca.key and DIR/ca.crt are reused: running it again renews only the serving certificate, so the
# caBundle stays the same and the API server keeps trusting the webhook through the renewal (the webhook reloads the
# new files within seconds, without a restart). Keep DIR/ca.key private: whoever has it can impersonate the webhook.
# Environment: KUBETRON_NAMESPACE (default kubetron), DAYS (serving certificate, default 365), CA_DAYS (3650).
set -euo pipefail

apply=false
if [ "${1:-}" = "--apply" ]; then
    apply=true
    shift
fi
case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
dir=${1:-./kubetron-webhook-cert}
ns=${KUBETRON_NAMESPACE:-kubetron}
svc=kubetron-webhook
days=${DAYS:-365}
ca_days=${CA_DAYS:-3650}
command -v openssl >/dev/null || { echo "gen-webhook-cert.sh: openssl is missing" >&2; exit 1; }

mkdir -p "$dir"
cd "$dir"
umask 077

# ECDSA P-256 keys; OpenSSL 3 writes them as PKCS#8, which the webhook reads
if [ ! -s ca.key ] || [ ! -s ca.crt ]; then
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
        -keyout ca.key -out ca.crt -days "$ca_days" -subj "/CN=kubetron-webhook-ca" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
    -keyout tls.key -out tls.csr -subj "/CN=$svc.$ns.svc" 2>/dev/null
cat > tls.ext <<EXT
subjectAltName=DNS:$svc.$ns.svc,DNS:$svc.$ns.svc.cluster.local
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
EXT
openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
    -extfile tls.ext -out tls.crt 2>/dev/null
rm -f tls.csr tls.ext
openssl verify -CAfile ca.crt tls.crt >/dev/null
chmod 644 ca.crt tls.crt

ca_bundle=$(base64 -w0 < ca.crt)
patch="[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$ca_bundle\"}]"
secret_cmd=(kubectl -n "$ns" create secret tls kubetron-webhook-tls --cert="$PWD/tls.crt" --key="$PWD/tls.key"
    --dry-run=client -o yaml)
patch_cmd=(kubectl patch mutatingwebhookconfiguration kubetron --type=json -p "$patch")

if $apply; then
    "${secret_cmd[@]}" | kubectl apply -f -
    "${patch_cmd[@]}"
else
    echo "Files in $PWD: ca.crt ca.key (the CA), tls.crt tls.key (kubetron-webhook.$ns.svc, $days days)."
    echo "caBundle (base64 of ca.crt):"
    echo "$ca_bundle"
    echo
    echo "After kubectl apply -k deploy/ (which creates the namespace and the webhook configuration), run:"
    echo "  ${secret_cmd[*]} | kubectl apply -f -"
    echo "  kubectl patch mutatingwebhookconfiguration kubetron --type=json -p '$patch'"
    echo "or run this script again with --apply (it reuses the CA)."
fi
