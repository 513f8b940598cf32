# Sourced by the deploy scripts: podman as it runs on these machines (no systemd, no cgroup v2 delegation, crun
# missing): runc with the cgroupfs manager, and containers.conf's default ulimits switched off (runc here cannot
# apply them). Also exports PODMAN_CMD for podman-compose (its --podman-path takes one executable).
conf=/etc/containers/containers.conf
if ! grep -qs '^default_ulimits = \[\]' "$conf"; then
  if [[ -s "$conf" ]]; then
    echo "podman.sh: $conf exists without 'default_ulimits = []'; add it under [containers]" >&2; exit 1
  fi
  mkdir -p /etc/containers && printf '[containers]\ndefault_ulimits = []\n' >"$conf"
fi
podman_() { podman --runtime runc --cgroup-manager cgroupfs "$@"; }
