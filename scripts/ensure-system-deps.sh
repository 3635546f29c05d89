#!/usr/bin/env bash
# Installs the system tools the checks need when one is missing (Debian/Ubuntu, apt):
#   docker-compose  validates docker-compose.prod.yml        (package docker-compose)
#   promtool        checks Prometheus config and alert rules  (package prometheus)
#   chromium, chromedriver  browser tests                     (packages chromium, chromium-driver)
#   msgfmt          compiles and checks the translations      (package gettext)
# Idempotent: when everything is present it only says so. Uses sudo when not root.
set -euo pipefail

declare -A PACKAGE_OF=(
    [docker-compose]=docker-compose
    [promtool]=prometheus
    [chromium]=chromium
    [chromedriver]=chromium-driver
    [msgfmt]=gettext
)

missing_tools=()
packages=()
for tool in docker-compose promtool chromium chromedriver msgfmt; do
    if ! command -v "$tool" > /dev/null 2>&1; then
        missing_tools+=("$tool")
        packages+=("${PACKAGE_OF[$tool]}")
    fi
done

if [ ${#missing_tools[@]} -eq 0 ]; then
    echo "system tools: docker-compose, promtool, chromium, chromedriver, msgfmt are present"
    exit 0
fi

echo "system tools missing: ${missing_tools[*]}"
if ! command -v apt-get > /dev/null 2>&1; then
    echo "apt-get is not available: install ${packages[*]} (or their equivalents) by hand" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo > /dev/null 2>&1; then
        echo "not root and no sudo: run as root: apt-get install -y ${packages[*]}" >&2
        exit 1
    fi
    SUDO=(sudo)
fi

# Was a Prometheus server already running before we installed anything?
prometheus_was_running=false
if pgrep -x prometheus > /dev/null 2>&1; then
    prometheus_was_running=true
fi

export DEBIAN_FRONTEND=noninteractive
echo "+ apt-get update"
"${SUDO[@]}" apt-get update -qq
echo "+ apt-get install -y --no-install-recommends ${packages[*]}"
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" > /dev/null

# Only promtool is wanted from the prometheus package: if installing it started the server
# (an init system that honours the package's service), stop it and keep it from starting again.
if [ "$prometheus_was_running" = false ] && pgrep -x prometheus > /dev/null 2>&1; then
    echo "stopping the Prometheus server the package started (only promtool is needed)"
    if command -v systemctl > /dev/null 2>&1 && [ -d /run/systemd/system ]; then
        "${SUDO[@]}" systemctl disable --now prometheus || true
    else
        "${SUDO[@]}" service prometheus stop || true
    fi
fi

for tool in "${missing_tools[@]}"; do
    if command -v "$tool" > /dev/null 2>&1; then
        echo "installed $tool: $(command -v "$tool")"
    else
        echo "$tool is still missing after installing ${PACKAGE_OF[$tool]}" >&2
        exit 1
    fi
done
