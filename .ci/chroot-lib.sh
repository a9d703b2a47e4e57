# Sourced by .ci/check-debs and .ci/self-host: fresh Debian chroots to install packages into.
#
#   chroot_fresh DIR   copy the cached base tree (debootstrap, bookworm minbase, made once in
#                      ~/.cache/ick-tests or $ICK_TEST_CACHE) to DIR, mount /proc, /dev and apt's package
#                      cache, point apt at this machine's mirror; sets CHROOT
#   in_chroot CMD...   run CMD in it as root with a clean environment
#   chroot_cleanup     unmount (call it from an EXIT trap)
#
# The mirror is the first `URIs:` of this machine's /etc/apt/sources.list.d/*.sources (else its sources.list):
# never written into the repository. Needs root.

CHROOT_SUITE=${CHROOT_SUITE:-bookworm}
CHROOT_CACHE=${ICK_TEST_CACHE:-$HOME/.cache/ick-tests}
CHROOT=
CHROOT_MOUNTS=()

chroot_mirror() {
    local uri
    uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [[ -n $uri ]] || uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
        /etc/apt/sources.list 2>/dev/null)
    [[ -n $uri ]] || { echo "no Debian mirror in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list" >&2; return 1; }
    echo "$uri"
}

# The base tree, made once.
chroot_base() {
    local base=$CHROOT_CACHE/check-debs-$CHROOT_SUITE mirror
    if [[ ! -x $base/bin/bash ]]; then
        mirror=$(chroot_mirror)
        echo "  making the base tree with debootstrap ($CHROOT_SUITE, minbase, from $mirror) in $base (once)" >&2
        rm -rf "$base.new"
        mkdir -p "$CHROOT_CACHE"
        if ! debootstrap --variant=minbase "$CHROOT_SUITE" "$base.new" "$mirror" \
                >"$CHROOT_CACHE/check-debs-debootstrap.log" 2>&1; then
            tail -n 20 "$CHROOT_CACHE/check-debs-debootstrap.log" >&2
            echo "debootstrap failed" >&2
            return 1
        fi
        mv "$base.new" "$base"
    fi
    echo "$base"
}

chroot_fresh() {
    local dir=$1 base mirror
    base=$(chroot_base)
    mirror=$(chroot_mirror)
    cp -a "$base" "$dir"
    CHROOT=$dir
    mkdir -p "$CHROOT_CACHE/apt-archives/partial"
    mount -t proc proc "$CHROOT/proc" && CHROOT_MOUNTS+=("$CHROOT/proc")
    mount --rbind /dev "$CHROOT/dev" && mount --make-rslave "$CHROOT/dev" && CHROOT_MOUNTS+=("$CHROOT/dev")
    mount --bind "$CHROOT_CACHE/apt-archives" "$CHROOT/var/cache/apt/archives" &&
        CHROOT_MOUNTS+=("$CHROOT/var/cache/apt/archives")
    echo "deb $mirror $CHROOT_SUITE main" >"$CHROOT/etc/apt/sources.list"
    # maintainer scripts never start services in here
    printf '#!/bin/sh\nexit 101\n' >"$CHROOT/usr/sbin/policy-rc.d"
    chmod 755 "$CHROOT/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$CHROOT/etc/resolv.conf" 2>/dev/null || true
}

in_chroot() {
    chroot "$CHROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

chroot_cleanup() {
    local i
    for ((i = ${#CHROOT_MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${CHROOT_MOUNTS[i]}" 2>/dev/null; done
    CHROOT_MOUNTS=()
}

# rm -rf DIR, unless something is still mounted under it (a bound /dev must never be deleted through it).
chroot_remove() {
    local dir=$1
    if awk -v d="$dir/" 'index($2 "/", d) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
        echo "not removing $dir: something is still mounted under it" >&2
        return 1
    fi
    rm -rf "$dir"
}
