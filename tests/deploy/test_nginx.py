"""nginx: /metrics stays private, uploads up to 15 MB, photos only through the site."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY

NGINX = DEPLOY / "nginx"
LOCATIONS = (NGINX / "chef-locations.conf").read_text()


def _block(text: str, header: str) -> str:
    start = text.index(header)
    return text[start : text.index("}", start) + 1]


def test_metrics_are_not_reachable_through_nginx() -> None:
    assert "return 404;" in _block(LOCATIONS, "location = /metrics {")
    assert "return 404;" in _block(LOCATIONS, "location ^~ /metrics/ {")


def test_uploads_up_to_16_mb_are_accepted() -> None:
    assert re.search(r"^client_max_body_size 16m;", LOCATIONS, re.M)


def test_photos_are_served_only_after_the_owner_check() -> None:
    protected = _block(LOCATIONS, "location /protected-media/ {")
    assert "internal;" in protected
    assert "alias /app/var/media/;" in protected
    assert "return 404;" in _block(LOCATIONS, "location /media/ {")


def test_static_files_come_from_the_image() -> None:
    assert "alias /app/staticfiles/;" in _block(LOCATIONS, "location /static/ {")


def test_proxy_passes_scheme_and_request_id() -> None:
    proxy = _block(LOCATIONS, "location / {")
    assert "proxy_set_header X-Forwarded-Proto $chef_forwarded_proto;" in proxy
    assert "proxy_set_header X-Request-ID $chef_request_id;" in proxy
    assert "proxy_pass $chef_web;" in proxy


def test_every_server_includes_the_shared_locations() -> None:
    include = "include /etc/nginx/chef/locations.conf;"
    assert include in (NGINX / "conf.d" / "default.conf").read_text()
    tls = (NGINX / "tls.conf.disabled").read_text()
    assert include in tls
    assert "listen 443 ssl" in tls
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in tls
    assert "ssl_certificate_key /etc/nginx/certs/privkey.pem;" in tls
    enable = (NGINX / "40-enable-tls.sh").read_text()
    assert "fullchain.pem" in enable
    assert "privkey.pem" in enable


def test_access_log_is_json_with_request_id() -> None:
    main = (NGINX / "nginx.conf").read_text()
    assert "log_format chef_json escape=json" in main
    assert '"request_id":"$chef_request_id"' in main
    assert "access_log /dev/stdout chef_json;" in main


def _render(tmp_path: Path, *, with_tls: bool) -> Path:
    """The config with paths moved under tmp_path, so `nginx -t` runs without root."""
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "chef").mkdir()
    (tmp_path / "certs").mkdir()
    mime = Path("/etc/nginx/mime.types")
    if not mime.is_file():
        pytest.skip("no /etc/nginx/mime.types")
    shutil.copy(mime, tmp_path / "mime.types")

    def move(text: str) -> str:
        text = text.replace("/etc/nginx", str(tmp_path)).replace("/var/run", str(tmp_path))
        text = re.sub(r"^user nginx;\n", "", text, flags=re.M)
        return re.sub(r"^\s*http2 on;\n", "", text, flags=re.M)  # older local nginx

    (tmp_path / "nginx.conf").write_text(move((NGINX / "nginx.conf").read_text()))
    (tmp_path / "conf.d" / "default.conf").write_text(
        move((NGINX / "conf.d" / "default.conf").read_text())
    )
    (tmp_path / "chef" / "locations.conf").write_text(move(LOCATIONS))
    if with_tls:
        openssl = shutil.which("openssl")
        if not openssl:
            pytest.skip("openssl is not installed")
        subprocess.run(
            [
                openssl,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(tmp_path / "certs" / "privkey.pem"),
                "-out",
                str(tmp_path / "certs" / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )
        (tmp_path / "conf.d" / "tls.conf").write_text(
            move((NGINX / "tls.conf.disabled").read_text())
        )
    return tmp_path / "nginx.conf"


@pytest.mark.parametrize("with_tls", [False, True], ids=["http", "https"])
def test_nginx_accepts_the_config(tmp_path: Path, with_tls: bool) -> None:
    """`nginx -t` when nginx is installed (optional locally and in CI: the image checks it)."""
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if not nginx:
        pytest.skip("nginx is not installed")
    conf = _render(tmp_path, with_tls=with_tls)
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
