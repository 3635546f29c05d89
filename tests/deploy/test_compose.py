"""docker-compose.prod.yml: valid, healthy by construction, private where it must be."""

from __future__ import annotations

import re
from pathlib import Path

from tests.deploy.conftest import COMPOSE_FILE
from tests.deploy.conftest import ENV_EXAMPLE
from tests.deploy.conftest import ROOT
from tests.deploy.conftest import compose_config_of_example

# Run once and exit 0; everything else runs for good.
ONE_SHOTS = {"migrate", "ollama-pull", "ollama-2-pull"}
APP_ROLES = {"web", "migrate", "worker-vision", "worker-recipes", "worker-maintenance", "beat"}
WORKERS = {"worker-vision", "worker-recipes", "worker-maintenance"}
# Ports that only other containers may reach (Django, worker metrics, exporters, data stores).
PRIVATE_PORTS = {8000, 9808, 15692, 9100, 8080, 3100, 9080, 5432, 5672, 11434}
PUBLIC_SERVICES = {"nginx"}


def _seconds(duration: str) -> float:
    total = 0.0
    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)", duration):
        total += float(amount) * {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6}[unit]
    return total


def _published(port: object) -> tuple[str, int | None, int]:
    """(host address, published port, container port) from short or long port syntax."""
    if isinstance(port, dict):
        published = port.get("published")
        return (
            str(port.get("host_ip") or "0.0.0.0"),
            int(published) if published not in (None, "") else None,
            int(port["target"]),
        )
    parts = str(port).split("/")[0].split(":")
    if len(parts) == 3:
        return parts[0], int(parts[1]), int(parts[2])
    if len(parts) == 2:
        return "0.0.0.0", int(parts[0]), int(parts[1])
    return "0.0.0.0", None, int(parts[0])


def test_compose_config_is_valid(tmp_path: Path) -> None:
    """`docker-compose config -q` accepts the file with the variables of .env.example."""
    result = compose_config_of_example(tmp_path, "-q")
    assert result.returncode == 0, result.stderr


def test_config_output_lists_every_service(compose_config: dict) -> None:
    expected = (
        APP_ROLES
        | ONE_SHOTS
        | {
            "nginx",
            "db",
            "rabbitmq",
            "ollama",
            "prometheus",
            "alertmanager",
            "grafana",
            "loki",
            "promtail",
            "node-exporter",
            "cadvisor",
        }
    )
    assert expected <= set(compose_config["services"])


def test_every_long_running_service_has_a_healthcheck(compose_config: dict) -> None:
    for name, service in compose_config["services"].items():
        if name in ONE_SHOTS:
            continue
        check = service.get("healthcheck") or {}
        assert check.get("test"), f"{name} has no healthcheck"
        assert not check.get("disable"), f"{name} disables its healthcheck"


def test_long_running_services_restart_and_one_shots_do_not(compose_config: dict) -> None:
    for name, service in compose_config["services"].items():
        if name in ONE_SHOTS:
            assert service.get("restart") == "no", f"one-shot {name} must not restart"
        else:
            assert service.get("restart") in {"unless-stopped", "always"}, name


def test_every_dependency_waits_for_a_condition(compose_config: dict) -> None:
    services = compose_config["services"]
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        assert isinstance(depends, dict), f"{name}: depends_on must name a condition"
        for target, spec in depends.items():
            condition = (spec or {}).get("condition")
            if target in ONE_SHOTS:
                assert condition == "service_completed_successfully", f"{name} -> {target}"
            else:
                assert condition == "service_healthy", f"{name} -> {target}"
                assert services[target].get("healthcheck"), f"{target} cannot become healthy"


def test_migrations_run_once_before_the_app(compose_config: dict) -> None:
    services = compose_config["services"]
    command = " ".join(services["migrate"]["command"])
    assert "migrate --noinput" in command
    assert "createcachetable" in command
    for role in APP_ROLES - {"migrate"}:
        condition = services[role]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", role


def test_every_service_has_resource_limits(compose_config: dict) -> None:
    for name, service in compose_config["services"].items():
        limits = (((service.get("deploy") or {}).get("resources")) or {}).get("limits") or {}
        assert limits.get("memory") or service.get("mem_limit"), f"{name}: no memory limit"
        assert limits.get("cpus") or service.get("cpus"), f"{name}: no CPU limit"


def test_web_workers_and_beat_run_one_image(compose_config: dict) -> None:
    services = compose_config["services"]
    images = {services[role]["image"] for role in APP_ROLES}
    assert len(images) == 1, images
    targets = {services[role]["build"]["target"] for role in APP_ROLES}
    assert targets == {"runtime"}
    assert services["nginx"]["build"]["target"] == "nginx"


def test_roles_run_the_expected_commands(compose_config: dict) -> None:
    services = compose_config["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn"
    assert "config.wsgi:application" in web
    assert (ROOT / "deploy" / "gunicorn.conf.py").is_file()
    for worker, queue in (
        ("worker-vision", "vision"),
        ("worker-recipes", "recipes"),
        ("worker-maintenance", "maintenance"),
    ):
        command = services[worker]["command"]
        assert command[:4] == ["celery", "-A", "config", "worker"], worker
        assert command[command.index("-Q") + 1] == queue, worker
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_model_workers_run_as_many_jobs_as_ollama_serves(compose_raw: dict) -> None:
    for worker in ("worker-vision", "worker-recipes"):
        command = compose_raw["services"][worker]["command"]
        assert command[command.index("--concurrency") + 1] == "${OLLAMA_NUM_PARALLEL:-1}"
    ollama_env = compose_raw["services"]["ollama"]["environment"]
    assert ollama_env["OLLAMA_NUM_PARALLEL"] == "${OLLAMA_NUM_PARALLEL:-1}"


def test_a_second_ollama_waits_behind_a_profile_and_pulls_its_own_models(
    compose_config: dict, compose_raw: dict
) -> None:
    """`--profile gpu2` adds a second Ollama (OLLAMA_HOSTS lists it); the default stack is the
    same without it."""
    services = compose_config["services"]
    profiled = {name for name, service in services.items() if service.get("profiles")}
    assert profiled == {"ollama-2", "ollama-2-pull"}
    assert all(services[name]["profiles"] == ["gpu2"] for name in profiled)
    for name, service in services.items():
        if name not in profiled:
            assert not set(service.get("depends_on") or {}) & profiled, name
    second = services["ollama-2"]
    assert second["image"] == services["ollama"]["image"]
    assert second["environment"] == services["ollama"]["environment"]
    assert set(second["networks"]) == {"backend"}
    assert compose_raw["services"]["ollama-2"]["volumes"] == ["ollama-2:/root/.ollama"]
    assert "ollama-2" in compose_raw["volumes"], "its own models, not the first one's volume"
    pull = services["ollama-2-pull"]
    assert pull["environment"]["OLLAMA_HOST"] == "http://ollama-2:11434"
    assert pull["depends_on"] == {"ollama-2": {"condition": "service_healthy"}}


def test_workers_get_time_to_finish_a_job_on_shutdown(compose_config: dict) -> None:
    """stop_grace_period covers the hard task limit, so a deploy does not kill running jobs."""
    base = (ROOT / "config" / "settings" / "base.py").read_text()
    match = re.search(r'JOB_TIME_LIMIT = env\.int\("JOB_TIME_LIMIT", default=(\d+)\)', base)
    assert match, "JOB_TIME_LIMIT default not found in settings"
    limit = int(match.group(1))
    services = compose_config["services"]
    for worker in ("worker-vision", "worker-recipes"):
        grace = _seconds(str(services[worker].get("stop_grace_period", "10s")))
        assert grace > limit, f"{worker}: stop_grace_period {grace}s <= task limit {limit}s"
    assert _seconds(str(services["web"]["stop_grace_period"])) > 30  # gunicorn graceful_timeout


def test_the_web_service_trusts_exactly_nginx_as_one_proxy_hop(compose_config: dict) -> None:
    """Lockouts and throttles key on the address nginx appends to X-Forwarded-For."""
    services = compose_config["services"]
    web = services["web"]["environment"]
    assert str(web["NUM_PROXIES"]) == "1"
    assert web["DJANGO_SETTINGS_MODULE"] == "config.settings.production", "app env kept"
    assert "DATABASE_URL" in web


def test_workers_publish_metrics_on_the_private_network(compose_config: dict) -> None:
    services = compose_config["services"]
    for worker in WORKERS:
        assert str(services[worker]["environment"]["WORKER_METRICS_PORT"]) == "9808"
        assert "monitoring" in services[worker]["networks"], worker
    assert "monitoring" in services["web"]["networks"]


def test_only_nginx_is_public_and_no_metrics_port_is_published(compose_config: dict) -> None:
    for name, service in compose_config["services"].items():
        for port in service.get("ports") or []:
            host_ip, published, target = _published(port)
            assert target not in PRIVATE_PORTS, f"{name} publishes private port {target}"
            assert published not in PRIVATE_PORTS, f"{name} publishes {published}"
            if name not in PUBLIC_SERVICES:
                assert host_ip == "127.0.0.1", f"{name} publishes {target} on {host_ip}"


def test_data_stores_stay_off_the_frontend_network(compose_config: dict) -> None:
    services = compose_config["services"]
    assert set(services["nginx"]["networks"]) == {"frontend"}
    for name in ("db", "rabbitmq", "ollama", *WORKERS, "beat"):
        assert "frontend" not in services[name]["networks"], name
    assert set(compose_config["networks"]) >= {"frontend", "backend", "monitoring"}


def test_photos_volume_is_shared_and_read_only_for_nginx(compose_raw: dict) -> None:
    services = compose_raw["services"]
    for name in ("web", "worker-vision"):
        assert "media:/app/var/media" in services[name]["volumes"], name
    assert "media:/app/var/media:ro" in services["nginx"]["volumes"]


def test_durable_data_lives_in_named_volumes(compose_raw: dict) -> None:
    services = compose_raw["services"]
    expected = {
        "db": "postgres:/var/lib/postgresql/data",
        "rabbitmq": "rabbitmq:/var/lib/rabbitmq",
        "ollama": "ollama:/root/.ollama",
        "prometheus": "prometheus:/prometheus",
        "grafana": "grafana:/var/lib/grafana",
        "loki": "loki:/loki",
    }
    for name, mount in expected.items():
        assert mount in services[name]["volumes"], name
        assert mount.split(":")[0] in compose_raw["volumes"], name


def test_bind_mounted_files_exist(compose_raw: dict) -> None:
    for name, service in compose_raw["services"].items():
        for volume in service.get("volumes") or []:
            source = str(volume).split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name} mounts missing {source}"


def test_secrets_come_only_from_env(compose_raw: dict) -> None:
    """Application containers read .env; other services get ${VAR}s; nothing is literal."""
    services = compose_raw["services"]
    for role in APP_ROLES:
        assert services[role]["env_file"] in (".env", [".env"]), role
    secret_key = re.compile(r"PASSWORD|PASS$|SECRET|TOKEN|_URL$")
    for name, service in services.items():
        environment = service.get("environment") or {}
        assert isinstance(environment, dict), f"{name}: use the mapping form"
        for key, value in environment.items():
            if secret_key.search(key) and key not in {"GF_SERVER_ROOT_URL"}:
                assert "${" in str(value), f"{name}.{key} is a literal: {value!r}"


def test_every_compose_variable_is_in_env_example() -> None:
    lines = [line.split(" #")[0] for line in COMPOSE_FILE.read_text().splitlines()]
    code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", code))
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))
    assert used, "no ${VAR} found: the pattern is broken"
    assert used <= documented, f"add to .env.example: {sorted(used - documented)}"


def test_env_example_needs_every_required_secret_replaced() -> None:
    """Required secrets in .env.example are placeholders that `make prod-up` refuses."""
    text = ENV_EXAMPLE.read_text()
    for name in (
        "SECRET_KEY",
        "POSTGRES_PASSWORD",
        "RABBITMQ_PASSWORD",
        "GRAFANA_ADMIN_PASSWORD",
    ):
        assert re.search(rf"^{name}=change-me", text, re.M), name


def test_grafana_admin_password_comes_from_env(compose_raw: dict) -> None:
    environment = compose_raw["services"]["grafana"]["environment"]
    assert environment["GF_SECURITY_ADMIN_PASSWORD"].startswith("${GRAFANA_ADMIN_PASSWORD")
