#!/usr/bin/env bash
# The networks-signing key set the webhook signs each Pod's networksSpec with and the node agents check before they
# plug a port (docs/node-agent.md, "Only ports made for the Pod"): a directory with one file per key id (32 random
# bytes, base64) and `primary` naming the signing key. Prints (or, with --apply, runs) the kubectl command that puts
# it in the Secret kubetron-networks-signing, which deploy/webhook/deployment.yaml and
# deploy/node-agent/daemonset.yaml mount. DIR is the source of truth: every run rewrites the whole Secret from it.
#
#   deploy/gen-signing-key.sh [--apply] [DIR]             a new key set (one key, the primary) unless DIR has one
#   deploy/gen-signing-key.sh [--apply] --add [DIR]       adds a new key, not yet the primary (rotation step 1)
#   deploy/gen-signing-key.sh [--apply] --primary ID [DIR]  signs with key ID from now on (rotation step 2)
#   deploy/gen-signing-key.sh [--apply] --remove ID [DIR]   removes key ID (rotation step 3; not the primary)
#   deploy/gen-signing-key.sh --in-use                    which key ids the cluster's Pods carry (needs kubectl)
#
# DIR defaults to ./kubetron-networks-signing. Keep it private: whoever has a key can sign a networksSpec naming
# any port. Environment: KUBETRON_NAMESPACE (default kubetron). docs/deploy.md, "Networks signing keys", has the
# rotation without downtime.
set -euo pipefail

apply=false
action=create
id=
while [ $# -gt 0 ]; do
    case "$1" in
        --apply) apply=true; shift ;;
        --add) action=add; shift ;;
        --primary) action=primary; id=${2:?--primary needs a key id}; shift 2 ;;
        --remove) action=remove; id=${2:?--remove needs a key id}; shift 2 ;;
        --in-use) action=in-use; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "gen-signing-key.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) break ;;
    esac
done
dir=${1:-./kubetron-networks-signing}
ns=${KUBETRON_NAMESPACE:-kubetron}
secret=kubetron-networks-signing
annotation=kubetron.network.kubevirt.io/networksSignature

if [ "$action" = in-use ]; then
    # v1.<key id>.<mac> on every Pod Kubetron admitted; a key may go once no Pod that still runs names it
    kubectl get pods -A -o go-template="{{range .items}}{{index .metadata.annotations \"$annotation\"}}{{\"\\n\"}}{{end}}" \
        | grep '^v1\.' | cut -d. -f2 | sort | uniq -c | awk '{print $2 " " $1 " Pod(s)"}'
    exit 0
fi

new_key() {
    # a key id from the time, so ids sort by age and never repeat: [A-Za-z0-9_-], no '.'
    local kid
    kid=k$(date -u +%Y%m%d%H%M%S)
    while [ -e "$dir/$kid" ]; do sleep 1; kid=k$(date -u +%Y%m%d%H%M%S); done
    head -c 32 /dev/urandom | base64 > "$dir/$kid"
    echo "$kid"
}
valid_id() {
    [[ "$1" =~ ^[A-Za-z0-9_-]{1,63}$ ]] && [ "$1" != primary ] \
        || { echo "gen-signing-key.sh: '$1' is not a key id" >&2; exit 2; }
}

umask 077
mkdir -p "$dir"
case "$action" in
    create)
        if [ -s "$dir/primary" ]; then
            echo "$dir holds a key set already (primary $(cat "$dir/primary")): nothing new made"
        else
            kid=$(new_key)
            echo "$kid" > "$dir/primary"
            echo "made key $kid, the primary"
        fi ;;
    add)
        [ -s "$dir/primary" ] || { echo "gen-signing-key.sh: no key set in $dir to add to" >&2; exit 1; }
        kid=$(new_key)
        echo "added key $kid; the primary is still $(cat "$dir/primary")" ;;
    primary)
        valid_id "$id"
        [ -s "$dir/$id" ] || { echo "gen-signing-key.sh: no key $id in $dir" >&2; exit 1; }
        echo "$id" > "$dir/primary"
        echo "primary is now $id" ;;
    remove)
        valid_id "$id"
        [ "$(cat "$dir/primary")" != "$id" ] \
            || { echo "gen-signing-key.sh: $id is the primary: make another key the primary first" >&2; exit 1; }
        rm -f "$dir/$id"
        echo "removed key $id" ;;
esac

keys=$(cd "$dir" && ls | grep -v '^primary$' | tr '\n' ' ')
secret_cmd=(kubectl -n "$ns" create secret generic "$secret" --from-file="$dir" --dry-run=client -o yaml)
if $apply; then
    "${secret_cmd[@]}" | kubectl apply -f -
else
    echo "Key set in $dir: keys ${keys}primary $(cat "$dir/primary")."
    echo "Put it in the cluster (the webhook and the node agents reload it within a minute or two, no restart):"
    echo "  ${secret_cmd[*]} | kubectl apply -f -"
    echo "or run this script again with --apply."
fi
